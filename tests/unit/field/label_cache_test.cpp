// The label cache writes exactly what formatting writes, for every node, however often a
// (field, value) pair comes back: with nodes whose label also depends on text, flags, notes
// or children among the cached ones, and more distinct values than the table has slots.
#include <gtest/gtest.h>

#include <string>

#include <fmt/compile.h>

#include "mqscope/core/notes.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/field/label_cache.hpp"
#include "mqscope/field/tree.hpp"
#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/fields_v5.hpp"

namespace mqscope::field {
namespace {

constexpr NoteInfo kTestNote{"test.note", NoteGroup::Malformed, Severity::Warning, "A test note"};

// Round `round` of nodes that share fields and values with one another and with other
// rounds; the labels of some of them read more than their field, value and flags.
void add_round(Tree& tree, unsigned round) {
  std::uint64_t id = round % 700;  // more distinct values than the table has slots
  tree.add(&mqtt::hf::msgid, 0, 2, id);
  tree.add(&mqtt::hf::msgtype, 0, 1, (round % 16) << 4);  // a bit line with a value name
  tree.add(&mqtt::hf::conflag_uname, 0, 1, round & 0x80);
  tree.add(&mqtt::hf::p_session_expiry, 0, 4, round * 37u);  // seconds, as a duration
  NodeIndex labelled = tree.add(&mqtt::hf::msgid, 0, 2, id);  // same key, its own label
  tree.set_label(labelled, fmt::format("Message Identifier of round {}", round));
  NodeIndex appended = tree.add(&mqtt::hf::msgid, 0, 2, id);  // same key, text appended
  append_formatted(tree, appended, FMT_COMPILE(" (round {})"), round);
  NodeIndex generated = tree.add(&mqtt::hf::msgid, 0, 2, id);  // same key, generated
  tree.set_flags(generated, kGenerated);
  if (round % 3 == 0) tree.add_note(&kTestNote, fmt::format("round {}", round));
  // The same flags byte each round, its summary read from a child that is not.
  NodeIndex summarised = tree.add(&mqtt::hf::hdrflags, 0, 1, 0x30);
  tree.set_flags(summarised, kBitmaskSummary);
  tree.open(summarised);
  tree.add(&mqtt::hf::msgtype, 0, 1, (round % 15 + 1) << 4);
  tree.close();
}

TEST(LabelCache, WritesWhatFormattingWritesForEveryNodeAndEveryRepeat) {
  Tree tree;
  for (unsigned round = 0; round < 2000; ++round) add_round(tree, round);
  LabelCache cache;
  for (int pass = 0; pass < 2; ++pass) {  // the second pass meets a full table
    for (NodeIndex i = 0; i < tree.size(); ++i) {
      TextBuffer cached;
      cache.append(tree, i, cached);
      ASSERT_EQ(cached.view(), format_label(tree, i)) << "node " << i << ", pass " << pass;
    }
  }
}

TEST(LabelCache, OnlyLabelsOfFieldValueAndFlagsAreKept) {
  Tree tree;
  NodeIndex plain = tree.add(&mqtt::hf::msgid, 0, 2, 7);
  NodeIndex bits = tree.add(&mqtt::hf::conflag_uname, 0, 1, 0x80);
  NodeIndex labelled = tree.add(&mqtt::hf::msgid, 0, 2, 7);
  tree.set_label(labelled, "Message Identifier: seven");
  NodeIndex appended = tree.add(&mqtt::hf::msgid, 0, 2, 7);
  tree.append_text(appended, " (again)");
  NodeIndex text = tree.add_text("Arrival Time: Nov 12");
  NodeIndex note = tree.add_note(&kTestNote);
  EXPECT_TRUE(label_follows_from_value(tree[plain]));
  EXPECT_TRUE(label_follows_from_value(tree[bits]));
  EXPECT_FALSE(label_follows_from_value(tree[labelled]));
  EXPECT_FALSE(label_follows_from_value(tree[appended]));
  EXPECT_FALSE(label_follows_from_value(tree[text]));
  EXPECT_FALSE(label_follows_from_value(tree[note]));
}

}  // namespace
}  // namespace mqscope::field
