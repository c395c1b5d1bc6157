// An object written again from the fixed text of an earlier one of the same shape must read
// exactly as if it were written node by node; trees whose keys could differ (notes, lines of
// text) must not be taken for the same shape.
#include <gtest/gtest.h>

#include <string>

#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "mqscope/output/json.hpp"

namespace mqscope::output {
namespace {

struct Packet {
  std::string topic = "a/b";
  std::uint64_t id = 1;
  std::uint32_t id_length = 2;   // 0: a value without bytes, which has no "_raw" member
  std::string line = "Arrival: 1";  // a line of text, its own key
  bool note_for_line = false;    // a note where the line of text is, with its text as detail
  std::string second_line;       // another line of text beside the first
};

// A PUBLISH-like tree: header flags with the type under them, a topic read from the packet's
// bytes, a packet identifier, and lines of text (or a note).
field::Tree make_tree(const Packet& p) {
  field::Tree tree;
  tree.add_source(as_bytes(p.topic), "packet");
  field::NodeIndex flags = tree.add(&mqtt::hf::hdrflags, 0, 1, 0x32);
  {
    field::Subtree bits(tree, flags);
    tree.add(&mqtt::hf::msgtype, 0, 1, 0x32);
  }
  tree.add(&mqtt::hf::topic, 0, static_cast<std::uint32_t>(p.topic.size()));
  tree.add(&mqtt::hf::msgid, 0, p.id_length, p.id);
  if (p.note_for_line) tree.add_note(&mqtt::notes::unknown_version, p.line);  // its detail
  else tree.add_text(p.line);
  if (!p.second_line.empty()) tree.add_text(p.second_line);
  return tree;
}

std::string written(JsonMembers& members, const field::Tree& tree, const JsonStyle& style) {
  TextBuffer out;
  members.append(tree, 0, static_cast<field::NodeIndex>(tree.size()), style, "mqtt", out);
  return out.str();
}

// `second` written after `first` by the same writer, and by a writer that saw nothing before.
void expect_as_if_alone(const Packet& first, const Packet& second, const JsonStyle& style) {
  field::Tree a = make_tree(first);
  field::Tree b = make_tree(second);
  JsonMembers shared;
  written(shared, a, style);
  std::string after_first = written(shared, b, style);
  JsonMembers alone;
  EXPECT_EQ(after_first, written(alone, b, style));
}

const JsonStyle kStyles[] = {JsonStyle{false, false}, JsonStyle{true, false},
                             JsonStyle{false, true}, JsonStyle{true, true}};

TEST(JsonShapes, SameShapeWritesTheNewValues) {
  Packet first;
  Packet second{"c", 7, 2, "Arrival: 2 \"quoted\"", false, {}};
  for (const JsonStyle& style : kStyles) {
    SCOPED_TRACE(style.flat * 2 + style.raw_bytes);
    expect_as_if_alone(first, second, style);
    field::Tree b = make_tree(second);
    JsonMembers shared;
    written(shared, make_tree(first), style);
    std::string text = written(shared, b, style);
    EXPECT_NE(text.find("\"c\""), std::string::npos) << text;
    EXPECT_NE(text.find("Arrival: 2 \\\"quoted\\\""), std::string::npos) << text;
  }
}

// With -x a value with bytes has a "_raw" member and one without has none: not one shape.
TEST(JsonShapes, BytesOrNoneAreDifferentShapes) {
  Packet first;
  Packet second;
  second.id_length = 0;
  for (const JsonStyle& style : kStyles) expect_as_if_alone(first, second, style);
  for (const JsonStyle& style : kStyles) expect_as_if_alone(second, first, style);
}

// A note in place of a line of text: the same fields and depths, but notes are collected
// under their own key.
TEST(JsonShapes, ANoteIsNotALineOfText) {
  Packet note;
  note.note_for_line = true;
  for (const JsonStyle& style : kStyles) expect_as_if_alone(Packet{}, note, style);
  for (const JsonStyle& style : kStyles) expect_as_if_alone(note, Packet{}, style);
}

// A line of text that reads like an abbreviation can repeat a field's key ("mqtt.topic" makes
// the topic an array): such a tree is written node by node.
TEST(JsonShapes, TextLikeAnAbbreviationIsCheckedForRepeats) {
  Packet like_field;
  like_field.line = "mqtt.topic";
  for (const JsonStyle& style : kStyles) expect_as_if_alone(Packet{}, like_field, style);
  JsonMembers alone;
  std::string text = written(alone, make_tree(like_field), JsonStyle{});
  EXPECT_NE(text.find("\"mqtt.topic\":["), std::string::npos) << text;
}

// Two lines of text of one object repeat when their texts are equal: objects with two are not
// kept as shapes.
TEST(JsonShapes, TwoLinesOfTextMayRepeat) {
  Packet two{"a/b", 1, 2, "Host: x", false, "Accept: y"};
  Packet same{"a/b", 1, 2, "Host: x", false, "Host: x"};
  for (const JsonStyle& style : kStyles) expect_as_if_alone(two, same, style);
  JsonMembers alone;
  std::string text = written(alone, make_tree(same), JsonStyle{});
  EXPECT_NE(text.find("\"Host: x\":[\"\",\"\"]"), std::string::npos) << text;
}

}  // namespace
}  // namespace mqscope::output
