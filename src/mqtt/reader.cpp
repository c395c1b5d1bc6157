#include "reader.hpp"

#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/fields_v5.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "mqscope/mqtt/varint.hpp"
#include "text.hpp"

namespace mqscope::mqtt::detail {

bool Reader::uint(field::FieldId f, std::size_t size, std::uint64_t& value) {
  if (failed_) return false;
  if (!cursor_.has(size)) {
    overrun();
    return false;
  }
  auto start = static_cast<std::uint32_t>(cursor_.pos());
  value = 0;
  for (std::size_t i = 0; i < size; ++i) value = (value << 8) | *cursor_.u8();
  last_ = tree_.add(f, start, static_cast<std::uint32_t>(size), value);
  return true;
}

bool Reader::bytes(field::FieldId f, std::size_t n, std::string_view* value, Text text) {
  if (failed_) return false;
  auto start = static_cast<std::uint32_t>(cursor_.pos());
  auto taken = cursor_.take(n);
  if (!taken) {
    overrun();
    return false;
  }
  last_ = tree_.add(f, start, static_cast<std::uint32_t>(n));
  if (f->type == field::Type::String && text == Text::Utf8) check_utf8(*taken);
  if (value) *value = as_text(*taken);
  return true;
}

// MQTT-1.5.4-1: well-formed UTF-8 without surrogates; MQTT-1.5.4-2: no U+0000.
void Reader::check_utf8(Bytes text) {
  TextCheck check = check_text(text);
  if (!check.well_formed) note_on(last_, &notes::utf8_invalid);
  if (check.has_null) note_on(last_, &notes::utf8_null);
}

bool Reader::length_prefixed(field::FieldId len_field, field::FieldId value_field,
                             std::string_view* value, Text text) {
  std::uint64_t n = 0;
  if (!uint(len_field, 2, n)) return false;
  return bytes(value_field, static_cast<std::size_t>(n), value, text);
}

bool Reader::counted_string(field::FieldId f, std::string_view* value) {
  if (failed_) return false;
  auto n = cursor_.u16();
  if (!n) {
    overrun();
    return false;
  }
  return bytes(f, *n, value);
}

bool Reader::varint(field::FieldId f, std::uint32_t& value) {
  if (failed_) return false;
  Varint v = read_varint(cursor_.rest());
  if (v.status != VarintStatus::Complete) {
    overrun();
    return false;
  }
  auto start = static_cast<std::uint32_t>(cursor_.pos());
  cursor_.skip(v.length);
  value = v.value;
  last_ = tree_.add(f, start, v.length, v.value);
  if (v.not_minimal) note_on(last_, &notes::varint_not_minimal);
  return true;
}

std::optional<std::uint16_t> Reader::peek_u16(std::size_t ahead) const {
  std::size_t at = cursor_.pos() + ahead;
  if (at + 2 > packet_.size()) return std::nullopt;
  return load_be16(packet_.data() + at);
}

void Reader::skip_to(std::size_t pos) {
  if (pos > cursor_.pos()) cursor_.skip(std::min(pos - cursor_.pos(), cursor_.remaining()));
}

void Reader::overrun() {
  if (!failed_) tree_.add_note(&notes::length_overrun);
  failed_ = true;
}

void Reader::note_on(field::NodeIndex node, NoteId note, std::string_view detail) {
  field::Subtree sub(tree_, node);
  tree_.add_note(note, detail);
}

field::FieldId reason_code_field(std::uint8_t type) {
  switch (static_cast<PacketType>(type)) {
    case PacketType::Connack: return &hf::rc_connack;
    case PacketType::Puback: return &hf::rc_puback;
    case PacketType::Pubrec: return &hf::rc_pubrec;
    case PacketType::Pubrel: return &hf::rc_pubrel;
    case PacketType::Pubcomp: return &hf::rc_pubcomp;
    case PacketType::Suback: return &hf::rc_suback;
    case PacketType::Unsuback: return &hf::rc_unsuback;
    case PacketType::Disconnect: return &hf::rc_disconnect;
    case PacketType::Auth: return &hf::rc_auth;
    default: return nullptr;
  }
}

// MQTT 5.0 §2.4: each packet type has its own list of reason codes; MQTT 3.1.1 §3.2.2.3 and
// §3.9.3 reserve the return codes and granted QoS values they do not list.
bool code(Reader& in, field::FieldId f) {
  std::uint64_t value = 0;
  if (!in.uint(f, 1, value)) return false;
  if (field::value_name(*f, value).empty()) in.note_on(in.last(), &notes::reason_code_invalid);
  return true;
}

bool packet_id(Reader& in) {
  std::uint64_t id = 0;
  if (!in.uint(&hf::msgid, 2, id)) return false;
  if (id == 0) in.note_on(in.last(), &notes::packet_id_zero);
  return true;
}

void check_topic_name(Reader& in, std::string_view topic) {
  if (has_wildcard(topic)) in.note_on(in.last(), &notes::topic_wildcard);
}

void payload(Reader& in, field::FieldId field, field::FieldId text_field, std::size_t n,
             bool declared_utf8) {
  std::size_t start = in.pos();
  std::string_view bytes;
  if (!in.bytes(field, n, &bytes, Text::Binary)) return;
  field::NodeIndex node = in.last();
  field::Tree& tree = in.tree();
  // Statistics need no text line: the check for a declared UTF-8 payload is all they keep.
  bool text = tree.detail() != field::Detail::Facts && is_text_payload(as_bytes(bytes), declared_utf8);
  if (text) {
    // The text is the same bytes read another way: a generated line over them, no copy.
    field::Subtree sub(tree, node);
    tree.set_flags(tree.add(text_field, static_cast<std::uint32_t>(start),
                            static_cast<std::uint32_t>(n)),
                   field::kGenerated);
  } else if (declared_utf8 && !check_text(as_bytes(bytes)).well_formed) {
    in.note_on(node, &notes::payload_not_utf8);
  }
}

}  // namespace mqscope::mqtt::detail
