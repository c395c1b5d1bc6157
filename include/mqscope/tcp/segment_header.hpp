// What connection tracking needs to know of one TCP segment (RFC 9293 §3.1): its endpoints,
// sequence and acknowledgement numbers, flags, and where its payload lies in the bytes it came
// with. The pipeline fills it from the decoded headers; tracking itself knows no link or IP.
#pragma once

#include <cstdint>

#include "mqscope/core/address.hpp"

namespace mqscope::tcp {

struct SegmentHeader {
  Address src;
  Address dst;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint16_t flags = 0;            // the 12 bits below the data offset (reserved ... FIN)
  std::uint32_t payload_offset = 0;   // in the bytes given with the segment
  std::uint32_t payload_length = 0;   // bytes captured
  std::uint32_t payload_missing = 0;  // bytes on the wire but cut by the snapshot length

  bool syn() const { return flags & 0x002; }
  bool fin() const { return flags & 0x001; }
  bool rst() const { return flags & 0x004; }
  bool has_ack() const { return flags & 0x010; }
};

}  // namespace mqscope::tcp
