// A tree built without field labels (for outputs that show values only) keeps every text
// those outputs read: lines of text, and values kept as text.
#include <gtest/gtest.h>

#include <fmt/compile.h>

#include "mqscope/field/format.hpp"
#include "mqscope/field/tree.hpp"
#include "mqscope/mqtt/fields.hpp"
#include "mqscope/output/json.hpp"

namespace mqscope::field {
namespace {

struct Built {
  std::string bytes = "\x32\x05";  // the packet: outlives the tree, which points into it
  Tree tree;
  NodeIndex flags = 0, length = 0, line = 0, generated = 0;
};

// Field labels changed two ways (appended text, a replaced label), a line of text grown after
// it was added, and a string value that lives in the text.
void build(Built& b, bool labels) {
  Tree& tree = b.tree;
  tree.set_field_labels(labels);
  tree.add_source(as_bytes(b.bytes), "packet");
  b.flags = tree.add(&mqtt::hf::hdrflags, 0, 1, 0x32);
  append_formatted(tree, b.flags, FMT_COMPILE(" (PUBLISH, QoS {})"), 1);
  b.length = tree.add(&mqtt::hf::len, 1, 1, 5);
  tree.set_label(b.length, "Msg Len: five");
  b.line = tree.add_text("Arrival Time: ");
  tree.append_text(b.line, "Nov 12");
  b.generated = tree.add_generated_text(&mqtt::hf::topic, "a/b");
  tree.append_text_by(b.generated, [](TextBuffer& out) { out += "/c"; });
}

TEST(TreeLabels, WithoutFieldLabelsTextsOfLinesAndValuesStay) {
  Built with, without;
  build(with, true);
  build(without, false);
  // A tree view would show the labels...
  EXPECT_EQ(format_label(with.tree, with.flags), "Header Flags: 0x32 (PUBLISH, QoS 1)");
  EXPECT_EQ(format_label(with.tree, with.length), "Msg Len: five");
  // ...which are not made without them.
  EXPECT_EQ(format_label(without.tree, without.flags), "Header Flags: 0x32");
  EXPECT_EQ(format_label(without.tree, without.length), "Msg Len: 5");
  EXPECT_TRUE(without.tree.text(without.tree[without.flags]).empty());
  // Lines of text and values kept as text are the same either way.
  EXPECT_EQ(without.tree.text(without.tree[without.line]), "Arrival Time: Nov 12");
  EXPECT_EQ(without.tree.string_value(without.tree[without.generated]), "a/b/c");
  // And JSON, which reads no field label, is the same.
  for (bool flat : {false, true}) {
    output::JsonStyle style{flat, true};
    std::string a, b;
    auto size = static_cast<NodeIndex>(with.tree.size());
    output::append_members(with.tree, 0, size, style, "mqtt", a);
    output::append_members(without.tree, 0, size, style, "mqtt", b);
    EXPECT_EQ(a, b);
  }
}

}  // namespace
}  // namespace mqscope::field
