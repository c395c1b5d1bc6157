// CONNECT (MQTT 3.1.1 §3.1, 5.0 §3.1) and CONNACK (§3.2).
#include <fmt/format.h>

#include <string_view>

#include "mqscope/field/field.hpp"
#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/fields_v5.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "reader.hpp"

namespace mqscope::mqtt::detail {

namespace {

constexpr std::uint8_t kUserNameFlag = 0x80;
constexpr std::uint8_t kPasswordFlag = 0x40;
constexpr std::uint8_t kWillRetain = 0x20;
constexpr std::uint8_t kWillQos = 0x18;
constexpr std::uint8_t kWillFlag = 0x04;
constexpr std::uint8_t kCleanSession = 0x02;
constexpr std::uint8_t kReservedFlag = 0x01;

// The notes hang under the Connect Flags node, after its bit lines.
void check_connect_flags(Reader& in, field::NodeIndex node, std::uint8_t flags,
                         std::uint8_t version) {
  if (flags & kReservedFlag) in.note_on(node, &notes::connect_reserved_flag);
  if (!(flags & kWillFlag) && (flags & (kWillQos | kWillRetain)))
    in.note_on(node, &notes::will_flags_without_will);
  if ((flags & kWillQos) == kWillQos) in.note_on(node, &notes::qos_invalid);
  if (version == kVersion311 && (flags & kPasswordFlag) && !(flags & kUserNameFlag))
    in.note_on(node, &notes::password_without_username);
}

bool decode_connect_flags(Reader& in, std::uint8_t version, std::uint8_t& flags) {
  std::uint64_t value = 0;
  if (!in.uint(&hf::conflags, 1, value)) return false;
  field::Tree& tree = in.tree();
  field::NodeIndex node = in.last();
  tree.set_flags(node, field::kBitmaskSummary);
  if (tree.detailed()) {
    field::Subtree sub(tree, node);
    auto at = tree[node].offset;
    for (field::FieldId f : {&hf::conflag_uname, &hf::conflag_passwd, &hf::conflag_retain,
                             &hf::conflag_qos, &hf::conflag_willflag, &hf::conflag_cleansess,
                             &hf::conflag_reserved}) {
      tree.add(f, at, 1, value);
    }
  }
  flags = static_cast<std::uint8_t>(value);
  check_connect_flags(in, node, flags, version);
  return true;
}

void decode_will(Context& ctx) {
  Reader& in = ctx.in;
  PropertyFacts facts;
  if (ctx.session.version == kVersion5 && !decode_properties(ctx, &hf::will_properties, &facts))
    return;
  std::uint64_t topic_length = 0;
  if (!in.uint(&hf::willtopic_len, 2, topic_length)) return;
  if (topic_length > 0) {
    std::string_view topic;
    if (!in.bytes(&hf::willtopic, static_cast<std::size_t>(topic_length), &topic)) return;
    check_topic_name(in, topic);
  } else {
    in.note_on(in.last(), &notes::illegal_topic_length);
  }
  std::uint64_t length = 0;
  if (!in.uint(&hf::willmsg_len, 2, length)) return;
  payload(in, &hf::willmsg, &hf::willmsg_text, static_cast<std::size_t>(length),
          facts.utf8_payload);
}

// MQTT-3.1.2-1, MQTT-3.1.2-2: "MQTT" with level 4 or 5, or MQTT 3.1's "MQIsdp" with level 3.
void check_protocol(Reader& in, std::string_view name, std::uint64_t level) {
  bool known_name = name == "MQTT" || name == "MQIsdp";
  bool known_level = level >= kVersion31 && level <= kVersion5;
  if (!known_level) {
    in.note_on(in.last(), &notes::protocol_level_unknown);
  } else if (known_name && (name == "MQIsdp") != (level == kVersion31)) {
    in.note_on(in.last(), &notes::protocol_name_mismatch);
  }
}

// A first CONNECT decides the connection's version; a second one (MQTT-3.1.0-2) changes
// nothing, and a forced version stays.
void learn_version(Context& ctx, std::uint64_t level) {
  Session& session = ctx.session;
  if (session.connect_seen) return;
  session.connect_seen = true;
  if (!session.version_forced) {
    session.version = static_cast<std::uint8_t>(level);
    session.version_guessed = false;
  } else if (level != session.version) {
    ctx.in.note_on(ctx.in.last(), &notes::version_overridden,
                   fmt::format("decoded as {}", field::value_name(hf::ver, session.version)));
  }
}

void announce(Session& session, int side, const PropertyFacts& facts) {
  Announcement& a = session.announced[static_cast<std::size_t>(side)];
  a.seen = true;
  a.topic_alias_maximum = facts.topic_alias_maximum.value_or(0);
  a.maximum_packet_size = facts.maximum_packet_size.value_or(0);
}

}  // namespace

void decode_connect(Context& ctx) {
  Reader& in = ctx.in;
  std::string_view name;
  if (!in.length_prefixed(&hf::proto_len, &hf::protoname, &name)) return;
  if (name != "MQTT" && name != "MQIsdp") in.note_on(in.last(), &notes::protocol_name_unknown);
  std::uint64_t level = 0;
  if (!in.uint(&hf::ver, 1, level)) return;
  check_protocol(in, name, level);
  bool first = !ctx.session.connect_seen;
  learn_version(ctx, level);
  std::uint8_t version = ctx.session.version;
  std::uint8_t flags = 0;
  if (!decode_connect_flags(in, version, flags)) return;
  if (!in.uint(&hf::kalive, 2)) return;
  PropertyFacts facts;
  if (version == kVersion5 && !decode_properties(ctx, &hf::properties, &facts)) return;
  if (first) announce(ctx.session, kFromClient, facts);
  std::string_view client_id;
  if (!in.length_prefixed(&hf::clientid_len, &hf::clientid, &client_id)) return;
  if (version == kVersion311 && client_id.empty() && !(flags & kCleanSession))
    in.note_on(in.last(), &notes::client_id_empty_persistent);
  if (flags & kWillFlag) decode_will(ctx);
  // Like Wireshark, a flag without the bytes behind it is not an error here: MQTT 3.1 clients
  // set the password flag and send none.
  if ((flags & kUserNameFlag) && in.ok() && in.remaining() > 0)
    in.length_prefixed(&hf::username_len, &hf::username);
  // MQTT-3.1.3.5: the password is binary data, whatever Wireshark's field type says.
  if ((flags & kPasswordFlag) && in.ok() && in.remaining() > 0)
    in.length_prefixed(&hf::passwd_len, &hf::passwd, nullptr, Text::Binary);
  if (in.ok() && in.remaining() > 0) in.tree().add_note(&notes::trailing_bytes);
}

void decode_connack(Context& ctx) {
  Reader& in = ctx.in;
  field::Tree& tree = in.tree();
  std::uint64_t flags = 0;
  std::uint8_t version = ctx.session.version;
  field::NodeIndex flags_node = field::kNoNode;
  if (version == kVersion31) {
    // MQTT 3.1 §3.2: the first byte is reserved (no Session Present yet).
    if (!in.uint(&hf::conack_reserved, 1, flags)) return;
    flags_node = in.last();
  } else {
    if (!in.uint(&hf::conack_flags, 1, flags)) return;
    flags_node = in.last();
    tree.set_flags(flags_node, field::kBitmaskSummary);
    if (tree.detailed()) {
      field::Subtree sub(tree, flags_node);
      tree.add(&hf::conackflag_reserved, tree[flags_node].offset, 1, flags);
      tree.add(&hf::conackflag_sp, tree[flags_node].offset, 1, flags);
    }
  }
  // As in Wireshark, only MQTT 3.1 and 3.1.1 have a Return Code: any other version (5.0, or
  // none known yet) shows MQTT 5.0's Reason Code, with properties only for 5.0 itself.
  bool v3 = version == kVersion31 || version == kVersion311;
  std::uint64_t code_value = 0;
  if (in.remaining() > 0) code_value = ctx.packet.bytes[in.pos()];
  // MQTT-3.2.2-1 (reserved bits; all eight in MQTT 3.1), MQTT-3.2.2-4 and 5.0's MQTT-3.2.2-6
  // (no Session Present with a refusal).
  bool bad = version == kVersion31 ? flags != 0 : (flags & 0xfe) || ((flags & 1) && code_value != 0);
  if (bad) in.note_on(flags_node, &notes::connack_flags_invalid);
  if (!code(in, v3 ? &hf::conack_val : &hf::rc_connack)) return;
  PropertyFacts facts;
  if (version == kVersion5 && !decode_properties(ctx, &hf::properties, &facts)) return;
  ctx.session.connack_seen = true;
  announce(ctx.session, kFromServer, facts);
  if (in.ok() && in.remaining() > 0) tree.add_note(&notes::trailing_bytes);
}

}  // namespace mqscope::mqtt::detail
