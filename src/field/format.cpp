#include "mqscope/field/format.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <utility>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "mqscope/core/address.hpp"
#include "mqscope/core/bare_format.hpp"
#include "mqscope/core/swar.hpp"
#include "mqscope/core/text_buffer.hpp"
#include "mqscope/core/timestamp.hpp"
#include "mqscope/core/vec16.hpp"

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
// formats are parsed when compiling; those of bare fields are written in place (append_format).
#define MQSCOPE_APPEND(out, format, ...) append_format(out, FMT_COMPILE(format), __VA_ARGS__)

// A decimal number, the most common value of all.
template <class Out>
void append_decimal(Out& out, std::uint64_t v) {
  append_in_place(out, 20, [v](char* at) { return std::to_chars(at, at + 20, v).ptr; });
}

// "0x" and at least the field's width in hex digits (fmt's "0x{:0{}x}", written by hand: -V
// shows one for most header fields of every frame).
template <class Out>
void append_hex_number(Out& out, const FieldInfo& field, std::uint64_t v) {
  unsigned width = std::min(hex_digits(field), 16u);
  auto used = static_cast<unsigned>((std::bit_width(v) + 3) / 4);
  unsigned digits = std::max({width, used, 1u});
  append_in_place(out, 2 + 16, [digits, v](char* text) mutable {
    text[0] = '0';
    text[1] = 'x';
    for (unsigned i = digits; i > 0; --i, v >>= 4) text[1 + i] = "0123456789abcdef"[v & 0xf];
    return text + 2 + digits;
  });
}

template <class Out>
void append_number(Out& out, const FieldInfo& field, std::uint64_t v) {
  switch (field.base) {
    case Base::Hex: append_hex_number(out, field, v); return;
    case Base::DecHex:
      append_decimal(out, v);
      out.append(" (", 2);
      append_hex_number(out, field, v);
      out += ')';
      return;
    case Base::HexDec:
      append_hex_number(out, field, v);
      out.append(" (", 2);
      append_decimal(out, v);
      out += ')';
      return;
    default:
      append_decimal(out, v);
      return;
  }
}

// Wireshark's unsigned_time_secs_to_str: "1 day, 2 hours, 3 minutes, 4 seconds".
template <class Out>
void append_duration(Out& out, std::uint64_t seconds) {
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

template <class Out>
void append_seconds(Out& out, const FieldInfo& field, std::uint64_t v) {
  std::string_view name = value_name(field, v);
  if (!name.empty()) {
    MQSCOPE_APPEND(out, "{} ({})", v, name);
  } else if (v == 0) {
    out += '0';
  } else {
    append_decimal(out, v);
    out.append(" (", 2);
    append_duration(out, v);
    out += ')';
  }
}

template <class Out>
void append_integer(Out& out, const FieldInfo& field, std::uint64_t v) {
  if (field.base == Base::Seconds) return append_seconds(out, field, v);
  if (field.type == Type::Boolean) {
    const TrueFalse& tfs = field.tfs ? *field.tfs : kTrueFalse;
    out += v ? tfs.true_text : tfs.false_text;
    return;
  }
  if (!field.values.empty()) {
    std::string_view name = value_name(field, v);
    out += name.empty() ? std::string_view("Unknown") : name;
    out.append(" (", 2);
    if (field.base == Base::Hex) append_hex_number(out, field, v);
    else
      append_decimal(out, v);
    out += ')';
    return;
  }
  append_number(out, field, v);
}

template <class Out>
void append_address(Out& out, const Node& node, Bytes bytes) {
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

template <class Out>
void append_display_value(Out& out, const Tree& tree, const Node& node) {
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
    case Type::RelTime:  // three per frame in -V: by hand, not through a format with a width
      append_in_place(out, kSecondsTextMax, [&](char* at) { return write_seconds(at, node.value); });
      out += " seconds";
      return;
    default: append_integer(out, field, tree.uint_value(node)); return;
  }
}

// Wireshark's proto_tree_add_bitmask: append each masked child's value to the parent's label;
// booleans only by name and only when set, integers only when they have value names.
template <class Out>
void append_bitmask_summary(const Tree& tree, NodeIndex index, Out& label) {
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

template <class Out>
void append_note(Out& out, const Tree& tree, const Node& node) {
  const NoteInfo& note = *node.note;
  std::string_view detail = tree.text(node);
  MQSCOPE_APPEND(out, "[Expert Info ({}/{}): {}{}{} ({})]", severity_name(note.severity),
                 group_name(note.group), note.message, detail.empty() ? "" : ": ", detail,
                 note.name);
}

// The four characters of one nibble of a bit line, for each (mask, value) nibble pair: a bit
// outside the mask is '.', inside it '0' or '1'.
struct NibbleTexts {
  char text[256][4];
};

constexpr NibbleTexts make_nibble_texts() {
  NibbleTexts t{};
  for (unsigned mask = 0; mask < 16; ++mask) {
    for (unsigned value = 0; value < 16; ++value) {
      for (unsigned i = 0; i < 4; ++i) {
        unsigned bit = 8u >> i;
        t.text[mask << 4 | value][i] = (mask & bit) ? ((value & bit) ? '1' : '0') : '.';
      }
    }
  }
  return t;
}

constexpr NibbleTexts kNibbleTexts = make_nibble_texts();

// "..1. 0..." for the bits of `mask` in `value`, most significant first, a space every four
// (counted from the left). A nibble at a time, built in a local buffer and appended once: -V
// writes one for every flag line.
template <class Out>
void append_bit_pattern(Out& out, std::uint64_t value, std::uint64_t mask, unsigned width) {
  width = width > 64 ? 64 : width;
  append_in_place(out, 64 + 16, [value, mask, width](char* text) {
    std::size_t n = 0;
    for (unsigned start = 0; start < width; start += 4) {
      unsigned take = std::min(4u, width - start);
      unsigned low = width - start - take;  // the group's lowest bit
      unsigned group = (1u << take) - 1;
      auto m = static_cast<unsigned>((mask >> low) & group) << (4 - take);
      auto v = static_cast<unsigned>((value >> low) & group) << (4 - take);
      if (start != 0) text[n++] = ' ';
      std::memcpy(text + n, kNibbleTexts.text[m << 4 | v], 4);
      n += take;
    }
    return text + n;
  });
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

// Runs of printable bytes are appended whole: most text needs no escape at all. Eight bytes
// are passed over at a time when none is below 0x20 or 0x7f (as yes-or-no questions the word
// tests are exact for any bytes; bytes from 0x80 up, UTF-8, are never escaped).
template <class Out>
void append_escaped(Out& out, std::string_view text) {
  std::size_t run = 0;
  auto take = [&](std::size_t i) {
    auto u = static_cast<unsigned char>(text[i]);
    if (u >= 0x20 && u != 0x7f) return;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (u) {
      case '\r': out += "\\r"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: fmt::format_to(std::back_inserter(out), "\\x{:02x}", u);
    }
  };
  std::size_t i = 0;
  for (; i + 16 <= text.size(); i += 16) {
    if (!vec16::any_control(vec16::load(text.data() + i))) continue;
    for (std::size_t j = i; j < i + 16; ++j) take(j);
  }
  auto plain_word = [&](std::size_t at) {
    std::uint64_t word = swar::load(text.data() + at);
    return !swar::has_byte_below(word, 0x20) && !swar::has_byte(word, 0x7f);
  };
  for (; i + 8 <= text.size(); i += 8) {
    if (plain_word(i)) continue;
    for (std::size_t j = i; j < i + 8; ++j) take(j);
  }
  // The last few bytes (the end of most topics): one word that overlaps bytes already judged
  // says whether they need looking at one by one.
  if (i < text.size() && text.size() >= 8 && plain_word(text.size() - 8)) i = text.size();
  for (; i < text.size(); ++i) take(i);
  out.append(text.data() + run, text.size() - run);
}

std::string format_label(const Tree& tree, NodeIndex index) {
  std::string label;
  append_label(tree, index, label);
  return label;
}

template <class Out>
void append_label(const Tree& tree, NodeIndex index, Out& out) {
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
      out.append(" = ", 3);
    }
    out += field.name;
    if (field.type != Type::None && field.type != Type::Protocol) {
      out.append(": ", 2);
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
  std::string out;
  append_field_value(out, tree, node);
  return out;
}

template <class Out>
void append_field_value(Out& out, const Tree& tree, const Node& node) {
  if (node.field == nullptr) {
    out += tree.text(node);
    return;
  }
  const FieldInfo& field = *node.field;
  switch (field.type) {
    case Type::None:
    case Type::Protocol: out += field.abbrev; return;
    case Type::String: append_escaped(out, tree.string_value(node)); return;
    case Type::Bytes: append_hex(out, tree.bytes_value(node)); return;
    case Type::Ether:
    case Type::IPv4:
    case Type::IPv6: append_address(out, node, tree.bytes_value(node)); return;
    case Type::RelTime:
      append_in_place(out, kSecondsTextMax, [&](char* at) { return write_seconds(at, node.value); });
      return;
    case Type::Boolean: out += tree.uint_value(node) ? '1' : '0'; return;
    default: {
      std::uint64_t v = tree.uint_value(node);
      if (field.base == Base::Hex || field.base == Base::HexDec) append_hex_number(out, field, v);
      else
        append_decimal(out, v);
    }
  }
}

#undef MQSCOPE_APPEND

template void append_label(const Tree&, NodeIndex, std::string&);
template void append_label(const Tree&, NodeIndex, TextBuffer&);
template void append_field_value(std::string&, const Tree&, const Node&);
template void append_field_value(TextBuffer&, const Tree&, const Node&);
template void append_escaped(std::string&, std::string_view);
template void append_escaped(TextBuffer&, std::string_view);

}  // namespace mqscope::field
