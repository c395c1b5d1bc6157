// Bytes that remember, byte by byte, which protocol header they belong to. The generator uses
// it to cut TCP segments inside headers on purpose and to count the cuts that did, so that its
// record says how often a capture splits a WebSocket header or an MQTT Remaining Length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mqscope::bench {

using Bytes = std::vector<std::uint8_t>;

enum class Part : std::uint8_t {
  Body,        // not in a header
  WsHeader,    // RFC 6455 §5.2 frame header, masking key included
  MqttType,    // MQTT fixed header, first byte (type and flags)
  MqttLength,  // MQTT fixed header, Remaining Length varint (MQTT 3.1.1 §2.2.3)
  Other,       // HTTP upgrade head and the like
};

struct MarkedBytes {
  Bytes bytes;
  std::vector<std::uint32_t> header;  // which header each byte is in; 0: none
  std::vector<Part> part;

  std::size_t size() const { return bytes.size(); }
  void append(const std::uint8_t* data, std::size_t n, std::uint32_t header_number, Part what) {
    bytes.insert(bytes.end(), data, data + n);
    header.insert(header.end(), n, header_number);
    part.insert(part.end(), n, what);
  }
  void append(const MarkedBytes& other, std::size_t at, std::size_t n) {
    auto from = static_cast<std::ptrdiff_t>(at), to = static_cast<std::ptrdiff_t>(at + n);
    bytes.insert(bytes.end(), other.bytes.begin() + from, other.bytes.begin() + to);
    header.insert(header.end(), other.header.begin() + from, other.header.begin() + to);
    part.insert(part.end(), other.part.begin() + from, other.part.begin() + to);
  }
  // A cut before byte `at` falls inside one header.
  bool cut_inside_header(std::size_t at) const {
    return at > 0 && at < size() && header[at] != 0 && header[at - 1] == header[at];
  }
  void clear() {
    bytes.clear();
    header.clear();
    part.clear();
  }
};

}  // namespace mqscope::bench
