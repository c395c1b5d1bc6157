#include "mqscope/field/format.hpp"

#include <arpa/inet.h>

#include <bit>
#include <utility>

#include <fmt/format.h>

namespace mqscope::field {

namespace {

constexpr std::size_t kMaxBytesShown = 36;  // Wireshark's label limit for byte fields

unsigned hex_digits(const FieldInfo& field) {
  if (field.bitmask != 0) {
    std::uint64_t shifted = field.bitmask >> std::countr_zero(field.bitmask);
    unsigned bits = static_cast<unsigned>(std::bit_width(shifted));
    return (bits + 3) / 4;
  }
  unsigned bits = type_bits(field.type);
  return bits == 0 ? 2 : bits / 4;
}

std::string format_number(const FieldInfo& field, std::uint64_t v) {
  switch (field.base) {
    case Base::Hex: return fmt::format("0x{:0{}x}", v, hex_digits(field));
    case Base::DecHex: return fmt::format("{} (0x{:0{}x})", v, v, hex_digits(field));
    case Base::HexDec: return fmt::format("0x{:0{}x} ({})", v, hex_digits(field), v);
    default: return fmt::format("{}", v);
  }
}

// Wireshark's unsigned_time_secs_to_str: "1 day, 2 hours, 3 minutes, 4 seconds".
std::string duration_text(std::uint64_t seconds) {
  static constexpr std::pair<std::uint64_t, const char*> kUnits[] = {
      {86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
  std::string out;
  for (auto [size, unit] : kUnits) {
    std::uint64_t n = seconds / size;
    seconds %= size;
    if (n == 0) continue;
    out += fmt::format("{}{} {}{}", out.empty() ? "" : ", ", n, unit, n == 1 ? "" : "s");
  }
  return out;
}

std::string format_seconds(const FieldInfo& field, std::uint64_t v) {
  std::string_view name = value_name(field, v);
  if (!name.empty()) return fmt::format("{} ({})", v, name);
  return v == 0 ? std::string("0") : fmt::format("{} ({})", v, duration_text(v));
}

std::string format_integer(const FieldInfo& field, std::uint64_t v) {
  if (field.base == Base::Seconds) return format_seconds(field, v);
  if (field.type == Type::Boolean) {
    const TrueFalse& tfs = field.tfs ? *field.tfs : kTrueFalse;
    return std::string(v ? tfs.true_text : tfs.false_text);
  }
  if (!field.values.empty()) {
    std::string_view name = value_name(field, v);
    std::string number = field.base == Base::Hex ? fmt::format("0x{:0{}x}", v, hex_digits(field))
                                                 : fmt::format("{}", v);
    return fmt::format("{} ({})", name.empty() ? std::string_view("Unknown") : name, number);
  }
  return format_number(field, v);
}

std::string format_address(const Node& node, Bytes bytes) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (node.field->type == Type::IPv4 && bytes.size() == 4) {
    inet_ntop(AF_INET, bytes.data(), buf, sizeof buf);
    return buf;
  }
  if (node.field->type == Type::IPv6 && bytes.size() == 16) {
    inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
    return buf;
  }
  if (node.field->type == Type::Ether && bytes.size() == 6) {
    return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", bytes[0], bytes[1], bytes[2],
                       bytes[3], bytes[4], bytes[5]);
  }
  return to_hex(bytes);
}

std::string format_display_value(const Tree& tree, const Node& node) {
  const FieldInfo& field = *node.field;
  switch (field.type) {
    case Type::String: return escape_text(tree.string_value(node));
    case Type::Bytes: {
      Bytes bytes = tree.bytes_value(node);
      return bytes.empty() ? std::string("<MISSING>") : to_hex_abbrev(bytes, kMaxBytesShown);
    }
    case Type::Ether:
    case Type::IPv4:
    case Type::IPv6: return format_address(node, tree.bytes_value(node));
    case Type::RelTime:
      return fmt::format("{}.{:09} seconds", node.value / 1'000'000'000,
                         node.value % 1'000'000'000);
    default: return format_integer(field, tree.uint_value(node));
  }
}

// Wireshark's proto_tree_add_bitmask: append each masked child's value to the parent's label;
// booleans only by name and only when set, integers only when they have value names.
void append_bitmask_summary(const Tree& tree, NodeIndex index, std::string& label) {
  const Node& parent = tree[index];
  NodeIndex end = tree.subtree_end(index);
  for (NodeIndex i = index + 1; i < end; ++i) {
    const Node& child = tree[i];
    if (child.depth != parent.depth + 1 || child.field == nullptr) continue;
    const FieldInfo& field = *child.field;
    if (field.bitmask == 0) continue;
    std::uint64_t v = tree.uint_value(child);
    if (field.type == Type::Boolean) {
      if (v) label += fmt::format(", {}", field.name);
    } else if (!field.values.empty()) {
      std::string_view name = value_name(field, v);
      label += fmt::format(", {}: {}", field.name, name.empty() ? "Unknown" : name);
    }
  }
}

std::string format_note(const Tree& tree, const Node& node) {
  const NoteInfo& note = *node.note;
  std::string_view detail = tree.text(node);
  return fmt::format("[Expert Info ({}/{}): {}{}{} ({})]", severity_name(note.severity),
                     group_name(note.group), note.message, detail.empty() ? "" : ": ", detail,
                     note.name);
}

}  // namespace

std::string bit_pattern(std::uint64_t value, std::uint64_t mask, unsigned width) {
  std::string out;
  for (unsigned i = 0; i < width; ++i) {
    unsigned bit = width - 1 - i;
    if (i != 0 && i % 4 == 0) out += ' ';
    std::uint64_t m = std::uint64_t{1} << bit;
    out += (mask & m) ? ((value & m) ? '1' : '0') : '.';
  }
  return out;
}

std::string escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      switch (c) {
        case '\r': out += "\\r"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        default: fmt::format_to(std::back_inserter(out), "\\x{:02x}", u);
      }
    } else {
      out += c;
    }
  }
}

std::string format_label(const Tree& tree, NodeIndex index) {
  const Node& node = tree[index];
  std::string label;
  if (node.note != nullptr) return format_note(tree, node);
  if (node.flags & kTextLabel) {
    label = std::string(tree.text(node));
  } else if (node.field != nullptr) {
    const FieldInfo& field = *node.field;
    if (field.bitmask != 0) {
      unsigned width = field.bit_width ? field.bit_width : type_bits(field.type);
      label = bit_pattern(node.value, field.bitmask, width) + " = ";
    }
    label += field.name;
    if (field.type != Type::None && field.type != Type::Protocol) {
      label += ": ";
      label += (node.flags & kValueInText) && field.type == Type::String
                   ? escape_text(tree.text(node))
                   : format_display_value(tree, node);
    }
    if (node.flags & kAppendText) label += tree.text(node);
    if (node.flags & kBitmaskSummary) append_bitmask_summary(tree, index, label);
  }
  if (node.flags & kGenerated) label = "[" + label + "]";
  return label;
}

std::string format_field_value(const Tree& tree, const Node& node) {
  if (node.field == nullptr) return std::string(tree.text(node));
  const FieldInfo& field = *node.field;
  switch (field.type) {
    case Type::None:
    case Type::Protocol: return std::string(field.abbrev);
    case Type::String: return escape_text(tree.string_value(node));
    case Type::Bytes: return to_hex(tree.bytes_value(node));
    case Type::Ether:
    case Type::IPv4:
    case Type::IPv6: return format_address(node, tree.bytes_value(node));
    case Type::RelTime:
      return fmt::format("{}.{:09}", node.value / 1'000'000'000, node.value % 1'000'000'000);
    case Type::Boolean: return tree.uint_value(node) ? "1" : "0";
    default: {
      std::uint64_t v = tree.uint_value(node);
      if (field.base == Base::Hex || field.base == Base::HexDec)
        return fmt::format("0x{:0{}x}", v, hex_digits(field));
      return fmt::format("{}", v);
    }
  }
}

}  // namespace mqscope::field
