#include "mqscope/field/label_cache.hpp"

#include <cstring>

namespace mqscope::field {

static_assert(sizeof(LabelCache) <= 16, "the table itself is on the heap");

LabelCache::LabelCache() : entries_(std::make_unique<Entry[]>(kEntries)) {}

// A label not in the table: formatted, and kept in the node's slot if it fits.
void LabelCache::fill(Entry& e, const Tree& tree, NodeIndex index, TextBuffer& out) {
  const Node& node = tree[index];
  std::size_t before = out.size();
  append_label(tree, index, out);
  std::size_t size = out.size() - before;
  if (size > kLongest) return;
  e.field = node.field;
  e.value = node.value;
  e.flags = node.flags;
  e.size = static_cast<std::uint8_t>(size);
  std::memcpy(e.text, out.data() + before, size);
}

}  // namespace mqscope::field
