// What the analyzer knows of each MQTT packet and connection: plain values, read from the
// dissection tree by the application, so that statistics need no knowledge of trees.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mqscope/core/timestamp.hpp"

namespace mqscope::analyze {

// The plain values of a packet: a new one is a cleared one.
struct PacketValues {
  std::uint32_t frame = 0;
  std::uint32_t index_in_frame = 0;  // 0 for the first MQTT packet a frame completes
  Timestamp time;
  std::uint32_t stream = 0;
  bool from_client = true;
  std::uint8_t type = 0;  // MQTT control packet type (1 CONNECT ... 15 AUTH)
  std::uint8_t qos = 0;   // PUBLISH
  bool dup = false;
  bool retain = false;
  std::optional<std::uint16_t> packet_id;
  std::uint64_t payload_bytes = 0;  // PUBLISH message
  std::uint64_t packet_bytes = 0;   // the whole packet
  // CONNECT
  std::uint8_t version = 0;
  std::optional<std::uint16_t> keepalive;
  std::optional<bool> clean_start;
  std::optional<std::uint32_t> session_expiry;
  // CONNACK (return or reason code), DISCONNECT and acknowledgements (reason code)
  std::optional<std::uint8_t> reason_code;
  std::optional<std::uint16_t> server_keepalive;  // MQTT 5.0 CONNACK Server Keep Alive
};

struct PacketFacts : PacketValues {
  // Views into the packet's tree, valid while the facts are being handed to the modules.
  std::vector<std::string_view> topics;  // PUBLISH topic, or SUBSCRIBE/UNSUBSCRIBE filters
  std::string client_id;                 // CONNECT
  std::string username;
  std::vector<std::string_view> notes;  // note names

  // Back to a default-constructed state, keeping the strings' and vectors' storage: the facts
  // of every packet are read into one reused object. (Assigning a new PacketFacts, which gives
  // up that storage, was a fifth of the statistics' own cost per packet.)
  void clear() {
    static_cast<PacketValues&>(*this) = PacketValues{};
    topics.clear();
    client_id.clear();
    username.clear();
    notes.clear();
  }
};

enum class EndReason : std::uint8_t { Open, Disconnect, Fin, Reset, Idle, Evicted, CaptureEnd };
const char* end_reason_name(EndReason reason);

struct ConnectionFacts {
  std::uint32_t stream = 0;
  std::string client;  // "ip:port"
  std::string broker;
  std::string transport;    // "WS" or "TCP"
  std::string subprotocol;  // WebSocket subprotocol, if any
};

}  // namespace mqscope::analyze
