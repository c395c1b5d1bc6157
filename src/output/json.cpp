#include "mqscope/output/json.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <vector>

#include <fmt/format.h>

#include "json_members.hpp"
#include "json_shapes.hpp"
#include "mqscope/core/swar.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/output/json_keys.hpp"

namespace mqscope::output {

namespace {

using detail::HoleKind;
using detail::JsonShape;
using detail::append_json_notes;
using detail::json_note_object;
using detail::Members;
using field::Node;
using field::NodeIndex;
using field::Tree;
using field::Type;

// -T ek's keys: a field abbreviation with '_' for '.', eight bytes at a time.
void append_dots_as_underscores(TextBuffer& out, std::string_view text) {
  char* at = out.reserve_tail(text.size());
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = swar::replace_byte(swar::load(text.data() + i), '.', '_');
    std::memcpy(at + i, &word, 8);
  }
  for (; i < text.size(); ++i) at[i] = text[i] == '.' ? '_' : text[i];
  out.commit(text.size());
}

// A member key as written, before any escape: `name` (a field's abbreviation or a line of
// text), in the flat style as "<layer>_<name with '_' for '.'>".
void append_key(TextBuffer& out, std::string_view name, const JsonStyle& style,
                std::string_view layer) {
  if (!style.flat) {
    out += name;
    return;
  }
  out += layer;
  out += '_';
  append_dots_as_underscores(out, name);
}

// The notes of a tree are collected under one key at its top level.
constexpr std::string_view kNotesKey = "mqscope.notes";

}  // namespace

// Storage reused from one tree to the next: levels of nesting, keys, values, notes.
struct JsonMembers::Scratch {
  struct Level {
    Members members;
    TextBuffer object;
    TextBuffer key;  // of the node whose children this level holds
  };
  std::deque<Level> nested;  // grows at the end only: references to levels stay valid
  std::vector<std::string> notes;
  TextBuffer value;  // the value being added
  TextBuffer key;    // the key being added (leaves)
  Members top;
  std::deque<JsonKeySet> key_sets;  // by depth: of the objects being written
  NodeIndex ends_from = 0;  // ends[i - ends_from]: where node i's subtree ends
  std::vector<NodeIndex> ends;
  std::vector<NodeIndex> open;  // nodes whose subtree end is not yet known
  // Objects written before, by shape, and the one being written while it is noted.
  detail::JsonShapes shapes;
  JsonShape candidate;
  detail::ShapeRecorder recorder;
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

  bool wants_raw(const Node& n) const {
    return style.raw_bytes && n.length > 0 && !(n.flags & field::kValueInText);
  }

  // Where the subtrees of nodes [from, to) end, in one pass: Tree::subtree_end() scans a
  // subtree each time it is asked, and each level of an object asks for each of its nodes.
  void find_ends(NodeIndex from, NodeIndex to) {
    s.ends_from = from;
    s.ends.assign(to > from ? to - from : 0, 0);
    std::vector<NodeIndex>& open = s.open;
    open.clear();
    for (NodeIndex i = from; i < to; ++i) {
      while (!open.empty() && tree[open.back()].depth >= tree[i].depth) {
        s.ends[open.back() - from] = i;
        open.pop_back();
      }
      open.push_back(i);
    }
    for (NodeIndex i : open) s.ends[i - from] = to;  // the range holds only [from, to)
  }

  // Every node an object walk visits lies in the range find_ends() was given.
  NodeIndex end_of(NodeIndex i) const { return s.ends[i - s.ends_from]; }

  Scratch::Level& level(unsigned depth) {
    if (s.nested.size() <= depth) s.nested.resize(depth + 1u);
    return s.nested[depth];
  }

  // Calls visit(i, end, node) for the nodes of [from, to) at `depth`; deeper ones are in
  // their subtrees. Notes are not members: a writer collects them (`owner` is the node they
  // are on), the repeat check passes over them.
  template <class Visit>
  void each_node(NodeIndex from, NodeIndex to, unsigned depth, const Node* owner,
                 bool collect_notes, Visit&& visit) {
    for (NodeIndex i = from, end = from; i < to; i = end) {
      end = end_of(i);
      const Node& n = tree[i];
      if (n.depth != depth) continue;
      if (n.note) {
        if (collect_notes) s.notes.push_back(json_note_object(tree, n, owner));
        continue;
      }
      visit(i, end, n);
    }
  }

  // The members one node makes, in order, each with its key's suffix: its value (and, with
  // -x, its raw bytes), or "" for a leaf without a value; then its children, as an object
  // under "<key>_tree" when the node has a value too (tshark's layout), or in the flat style
  // as members of the same object. The one description of the layout, for the repeat check
  // and both writers.
  enum class Part { Value, Raw, Empty, Children };
  template <class Visit>
  void parts(const Node& n, bool leaf, Visit&& visit) const {
    if (has_value(n)) {
      visit(Part::Value, std::string_view{});
      if (wants_raw(n)) visit(Part::Raw, std::string_view("_raw"));
    } else if (leaf) {
      visit(Part::Empty, std::string_view{});
    }
    if (!leaf) visit(Part::Children, std::string_view(has_value(n) && !style.flat ? "_tree" : ""));
  }

  // Adds the members for nodes [from, to) at `depth` to `into`.
  void members(NodeIndex from, NodeIndex to, unsigned depth, const Node* owner, Members& into) {
    each_node(from, to, depth, owner, true, [&](NodeIndex i, NodeIndex end, const Node& n) {
      const bool leaf = end == i + 1;
      // A node whose children form an object keeps its key in its level: the recursion
      // below reuses s.key.
      TextBuffer& key = leaf || style.flat ? s.key : level(depth).key;
      key.clear();
      append_key(key, n.field ? std::string_view(n.field->abbrev) : tree.text(n), style, layer);
      const std::size_t key_size = key.size();
      const bool plain = n.field != nullptr;  // an abbreviation, not a line of text
      parts(n, leaf, [&](Part part, std::string_view suffix) {
        key.resize(key_size);
        key += suffix;
        switch (part) {
          case Part::Value:
            s.value.clear();
            append_json_value(tree, n, s.value);
            into.add(key, s.value, plain);
            return;
          case Part::Raw:
            into.add(key, raw(n), plain);
            return;
          case Part::Empty:
            into.add(key, "\"\"", plain);
            return;
          case Part::Children:
            break;
        }
        if (style.flat) return members(i + 1, end, depth + 1u, &n, into);
        // One reused Members and text per nesting level.
        Scratch::Level& mine = level(depth);
        mine.members.clear();
        members(i + 1, end, depth + 1u, &n, mine.members);
        mine.object.assign(1, '{');
        mine.members.write(mine.object);
        mine.object += '}';
        into.add(key, mine.object, plain);
      });
    });
  }

  // The keys of the object at `depth` being written: one set per level, as an object's set
  // stays open while the objects nested in it are written.
  JsonKeySet& keys_at(unsigned depth) {
    if (s.key_sets.size() <= depth) s.key_sets.resize(depth + 1u);
    return s.key_sets[depth];
  }

  // `"key":` after a comma unless first; the key spelt as append_key() spells it.
  void write_key(std::string_view base, std::string_view suffix, bool plain, TextBuffer& out,
                 bool& first, NodeIndex text_node = field::kNoNode) {
    if (!first) out += ',';
    first = false;
    if (plain) {  // an abbreviation: nothing to escape (append_key() by hand: every key)
      out += '"';
      if (style.flat) {
        out += layer;
        out += '_';
        append_dots_as_underscores(out, base);
      } else {
        out += base;
      }
      out += suffix;
      out += "\":";
      return;
    }
    const std::size_t begin = out.size();
    write_text_key(base, suffix, out);
    if (text_node != field::kNoNode) s.recorder.hole(HoleKind::TextKey, text_node, begin, out.size());
    out += ':';
  }

  // A key that may need escapes (a line of text), as append_key() spells it.
  void write_text_key(std::string_view base, std::string_view suffix, TextBuffer& out) {
    TextBuffer& key = s.key;
    key.clear();
    append_key(key, base, style, layer);
    key.append(suffix);
    append_json_string(out, key);
  }

  // An object of a shape written before: its fixed text, with the values of this tree.
  void replay(const JsonShape& shape, NodeIndex from, TextBuffer& out) {
    std::size_t at = 0;
    for (const JsonShape::Hole& h : shape.holes) {
      out.append(shape.text.data() + at, h.text_before - at);
      at = h.text_before;
      const Node& n = tree[from + h.node];
      switch (h.kind) {
        case HoleKind::Value: append_json_value(tree, n, out); break;
        case HoleKind::Raw: out += raw(n); break;
        case HoleKind::TextKey: write_text_key(tree.text(n), {}, out); break;
      }
    }
    out.append(shape.text.data() + at, shape.text.size() - at);
  }

  // The object for nodes [from, to) at `depth` (without braces): written as its nodes are
  // visited, which is right when no key repeats (nearly always); else taken back and written
  // from the members collected by members().
  void object(NodeIndex from, NodeIndex to, unsigned depth, const Node* owner, TextBuffer& out) {
    const std::size_t start = out.size(), notes = s.notes.size();
    JsonKeySet& keys = keys_at(depth);
    keys.reset(style.flat);
    bool first = true;
    if (write(from, to, depth, owner, keys, out, first)) return;
    s.recorder.spoil();
    out.resize(start);
    s.notes.resize(notes);
    Members& collected = level(depth - 1u).members;  // members() uses level(depth) below
    collected.clear();
    members(from, to, depth, owner, collected);
    collected.write(out);
  }

  // members() and Members::write() in one go, each key checked against `keys` before it is
  // written: false at the first that repeats, with the object partly written.
  bool write(NodeIndex from, NodeIndex to, unsigned depth, const Node* owner, JsonKeySet& keys,
             TextBuffer& out, bool& first) {
    bool unique = true;
    each_node(from, to, depth, owner, true, [&](NodeIndex i, NodeIndex end, const Node& n) {
      if (!unique) return;
      const bool plain = n.field != nullptr;
      std::string_view base = plain ? std::string_view(n.field->abbrev) : tree.text(n);
      parts(n, end == i + 1, [&](Part part, std::string_view suffix) {
        if (!unique) return;
        if (part == Part::Children && style.flat) {
          unique = write(i + 1, end, depth + 1u, &n, keys, out, first);
          return;
        }
        if (!keys.insert(base, suffix, n.field)) {
          unique = false;
          return;
        }
        write_key(base, suffix, plain, out, first, plain ? field::kNoNode : i);
        const std::size_t begin = out.size();
        switch (part) {
          case Part::Value:
            append_json_value(tree, n, out);
            s.recorder.hole(HoleKind::Value, i, begin, out.size());
            return;
          case Part::Raw:
            out += raw(n);
            s.recorder.hole(HoleKind::Raw, i, begin, out.size());
            return;
          case Part::Empty:
            out += "\"\"";
            return;
          case Part::Children:
            out += '{';
            object(i + 1, end, depth + 1u, &n, out);
            out += '}';
            return;
        }
      });
    });
    return unique;
  }

  std::string raw(const Node& n) const {
    Bytes bytes = tree.source(n.source).subspan(
        std::min<std::size_t>(n.offset, tree.source(n.source).size()));
    bytes = bytes.first(std::min<std::size_t>(n.length, bytes.size()));
    return fmt::format("[\"{}\",{},{}]", to_hex(bytes), n.offset, n.length);
  }

  // The object of nodes [from, to) as members (without braces): written node by node, each
  // key checked for a repeat as it is written; taken back and written from collected members
  // at the first repeat. The top level also holds the notes' key.
  void top_object(NodeIndex from, NodeIndex to, TextBuffer& out) {
    s.notes.clear();
    s.top.clear();
    find_ends(from, to);
    unsigned depth = from < tree.size() ? tree[from].depth : 0;
    JsonKeySet& keys = keys_at(depth);
    keys.reset(style.flat);
    static constexpr char kNotes = 0;  // stands for the field the notes' key would be
    keys.insert({kNotesKey, {}, &kNotes});
    const std::size_t start = out.size();
    bool first = true;
    if (write(from, to, depth, nullptr, keys, out, first)) {
      if (s.notes.empty()) return;
      write_key(kNotesKey, {}, false, out, first);
      append_json_notes(s.notes, out);
      return;
    }
    s.recorder.spoil();
    out.resize(start);
    s.notes.clear();
    members(from, to, depth, nullptr, s.top);
    if (!s.notes.empty()) {
      TextBuffer& key = s.key;
      key.clear();
      append_key(key, kNotesKey, style, layer);
      s.value.clear();
      append_json_notes(s.notes, s.value);
      s.top.add(key, s.value, false);
    }
    s.top.write(out);
  }
};

}  // namespace


JsonMembers::JsonMembers() : scratch_(std::make_unique<Scratch>()) {}
JsonMembers::~JsonMembers() = default;

void JsonMembers::append(const Tree& tree, NodeIndex from, NodeIndex to, const JsonStyle& style,
                         std::string_view layer, TextBuffer& out) {
  Scratch& s = *scratch_;
  Builder builder{tree, style, layer, s};
  if (const JsonShape* shape = s.shapes.find(tree, from, to, style.flat, style.raw_bytes, layer)) {
    builder.replay(*shape, from, out);
    return;
  }
  s.recorder.start(out.size(), from, detail::JsonShapes::describe(tree, from, to, s.candidate));
  builder.top_object(from, to, out);
  if (s.recorder.kept() && s.notes.empty()) {
    s.recorder.finish(out, s.candidate);
    s.candidate.flat = style.flat;
    s.candidate.raw_bytes = style.raw_bytes;
    s.candidate.layer.assign(layer);
    s.shapes.keep(std::move(s.candidate));
  }
  s.recorder.stop();
}

void append_members(const Tree& tree, NodeIndex from, NodeIndex to, const JsonStyle& style,
                    std::string_view layer, std::string& out) {
  TextBuffer members;
  JsonMembers().append(tree, from, to, style, layer, members);
  out += members.view();
}

}  // namespace mqscope::output
