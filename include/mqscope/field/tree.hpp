// The dissection tree: a flat, pre-ordered list of nodes, each naming a field description, the
// bytes it covers in one of the tree's byte sources, and its value. Building it costs a few
// pushes into reused vectors; text is produced only when an output asks for it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/notes.hpp"
#include "mqscope/core/text_buffer.hpp"
#include "mqscope/field/field.hpp"

namespace mqscope::field {

enum NodeFlag : std::uint8_t {
  kGenerated = 1 << 0,      // not on the wire: shown in brackets, like Wireshark
  kTextLabel = 1 << 1,      // the whole label is `text` (no field formatting)
  kAppendText = 1 << 2,     // `text` is appended to the formatted label
  kValueInText = 1 << 3,    // a string/bytes value lives in `text`, not in a source
  kBitmaskSummary = 1 << 4, // label gets ", Name: value" of its masked children appended
  kHidden = 1 << 5,         // carries a value for filters and fields, not printed
};

struct Node {
  FieldId field = nullptr;  // null for a text-only line
  NoteId note = nullptr;    // set on a note line
  std::uint64_t value = 0;  // integers: the raw value before masking
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
  std::uint32_t text_begin = 0;
  std::uint32_t text_size = 0;
  std::uint16_t depth = 0;
  std::uint16_t source = 0;
  std::uint8_t flags = 0;
};

using NodeIndex = std::uint32_t;

// How much of a packet a tree is built for. Full: every field down to the bits, and where the
// bytes came from (-V, JSON, display filters). Summary: what a summary line shows; flag bytes
// without their bit-by-bit children (the parent carries the value), no provenance. Facts: what
// statistics read; moreover no payload-as-text line.
enum class Detail : std::uint8_t { Facts, Summary, Full };
inline constexpr NodeIndex kNoNode = 0xffffffffu;

class Tree {
 public:
  friend class DetachedTree;
  void clear();

  // A byte source nodes point into; returns its index. The bytes must outlive the tree's use.
  std::uint16_t add_source(Bytes bytes, std::string_view name = {});
  // Empty for an index the tree does not have (a node without bytes, a note's own tree).
  Bytes source(std::uint16_t index) const {
    return index < sources_.size() ? sources_[index].bytes : Bytes{};
  }
  std::string_view source_name(std::uint16_t index) const {
    return index < sources_.size() ? std::string_view(sources_[index].name) : std::string_view{};
  }
  std::size_t source_count() const { return sources_.size(); }

  // Adds a node at the current depth, in the current source. Inline: a packet adds dozens.
  NodeIndex add(FieldId field, std::uint32_t offset, std::uint32_t length, std::uint64_t value = 0) {
    Node& node = nodes_.emplace_back();
    node.field = field;
    node.value = value;
    node.offset = offset;
    node.length = length;
    node.depth = static_cast<std::uint16_t>(open_.size());
    node.source = current_source_;
    return static_cast<NodeIndex>(nodes_.size() - 1);
  }
  // A string or bytes value that is not in a source (generated, resolved).
  NodeIndex add_generated_text(FieldId field, std::string_view value);
  // A string value composed from the bytes at offset..offset+length (a key/value pair shown
  // as "key = value"): on the wire, so not generated, but its text is not the bytes themselves.
  NodeIndex add_composed_text(FieldId field, std::uint32_t offset, std::uint32_t length,
                              std::string_view value);
  NodeIndex add_text(std::string_view label, std::uint32_t offset = 0, std::uint32_t length = 0);
  NodeIndex add_note(NoteId note, std::string_view detail = {});

  void append_text(NodeIndex node, std::string_view text);
  // The same, with the text written by `write(TextBuffer&)` straight into the tree's text
  // store: labels made for every frame need no buffer of their own. `write` must not read
  // this tree's texts (the store may move while it grows) nor change the tree.
  template <typename Write>
  void append_text_by(NodeIndex node, Write write) {
    if (!keeps_text(node)) return;
    std::size_t before = begin_append(node);
    write(arena_);
    end_append(node, before);
  }
  // Replaces the formatted label with `label` (the node keeps its field and value).
  void set_label(NodeIndex node, std::string_view label);
  void set_flags(NodeIndex node, std::uint8_t flags) { nodes_[node].flags |= flags; }

  // Children added after open() and before close() hang below `node`.
  void open(NodeIndex node) { open_.push_back(node); }
  void close() {
    if (!open_.empty()) open_.pop_back();
  }
  void set_current_source(std::uint16_t source) { current_source_ = source; }

  // What the tree is built for; decoders leave out what a lower detail does not need. Kept
  // across clear().
  void set_detail(Detail detail) { detail_ = detail; }
  Detail detail() const { return detail_; }
  bool detailed() const { return detail_ == Detail::Full; }
  // Whether the labels of field nodes are kept (appended text, set_label()). Outputs that show
  // values only (JSON, field columns) read no label but a text line's and a value kept as
  // text, and making the frame, IP and TCP labels of every frame was a tenth of a JSON run.
  // Kept across clear().
  void set_field_labels(bool keep) { field_labels_ = keep; }
  std::uint16_t current_source() const { return current_source_; }

  const std::vector<Node>& nodes() const { return nodes_; }
  const Node& operator[](NodeIndex i) const { return nodes_[i]; }
  std::size_t size() const { return nodes_.size(); }

  // Value accessors.
  std::uint64_t uint_value(const Node& node) const;
  Bytes bytes_value(const Node& node) const;
  std::string_view text(const Node& node) const;
  std::string_view string_value(const Node& node) const;

  // Lookups by field (first match or all), used by summaries, fields and tests.
  NodeIndex find(FieldId field, NodeIndex from = 0) const;
  std::vector<NodeIndex> find_all(FieldId field) const;
  std::vector<NodeIndex> notes() const;

  // Index one past the last descendant of `node`.
  NodeIndex subtree_end(NodeIndex node) const;

 private:
  struct Source {
    Bytes bytes;
    std::string_view name;
  };
  std::uint32_t store_text(std::string_view text);
  bool keeps_text(NodeIndex node) const {
    const Node& n = nodes_[node];
    return field_labels_ || n.field == nullptr || (n.flags & kValueInText);
  }
  // Moves the node's text to the end of the store if it is not there; returns the store's size.
  // Inline but for the move: nearly every frame's labels append to a text just begun.
  std::size_t begin_append(NodeIndex node) {
    Node& n = nodes_[node];
    if (n.text_size == 0)
      n.text_begin = static_cast<std::uint32_t>(arena_.size());
    else if (n.text_begin + n.text_size != arena_.size())
      move_text_to_end(n);
    return arena_.size();
  }
  void move_text_to_end(Node& node);
  void end_append(NodeIndex node, std::size_t before) {
    Node& n = nodes_[node];
    n.text_size += static_cast<std::uint32_t>(arena_.size() - before);
    if (!(n.flags & (kTextLabel | kValueInText))) n.flags |= kAppendText;
  }

  std::vector<Node> nodes_;
  std::vector<Source> sources_;
  TextBuffer arena_;
  std::vector<NodeIndex> open_;
  std::uint16_t current_source_ = 0;
  Detail detail_ = Detail::Full;
  bool field_labels_ = true;
};

// A tree with its own copy of the bytes of every source, to keep after those bytes are gone
// (an output that must hold a packet back, a test collecting packets). Move-only: the copy's
// sources point into its own buffers.
class DetachedTree {
 public:
  DetachedTree() = default;
  explicit DetachedTree(const Tree& tree) { assign(tree); }
  DetachedTree(DetachedTree&&) = default;
  DetachedTree& operator=(DetachedTree&&) = default;
  DetachedTree(const DetachedTree&) = delete;
  DetachedTree& operator=(const DetachedTree&) = delete;

  const Tree& tree() const { return tree_; }

  // Becomes a copy of `tree` and of its bytes, in the storage it already has where that is
  // large enough: a copy kept for every packet of a -V or JSON run need not allocate.
  void assign(const Tree& tree);
  // The memory its storage holds: nodes, texts and copies of bytes.
  std::size_t capacity_bytes() const;

  // Masks every field described as secret: its bytes become '*' in the owned copy (so that
  // every output, hex views included, sees the mask) and a literal label is replaced.
  // Returns how many fields were masked.
  std::size_t mask_secrets();

 private:
  Tree tree_;
  std::vector<std::vector<std::uint8_t>> bytes_;
};

// RAII helper: open a node for children for the scope's duration.
class Subtree {
 public:
  Subtree(Tree& tree, NodeIndex node) : tree_(tree) { tree_.open(node); }
  ~Subtree() { tree_.close(); }
  Subtree(const Subtree&) = delete;
  Subtree& operator=(const Subtree&) = delete;

 private:
  Tree& tree_;
};

}  // namespace mqscope::field
