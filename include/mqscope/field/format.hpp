// Text for tree nodes, derived only from field descriptions: Wireshark's label rules
// ("Name: Text (value)", bit lines "1... .... = Fin: True", bitmask summaries) and the plain
// values `-T fields` prints.
#pragma once

#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "mqscope/field/tree.hpp"

namespace mqscope::field {

// The full label of a node as `-V` prints it (without indentation).
std::string format_label(const Tree& tree, NodeIndex index);
// The same, appended to `out` (no string of its own: -V formats every node).
void append_label(const Tree& tree, NodeIndex index, std::string& out);

// The value as `-T fields` prints it (tshark's conventions: decimal integers, 0x-prefixed hex
// for hex fields, 0/1 booleans, hex for bytes).
std::string format_field_value(const Tree& tree, const Node& node);

// "1... .... " style bit pattern for `value` under `mask`, `width` bits wide.
std::string bit_pattern(std::uint64_t value, std::uint64_t mask, unsigned width);

// Text escaped the way Wireshark shows strings (control characters as \xNN).
std::string escape_text(std::string_view text);
// The same, appended to `out`.
void append_escaped(std::string& out, std::string_view text);

// Text formatted into a buffer on the stack (the heap only beyond 256 characters), for the
// labels built for every frame: a std::string from fmt::format cost an allocation each.
using TextBuffer = fmt::basic_memory_buffer<char, 256>;

template <typename... Args>
TextBuffer format_text(fmt::format_string<Args...> format, Args&&... args) {
  TextBuffer text;
  fmt::format_to(std::back_inserter(text), format, std::forward<Args>(args)...);
  return text;
}

inline std::string_view view(const TextBuffer& text) { return {text.data(), text.size()}; }

}  // namespace mqscope::field
