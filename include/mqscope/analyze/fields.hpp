// Fields the analysis adds to packets: which request a response answers and how long it took
// (Wireshark's "Response to"/"Time since request" style, under mqtt.* names).
#pragma once

#include "mqscope/field/field.hpp"

namespace mqscope::analyze::hf {

using field::Base;
using field::FieldInfo;
using field::Type;

inline constexpr FieldInfo response_to{"Response to frame", "mqtt.response_to", Type::FrameNum,
                                       Base::Dec};
inline constexpr FieldInfo response_time{"Time since request", "mqtt.response_time",
                                         Type::RelTime};
inline constexpr FieldInfo response_in{"Response in frame", "mqtt.response_in", Type::FrameNum,
                                       Base::Dec};

inline constexpr field::FieldId kAll[] = {&response_to, &response_time, &response_in};

}  // namespace mqscope::analyze::hf
