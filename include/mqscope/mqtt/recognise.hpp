// Telling MQTT control packets from other bytes when the stream's start was not seen: after
// lost bytes (where does the next packet start?) and on a connection captured after its
// CONNECT. MQTT has no packet marker, but a sender writes only defined type and flag pairs
// (MQTT-2.2.2-1/2), the shortest Remaining Length (MQTT-1.5.5-1), and bodies whose lengths
// add up. The version being unknown, both 3.1.1 and 5.0 layouts are accepted.
#pragma once

#include <cstdint>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/status.hpp"

namespace mqscope::mqtt {

// A defined packet type with the flags the specification fixes for it (MQTT 3.1.1 §2.2.2,
// 5.0 §2.1.3): 0010 for PUBREL, SUBSCRIBE, UNSUBSCRIBE; any but QoS 3 for PUBLISH; else 0.
bool plausible_first_byte(std::uint8_t b0);

// Whether `body` can be the start of the body of a packet starting with `b0` whose Remaining
// Length is `declared` (all of it when body.size() == declared; else only what it holds is
// checked, against the declared length).
bool plausible_body(std::uint8_t b0, Bytes body, std::size_t declared);

// Whether `bytes` begin with MQTT packets: Yes when they hold at least one whole plausible
// packet and what follows is plausible too; NeedMore when the first packet is not whole yet
// (up to `max_packet` bytes); No otherwise.
Match looks_like_packets(Bytes bytes, std::size_t max_packet);

}  // namespace mqscope::mqtt
