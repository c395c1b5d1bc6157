// SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK (MQTT 3.1.1 §3.8-3.11, 5.0 §3.8-3.11), and
// DISCONNECT and AUTH (5.0 §3.14, §3.15).
#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/fields_v5.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "reader.hpp"

namespace mqscope::mqtt::detail {

namespace {

bool decode_topic_filter(Reader& in) {
  std::uint64_t length = 0;
  if (!in.uint(&hf::topic_len, 2, length)) return false;
  if (length == 0) {
    field::Subtree sub(in.tree(), in.last());
    in.tree().add_note(&notes::illegal_topic_length);
    return true;
  }
  return in.bytes(&hf::topic, static_cast<std::size_t>(length));
}

bool decode_subscription_options(Reader& in) {
  std::uint64_t options = 0;
  if (!in.uint(&hf::subscription_options, 1, options)) return false;
  field::Tree& tree = in.tree();
  field::NodeIndex node = in.last();
  tree.set_flags(node, field::kBitmaskSummary);
  field::Subtree sub(tree, node);
  auto at = tree[node].offset;
  for (field::FieldId f : {&hf::subscription_reserved, &hf::subscription_retain,
                           &hf::subscription_rap, &hf::subscription_nl, &hf::subscription_qos}) {
    tree.add(f, at, 1, options);
  }
  return true;
}

bool decode_id_and_properties(Context& ctx) {
  if (!ctx.in.uint(&hf::msgid, 2)) return false;
  return ctx.session.version != kVersion5 || decode_properties(ctx, &hf::properties);
}

}  // namespace

void decode_subscribe(Context& ctx) {
  Reader& in = ctx.in;
  if (!decode_id_and_properties(ctx)) return;
  bool v5 = ctx.session.version == kVersion5;
  while (in.ok() && in.remaining() > 0) {
    if (!decode_topic_filter(in)) return;
    if (v5) {
      if (!decode_subscription_options(in)) return;
    } else if (!in.uint(&hf::sub_qos, 1)) {
      return;
    }
  }
}

void decode_suback(Context& ctx) {
  Reader& in = ctx.in;
  if (!decode_id_and_properties(ctx)) return;
  // As in Wireshark, Granted QoS only for MQTT 3.1 and 3.1.1; otherwise (5.0, or no version
  // known yet) MQTT 5.0's Reason Codes.
  bool v3 = ctx.session.version == kVersion31 || ctx.session.version == kVersion311;
  field::FieldId code = v3 ? &hf::suback_qos : &hf::rc_suback;
  while (in.ok() && in.remaining() > 0) in.uint(code, 1);
}

void decode_unsubscribe(Context& ctx) {
  Reader& in = ctx.in;
  if (!decode_id_and_properties(ctx)) return;
  while (in.ok() && in.remaining() > 0) {
    if (!decode_topic_filter(in)) return;
  }
}

void decode_unsuback(Context& ctx) {
  Reader& in = ctx.in;
  if (!decode_id_and_properties(ctx)) return;
  if (ctx.session.version == kVersion5) {
    while (in.ok() && in.remaining() > 0) in.uint(&hf::rc_unsuback, 1);
  } else if (in.ok() && in.remaining() > 0) {
    in.tree().add_note(&notes::trailing_bytes);
  }
}

void decode_disconnect_or_auth(Context& ctx) {
  Reader& in = ctx.in;
  if (ctx.session.version != kVersion5) {
    if (in.remaining() > 0) in.tree().add_note(&notes::trailing_bytes);
    return;
  }
  // MQTT 5.0 §3.14.2.1: with Remaining Length 0 the reason code is 0x00, and below 2 there
  // are no properties.
  if (ctx.packet.remaining_length == 0) return;
  if (!in.uint(reason_code_field(ctx.type), 1)) return;
  if (ctx.packet.remaining_length >= 2) decode_properties(ctx, &hf::properties);
  if (in.ok() && in.remaining() > 0) in.tree().add_note(&notes::trailing_bytes);
}

}  // namespace mqscope::mqtt::detail
