#include "mqscope/output/json.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <vector>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "mqscope/field/format.hpp"

namespace mqscope::output {

namespace {

using field::Node;
using field::NodeIndex;
using field::Tree;
using field::Type;

// Members of one JSON object, in first-appearance order; repeated keys collect values. Keys
// and values live in one text buffer and keys are found by hash and a linear scan: objects
// have a few dozen members, and a map of strings cost an allocation per member.
class Members {
 public:
  void clear() {
    text_.clear();
    members_.clear();
    values_.clear();
  }
  // `plain_key`: the key needs no JSON escape (a field abbreviation, checked for every
  // registered field by a test); other keys, such as a text line's, are escaped when written.
  void add(std::string_view key, std::string_view value, bool plain_key) {
    std::uint32_t hash = hash_of(key);
    Member* member = nullptr;
    for (Member& m : members_) {
      if (m.hash == hash && key_of(m) == key) {
        member = &m;
        break;
      }
    }
    auto value_index = static_cast<std::uint32_t>(values_.size());
    values_.push_back({store(value), static_cast<std::uint32_t>(value.size()), kNone});
    if (member == nullptr) {
      members_.push_back({hash, store(key), static_cast<std::uint32_t>(key.size()), value_index,
                          value_index, 1, plain_key});
      return;
    }
    values_[member->last].next = value_index;
    member->last = value_index;
    ++member->count;
  }
  void write(std::string& out) const {
    bool first = true;
    for (const Member& m : members_) {
      if (!first) out += ',';
      first = false;
      if (m.plain_key) {
        out += '"';
        out += key_of(m);
        out += "\":";
      } else {
        append_json_string(out, key_of(m));
        out += ':';
      }
      if (m.count > 1) out += '[';
      for (std::uint32_t v = m.first; v != kNone; v = values_[v].next) {
        if (v != m.first) out += ',';
        out.append(text_, values_[v].begin, values_[v].size);
      }
      if (m.count > 1) out += ']';
    }
  }
  bool empty() const { return members_.empty(); }

 private:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  struct Member {
    std::uint32_t hash, key_begin, key_size, first, last, count;
    bool plain_key;
  };
  struct Value {
    std::uint32_t begin, size, next;
  };
  // Only tells keys apart before they are compared: the length and the first and last eight
  // bytes (field abbreviations differ at their ends: "tcp.flags.syn", "tcp.flags.fin").
  // Hashing every byte was a twentieth of a JSON run.
  static std::uint32_t hash_of(std::string_view key) {
    std::uint64_t head = 0;
    std::uint64_t tail = 0;
    std::size_t n = key.size();
    std::memcpy(&head, key.data(), std::min<std::size_t>(n, 8));
    if (n > 8) {
      std::size_t at = n > 16 ? n - 8 : 8;
      std::memcpy(&tail, key.data() + at, std::min<std::size_t>(n - 8, 8));
    }
    std::uint64_t h = (head * 0x9e3779b97f4a7c15ull) ^ (tail * 0xc2b2ae3d27d4eb4full) ^ n;
    return static_cast<std::uint32_t>(h ^ (h >> 32));
  }
  std::string_view key_of(const Member& m) const {
    return std::string_view(text_).substr(m.key_begin, m.key_size);
  }
  std::uint32_t store(std::string_view text) {
    auto begin = static_cast<std::uint32_t>(text_.size());
    text_.append(text);
    return begin;
  }
  std::string text_;
  std::vector<Member> members_;
  std::vector<Value> values_;
};

std::string quoted(std::string_view text) {
  std::string s;
  append_json_string(s, text);
  return s;
}

// The member key of `node` into `key`: its field's abbreviation (ek: "<layer>_<abbrev, '.' as
// '_'>"). Written into a reused buffer: most abbreviations are too long for a short string.
void key_of(const Node& node, const Tree& tree, const JsonStyle& style, std::string_view layer,
            std::string& key) {
  std::string_view name = node.field ? std::string_view(node.field->abbrev) : tree.text(node);
  key.clear();
  if (!style.flat) {
    key.append(name);
    return;
  }
  key.append(layer);
  key += '_';
  std::size_t start = key.size();
  key.append(name);
  std::replace(key.begin() + static_cast<std::ptrdiff_t>(start), key.end(), '.', '_');
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

}  // namespace

// Storage reused from one tree to the next: levels of nesting, keys, values, notes.
struct JsonMembers::Scratch {
  struct Level {
    Members members;
    std::string object;
    std::string key;  // of the node whose children this level holds
  };
  std::deque<Level> nested;  // grows at the end only: references to levels stay valid
  std::vector<std::string> notes;
  std::string value;  // the value being added
  std::string key;    // the key being added (leaves)
  Members top;
};

namespace {

using Scratch = JsonMembers::Scratch;

struct Builder {
  const Tree& tree;
  const JsonStyle& style;
  std::string_view layer;
  Scratch& s;

  bool has_value(const Node& n) const {
    return n.field && n.field->type != Type::None && n.field->type != Type::Protocol;
  }

  Scratch::Level& level(unsigned depth) {
    if (s.nested.size() <= depth) s.nested.resize(depth + 1u);
    return s.nested[depth];
  }

  // Adds the members for nodes [from, to) at `depth` to `into`.
  void members(NodeIndex from, NodeIndex to, unsigned depth, const Node* owner, Members& into) {
    for (NodeIndex i = from, end = from; i < to; i = end) {
      end = tree.subtree_end(i);
      const Node& n = tree[i];
      if (n.depth != depth) continue;
      if (n.note) {
        s.notes.push_back(note_object(tree, n, owner));
        continue;
      }
      // A node with children keeps its key in its level: the recursion below reuses s.key.
      std::string& key = end == i + 1 || style.flat ? s.key : level(depth).key;
      key_of(n, tree, style, layer, key);
      const bool plain = n.field != nullptr;  // an abbreviation, not a line of text
      if (has_value(n)) {
        s.value.clear();
        append_json_value(tree, n, s.value);
        into.add(key, s.value, plain);
        if (style.raw_bytes && n.length > 0 && !(n.flags & field::kValueInText)) {
          std::size_t size = key.size();
          key += "_raw";
          into.add(key, raw(n), plain);
          key.resize(size);
        }
      }
      if (style.flat) {
        if (!has_value(n) && end == i + 1) into.add(key, "\"\"", plain);
        members(i + 1, end, depth + 1u, &n, into);
        continue;
      }
      if (end == i + 1) {
        if (!has_value(n)) into.add(key, "\"\"", plain);
        continue;
      }
      // One reused Members and text per nesting level.
      Scratch::Level& mine = level(depth);
      mine.members.clear();
      members(i + 1, end, depth + 1u, &n, mine.members);
      mine.object.assign(1, '{');
      mine.members.write(mine.object);
      mine.object += "}";
      if (has_value(n)) mine.key += "_tree";
      into.add(mine.key, mine.object, plain);
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

void append_json_value(const Tree& tree, const Node& node, std::string& out) {
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
    default: fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}"), tree.uint_value(node));
  }
}

std::string json_value(const Tree& tree, const Node& node) {
  std::string out;
  append_json_value(tree, node, out);
  return out;
}

JsonMembers::JsonMembers() : scratch_(std::make_unique<Scratch>()) {}
JsonMembers::~JsonMembers() = default;

void JsonMembers::append(const Tree& tree, NodeIndex from, NodeIndex to, const JsonStyle& style,
                         std::string_view layer, std::string& out) {
  Scratch& s = *scratch_;
  s.notes.clear();
  s.top.clear();
  Builder builder{tree, style, layer, s};
  unsigned depth = from < tree.size() ? tree[from].depth : 0;
  builder.members(from, to, depth, nullptr, s.top);
  if (!s.notes.empty()) {
    std::string list = "[";
    for (std::size_t i = 0; i < s.notes.size(); ++i) list += (i ? "," : "") + s.notes[i];
    s.top.add(style.flat ? std::string(layer) + "_mqscope_notes" : "mqscope.notes", list + "]",
              false);
  }
  s.top.write(out);
}

void append_members(const Tree& tree, NodeIndex from, NodeIndex to, const JsonStyle& style,
                    std::string_view layer, std::string& out) {
  JsonMembers().append(tree, from, to, style, layer, out);
}

}  // namespace mqscope::output
