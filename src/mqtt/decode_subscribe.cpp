// SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK (MQTT 3.1.1 §3.8-3.11, 5.0 §3.8-3.11), and
// DISCONNECT and AUTH (5.0 §3.14, §3.15).
#include <string_view>

#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/fields_v5.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "reader.hpp"
#include "text.hpp"

namespace mqscope::mqtt::detail {

namespace {

constexpr std::string_view kSharePrefix = "$share/";

// MQTT-4.7.1-2, MQTT-4.7.1-3: wildcards in their places; MQTT-4.7.3-1: at least one character.
bool decode_topic_filter(Reader& in, bool v5, std::string_view& filter) {
  std::uint64_t length = 0;
  filter = {};
  if (!in.uint(&hf::topic_len, 2, length)) return false;
  if (length == 0) {
    in.note_on(in.last(), &notes::illegal_topic_length);
    return true;
  }
  if (!in.bytes(&hf::topic, static_cast<std::size_t>(length), &filter)) return false;
  std::string_view problem = topic_filter_problem(filter, v5);
  if (!problem.empty()) in.note_on(in.last(), &notes::topic_filter_invalid, problem);
  return true;
}

// MQTT 5.0 §3.8.3.1: bits 6-7 reserved (MQTT-3.8.3-5), Retain Handling 3 is a Protocol Error,
// and No Local on a shared subscription too (MQTT-3.8.3-4).
bool decode_subscription_options(Reader& in, std::string_view filter) {
  std::uint64_t options = 0;
  if (!in.uint(&hf::subscription_options, 1, options)) return false;
  field::Tree& tree = in.tree();
  field::NodeIndex node = in.last();
  tree.set_flags(node, field::kBitmaskSummary);
  if (tree.detailed()) {
    field::Subtree sub(tree, node);
    auto at = tree[node].offset;
    for (field::FieldId f : {&hf::subscription_reserved, &hf::subscription_retain,
                             &hf::subscription_rap, &hf::subscription_nl, &hf::subscription_qos}) {
      tree.add(f, at, 1, options);
    }
  }
  if ((options & 0x03) == 0x03) in.note_on(node, &notes::qos_invalid);
  bool shared_no_local = (options & 0x04) && filter.starts_with(kSharePrefix);
  if ((options & 0xc0) || (options & 0x30) == 0x30 || shared_no_local)
    in.note_on(node, &notes::subscription_options_invalid);
  return true;
}

// MQTT 3.1.1 §3.8.3.1: the upper six bits are reserved, QoS 3 is malformed (MQTT-3-8.3-4).
bool decode_requested_qos(Reader& in) {
  std::uint64_t qos = 0;
  if (!in.uint(&hf::sub_qos, 1, qos)) return false;
  if ((qos & 0x03) == 0x03) in.note_on(in.last(), &notes::qos_invalid);
  if (qos & 0xfc) in.note_on(in.last(), &notes::subscription_options_invalid);
  return true;
}

bool decode_id_and_properties(Context& ctx) {
  if (!packet_id(ctx.in)) return false;
  return ctx.session.version != kVersion5 || decode_properties(ctx, &hf::properties);
}

}  // namespace

void decode_subscribe(Context& ctx) {
  Reader& in = ctx.in;
  if (!decode_id_and_properties(ctx)) return;
  bool v5 = ctx.session.version == kVersion5;
  std::size_t filters = 0;
  while (in.ok() && in.remaining() > 0) {
    std::string_view filter;
    if (!decode_topic_filter(in, v5, filter)) return;
    ++filters;
    if (!(v5 ? decode_subscription_options(in, filter) : decode_requested_qos(in))) return;
  }
  // MQTT-3.8.3-3: at least one Topic Filter.
  if (in.ok() && filters == 0) in.tree().add_note(&notes::no_topic_filters);
}

void decode_suback(Context& ctx) {
  Reader& in = ctx.in;
  if (!decode_id_and_properties(ctx)) return;
  // As in Wireshark, Granted QoS only for MQTT 3.1 and 3.1.1; otherwise (5.0, or no version
  // known yet) MQTT 5.0's Reason Codes.
  bool v3 = ctx.session.version == kVersion31 || ctx.session.version == kVersion311;
  field::FieldId field = v3 ? &hf::suback_qos : &hf::rc_suback;
  while (in.ok() && in.remaining() > 0) code(in, field);
}

void decode_unsubscribe(Context& ctx) {
  Reader& in = ctx.in;
  if (!decode_id_and_properties(ctx)) return;
  bool v5 = ctx.session.version == kVersion5;
  std::size_t filters = 0;
  while (in.ok() && in.remaining() > 0) {
    std::string_view filter;
    if (!decode_topic_filter(in, v5, filter)) return;
    ++filters;
  }
  // MQTT-3.10.3-2: at least one Topic Filter.
  if (in.ok() && filters == 0) in.tree().add_note(&notes::no_topic_filters);
}

void decode_unsuback(Context& ctx) {
  Reader& in = ctx.in;
  if (!decode_id_and_properties(ctx)) return;
  if (ctx.session.version == kVersion5) {
    while (in.ok() && in.remaining() > 0) code(in, &hf::rc_unsuback);
  } else if (in.ok() && in.remaining() > 0) {
    in.tree().add_note(&notes::trailing_bytes);
  }
}

// MQTT 5.0 §3.14.2.1, §3.15.2.1: with Remaining Length 0 the reason code is 0x00, and below 2
// there are no properties. Without MQTT 5.0, DISCONNECT has no body (checked with the Remaining
// Length) and AUTH does not exist.
void decode_disconnect_or_auth(Context& ctx) {
  Reader& in = ctx.in;
  if (ctx.session.version != kVersion5) return;
  if (ctx.packet.remaining_length == 0) return;
  if (!code(in, reason_code_field(ctx.type))) return;
  if (ctx.packet.remaining_length >= 2) decode_properties(ctx, &hf::properties);
  if (in.ok() && in.remaining() > 0) in.tree().add_note(&notes::trailing_bytes);
}

}  // namespace mqscope::mqtt::detail
