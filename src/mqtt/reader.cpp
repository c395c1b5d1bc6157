#include "reader.hpp"

#include "mqscope/mqtt/fields_v5.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "mqscope/mqtt/varint.hpp"

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

bool Reader::bytes(field::FieldId f, std::size_t n, std::string_view* value) {
  if (failed_) return false;
  auto start = static_cast<std::uint32_t>(cursor_.pos());
  auto taken = cursor_.take(n);
  if (!taken) {
    overrun();
    return false;
  }
  last_ = tree_.add(f, start, static_cast<std::uint32_t>(n));
  if (value) *value = as_text(*taken);
  return true;
}

bool Reader::length_prefixed(field::FieldId len_field, field::FieldId value_field,
                             std::string_view* value) {
  std::uint64_t n = 0;
  if (!uint(len_field, 2, n)) return false;
  return bytes(value_field, static_cast<std::size_t>(n), value);
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
  return true;
}

void Reader::overrun() {
  if (!failed_) tree_.add_note(&notes::length_overrun);
  failed_ = true;
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

}  // namespace mqscope::mqtt::detail
