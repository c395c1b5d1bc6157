#include "mqscope/field/format.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <bit>
#include <utility>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "mqscope/core/address.hpp"

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

// Labels are appended to the caller's line: -V formats every node of every frame, and a
// string per value plus fmt's runtime format parsing were most of its time. FMT_COMPILE
// formats are parsed when compiling.
#define MQSCOPE_APPEND(out, format, ...) \
  fmt::format_to(std::back_inserter(out), FMT_COMPILE(format), __VA_ARGS__)

void append_hex_number(std::string& out, const FieldInfo& field, std::uint64_t v) {
  MQSCOPE_APPEND(out, "0x{:0{}x}", v, hex_digits(field));
}

void append_number(std::string& out, const FieldInfo& field, std::uint64_t v) {
  switch (field.base) {
    case Base::Hex: append_hex_number(out, field, v); return;
    case Base::DecHex:
      MQSCOPE_APPEND(out, "{} (", v);
      append_hex_number(out, field, v);
      out += ')';
      return;
    case Base::HexDec:
      append_hex_number(out, field, v);
      MQSCOPE_APPEND(out, " ({})", v);
      return;
    default: MQSCOPE_APPEND(out, "{}", v); return;
  }
}

// Wireshark's unsigned_time_secs_to_str: "1 day, 2 hours, 3 minutes, 4 seconds".
void append_duration(std::string& out, std::uint64_t seconds) {
  static constexpr std::pair<std::uint64_t, const char*> kUnits[] = {
      {86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
  bool first = true;
  for (auto [size, unit] : kUnits) {
    std::uint64_t n = seconds / size;
    seconds %= size;
    if (n == 0) continue;
    MQSCOPE_APPEND(out, "{}{} {}{}", first ? "" : ", ", n, unit, n == 1 ? "" : "s");
    first = false;
  }
}

void append_seconds(std::string& out, const FieldInfo& field, std::uint64_t v) {
  std::string_view name = value_name(field, v);
  if (!name.empty()) {
    MQSCOPE_APPEND(out, "{} ({})", v, name);
  } else if (v == 0) {
    out += '0';
  } else {
    MQSCOPE_APPEND(out, "{} (", v);
    append_duration(out, v);
    out += ')';
  }
}

void append_integer(std::string& out, const FieldInfo& field, std::uint64_t v) {
  if (field.base == Base::Seconds) return append_seconds(out, field, v);
  if (field.type == Type::Boolean) {
    const TrueFalse& tfs = field.tfs ? *field.tfs : kTrueFalse;
    out += v ? tfs.true_text : tfs.false_text;
    return;
  }
  if (!field.values.empty()) {
    std::string_view name = value_name(field, v);
    out += name.empty() ? std::string_view("Unknown") : name;
    out += " (";
    if (field.base == Base::Hex) append_hex_number(out, field, v);
    else MQSCOPE_APPEND(out, "{}", v);
    out += ')';
    return;
  }
  append_number(out, field, v);
}

void append_address(std::string& out, const Node& node, Bytes bytes) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (node.field->type == Type::IPv4 && bytes.size() == 4) {
    append_ipv4(out, bytes);
  } else if (node.field->type == Type::IPv6 && bytes.size() == 16) {
    inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
    out += buf;
  } else if (node.field->type == Type::Ether && bytes.size() == 6) {
    append_hex(out, bytes, ':');
  } else {
    append_hex(out, bytes);
  }
}

void append_display_value(std::string& out, const Tree& tree, const Node& node) {
  const FieldInfo& field = *node.field;
  switch (field.type) {
    case Type::String: append_escaped(out, tree.string_value(node)); return;
    case Type::Bytes: {
      Bytes bytes = tree.bytes_value(node);
      if (bytes.empty()) {
        out += "<MISSING>";
        return;
      }
      append_hex(out, bytes.first(std::min(bytes.size(), kMaxBytesShown)));
      if (bytes.size() > kMaxBytesShown) out += "\u2026";
      return;
    }
    case Type::Ether:
    case Type::IPv4:
    case Type::IPv6: append_address(out, node, tree.bytes_value(node)); return;
    case Type::RelTime:
      MQSCOPE_APPEND(out, "{}.{:09} seconds", node.value / 1'000'000'000,
                     node.value % 1'000'000'000);
      return;
    default: append_integer(out, field, tree.uint_value(node)); return;
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
      if (v) MQSCOPE_APPEND(label, ", {}", field.name);
    } else if (!field.values.empty()) {
      std::string_view name = value_name(field, v);
      MQSCOPE_APPEND(label, ", {}: {}", field.name, name.empty() ? "Unknown" : name);
    }
  }
}

void append_note(std::string& out, const Tree& tree, const Node& node) {
  const NoteInfo& note = *node.note;
  std::string_view detail = tree.text(node);
  MQSCOPE_APPEND(out, "[Expert Info ({}/{}): {}{}{} ({})]", severity_name(note.severity),
                 group_name(note.group), note.message, detail.empty() ? "" : ": ", detail,
                 note.name);
}

// "..1. 0..." for the bits of `mask` in `value`, most significant first, a space every four.
// Built in a local buffer and appended once: -V writes one for every flag line.
void append_bit_pattern(std::string& out, std::uint64_t value, std::uint64_t mask,
                        unsigned width) {
  char text[64 + 16];
  std::size_t n = 0;
  width = width > 64 ? 64 : width;
  for (unsigned i = 0; i < width; ++i) {
    unsigned bit = width - 1 - i;
    if (i != 0 && i % 4 == 0) text[n++] = ' ';
    std::uint64_t m = std::uint64_t{1} << bit;
    text[n++] = (mask & m) ? ((value & m) ? '1' : '0') : '.';
  }
  out.append(text, n);
}

}  // namespace

std::string bit_pattern(std::uint64_t value, std::uint64_t mask, unsigned width) {
  std::string out;
  append_bit_pattern(out, value, mask, width);
  return out;
}

std::string escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

// Runs of printable bytes are appended whole: most text needs no escape at all.
void append_escaped(std::string& out, std::string_view text) {
  auto needs_escape = [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  };
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (!needs_escape(c)) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '\r': out += "\\r"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: fmt::format_to(std::back_inserter(out), "\\x{:02x}", static_cast<unsigned char>(c));
    }
  }
  out.append(text.data() + run, text.size() - run);
}

std::string format_label(const Tree& tree, NodeIndex index) {
  std::string label;
  append_label(tree, index, label);
  return label;
}

void append_label(const Tree& tree, NodeIndex index, std::string& out) {
  const Node& node = tree[index];
  if (node.note != nullptr) return append_note(out, tree, node);
  if (node.flags & kGenerated) out += '[';
  if (node.flags & kTextLabel) {
    out += tree.text(node);
  } else if (node.field != nullptr) {
    const FieldInfo& field = *node.field;
    if (field.bitmask != 0) {
      unsigned width = field.bit_width ? field.bit_width : type_bits(field.type);
      append_bit_pattern(out, node.value, field.bitmask, width);
      out += " = ";
    }
    out += field.name;
    if (field.type != Type::None && field.type != Type::Protocol) {
      out += ": ";
      if ((node.flags & kValueInText) && field.type == Type::String)
        append_escaped(out, tree.text(node));
      else
        append_display_value(out, tree, node);
    }
    if (node.flags & kAppendText) out += tree.text(node);
    if (node.flags & kBitmaskSummary) append_bitmask_summary(tree, index, out);
  }
  if (node.flags & kGenerated) out += ']';
}

std::string format_field_value(const Tree& tree, const Node& node) {
  if (node.field == nullptr) return std::string(tree.text(node));
  const FieldInfo& field = *node.field;
  std::string out;
  switch (field.type) {
    case Type::None:
    case Type::Protocol: return std::string(field.abbrev);
    case Type::String: append_escaped(out, tree.string_value(node)); break;
    case Type::Bytes: append_hex(out, tree.bytes_value(node)); break;
    case Type::Ether:
    case Type::IPv4:
    case Type::IPv6: append_address(out, node, tree.bytes_value(node)); break;
    case Type::RelTime:
      MQSCOPE_APPEND(out, "{}.{:09}", node.value / 1'000'000'000, node.value % 1'000'000'000);
      break;
    case Type::Boolean: return tree.uint_value(node) ? "1" : "0";
    default: {
      std::uint64_t v = tree.uint_value(node);
      if (field.base == Base::Hex || field.base == Base::HexDec) append_hex_number(out, field, v);
      else MQSCOPE_APPEND(out, "{}", v);
    }
  }
  return out;
}

#undef MQSCOPE_APPEND

}  // namespace mqscope::field
