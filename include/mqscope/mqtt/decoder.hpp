// Decodes one complete MQTT control packet into the dissection tree, laid out as Wireshark
// lays it out, and keeps the connection's session state up to date.
#pragma once

#include <string>

#include "mqscope/core/limits.hpp"
#include "mqscope/core/status.hpp"
#include "mqscope/core/text_buffer.hpp"
#include "mqscope/field/tree.hpp"
#include "mqscope/mqtt/framer.hpp"
#include "mqscope/mqtt/session.hpp"

namespace mqscope::mqtt {

// Adds the "MQ Telemetry Transport Protocol" subtree. The tree's current source must be
// `packet.bytes`. `direction`: 0 client → server, 1 server → client. Returns the top node.
field::NodeIndex decode_packet(field::Tree& tree, const PacketView& packet, Session& session,
                               int direction);

// The packet types that can carry credentials (bit 1 << type), for --hide-secrets: CONNECT
// (a password; in MQTT 5.0 also authentication data, which CONNACK and AUTH may carry too).
inline std::uint16_t types_with_secrets(std::uint8_t version) {
  std::uint16_t types = (1u << 1) | (1u << 15);
  if (version == 0 || version == 5) types |= 1u << 2;
  return types;
}

// One line of key values for the summary: "PUBLISH q1 id=7 topic=a/b len=5 \"hello\"".
void append_summary(const field::Tree& tree, field::NodeIndex top, TextBuffer& out,
                    const Limits& limits);

// Whether `bytes` begin like an MQTT CONNECT packet (fixed header 0x10, a protocol name of
// MQTT or MQIsdp), so that plain MQTT over TCP is recognised on any port.
Match looks_like_connect(Bytes bytes);

}  // namespace mqscope::mqtt
