// One record of a capture: its number, time, sizes, link type and the captured bytes.
#pragma once

#include <cstdint>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/timestamp.hpp"

namespace mqscope::capture {

// Frame::file_offset of bytes that cannot be read again from a file (a pipe, an interface).
inline constexpr std::uint64_t kNotInFile = UINT64_MAX;

struct Frame {
  std::uint32_t number = 0;       // 1-based, in file order
  Timestamp time;
  std::uint32_t wire_length = 0;  // length on the wire
  int link_type = 0;              // LINKTYPE_* of the interface it was captured on
  Bytes data;                     // captured bytes (may be shorter than wire_length)
  std::uint64_t file_offset = kNotInFile;  // where data[0] can be read again, in a file
};

}  // namespace mqscope::capture
