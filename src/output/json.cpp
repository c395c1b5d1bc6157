#include "mqscope/output/json.hpp"

#include <map>
#include <vector>

#include <fmt/format.h>

#include "mqscope/field/format.hpp"

namespace mqscope::output {

namespace {

using field::Node;
using field::NodeIndex;
using field::Tree;
using field::Type;

// Members of one JSON object, in first-appearance order; repeated keys collect values.
class Members {
 public:
  void add(std::string key, std::string value) {
    auto [it, fresh] = index_.emplace(key, order_.size());
    if (fresh) order_.push_back({std::move(key), {}});
    order_[it->second].second.push_back(std::move(value));
  }
  void write(std::string& out) const {
    bool first = true;
    for (const auto& [key, values] : order_) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, key);
      out += ':';
      if (values.size() == 1) {
        out += values.front();
        continue;
      }
      out += '[';
      for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + values[i];
      out += ']';
    }
  }
  bool empty() const { return order_.empty(); }

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> order_;
  std::map<std::string, std::size_t> index_;
};

std::string quoted(std::string_view text) {
  std::string s;
  append_json_string(s, text);
  return s;
}

std::string key_of(const Node& node, const Tree& tree, const JsonStyle& style,
                   std::string_view layer) {
  std::string key = node.field ? std::string(node.field->abbrev) : std::string(tree.text(node));
  if (!style.flat) return key;
  for (char& c : key) {
    if (c == '.') c = '_';
  }
  return fmt::format("{}_{}", layer, key);
}

std::string note_object(const Tree& tree, const Node& note, const Node* owner) {
  std::string out = "{\"name\":" + quoted(note.note->name);
  out += ",\"severity\":" + quoted(severity_name(note.note->severity));
  out += ",\"group\":" + quoted(group_name(note.note->group));
  out += ",\"message\":" + quoted(note.note->message);
  if (!tree.text(note).empty()) out += ",\"detail\":" + quoted(tree.text(note));
  if (owner && owner->field) out += ",\"field\":" + quoted(owner->field->abbrev);
  return out + "}";
}

struct Builder {
  const Tree& tree;
  const JsonStyle& style;
  std::string_view layer;
  std::vector<std::string> notes;

  bool has_value(const Node& n) const {
    return n.field && n.field->type != Type::None && n.field->type != Type::Protocol;
  }

  // Adds the members for nodes [from, to) at `depth` to `into`.
  void members(NodeIndex from, NodeIndex to, unsigned depth, const Node* owner, Members& into) {
    for (NodeIndex i = from; i < to; i = tree.subtree_end(i)) {
      const Node& n = tree[i];
      if (n.depth != depth) continue;
      if (n.note) {
        notes.push_back(note_object(tree, n, owner));
        continue;
      }
      NodeIndex end = tree.subtree_end(i);
      std::string key = key_of(n, tree, style, layer);
      if (has_value(n)) {
        into.add(key, json_value(tree, n));
        if (style.raw_bytes && n.length > 0 && !(n.flags & field::kValueInText))
          into.add(key + "_raw", raw(n));
      }
      if (style.flat) {
        if (!has_value(n) && end == i + 1) into.add(key, "\"\"");
        members(i + 1, end, depth + 1u, &n, into);
        continue;
      }
      if (end == i + 1) {
        if (!has_value(n)) into.add(key, "\"\"");
        continue;
      }
      Members children;
      members(i + 1, end, depth + 1u, &n, children);
      std::string object = "{";
      children.write(object);
      object += "}";
      into.add(has_value(n) ? key + "_tree" : key, object);
    }
  }

  std::string raw(const Node& n) const {
    Bytes bytes = tree.source(n.source).subspan(
        std::min<std::size_t>(n.offset, tree.source(n.source).size()));
    bytes = bytes.first(std::min<std::size_t>(n.length, bytes.size()));
    return fmt::format("[\"{}\",{},{}]", to_hex(bytes), n.offset, n.length);
  }
};

}  // namespace

std::string json_value(const Tree& tree, const Node& node) {
  if (node.field == nullptr) return quoted(tree.text(node));
  switch (node.field->type) {
    case Type::None:
    case Type::Protocol: return "null";
    case Type::Boolean: return tree.uint_value(node) ? "true" : "false";
    case Type::String:
      return quoted(node.flags & field::kValueInText ? tree.text(node) : tree.string_value(node));
    case Type::RelTime: return field::format_field_value(tree, node);
    case Type::Bytes:
    case Type::Ether:
    case Type::IPv4:
    case Type::IPv6: return quoted(field::format_field_value(tree, node));
    default: return fmt::format("{}", tree.uint_value(node));
  }
}

void append_members(const Tree& tree, NodeIndex from, NodeIndex to, const JsonStyle& style,
                    std::string_view layer, std::string& out) {
  Builder builder{tree, style, layer, {}};
  Members members;
  unsigned depth = from < tree.size() ? tree[from].depth : 0;
  builder.members(from, to, depth, nullptr, members);
  if (!builder.notes.empty()) {
    std::string list = "[";
    for (std::size_t i = 0; i < builder.notes.size(); ++i) list += (i ? "," : "") + builder.notes[i];
    members.add(style.flat ? std::string(layer) + "_mqscope_notes" : "mqscope.notes", list + "]");
  }
  members.write(out);
}

}  // namespace mqscope::output
