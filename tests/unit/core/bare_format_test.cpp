// append_format: fmt's text, appended. A format of bare "{}" fields of integers, booleans,
// characters and strings is taken apart when compiling and written in place; anything else
// goes through fmt. Either way the text is fmt's.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "mqscope/core/bare_format.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/field/tree.hpp"

namespace mqscope {
namespace {

template <typename Format, typename... Args>
constexpr bool taken_apart(const Format&, const Args&...) {
  return bare_format::takes_apart<Format, Args...>;
}

// Which formats are taken apart: bare fields and escaped braces, as many fields as the
// arguments, of the types it writes. Names, specifications, lone braces and other types go
// through fmt.
TEST(BareFormat, WhichFormatsAreTakenApart) {
  EXPECT_TRUE(taken_apart(FMT_COMPILE("Frame {}: {} bytes"), 1, 2u));
  EXPECT_TRUE(taken_apart(FMT_COMPILE("no fields")));
  EXPECT_TRUE(taken_apart(FMT_COMPILE("{}{}"), 'c', "text"));
  EXPECT_TRUE(taken_apart(FMT_COMPILE("{{literal}} {}"), 1));
  EXPECT_TRUE(taken_apart(FMT_COMPILE("{{{}}}"), 1));
  EXPECT_FALSE(taken_apart(FMT_COMPILE("{:>30}"), 1));
  EXPECT_FALSE(taken_apart(FMT_COMPILE("{0}"), 1));
  EXPECT_FALSE(taken_apart(FMT_COMPILE("a {:02x} b"), 1));
  EXPECT_FALSE(taken_apart(FMT_COMPILE("{}"), 1.5));
  EXPECT_FALSE(taken_apart(FMT_COMPILE("{} {}"), 1));
}

// The text of both paths, appended after what was there, to both kinds of output.
template <typename Format, typename... Args>
void expect_fmt_text(std::string_view before, const Format& format, const Args&... args) {
  std::string expected = std::string(before) + fmt::format(format, args...);
  std::string text(before);
  append_format(text, format, args...);
  EXPECT_EQ(text, expected);
  TextBuffer buffer;
  buffer.append(before);
  append_format(buffer, format, args...);
  EXPECT_EQ(buffer.view(), expected);
}

TEST(BareFormat, TextIsFmtsForEveryKindOfArgument) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  std::string long_text(300, 'x');
  expect_fmt_text("Frame", FMT_COMPILE(" {}: {} and {}, {}"), kMax, kMin, long_text, 'c');
  expect_fmt_text("", FMT_COMPILE("{}{}{}{}"), std::uint8_t{200}, std::int8_t{-5}, true, false);
  expect_fmt_text("", FMT_COMPILE("{}"), std::string_view(""));
  // A view with no data at all is written as nothing (fmt itself would pass its null pointer
  // to memcpy, so its text is not asked for).
  std::string empty_view = "x";
  append_format(empty_view, FMT_COMPILE("[{}]"), std::string_view());
  EXPECT_EQ(empty_view, "x[]");
  expect_fmt_text("x", FMT_COMPILE("{} bytes ({} bits), {}"), 1514u, 12112ull, "Ethernet");
  expect_fmt_text("", FMT_COMPILE("a literal of more than sixteen bytes, then {} at the end"), 0);
  // Escaped braces anywhere: first, last, around a field, beside each other.
  expect_fmt_text("x", FMT_COMPILE("{{{}}}"), 7);
  expect_fmt_text("", FMT_COMPILE("{{\"index\":{{\"_index\":\"{}\",\"_type\":\"doc\"}}}}\n"
                                  "{{\"t\":\"{}\""),
                  "packets-2026-11-27", 1764201600000ll);
  expect_fmt_text("", FMT_COMPILE("}}{{{}{{}}{}}}"), 1, 2);
  // Through fmt: a width longer than its value, another type.
  expect_fmt_text("a", FMT_COMPILE("{:>40}|{:08x}"), "b", 255u);
  expect_fmt_text("", FMT_COMPILE("{} s"), 0.25);
}

// A node's text added to several times, with other nodes' texts between, stays whole.
TEST(BareFormat, TreeTextAppendedTwiceWithAnotherBetween) {
  field::Tree tree;
  field::NodeIndex first = tree.add_text("first");
  field::NodeIndex second = tree.add_text("second");
  field::append_formatted(tree, first, FMT_COMPILE(" {}"), 1);
  field::append_formatted(tree, second, FMT_COMPILE(" {}"), 2);
  field::append_formatted(tree, first, FMT_COMPILE(" {}"), std::string(100, 'z'));
  EXPECT_EQ(tree.text(tree[first]), "first 1 " + std::string(100, 'z'));
  EXPECT_EQ(tree.text(tree[second]), "second 2");
}

}  // namespace
}  // namespace mqscope
