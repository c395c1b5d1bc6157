#include "mqscope/field/tree.hpp"

#include <algorithm>

namespace mqscope::field {

void Tree::clear() {
  nodes_.clear();
  sources_.clear();
  arena_.clear();
  open_.clear();
  current_source_ = 0;
}

std::uint16_t Tree::add_source(Bytes bytes, std::string_view name) {
  sources_.push_back({bytes, name});
  current_source_ = static_cast<std::uint16_t>(sources_.size() - 1);
  return current_source_;
}

std::uint32_t Tree::store_text(std::string_view text) {
  auto begin = static_cast<std::uint32_t>(arena_.size());
  arena_.append(text);
  return begin;
}

NodeIndex Tree::add_generated_text(FieldId field, std::string_view value) {
  NodeIndex index = add(field, 0, 0);
  Node& node = nodes_[index];
  node.text_begin = store_text(value);
  node.text_size = static_cast<std::uint32_t>(value.size());
  node.flags |= kValueInText | kGenerated;
  return index;
}

NodeIndex Tree::add_composed_text(FieldId field, std::uint32_t offset, std::uint32_t length,
                                  std::string_view value) {
  NodeIndex index = add(field, offset, length);
  Node& node = nodes_[index];
  node.text_begin = store_text(value);
  node.text_size = static_cast<std::uint32_t>(value.size());
  node.flags |= kValueInText;
  return index;
}

NodeIndex Tree::add_text(std::string_view label, std::uint32_t offset, std::uint32_t length) {
  NodeIndex index = add(nullptr, offset, length);
  Node& node = nodes_[index];
  node.text_begin = store_text(label);
  node.text_size = static_cast<std::uint32_t>(label.size());
  node.flags |= kTextLabel;
  return index;
}

NodeIndex Tree::add_note(NoteId note, std::string_view detail) {
  NodeIndex index = add(nullptr, 0, 0);
  Node& node = nodes_[index];
  node.note = note;
  node.flags |= kGenerated;
  if (!detail.empty()) {
    node.text_begin = store_text(detail);
    node.text_size = static_cast<std::uint32_t>(detail.size());
  }
  return index;
}

void Tree::append_text(NodeIndex index, std::string_view text) {
  if (!keeps_text(index)) return;
  std::size_t before = begin_append(index);
  arena_.append(text);
  end_append(index, before);
}

// Appending is only cheap for the most recent text; otherwise the old text is copied forward
// (through a copy of its own: the store may move while it grows).
void Tree::move_text_to_end(Node& node) {
  std::string old(arena_.view().substr(node.text_begin, node.text_size));
  node.text_begin = store_text(old);
}

void Tree::set_label(NodeIndex index, std::string_view label) {
  if (!keeps_text(index)) return;
  Node& node = nodes_[index];
  node.text_begin = store_text(label);
  node.text_size = static_cast<std::uint32_t>(label.size());
  node.flags = static_cast<std::uint8_t>((node.flags & ~kAppendText) | kTextLabel);
}

std::uint64_t Tree::uint_value(const Node& node) const {
  if (node.field == nullptr) return node.value;
  return masked_value(*node.field, node.value);
}

Bytes Tree::bytes_value(const Node& node) const {
  if (node.flags & kValueInText) return as_bytes(text(node));
  if (node.source >= sources_.size()) return {};
  Bytes src = sources_[node.source].bytes;
  if (node.offset > src.size()) return {};
  return src.subspan(node.offset, std::min<std::size_t>(node.length, src.size() - node.offset));
}

std::string_view Tree::text(const Node& node) const {
  return arena_.view().substr(node.text_begin, node.text_size);
}

std::string_view Tree::string_value(const Node& node) const { return as_text(bytes_value(node)); }

NodeIndex Tree::find(FieldId field, NodeIndex from) const {
  for (NodeIndex i = from; i < nodes_.size(); ++i) {
    if (nodes_[i].field == field) return i;
  }
  return kNoNode;
}

std::vector<NodeIndex> Tree::find_all(FieldId field) const {
  std::vector<NodeIndex> out;
  for (NodeIndex i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].field == field) out.push_back(i);
  }
  return out;
}

std::vector<NodeIndex> Tree::notes() const {
  std::vector<NodeIndex> out;
  for (NodeIndex i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].note != nullptr) out.push_back(i);
  }
  return out;
}

NodeIndex Tree::subtree_end(NodeIndex node) const {
  NodeIndex i = node + 1;
  while (i < nodes_.size() && nodes_[i].depth > nodes_[node].depth) ++i;
  return i;
}

void DetachedTree::assign(const Tree& tree) {
  tree_ = tree;  // copy assignment: each vector keeps its storage when it is large enough
  if (bytes_.size() < tree_.sources_.size()) bytes_.resize(tree_.sources_.size());
  for (std::size_t i = 0; i < tree_.sources_.size(); ++i) {
    Tree::Source& source = tree_.sources_[i];
    bytes_[i].assign(source.bytes.begin(), source.bytes.end());
    source.bytes = Bytes(bytes_[i]);
  }
}

std::size_t DetachedTree::capacity_bytes() const {
  std::size_t total = tree_.nodes_.capacity() * sizeof(Node) + tree_.arena_.capacity() +
                      tree_.sources_.capacity() * sizeof(Tree::Source);
  for (const std::vector<std::uint8_t>& copy : bytes_) total += copy.capacity();
  return total;
}

std::size_t DetachedTree::mask_secrets() {
  std::size_t masked = 0;
  for (NodeIndex i = 0; i < tree_.nodes_.size(); ++i) {
    Node& node = tree_.nodes_[i];
    if (node.field == nullptr || !node.field->secret) continue;
    ++masked;
    if (node.source < tree_.sources_.size() && !(node.flags & kValueInText)) {
      std::vector<std::uint8_t>& bytes = bytes_[node.source];
      std::size_t end = std::min<std::size_t>(bytes.size(), std::size_t{node.offset} + node.length);
      for (std::size_t b = node.offset; b < end; ++b) bytes[b] = '*';
    }
    if (node.flags & (kTextLabel | kValueInText)) {
      std::string label = std::string(node.field->name) + ": <hidden>";
      node.flags = static_cast<std::uint8_t>(node.flags & ~kValueInText);
      tree_.set_label(i, label);
    }
  }
  return masked;
}

}  // namespace mqscope::field
