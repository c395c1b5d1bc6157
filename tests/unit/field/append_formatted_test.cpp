// append_formatted writes a node's text in place: a format of bare "{}" fields into room sized
// from its arguments, any other through fmt's own growth. Both give fmt's text.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "mqscope/field/format.hpp"
#include "mqscope/field/tree.hpp"

namespace mqscope::field {
namespace {

template <typename Format>
constexpr bool sized_from_arguments(const Format&) {
  return detail::only_bare_fields<Format>();
}

// Which formats are sized from their arguments: escaped braces are text; anything after a
// field's opening brace but its closing one (a name, a colon) is a specification.
TEST(AppendFormatted, OnlyBareFieldsAreSizedFromTheirArguments) {
  EXPECT_TRUE(sized_from_arguments(FMT_COMPILE("Frame {}: {} bytes")));
  EXPECT_TRUE(sized_from_arguments(FMT_COMPILE("{{literal}} {}")));
  EXPECT_TRUE(sized_from_arguments(FMT_COMPILE("no fields")));
  EXPECT_FALSE(sized_from_arguments(FMT_COMPILE("{:>30}")));
  EXPECT_FALSE(sized_from_arguments(FMT_COMPILE("{0}")));
  EXPECT_FALSE(sized_from_arguments(FMT_COMPILE("a {:02x} b")));
}

// The text appended to one node after `before` was.
template <typename Format, typename... Args>
std::string appended(std::string_view before, const Format& format, const Args&... args) {
  Tree tree;
  NodeIndex node = tree.add_text(before);
  append_formatted(tree, node, format, args...);
  return std::string(tree.text(tree[node]));
}

TEST(AppendFormatted, BareFieldsOfTheLongestIntegersAndStrings) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  std::string long_text(300, 'x');
  EXPECT_EQ(appended("Frame", FMT_COMPILE(" {}: {} and {}, {}"), kMax, kMin, long_text, 'c'),
            fmt::format("Frame {}: {} and {}, {}", kMax, kMin, long_text, 'c'));
  EXPECT_EQ(appended("", FMT_COMPILE("{}{}{}"), std::uint8_t{0}, false, std::string_view()),
            "0false");
  EXPECT_EQ(appended("x", FMT_COMPILE("{{{}}}"), 7), "x{7}");
}

// Specifications may make text longer than its argument: written through fmt's growth.
TEST(AppendFormatted, SpecifiedFieldsLongerThanTheirValues) {
  EXPECT_EQ(appended("a", FMT_COMPILE("{:>40}|{:08x}"), "b", 255u),
            "a" + std::string(39, ' ') + "b|000000ff");
}

// Text added to a node several times, with other nodes' texts between, stays whole.
TEST(AppendFormatted, AppendsToEarlierText) {
  Tree tree;
  NodeIndex first = tree.add_text("first");
  NodeIndex second = tree.add_text("second");
  append_formatted(tree, first, FMT_COMPILE(" {}"), 1);
  append_formatted(tree, second, FMT_COMPILE(" {}"), 2);
  append_formatted(tree, first, FMT_COMPILE(" {}"), std::string(100, 'z'));
  EXPECT_EQ(tree.text(tree[first]), "first 1 " + std::string(100, 'z'));
  EXPECT_EQ(tree.text(tree[second]), "second 2");
}

}  // namespace
}  // namespace mqscope::field
