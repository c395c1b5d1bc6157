// MQTT packets put into WebSocket frames the ways real clients and brokers do, and the ways
// that trip dissectors up: a packet split over several messages (MQTT-6.0.0-2 allows it),
// several packets in one message, a message fragmented into continuation frames (RFC 6455
// §5.4).
#pragma once

#include <cstdint>
#include <vector>

#include "dice.hpp"
#include "marked_bytes.hpp"

namespace mqscope::bench {

struct FramingShares {
  double split = 0.1;      // of packets: split over 2-5 WebSocket messages
  double multi = 0.1;      // of bursts of several packets: sent in one message
  double fragment = 0.05;  // of messages: sent as 2-4 frames (continuation frames)
};

// What the generator wrote, beyond the MQTT packets themselves.
struct FramingCounts {
  std::uint64_t ws_frames = 0;
  std::uint64_t ws_messages = 0;
  std::uint64_t continuation_frames = 0;
  std::uint64_t fragmented_messages = 0;
  std::uint64_t packets_split_over_messages = 0;
  std::uint64_t messages_with_several_packets = 0;
  std::uint64_t segments = 0;                  // TCP data segments
  std::uint64_t cuts_in_ws_header = 0;         // segment boundaries inside a frame header
  std::uint64_t cuts_in_mqtt_header = 0;       // ... inside an MQTT fixed header
  std::uint64_t cuts_in_remaining_length = 0;  // ... of which between two varint bytes
};

class WebSocketFramer {
 public:
  WebSocketFramer(const FramingShares& shares, Dice& dice, std::uint32_t& header_numbers,
                  FramingCounts& counts)
      : shares_(shares), dice_(dice), header_numbers_(header_numbers), counts_(counts) {}

  // The frames that carry `packets` (marked MQTT packets) from one side; clients mask
  // (RFC 6455 §5.3).
  MarkedBytes frames(const std::vector<MarkedBytes>& packets, bool masked);

 private:
  std::vector<MarkedBytes> messages(const std::vector<MarkedBytes>& packets);
  void frame(MarkedBytes& out, std::uint8_t opcode, bool fin, const MarkedBytes& data,
             std::size_t at, std::size_t n, bool masked);

  FramingShares shares_;
  Dice& dice_;
  std::uint32_t& header_numbers_;
  FramingCounts& counts_;
};

}  // namespace mqscope::bench
