// MQTT 5.0 properties (§2.2.2): a Variable Byte Integer length, then identifier/value pairs
// whose value type the identifier decides (Table 2-4).
#include "mqscope/core/cursor.hpp"
#include "mqscope/mqtt/fields_v5.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "mqscope/mqtt/varint.hpp"
#include "reader.hpp"

namespace mqscope::mqtt::detail {

namespace {

enum class PropertyType : std::uint8_t { Byte, TwoByte, FourByte, Varint, String, Binary, Pair, Unknown };

PropertyType type_of(std::uint8_t id) {
  switch (id) {
    case 0x01: case 0x17: case 0x19: case 0x24: case 0x25: case 0x28: case 0x29: case 0x2a:
      return PropertyType::Byte;
    case 0x13: case 0x21: case 0x22: case 0x23: return PropertyType::TwoByte;
    case 0x02: case 0x11: case 0x18: case 0x27: return PropertyType::FourByte;
    case 0x0b: return PropertyType::Varint;
    case 0x03: case 0x08: case 0x12: case 0x15: case 0x1a: case 0x1c: case 0x1f:
      return PropertyType::String;
    case 0x09: case 0x16: return PropertyType::Binary;
    case 0x26: return PropertyType::Pair;
    default: return PropertyType::Unknown;
  }
}

// One value; Wireshark shows most numbers as "Value", and a few with their own field.
bool decode_value(Reader& in, std::uint8_t id, PropertyFacts* facts) {
  switch (type_of(id)) {
    case PropertyType::Byte:
      return in.uint(id == 0x24 ? &hf::prop_max_qos : &hf::prop_number, 1);
    case PropertyType::TwoByte: {
      std::uint64_t v = 0;
      bool alias = id == 0x23;
      if (!in.uint(alias ? &hf::prop_topic_alias : &hf::prop_number, 2, v)) return false;
      if (alias && facts) {
        facts->has_topic_alias = true;
        facts->topic_alias = static_cast<std::uint32_t>(v);
      }
      return true;
    }
    case PropertyType::FourByte: return in.uint(&hf::prop_number, 4);
    case PropertyType::Varint: {
      std::uint32_t v = 0;
      return in.varint(&hf::prop_number, v);
    }
    case PropertyType::String:
    case PropertyType::Binary:
      // Wireshark shows the Content Type as one FT_UINT_STRING line, without "Length:".
      if (id == 0x03) return in.counted_string(&hf::prop_content_type);
      return in.length_prefixed(&hf::prop_string_len, &hf::prop_string);
    case PropertyType::Pair:
      return in.length_prefixed(&hf::prop_key_len, &hf::prop_key) &&
             in.length_prefixed(&hf::prop_value_len, &hf::prop_value);
    case PropertyType::Unknown: break;
  }
  return false;
}

}  // namespace

bool has_topic_alias(Bytes bytes) {
  Varint length = read_varint(bytes);
  if (length.status != VarintStatus::Complete) return false;
  if (length.value > bytes.size() - length.length) return false;
  Cursor in(bytes.first(length.length + std::size_t{length.value}), length.length);
  std::uint16_t alias = 0;
  while (!in.at_end()) {
    std::uint8_t id = *in.u8();
    std::size_t skip = 0;
    switch (type_of(id)) {
      case PropertyType::Byte: skip = 1; break;
      case PropertyType::TwoByte: {
        auto v = in.u16();
        if (!v) return false;
        if (id == 0x23) alias = *v;
        break;
      }
      case PropertyType::FourByte: skip = 4; break;
      case PropertyType::Varint: {
        Varint v = read_varint(in.rest());
        if (v.status != VarintStatus::Complete) return false;
        skip = v.length;
        break;
      }
      case PropertyType::String:
      case PropertyType::Binary: {
        auto n = in.u16();
        if (!n) return false;
        skip = *n;
        break;
      }
      case PropertyType::Pair: {
        auto key = in.u16();
        if (!key || !in.skip(*key)) return false;
        auto value = in.u16();
        if (!value) return false;
        skip = *value;
        break;
      }
      case PropertyType::Unknown: return false;
    }
    if (!in.skip(skip)) return false;
  }
  return alias != 0;
}

bool decode_properties(Context& ctx, field::FieldId heading, PropertyFacts* facts) {
  Reader& in = ctx.in;
  field::Tree& tree = in.tree();
  field::NodeIndex node = tree.add(heading, static_cast<std::uint32_t>(in.pos()), 0);
  field::Subtree sub(tree, node);
  std::uint32_t length = 0;
  if (!in.varint(&hf::property_len, length)) return false;
  std::size_t end = in.pos() + length;
  if (length > in.remaining()) {
    in.overrun();
    return false;
  }
  while (in.ok() && in.pos() < end) {
    std::uint64_t id = 0;
    if (!in.uint(&hf::property_id, 1, id)) return false;
    if (type_of(static_cast<std::uint8_t>(id)) == PropertyType::Unknown) {
      tree.add_note(&notes::property_unknown);
      return false;
    }
    if (!decode_value(in, static_cast<std::uint8_t>(id), facts)) return false;
  }
  if (in.pos() > end) {
    in.overrun();
    return false;
  }
  return true;
}

}  // namespace mqscope::mqtt::detail
