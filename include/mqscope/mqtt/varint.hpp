// The Variable Byte Integer of MQTT (3.1.1 §2.2.3, 5.0 §1.5.5): seven bits per byte, least
// significant group first, at most four bytes.
#pragma once

#include <cstdint>

#include "mqscope/core/bytes.hpp"

namespace mqscope::mqtt {

enum class VarintStatus : std::uint8_t { Complete, NeedMore, TooLong };

struct Varint {
  VarintStatus status = VarintStatus::NeedMore;
  std::uint32_t value = 0;
  std::uint8_t length = 0;        // bytes used (when complete)
  bool not_minimal = false;       // a trailing zero group: 0x80 0x00 instead of 0x00
};

// Decodes from the start of `bytes`.
Varint read_varint(Bytes bytes);

inline constexpr std::uint32_t kMaxVarint = 268'435'455;  // 0xFF 0xFF 0xFF 0x7F

}  // namespace mqscope::mqtt
