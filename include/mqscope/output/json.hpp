// Trees as JSON: keys are the fields' Wireshark abbreviations, values are typed (numbers,
// booleans, strings; bytes as hex), a node's children sit under "<abbrev>_tree" (tshark's
// layout), several occurrences of one key become an array, and notes are collected in
// "mqscope.notes". The flat variant (for -T ek) joins every level into one object with
// tshark's ek key style ("mqtt_mqtt_topic").
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "mqscope/core/json_text.hpp"
#include "mqscope/field/tree.hpp"

namespace mqscope::output {

struct JsonStyle {
  bool flat = false;       // -T ek: no nesting, keys "<layer>_<abbrev with _ for .>"
  bool raw_bytes = false;  // with -x: "<abbrev>_raw": ["hex", offset, length]
};

// The JSON value of one node (number, boolean, string or null).
std::string json_value(const field::Tree& tree, const field::Node& node);
// The same, appended to `out`.
// `Out` is std::string or TextBuffer.
template <class Out>
void append_json_value(const field::Tree& tree, const field::Node& node, Out& out);
extern template void append_json_value(const field::Tree&, const field::Node&, std::string&);
extern template void append_json_value(const field::Tree&, const field::Node&, TextBuffer&);

// Appends the members (without braces) describing the children of `parent`, or of the
// top-level nodes in [from, to) when `parent` is kNoNode, separated by commas. `layer` is the
// key prefix of the flat style. `extra` is prepended as already-formatted members.
void append_members(const field::Tree& tree, field::NodeIndex from, field::NodeIndex to,
                    const JsonStyle& style, std::string_view layer, std::string& out);

// The same, keeping its working storage from one call to the next (an output writes the
// members of several trees per frame).
class JsonMembers {
 public:
  JsonMembers();
  ~JsonMembers();
  JsonMembers(const JsonMembers&) = delete;
  JsonMembers& operator=(const JsonMembers&) = delete;
  void append(const field::Tree& tree, field::NodeIndex from, field::NodeIndex to,
              const JsonStyle& style, std::string_view layer, TextBuffer& out);

  struct Scratch;  // defined where it is used

 private:
  std::unique_ptr<Scratch> scratch_;
};

}  // namespace mqscope::output
