// Decodes one complete MQTT control packet into the dissection tree, laid out as Wireshark
// lays it out, and keeps the connection's session state up to date.
#pragma once

#include <string>

#include "mqscope/core/limits.hpp"
#include "mqscope/core/status.hpp"
#include "mqscope/field/tree.hpp"
#include "mqscope/mqtt/framer.hpp"
#include "mqscope/mqtt/session.hpp"

namespace mqscope::mqtt {

// Adds the "MQ Telemetry Transport Protocol" subtree. The tree's current source must be
// `packet.bytes`. `direction`: 0 client → server, 1 server → client. Returns the top node.
field::NodeIndex decode_packet(field::Tree& tree, const PacketView& packet, Session& session,
                               int direction);

// One line of key values for the summary: "PUBLISH q1 id=7 topic=a/b len=5 \"hello\"".
void append_summary(const field::Tree& tree, field::NodeIndex top, std::string& out,
                    const Limits& limits);

// Whether `bytes` begin like an MQTT CONNECT packet (fixed header 0x10, a protocol name of
// MQTT or MQIsdp), so that plain MQTT over TCP is recognised on any port.
Match looks_like_connect(Bytes bytes);

}  // namespace mqscope::mqtt
