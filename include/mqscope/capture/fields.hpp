// Fields of a capture frame (tshark's "frame." family) and its tree.
#pragma once

#include "mqscope/capture/frame.hpp"
#include "mqscope/field/tree.hpp"

namespace mqscope::capture::hf {

using field::Base;
using field::FieldInfo;
using field::Type;

inline constexpr FieldInfo frame{"Frame", "frame", Type::Protocol};
inline constexpr FieldInfo number{"Frame Number", "frame.number", Type::FrameNum, Base::Dec};
inline constexpr FieldInfo time_relative{"Time since reference or first frame",
                                         "frame.time_relative", Type::RelTime};
inline constexpr FieldInfo time_epoch{"Epoch Time", "frame.time_epoch", Type::RelTime};
inline constexpr FieldInfo time_delta{"Time delta from previous captured frame",
                                      "frame.time_delta", Type::RelTime};
inline constexpr FieldInfo len{"Frame Length", "frame.len", Type::UInt32, Base::Dec};
inline constexpr FieldInfo cap_len{"Capture Length", "frame.cap_len", Type::UInt32, Base::Dec};
inline constexpr FieldInfo link_type{"Encapsulation type", "frame.encap_type", Type::UInt32,
                                     Base::Dec};

inline constexpr field::FieldId kAll[] = {&frame,     &number,  &time_relative, &time_epoch,
                                                    &time_delta, &len,     &cap_len,
                                                    &link_type};

}  // namespace mqscope::capture::hf

namespace mqscope::capture {

// The "Frame N: ..." subtree. `first` and `previous` are the times of the first and the
// previous frame of the capture.
void describe_frame(field::Tree& tree, const Frame& frame, Timestamp first, Timestamp previous);

}  // namespace mqscope::capture
