#include "mqscope/mqtt/decoder.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>
#include <string_view>

#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "mqscope/mqtt/varint.hpp"
#include "reader.hpp"
#include "sequence.hpp"

namespace mqscope::mqtt {

namespace {

using detail::Context;
using detail::Reader;
using field::NodeIndex;

// MQTT 3.1.1 §2.2.2 Table 2.2, 5.0 §2.1.3 Table 2-2: the flags each type must carry. MQTT 3.1
// sends PUBREL, SUBSCRIBE and UNSUBSCRIBE at QoS 1, with a DUP flag of its own (3.1 §3.6, §3.8).
bool header_flags_valid(PacketType t, std::uint8_t flags, std::uint8_t version) {
  switch (t) {
    case PacketType::Publish: return true;  // checked bit by bit
    case PacketType::Pubrel:
    case PacketType::Subscribe:
    case PacketType::Unsubscribe: return version == kVersion31 ? (flags & 0x7) == 0x2 : flags == 0x2;
    default: return flags == 0;
  }
}

// Which bits of the fixed header's low nibble mean what depends on the type and, for
// PUBREL/SUBSCRIBE/UNSUBSCRIBE, on MQTT 3.1, where they carried a QoS (MQTT 3.1 §3.6).
void decode_fixed_header(Reader& in, std::uint8_t type, std::uint8_t version) {
  field::Tree& tree = in.tree();
  std::uint8_t byte0 = in.tree().source(tree.current_source())[0];
  NodeIndex flags = tree.add(&hf::hdrflags, 0, 1, byte0);
  tree.set_flags(flags, field::kBitmaskSummary);
  auto t = static_cast<PacketType>(type);
  if (tree.detailed()) {
    field::Subtree sub(tree, flags);
    tree.add(&hf::msgtype, 0, 1, byte0);
    bool v31_qos_flags = version == kVersion31 && (t == PacketType::Pubrel ||
                                                   t == PacketType::Subscribe ||
                                                   t == PacketType::Unsubscribe);
    if (t == PacketType::Publish || v31_qos_flags) {
      tree.add(&hf::dupflag, 0, 1, byte0);
      tree.add(&hf::qos, 0, 1, byte0);
      tree.add(t == PacketType::Publish ? &hf::retain : &hf::retain_reserved, 0, 1, byte0);
    } else {
      tree.add(&hf::hdr_reserved, 0, 1, byte0);
    }
  }
  auto low = static_cast<std::uint8_t>(byte0 & 0x0f);
  if (!header_flags_valid(t, low, version)) in.note_on(flags, &notes::header_flags_invalid);
  if (t != PacketType::Publish) return;
  // MQTT-3.3.1-4: QoS 3 is reserved; MQTT-3.3.1-2: a QoS 0 message is never a duplicate.
  if ((low & 0x6) == 0x6) in.note_on(flags, &notes::qos_invalid);
  if ((low & 0x8) && (low & 0x6) == 0) in.note_on(flags, &notes::dup_on_qos0);
}

// The Remaining Length, and what it says about the packet as a whole.
void decode_length(Reader& in, const PacketView& packet, const Session& session, int direction) {
  field::Tree& tree = in.tree();
  NodeIndex node = tree.add(&hf::len, 1, packet.header_length - 1u, packet.remaining_length);
  if (packet.length_not_minimal) in.note_on(node, &notes::remaining_length_not_minimal);
  auto t = static_cast<PacketType>(packet.bytes[0] >> 4);
  // MQTT 3.1.1 §3.12.1, §3.13.1, §3.14.1: PINGREQ, PINGRESP and (before 5.0) DISCONNECT have
  // neither variable header nor payload.
  bool v3 = session.version == kVersion31 || session.version == kVersion311;
  bool empty_type = t == PacketType::Pingreq || t == PacketType::Pingresp ||
                    (t == PacketType::Disconnect && v3);
  if (empty_type && packet.remaining_length != 0) in.note_on(node, &notes::remaining_length_not_zero);
  // MQTT-3.1.2-24, MQTT-3.2.2-15: the receiver's Maximum Packet Size bounds the whole packet.
  const Announcement& receiver = session.announced[static_cast<std::size_t>(1 - (direction & 1))];
  if (receiver.maximum_packet_size != 0 && packet.bytes.size() > receiver.maximum_packet_size) {
    in.note_on(node, &notes::packet_exceeds_maximum_size,
               fmt::format("{} bytes, maximum {}", packet.bytes.size(), receiver.maximum_packet_size));
  }
}

void decode_body(Context& ctx) {
  switch (static_cast<PacketType>(ctx.type)) {
    case PacketType::Connect: detail::decode_connect(ctx); break;
    case PacketType::Connack: detail::decode_connack(ctx); break;
    case PacketType::Publish: detail::decode_publish(ctx); break;
    case PacketType::Puback:
    case PacketType::Pubrec:
    case PacketType::Pubrel:
    case PacketType::Pubcomp: detail::decode_publish_ack(ctx); break;
    case PacketType::Subscribe: detail::decode_subscribe(ctx); break;
    case PacketType::Suback: detail::decode_suback(ctx); break;
    case PacketType::Unsubscribe: detail::decode_unsubscribe(ctx); break;
    case PacketType::Unsuback: detail::decode_unsuback(ctx); break;
    case PacketType::Pingreq:
    case PacketType::Pingresp: break;
    case PacketType::Auth:
      // MQTT 3.1.1 §2.2.1: type 15 is reserved before 5.0 made it AUTH.
      if (ctx.session.version == kVersion31 || ctx.session.version == kVersion311)
        ctx.in.tree().add_note(&notes::reserved_type);
      [[fallthrough]];
    case PacketType::Disconnect: detail::decode_disconnect_or_auth(ctx); break;
    case PacketType::Reserved: ctx.in.tree().add_note(&notes::reserved_type); break;
  }
}

}  // namespace

const char* type_name(std::uint8_t type) {
  static constexpr const char* kNames[] = {
      "RESERVED", "CONNECT", "CONNACK", "PUBLISH", "PUBACK", "PUBREC", "PUBREL", "PUBCOMP",
      "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT",
      "AUTH"};
  return type < 16 ? kNames[type] : "?";
}

NodeIndex decode_packet(field::Tree& tree, const PacketView& packet, Session& session,
                        int direction) {
  std::uint8_t byte0 = packet.bytes[0];
  auto type = static_cast<std::uint8_t>(byte0 >> 4);
  NodeIndex top = tree.add(&hf::mqtt, 0, static_cast<std::uint32_t>(packet.bytes.size()));
  // The label's ", Publish Message" is for trees and JSON; summaries and statistics never
  // read it. (Appended twice: no string built for every packet.)
  if (tree.detailed()) {
    tree.append_text(top, ", ");
    tree.append_text(top, field::value_name(hf::msgtype, type));
  }
  field::Subtree sub(tree, top);
  detail::guess_version(tree, packet, session, direction);
  if (type != static_cast<std::uint8_t>(PacketType::Connect) && session.version == 0)
    tree.add_note(&notes::unknown_version);
  detail::check_sequence(tree, session, static_cast<PacketType>(type), direction);
  Reader in(tree, packet.bytes, 0);
  decode_fixed_header(in, type, session.version);
  decode_length(in, packet, session, direction);
  Reader body(tree, packet.bytes, packet.header_length);
  Context ctx{body, packet, session, direction, type, static_cast<std::uint8_t>(byte0 & 0x0f), top};
  decode_body(ctx);
  return top;
}

Match looks_like_connect(Bytes bytes) {
  if (bytes.empty()) return Match::NeedMore;
  if (bytes[0] != 0x10) return Match::No;
  Varint v = read_varint(bytes.subspan(1));
  if (v.status == VarintStatus::TooLong) return Match::No;
  if (v.status == VarintStatus::NeedMore) return Match::NeedMore;
  Bytes rest = bytes.subspan(1u + v.length);
  // Protocol name: 00 04 "MQTT" (3.1.1, 5.0) or 00 06 "MQIsdp" (3.1).
  static constexpr std::string_view kNames[] = {std::string_view("\0\4MQTT", 6),
                                                std::string_view("\0\6MQIsdp", 8)};
  bool possible = false;
  for (std::string_view name : kNames) {
    if (v.value < name.size()) continue;  // the name must lie inside the packet
    std::size_t n = std::min(name.size(), rest.size());
    if (as_text(rest.first(n)) != name.substr(0, n)) continue;
    if (n == name.size()) return Match::Yes;
    possible = true;
  }
  return possible ? Match::NeedMore : Match::No;
}

}  // namespace mqscope::mqtt
