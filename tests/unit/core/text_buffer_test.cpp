// TextBuffer holds the same text std::string would for the same appends, whatever the piece
// sizes (each of the inline copy's size classes and the edges between them) and growth.
#include <gtest/gtest.h>

#include <iterator>
#include <string>

#include <fmt/format.h>

#include "mqscope/core/text_buffer.hpp"

namespace mqscope {
namespace {

std::string pattern(std::size_t n, std::size_t seed) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('!' + (i * 7 + seed) % 90);
  return s;
}

TEST(TextBuffer, PiecesOfEverySizeAppendAsInAString) {
  TextBuffer buffer;
  std::string expected;
  for (std::size_t round = 0; round < 3; ++round) {
    for (std::size_t n = 0; n <= 40; ++n) {
      std::string piece = pattern(n, round * 41 + n);
      buffer.append(piece);
      expected.append(piece);
      buffer += 'x';
      expected += 'x';
      ASSERT_EQ(buffer.view(), expected) << "piece of " << n;
    }
  }
  EXPECT_GE(buffer.capacity(), buffer.size());
}

// copy_short writes the n bytes and nothing beside them, for every length around its cases
// (below 4, 4 to 7, 8 to 16, beyond 16).
TEST(TextBuffer, ShortCopiesWriteExactlyTheirBytes) {
  std::string source;
  for (int i = 0; i < 48; ++i) source += static_cast<char>('A' + i % 26);
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string target(64, '.');
    copy_short(target.data() + 8, source.data() + 3, n);
    std::string expected = std::string(8, '.') + source.substr(3, n) + std::string(56 - n, '.');
    EXPECT_EQ(target, expected) << n;
  }
}

TEST(TextBuffer, FillResizeAndClear) {
  TextBuffer buffer;
  buffer.append(0, ' ');  // nothing, on a buffer that has no storage yet
  EXPECT_TRUE(buffer.empty());
  buffer.append(3, ' ');
  buffer += "ab";
  EXPECT_EQ(buffer.view(), "   ab");
  buffer.resize(4);
  EXPECT_EQ(buffer.view(), "   a");
  buffer.resize(6, '-');
  EXPECT_EQ(buffer.view(), "   a--");
  EXPECT_EQ(buffer.back(), '-');
  buffer.clear();
  EXPECT_TRUE(buffer.empty());
  buffer.assign("again");
  EXPECT_EQ(buffer.str(), "again");
}

TEST(TextBuffer, GrowsPastManyCapacitiesKeepingItsText) {
  TextBuffer buffer;
  std::string expected;
  for (std::size_t i = 0; i < 5000; ++i) {
    std::string piece = pattern(i % 23, i);
    buffer += piece;
    expected += piece;
  }
  EXPECT_EQ(buffer.view(), expected);
}

TEST(TextBuffer, ReservedTailAndFormatting) {
  TextBuffer buffer;
  char* tail = buffer.reserve_tail(3);
  tail[0] = '1';
  tail[1] = '2';
  buffer.commit(2);
  fmt::format_to(std::back_inserter(buffer), "-{}-", 345);
  EXPECT_EQ(buffer.view(), "12-345-");
}

TEST(TextBuffer, CopiesAndMovesOwnTheirText) {
  TextBuffer a;
  a += "first";
  TextBuffer b = a;
  a += "!";
  EXPECT_EQ(b.view(), "first");
  TextBuffer c = std::move(a);
  EXPECT_EQ(c.view(), "first!");
  b = c;
  EXPECT_EQ(b.view(), "first!");
  c = std::move(b);
  EXPECT_EQ(c.view(), "first!");
}

// append_in_place() writes at the end of a TextBuffer, a std::string or fmt's buffer alike, and
// keeps exactly what the writer says it wrote, from nothing up to all the room it asked for.
template <class Out>
std::string in_place(Out out, std::size_t written) {
  out.push_back('a');
  out.push_back('b');
  append_in_place(out, 6, [written](char* at) {
    for (std::size_t i = 0; i < written; ++i) at[i] = static_cast<char>('0' + i);
    return at + written;
  });
  out.push_back('z');
  return std::string(out.data(), out.size());
}

TEST(TextBuffer, AppendInPlaceKeepsWhatWasWritten) {
  for (std::size_t written : {0u, 1u, 5u, 6u}) {
    std::string want = "ab" + std::string("012345").substr(0, written) + "z";
    EXPECT_EQ(in_place(TextBuffer{}, written), want);
    EXPECT_EQ(in_place(std::string{}, written), want);
    EXPECT_EQ(in_place(fmt::memory_buffer{}, written), want);
  }
}

}  // namespace
}  // namespace mqscope
