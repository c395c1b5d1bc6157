// Rules about a packet's place in its connection rather than its own bytes: who may send it,
// what must come before it (MQTT 3.1.1 §3.1, §3.2; 5.0 §3.1.0, §3.2.0), and the version of a
// connection whose CONNECT was not captured, guessed from a packet's structure.
#include "sequence.hpp"

#include "mqscope/field/field.hpp"
#include "mqscope/mqtt/decoder.hpp"
#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/notes.hpp"

namespace mqscope::mqtt::detail {

namespace {

// MQTT 3.1.1 §2.2.1 Table 2.1, 5.0 §2.1.2 Table 2-1: the direction of flow of each type.
// `version` 0 (unknown) allows a DISCONNECT either way, as 5.0 does.
bool sent_by(PacketType type, bool from_client, std::uint8_t version) {
  switch (type) {
    case PacketType::Connect:
    case PacketType::Subscribe:
    case PacketType::Unsubscribe:
    case PacketType::Pingreq: return from_client;
    case PacketType::Connack:
    case PacketType::Suback:
    case PacketType::Unsuback:
    case PacketType::Pingresp: return !from_client;
    case PacketType::Disconnect: return from_client || version == kVersion5 || version == 0;
    default: return true;
  }
}

// Notes that say a packet does not have the structure of the version tried.
bool breaks_structure(NoteId note) {
  static constexpr NoteId kStructural[] = {
      &notes::length_overrun,       &notes::trailing_bytes,    &notes::property_unknown,
      &notes::property_not_allowed, &notes::property_repeated, &notes::remaining_length_not_zero,
      &notes::reserved_type,        &notes::utf8_invalid,      &notes::utf8_null};
  for (NoteId n : kStructural) {
    if (n == note) return true;
  }
  return false;
}

bool fits(const PacketView& packet, int direction, std::uint8_t version) {
  field::Tree scratch;
  scratch.add_source(packet.bytes, "MQTT packet");
  Session trial;
  trial.version = version;
  trial.connect_seen = true;
  decode_packet(scratch, packet, trial, direction);
  for (field::NodeIndex i : scratch.notes()) {
    if (breaks_structure(scratch[i].note)) return false;
  }
  return true;
}

}  // namespace

void guess_version(field::Tree& tree, const PacketView& packet, Session& session, int direction) {
  auto type = static_cast<PacketType>(packet.bytes[0] >> 4);
  if (session.version != 0 || session.version_forced || type == PacketType::Connect) return;
  bool v5 = fits(packet, direction, kVersion5);
  bool v311 = fits(packet, direction, kVersion311);
  // A packet that reads the same either way (a PINGREQ, a PUBACK of two bytes) says nothing;
  // MQTT 3.1 and 3.1.1 differ only in a CONNACK byte that both accept, so 3.1.1 it is.
  if (v5 == v311) return;
  session.version = v5 ? kVersion5 : kVersion311;
  session.version_guessed = true;
  tree.add_note(&notes::version_guessed, field::value_name(hf::ver, session.version));
}

void check_sequence(field::Tree& tree, const Session& session, PacketType type, int direction) {
  bool from_client = direction == kFromClient;
  if (!sent_by(type, from_client, session.version))
    tree.add_note(&notes::wrong_direction, from_client ? "sent by the client" : "sent by the server");
  if (type == PacketType::Connect) {
    if (session.connect_seen && from_client) tree.add_note(&notes::second_connect);
    return;
  }
  // Only a connection captured from its start can show a packet before the CONNECT; otherwise
  // the CONNECT was merely not captured (mqtt.unknown_version says so).
  if (!session.connect_seen) {
    if (session.start_seen && !session.bytes_lost[0]) tree.add_note(&notes::packet_before_connect);
    return;
  }
  // MQTT-3.2.0-1: the server's first packet is its CONNACK (5.0 §4.12: or an AUTH exchange).
  bool auth = type == PacketType::Auth && session.version == kVersion5;
  if (!from_client && !session.connack_seen && type != PacketType::Connack && !auth &&
      !session.bytes_lost[1])
    tree.add_note(&notes::packet_before_connack);
}

}  // namespace mqscope::mqtt::detail
