// JSON values of tree nodes, and the notes of a tree as JSON objects.
#include <charconv>
#include <string>
#include <vector>

#include "json_members.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/output/json.hpp"

namespace mqscope::output {

using field::Node;
using field::Tree;
using field::Type;

namespace {

std::string quoted(std::string_view text) {
  std::string s;
  append_json_string(s, text);
  return s;
}

}  // namespace

namespace detail {

void append_json_notes(const std::vector<std::string>& notes, TextBuffer& out) {
  out += '[';
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (i) out += ',';
    out += notes[i];
  }
  out += ']';
}

std::string json_note_object(const Tree& tree, const Node& note, const Node* owner) {
  std::string out = "{\"name\":" + quoted(note.note->name);
  out += ",\"severity\":" + quoted(severity_name(note.note->severity));
  out += ",\"group\":" + quoted(group_name(note.note->group));
  out += ",\"message\":" + quoted(note.note->message);
  if (!tree.text(note).empty()) out += ",\"detail\":" + quoted(tree.text(note));
  if (owner && owner->field) out += ",\"field\":" + quoted(owner->field->abbrev);
  return out + "}";
}

}  // namespace detail

template <class Out>
void append_json_value(const Tree& tree, const Node& node, Out& out) {
  if (node.field == nullptr) return append_json_string(out, tree.text(node));
  switch (node.field->type) {
    case Type::None:
    case Type::Protocol: out += "null"; return;
    case Type::Boolean: out += tree.uint_value(node) ? "true" : "false"; return;
    case Type::String:
      append_json_string(
          out, node.flags & field::kValueInText ? tree.text(node) : tree.string_value(node));
      return;
    case Type::RelTime: field::append_field_value(out, tree, node); return;
    // Hex digits, dotted quads, IPv6 and MAC text need no JSON escape: written in place
    // (payloads are most of a JSON output's bytes).
    case Type::Bytes:
    case Type::Ether:
    case Type::IPv4:
    case Type::IPv6:
      out += '"';
      field::append_field_value(out, tree, node);
      out += '"';
      return;
    default: {
      // Digits written in place: through fmt, integers were a tenth of a JSON run.
      std::uint64_t v = tree.uint_value(node);
      append_in_place(out, 20, [v](char* at) { return std::to_chars(at, at + 20, v).ptr; });
    }
  }
}

template void append_json_value(const Tree&, const Node&, std::string&);
template void append_json_value(const Tree&, const Node&, TextBuffer&);

std::string json_value(const Tree& tree, const Node& node) {
  std::string out;
  append_json_value(tree, node, out);
  return out;
}

}  // namespace mqscope::output
