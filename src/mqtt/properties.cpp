// MQTT 5.0 properties (§2.2.2): a Variable Byte Integer length, then identifier/value pairs
// whose value type the identifier decides (Table 2-4). Each value is shown typed, under the
// property's own name; tshark's generic field for it is kept as a hidden node.
#include <fmt/format.h>

#include "mqscope/core/cursor.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/mqtt/fields_v5.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "mqscope/mqtt/properties.hpp"
#include "mqscope/mqtt/varint.hpp"
#include "reader.hpp"

namespace mqscope::mqtt::detail {

namespace {

using field::NodeIndex;

struct ListState {
  Context& ctx;
  PlaceSet where;
  std::uint64_t seen = 0;  // bit per identifier (all are below 64)
  PropertyFacts facts;
};

// The same bytes as tshark shows them (mqtt.prop_number, mqtt.prop_string), for filters and
// -T fields, not printed.
void add_generic(field::Tree& tree, const PropertyInfo& p, NodeIndex typed) {
  if (p.generic == nullptr) return;
  const field::Node& n = tree[typed];
  tree.set_flags(tree.add(p.generic, n.offset, n.length, n.value), field::kHidden);
}

// MQTT 5.0 §3.3.2.3.4: alias 0 is not an alias; an alias above the Topic Alias Maximum that the
// receiver announced is a Protocol Error (MQTT-3.3.2-9 client to server, -10 server to client).
void check_topic_alias(Reader& in, const Session& session, int direction, std::uint64_t alias) {
  if (alias == 0) {
    in.note_on(in.last(), &notes::topic_alias_invalid, "0 is not an alias");
    return;
  }
  const Announcement& receiver = session.announced[static_cast<std::size_t>(1 - (direction & 1))];
  if (receiver.seen && alias > receiver.topic_alias_maximum) {
    in.note_on(in.last(), &notes::topic_alias_invalid,
               fmt::format("maximum {}", receiver.topic_alias_maximum));
  }
}

void remember(ListState& s, std::uint8_t id, std::uint64_t v) {
  switch (id) {
    case 0x01: s.facts.utf8_payload = v == 1; break;
    case 0x22: s.facts.topic_alias_maximum = static_cast<std::uint16_t>(v); break;
    case 0x23: s.facts.topic_alias = static_cast<std::uint16_t>(v); break;
    case 0x27: s.facts.maximum_packet_size = static_cast<std::uint32_t>(v); break;
    default: break;
  }
}

bool decode_number(ListState& s, const PropertyInfo& p) {
  Reader& in = s.ctx.in;
  std::uint64_t v = 0;
  if (p.type == PropertyType::Varint) {
    std::uint32_t vi = 0;
    if (!in.varint(p.field, vi)) return false;
    v = vi;
  } else {
    std::size_t size = p.type == PropertyType::Byte ? 1 : p.type == PropertyType::TwoByte ? 2 : 4;
    if (!in.uint(p.field, size, v)) return false;
  }
  NodeIndex node = in.last();
  if (v < p.min || v > p.max) in.note_on(node, &notes::property_value_invalid);
  if (p.id == 0x23) check_topic_alias(in, s.ctx.session, s.ctx.direction, v);
  add_generic(in.tree(), p, node);
  remember(s, p.id, v);
  return true;
}

bool decode_text(ListState& s, const PropertyInfo& p) {
  Reader& in = s.ctx.in;
  // Wireshark shows the Content Type as one FT_UINT_STRING line, without "Length:".
  if (p.id == 0x03) return in.counted_string(&hf::prop_content_type);
  if (!in.length_prefixed(&hf::prop_string_len, p.field)) return false;
  add_generic(in.tree(), p, in.last());
  return true;
}

// §3.1.2.11.8: a UTF-8 string pair, shown as "key = value" above its four wire elements.
bool decode_pair(ListState& s, const PropertyInfo& p) {
  Reader& in = s.ctx.in;
  field::Tree& tree = in.tree();
  std::optional<std::uint16_t> key = in.peek_u16(0);
  std::optional<std::uint16_t> value = key ? in.peek_u16(2u + *key) : std::nullopt;
  std::size_t total = key && value ? 4u + *key + *value : 0;
  if (total == 0 || total > in.remaining()) {
    // Cut short: the elements alone, up to where the packet ends.
    return in.length_prefixed(&hf::prop_key_len, &hf::prop_key) &&
           in.length_prefixed(&hf::prop_value_len, &hf::prop_value);
  }
  Bytes bytes = s.ctx.packet.bytes.subspan(in.pos(), total);
  std::string pair = fmt::format("{} = {}", as_text(bytes.subspan(2, *key)),
                                 as_text(bytes.subspan(4u + *key)));
  NodeIndex head = tree.add_composed_text(p.field, static_cast<std::uint32_t>(in.pos()),
                                          static_cast<std::uint32_t>(total), pair);
  field::Subtree sub(tree, head);
  return in.length_prefixed(&hf::prop_key_len, &hf::prop_key) &&
         in.length_prefixed(&hf::prop_value_len, &hf::prop_value);
}

bool decode_value(ListState& s, const PropertyInfo& p) {
  switch (p.type) {
    case PropertyType::Byte:
    case PropertyType::TwoByte:
    case PropertyType::FourByte:
    case PropertyType::Varint: return decode_number(s, p);
    case PropertyType::String:
    case PropertyType::Binary: return decode_text(s, p);
    case PropertyType::Pair: return decode_pair(s, p);
  }
  return false;
}

// Table 2-4 and the sections of each packet: where a property may appear, and how often.
void check_place(ListState& s, const PropertyInfo& p) {
  Reader& in = s.ctx.in;
  std::uint64_t bit = std::uint64_t{1} << p.id;
  if (!(p.allowed & s.where)) {
    in.note_on(in.last(), &notes::property_not_allowed);
  } else if (p.id == 0x0b && s.where == place(PacketType::Publish) &&
             s.ctx.direction == kFromClient) {
    in.note_on(in.last(), &notes::property_not_allowed, "only a server's PUBLISH carries it");
  } else if ((s.seen & bit) && !(p.repeatable & s.where)) {
    in.note_on(in.last(), &notes::property_repeated);
  }
  s.seen |= bit;
}

}  // namespace

bool has_topic_alias(Bytes bytes) {
  Varint length = read_varint(bytes);
  if (length.status != VarintStatus::Complete) return false;
  if (length.value > bytes.size() - length.length) return false;
  Cursor in(bytes.first(length.length + std::size_t{length.value}), length.length);
  std::uint16_t alias = 0;
  while (!in.at_end()) {
    const PropertyInfo* p = find_property(*in.u8());
    if (p == nullptr) return false;
    std::size_t skip = 0;
    switch (p->type) {
      case PropertyType::Byte: skip = 1; break;
      case PropertyType::TwoByte: {
        auto v = in.u16();
        if (!v) return false;
        if (p->id == 0x23) alias = *v;
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
    }
    if (!in.skip(skip)) return false;
  }
  return alias != 0;
}

bool decode_properties(Context& ctx, field::FieldId heading, PropertyFacts* facts) {
  Reader& in = ctx.in;
  field::Tree& tree = in.tree();
  NodeIndex node = tree.add(heading, static_cast<std::uint32_t>(in.pos()), 0);
  field::Subtree sub(tree, node);
  std::uint32_t length = 0;
  if (!in.varint(&hf::property_len, length)) return false;
  std::size_t end = in.pos() + length;
  if (length > in.remaining()) {
    in.overrun();
    return false;
  }
  PlaceSet where = heading == &hf::will_properties ? kWillPlace
                                                  : place(static_cast<PacketType>(ctx.type));
  ListState s{ctx, where, 0, {}};
  std::size_t count = 0;
  while (in.ok() && in.pos() < end) {
    if (++count > ctx.session.max_properties) {
      tree.add_note(&notes::property_limit, fmt::format("{} properties", ctx.session.max_properties));
      in.skip_to(end);
      break;
    }
    std::uint64_t id = 0;
    if (!in.uint(&hf::property_id, 1, id)) return false;
    const PropertyInfo* p = find_property(static_cast<std::uint8_t>(id));
    if (p == nullptr) {
      tree.add_note(&notes::property_unknown);
      return false;
    }
    check_place(s, *p);
    if (!decode_value(s, *p)) return false;
  }
  if (in.pos() > end) {
    in.overrun();
    return false;
  }
  if (facts) *facts = s.facts;
  return true;
}

}  // namespace mqscope::mqtt::detail
