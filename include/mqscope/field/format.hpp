// Text for tree nodes, derived only from field descriptions: Wireshark's label rules
// ("Name: Text (value)", bit lines "1... .... = Fin: True", bitmask summaries) and the plain
// values `-T fields` prints.
#pragma once

#include <iterator>
#include <string>
#include <string_view>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "mqscope/core/bare_format.hpp"
#include "mqscope/core/text_buffer.hpp"
#include "mqscope/field/tree.hpp"

namespace mqscope::field {

// The full label of a node as `-V` prints it (without indentation).
std::string format_label(const Tree& tree, NodeIndex index);
// The same, appended to `out` (no string of its own: -V formats every node).
// `Out` is std::string or TextBuffer, here and below.
template <class Out>
void append_label(const Tree& tree, NodeIndex index, Out& out);
extern template void append_label(const Tree&, NodeIndex, std::string&);
extern template void append_label(const Tree&, NodeIndex, TextBuffer&);

// Whether append_label's text for this node follows from its field, its raw value and its
// flags alone: an integer, boolean or frame number without a note, text of its own or a
// bitmask summary (which reads its children). Keep in step with append_label: anything else it
// reads (texts, bytes, children, the note) rules a node out.
inline bool label_follows_from_value(const Node& node) {
  constexpr std::uint8_t kReadsMore = kTextLabel | kAppendText | kValueInText | kBitmaskSummary;
  if (node.field == nullptr || node.note != nullptr || (node.flags & kReadsMore) != 0) return false;
  switch (node.field->type) {
    case Type::Boolean:
    case Type::UInt8:
    case Type::UInt16:
    case Type::UInt24:
    case Type::UInt32:
    case Type::UInt64:
    case Type::FrameNum: return true;
    default: return false;
  }
}

// The value as `-T fields` prints it (tshark's conventions: decimal integers, 0x-prefixed hex
// for hex fields, 0/1 booleans, hex for bytes).
std::string format_field_value(const Tree& tree, const Node& node);
// The same, appended to `out`.
template <class Out>
void append_field_value(Out& out, const Tree& tree, const Node& node);
extern template void append_field_value(std::string&, const Tree&, const Node&);
extern template void append_field_value(TextBuffer&, const Tree&, const Node&);

// "1... .... " style bit pattern for `value` under `mask`, `width` bits wide.
std::string bit_pattern(std::uint64_t value, std::uint64_t mask, unsigned width);

// Text escaped the way Wireshark shows strings (control characters as \xNN).
std::string escape_text(std::string_view text);
// The same, appended to `out`.
template <class Out>
void append_escaped(Out& out, std::string_view text);
extern template void append_escaped(std::string&, std::string_view);
extern template void append_escaped(TextBuffer&, std::string_view);

// Appends formatted text to a node's text, in place (append_format: fmt's text, written
// straight into the tree's text when its fields are bare). With FMT_COMPILE formats: the frame,
// IP and TCP labels of every frame of -V and JSON are made this way.
// No argument may point into this tree's texts (see Tree::append_text_by).
template <typename Format, typename... Args>
void append_formatted(Tree& tree, NodeIndex node, const Format& format, const Args&... args) {
  tree.append_text_by(node, [&](TextBuffer& out) { append_format(out, format, args...); });
}

}  // namespace mqscope::field
