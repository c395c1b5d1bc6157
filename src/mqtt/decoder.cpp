#include "mqscope/mqtt/decoder.hpp"

#include <algorithm>
#include <string_view>

#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "mqscope/mqtt/varint.hpp"
#include "reader.hpp"

namespace mqscope::mqtt {

namespace {

using detail::Context;
using detail::Reader;
using field::NodeIndex;

// Which bits of the fixed header's low nibble mean what depends on the type and, for
// PUBREL/SUBSCRIBE/UNSUBSCRIBE, on MQTT 3.1, where they carried a QoS (MQTT 3.1 §3.6).
void decode_fixed_header(Reader& in, std::uint8_t type, std::uint8_t version) {
  field::Tree& tree = in.tree();
  std::uint8_t byte0 = in.tree().source(tree.current_source())[0];
  NodeIndex flags = tree.add(&hf::hdrflags, 0, 1, byte0);
  tree.set_flags(flags, field::kBitmaskSummary);
  field::Subtree sub(tree, flags);
  tree.add(&hf::msgtype, 0, 1, byte0);
  auto t = static_cast<PacketType>(type);
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
    case PacketType::Disconnect:
    case PacketType::Auth: detail::decode_disconnect_or_auth(ctx); break;
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
  tree.append_text(top, std::string(", ") + std::string(field::value_name(hf::msgtype, type)));
  field::Subtree sub(tree, top);
  if (type != static_cast<std::uint8_t>(PacketType::Connect) && session.version == 0)
    tree.add_note(&notes::unknown_version);
  Reader in(tree, packet.bytes, 0);
  decode_fixed_header(in, type, session.version);
  tree.add(&hf::len, 1, packet.header_length - 1u, packet.remaining_length);
  if (packet.length_not_minimal) tree.add_note(&notes::remaining_length_not_minimal);
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
