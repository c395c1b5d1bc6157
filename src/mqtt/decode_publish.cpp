// PUBLISH (MQTT 3.1.1 §3.3, 5.0 §3.3) and its acknowledgements PUBACK, PUBREC, PUBREL,
// PUBCOMP (§3.4-3.7).
#include <string>

#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/fields_v5.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "reader.hpp"

namespace mqscope::mqtt::detail {

namespace {

// MQTT 5.0 §3.3.2.3.4: a topic alias is set by a PUBLISH carrying both a topic and the
// alias, and used by a PUBLISH with an empty topic. Each direction has its own table.
void resolve_topic_alias(Context& ctx, std::string_view topic, const PropertyFacts& facts) {
  if (!facts.topic_alias || *facts.topic_alias == 0) return;
  std::uint16_t alias = *facts.topic_alias;
  auto& aliases = ctx.session.topic_aliases[static_cast<std::size_t>(ctx.direction & 1)];
  field::Tree& tree = ctx.in.tree();
  auto it = aliases.find(alias);
  if (!topic.empty()) {
    if (it != aliases.end()) {
      it->second = std::string(topic);
    } else if (aliases.size() >= ctx.session.max_topic_aliases) {
      tree.add_note(&notes::topic_alias_limit, std::to_string(ctx.session.max_topic_aliases));
    } else {
      aliases.emplace(alias, std::string(topic));
    }
    return;
  }
  field::NodeIndex node =
      tree.add_generated_text(&hf::topic, it != aliases.end() ? std::string_view(it->second) : "");
  if (it == aliases.end()) ctx.in.note_on(node, &notes::unknown_topic_alias);
}

// An empty Topic Name is allowed only with a Topic Alias (MQTT 5.0 §3.3.2.3.4), which comes
// later, in the properties after the Packet Identifier: look ahead for it.
bool empty_topic_allowed(const Context& ctx, std::uint8_t qos) {
  if (ctx.session.version != kVersion5) return false;
  std::size_t at = ctx.in.pos() + (qos != 0 ? 2u : 0u);
  if (at > ctx.packet.bytes.size()) return false;
  return has_topic_alias(ctx.packet.bytes.subspan(at));
}

}  // namespace

void decode_publish(Context& ctx) {
  Reader& in = ctx.in;
  std::uint64_t topic_length = 0;
  if (!in.uint(&hf::topic_len, 2, topic_length)) return;
  std::uint8_t qos = (ctx.flags >> 1) & 0x3;
  std::string_view topic;
  if (topic_length > 0) {
    if (!in.bytes(&hf::topic, static_cast<std::size_t>(topic_length), &topic)) return;
    check_topic_name(in, topic);
  } else if (!empty_topic_allowed(ctx, qos)) {
    // The note hangs on Topic Length (as in Wireshark), so it is added before later fields.
    in.note_on(in.last(), &notes::illegal_topic_length);
  }
  if (qos != 0 && !packet_id(in)) return;
  PropertyFacts facts;
  if (ctx.session.version == kVersion5) {
    if (!decode_properties(ctx, &hf::properties, &facts)) return;
    resolve_topic_alias(ctx, topic, facts);
  }
  payload(in, &hf::msg, &hf::msg_text, in.remaining(), facts.utf8_payload);
}

void decode_publish_ack(Context& ctx) {
  Reader& in = ctx.in;
  if (!packet_id(in)) return;
  // MQTT 5.0 §3.4.2.1: the reason code and properties may be left out (Remaining Length 2).
  if (ctx.session.version == kVersion5 && ctx.packet.remaining_length > 2) {
    if (!code(in, reason_code_field(ctx.type))) return;
    if (ctx.packet.remaining_length > 3 && !decode_properties(ctx, &hf::properties)) return;
  }
  if (in.ok() && in.remaining() > 0) in.tree().add_note(&notes::trailing_bytes);
}

}  // namespace mqscope::mqtt::detail
