// The key values of a packet for its summary line, read back from the tree.
#include <algorithm>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "mqscope/core/bare_format.hpp"
#include "mqscope/core/swar.hpp"
#include "mqscope/core/utf8.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/mqtt/decoder.hpp"
#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/fields_v5.hpp"
#include "text.hpp"

namespace mqscope::mqtt {

namespace {

using field::Node;
using field::NodeIndex;
using field::Tree;

struct Facts {
  std::uint8_t type = 0;
  std::uint8_t flags = 0;
  const Node* version = nullptr;
  const Node* conflags = nullptr;
  const Node* keepalive = nullptr;
  const Node* clientid = nullptr;
  const Node* username = nullptr;
  const Node* willtopic = nullptr;
  const Node* msgid = nullptr;
  const Node* topic = nullptr;
  const Node* resolved_topic = nullptr;  // from a topic alias (MQTT 5.0 §3.3.2.3.4)
  const Node* topic_alias = nullptr;
  const Node* message = nullptr;
  const Node* message_text = nullptr;
  const Node* auth_method = nullptr;
  const Node* reason_string = nullptr;
  const Node* return_code = nullptr;
  const Node* ack_flags = nullptr;
  std::vector<const Node*> topics;      // SUBSCRIBE / UNSUBSCRIBE filters (null: empty)
  std::vector<const Node*> qos_values;  // requested or granted QoS, reason codes
  std::vector<const Node*> notes;
};

// MQTT 5.0's requested QoS is read from its Subscription Options byte, which a tree built
// without detail has without the bit-by-bit children.
bool is_reason_or_qos(field::FieldId f) {
  return f == &hf::sub_qos || f == &hf::suback_qos || f == &hf::subscription_options ||
         f == &hf::rc_suback || f == &hf::rc_unsuback;
}

bool is_single_code(field::FieldId f) {
  return f == &hf::conack_val || f == &hf::rc_connack || f == &hf::rc_puback ||
         f == &hf::rc_pubrec || f == &hf::rc_pubrel || f == &hf::rc_pubcomp ||
         f == &hf::rc_disconnect || f == &hf::rc_auth;
}

Facts collect(const Tree& tree, NodeIndex top) {
  Facts facts;
  NodeIndex end = tree.subtree_end(top);
  for (NodeIndex i = top + 1; i < end; ++i) {
    const Node& n = tree[i];
    field::FieldId f = n.field;
    if (n.note) facts.notes.push_back(&n);
    // The fields of PUBLISH and its acknowledgements first: most packets are those.
    if (f == &hf::hdrflags) {
      facts.type = static_cast<std::uint8_t>(n.value >> 4);
      facts.flags = static_cast<std::uint8_t>(n.value & 0xf);
    } else if (f == &hf::len) {
      continue;
    } else if (f == &hf::topic_len) {
      // An empty filter has no Topic node, but has a QoS.
      if (n.value == 0 && facts.type != 3) facts.topics.push_back(nullptr);
    } else if (f == &hf::topic) {
      if (facts.type != 3) facts.topics.push_back(&n);
      else if (n.flags & field::kGenerated) facts.resolved_topic = &n;
      else facts.topic = &n;
    } else if (f == &hf::msgid) facts.msgid = &n;
    else if (f == &hf::msg) facts.message = &n;
    else if (f == &hf::msg_text) facts.message_text = &n;
    else if (f == &hf::ver) facts.version = &n;
    else if (f == &hf::conflags) facts.conflags = &n;
    else if (f == &hf::kalive) facts.keepalive = &n;
    else if (f == &hf::clientid) facts.clientid = &n;
    else if (f == &hf::username) facts.username = &n;
    else if (f == &hf::willtopic) facts.willtopic = &n;
    else if (f == &hf::prop_topic_alias) facts.topic_alias = &n;
    else if (f == &hf::p_auth_method) facts.auth_method = &n;
    else if (f == &hf::p_reason_string) facts.reason_string = &n;
    else if (f == &hf::conack_flags) facts.ack_flags = &n;
    else if (is_single_code(f)) facts.return_code = &n;
    else if (is_reason_or_qos(f)) facts.qos_values.push_back(&n);
  }
  return facts;
}

// Everything is appended to the one info string: this runs for every packet shown, and
// compiled formats (written in place, append_format) and in-place escaping avoid a temporary
// string per value.
#define MQSCOPE_APPEND(out, format, ...) append_format(out, FMT_COMPILE(format), __VA_ARGS__)

void append_quoted(TextBuffer& out, std::string_view text) {
  out += '"';
  field::append_escaped(out, text);
  out += '"';
}

// The payload as the tree shows it: text when the tree has a text line for it (cut at the
// limit, between characters), otherwise hex (at most 24 bytes). Either cut is marked.
void append_preview(const Tree& tree, const Facts& f, const Limits& limits, TextBuffer& out) {
  Bytes payload = tree.bytes_value(*f.message);
  if (f.message_text == nullptr) {
    std::size_t shown = std::min({payload.size(), limits.summary_payload_chars, std::size_t{24}});
    append_hex(out, payload.first(shown));
    if (shown < payload.size()) out += "\u2026";
    return;
  }
  // ASCII bytes are one character each: skip them without decoding, eight at a time.
  std::size_t ascii_end = std::min(payload.size(), limits.summary_payload_chars);
  std::size_t shown = 0;
  while (shown + 8 <= ascii_end && swar::all_ascii(swar::load(payload.data() + shown)))
    shown += 8;
  while (shown < ascii_end && payload[shown] < 0x80) ++shown;
  while (shown < payload.size()) {
    std::size_t n = utf8_char_length(payload.subspan(shown));
    if (n == 0 || shown + n > limits.summary_payload_chars) break;
    shown += n;
  }
  append_quoted(out, as_text(payload.first(shown)));
  if (shown < payload.size()) out += "\u2026";
}

void append_connect(const Tree& tree, const Facts& f, TextBuffer& out) {
  if (f.version) {  // appended, not formatted: an unknown version's name is a null view
    out += ' ';
    out += field::value_name(hf::ver, f.version->value);
  }
  if (f.clientid) {
    out += " client_id=";
    append_quoted(out, tree.string_value(*f.clientid));
  }
  if (f.username) {
    out += " user=";
    append_quoted(out, tree.string_value(*f.username));
  }
  if (f.keepalive) MQSCOPE_APPEND(out, " keepalive={}", f.keepalive->value);
  if (f.conflags) out += (f.conflags->value & 0x02) ? " clean" : " persistent";
  if (f.willtopic) {
    out += " will=";
    append_quoted(out, tree.string_value(*f.willtopic));
  }
}

void append_code(const Tree& tree, const Node& code, TextBuffer& out) {
  std::string_view name = field::value_name(*code.field, tree.uint_value(code));
  MQSCOPE_APPEND(out, " rc={}", code.value);
  if (!name.empty()) MQSCOPE_APPEND(out, " ({})", name);
}

// MQTT 5.0 §3.3.2.3.4: a topic sent with an alias sets it; an empty topic with an alias is
// resolved from what this direction set earlier.
void append_topic(const Tree& tree, const Facts& f, TextBuffer& out) {
  std::uint64_t alias = f.topic_alias ? f.topic_alias->value : 0;
  if (f.topic) {
    out += " topic=";
    append_quoted(out, tree.string_value(*f.topic));
    if (alias != 0) MQSCOPE_APPEND(out, " alias={}", alias);
  } else if (f.resolved_topic) {
    bool known = !tree.text(*f.resolved_topic).empty();
    out += " topic=";
    append_quoted(out, tree.text(*f.resolved_topic));
    MQSCOPE_APPEND(out, " ({} alias {})", known ? "resolved from" : "unknown", alias);
  }
}

void append_publish(const Tree& tree, const Facts& f, TextBuffer& out, const Limits& limits) {
  MQSCOPE_APPEND(out, " q{}", (f.flags >> 1) & 3);
  if (f.flags & 0x8) out += " dup";
  if (f.flags & 0x1) out += " retain";
  if (f.msgid) MQSCOPE_APPEND(out, " id={}", f.msgid->value);
  append_topic(tree, f, out);
  if (f.message) {
    Bytes payload = tree.bytes_value(*f.message);
    MQSCOPE_APPEND(out, " len={}", payload.size());
    if (!payload.empty()) {
      out += ' ';
      append_preview(tree, f, limits, out);
    }
  }
}

void append_filters(const Tree& tree, const Facts& f, TextBuffer& out) {
  for (std::size_t i = 0; i < f.topics.size(); ++i) {
    out += ' ';
    append_quoted(out, f.topics[i] ? tree.string_value(*f.topics[i]) : "");
    if (i >= f.qos_values.size()) continue;
    const Node& qos = *f.qos_values[i];
    std::uint64_t level = qos.field == &hf::subscription_options ? qos.value & 0x03 : tree.uint_value(qos);
    MQSCOPE_APPEND(out, "(q{})", level);
  }
}

}  // namespace

void append_summary(const Tree& tree, NodeIndex top, TextBuffer& out, const Limits& limits) {
  Facts f = collect(tree, top);
  out += type_name(f.type);
  switch (static_cast<PacketType>(f.type)) {
    case PacketType::Connect: append_connect(tree, f, out); break;
    case PacketType::Publish: append_publish(tree, f, out, limits); break;
    case PacketType::Subscribe:
    case PacketType::Unsubscribe:
      if (f.msgid) MQSCOPE_APPEND(out, " id={}", f.msgid->value);
      append_filters(tree, f, out);
      break;
    case PacketType::Suback:
    case PacketType::Unsuback:
      if (f.msgid) MQSCOPE_APPEND(out, " id={}", f.msgid->value);
      if (!f.qos_values.empty()) {
        // MQTT 3.1.1 grants QoS levels; MQTT 5.0 answers with reason codes.
        out += f.qos_values.front()->field == &hf::suback_qos ? " granted=" : " reasons=";
        for (std::size_t i = 0; i < f.qos_values.size(); ++i)
          MQSCOPE_APPEND(out, "{}{}", i ? "," : "", f.qos_values[i]->value);
      }
      break;
    default:
      if (f.msgid) MQSCOPE_APPEND(out, " id={}", f.msgid->value);
      if (f.ack_flags && (f.ack_flags->value & 1)) out += " session_present";
      break;
  }
  if (f.return_code) append_code(tree, *f.return_code, out);
  if (f.auth_method) {
    out += " method=";
    append_quoted(out, tree.string_value(*f.auth_method));
  }
  if (f.reason_string) {
    out += " reason=";
    append_quoted(out, tree.string_value(*f.reason_string));
  }
  for (const Node* n : f.notes) MQSCOPE_APPEND(out, " [{}]", n->note->name);
}

#undef MQSCOPE_APPEND

}  // namespace mqscope::mqtt
