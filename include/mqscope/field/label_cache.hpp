// Labels written before, written again. Over half the lines of -V are integers whose label
// follows from their field and value alone ("0100 .... = Version: 4", "Protocol: TCP (6)", a
// TCP flag's bit line), and three in four of those repeat one written shortly before. A
// direct-mapped table keyed by (field, raw value, flags) keeps each label's text.
#pragma once

#include <cstdint>
#include <memory>

#include "mqscope/core/text_buffer.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/field/tree.hpp"

namespace mqscope::field {

class LabelCache {
 public:
  LabelCache();
  // Appends the node's label (as append_label), from the table when its key is there.
  // Inline: print_tree calls it for every line of -V.
  void append(const Tree& tree, NodeIndex index, TextBuffer& out) {
    const Node& node = tree[index];
    if (!label_follows_from_value(node)) return append_label(tree, index, out);
    Entry& e = entries_[slot(node)];
    if (e.field == node.field && e.value == node.value && e.flags == node.flags)
      out.append(e.text, e.size);
    else
      fill(e, tree, index, out);
  }

 private:
  // 64 KiB. On the benchmark's captures 256 slots did a little worse, and 1024 a little
  // better at twice the memory.
  static constexpr std::size_t kEntries = 512;
  static constexpr std::size_t kLongest = 110;  // longer labels are not kept
  struct Entry {
    FieldId field = nullptr;  // null: empty
    std::uint64_t value = 0;
    std::uint8_t flags = 0;
    std::uint8_t size = 0;
    char text[kLongest];
  };
  static std::size_t slot(const Node& node) {
    // Fields are static descriptions a few dozen bytes apart; values are often small. Both
    // are multiplied by odd constants so that neither decides the slot alone.
    std::uint64_t h = (reinterpret_cast<std::uintptr_t>(node.field) >> 3) * 0x9e3779b97f4a7c15ull ^
                      node.value * 0xc2b2ae3d27d4eb4full;
    return static_cast<std::size_t>(h ^ (h >> 29)) & (kEntries - 1);
  }
  void fill(Entry& e, const Tree& tree, NodeIndex index, TextBuffer& out);
  std::unique_ptr<Entry[]> entries_;
};

}  // namespace mqscope::field
