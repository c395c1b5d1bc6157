// A packet in its connection: direction and order rules, and the version guess.
#pragma once

#include "mqscope/field/tree.hpp"
#include "mqscope/mqtt/framer.hpp"
#include "mqscope/mqtt/session.hpp"

namespace mqscope::mqtt::detail {

// For a connection whose version is unknown (CONNECT not captured, none forced): when `packet`
// only parses as MQTT 5.0, or only as 3.1.1, takes that version and notes the guess.
void guess_version(field::Tree& tree, const PacketView& packet, Session& session, int direction);

// Notes, at the current depth, a packet sent by the wrong side or out of order (before the
// CONNECT or the CONNACK, a second CONNECT). Reads the session as it was before this packet.
void check_sequence(field::Tree& tree, const Session& session, PacketType type, int direction);

}  // namespace mqscope::mqtt::detail
