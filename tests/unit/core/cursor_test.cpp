// Cursor: a bounds-checked big-endian reader. Every read at or past the end fails without
// moving, and nothing ever points outside the viewed bytes.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "mqscope/core/cursor.hpp"

namespace mqscope {
namespace {

const std::vector<std::uint8_t> kNine = {0x01, 0x02, 0x03, 0x04, 0x05,
                                         0x06, 0x07, 0x08, 0x09};

// True when `view` lies inside `whole` (an empty view may sit exactly at its end).
bool inside(Bytes view, Bytes whole) {
  auto begin = reinterpret_cast<std::uintptr_t>(whole.data());
  auto end = begin + whole.size();
  auto v = reinterpret_cast<std::uintptr_t>(view.data());
  return view.empty() ? (view.data() == nullptr || (v >= begin && v <= end))
                      : (v >= begin && v + view.size() <= end);
}

// Network byte order is big-endian (RFC 1700, "Data Notations").
TEST(CoreCursor, ReadsIntegersBigEndianAndAdvances) {
  Cursor c{Bytes(kNine)};
  EXPECT_EQ(c.u8(), 0x01);
  EXPECT_EQ(c.pos(), 1u);
  EXPECT_EQ(c.u16(), 0x0203);
  EXPECT_EQ(c.pos(), 3u);
  EXPECT_EQ(c.u32(), 0x04050607u);
  EXPECT_EQ(c.pos(), 7u);
  EXPECT_EQ(c.remaining(), 2u);
  EXPECT_FALSE(c.at_end());
}

TEST(CoreCursor, ReadsU64BigEndian) {
  Cursor c{Bytes(kNine), 1};
  EXPECT_EQ(c.u64(), 0x0203040506070809ull);
  EXPECT_TRUE(c.at_end());
  EXPECT_EQ(c.pos(), 9u);
}

TEST(CoreCursor, EveryReadAtTheEndFailsAndDoesNotMove) {
  Cursor c{Bytes(kNine), kNine.size()};
  EXPECT_TRUE(c.at_end());
  EXPECT_EQ(c.remaining(), 0u);
  EXPECT_FALSE(c.has(1));
  EXPECT_TRUE(c.has(0));
  EXPECT_EQ(c.u8(), std::nullopt);
  EXPECT_EQ(c.u16(), std::nullopt);
  EXPECT_EQ(c.u32(), std::nullopt);
  EXPECT_EQ(c.u64(), std::nullopt);
  EXPECT_EQ(c.take(1), std::nullopt);
  EXPECT_FALSE(c.skip(1));
  EXPECT_TRUE(c.rest().empty());
  EXPECT_EQ(c.pos(), kNine.size());
}

// A read one byte too long must fail as a whole: no partial value, no partial advance.
TEST(CoreCursor, ReadsOneByteTooLongFailWithoutConsuming) {
  for (std::size_t avail = 0; avail < 8; ++avail) {
    SCOPED_TRACE(avail);
    std::vector<std::uint8_t> bytes(avail, 0xee);
    Cursor c{Bytes(bytes)};
    if (avail < 2) {
      EXPECT_EQ(c.u16(), std::nullopt);
    }
    if (avail < 4) {
      EXPECT_EQ(c.u32(), std::nullopt);
    }
    EXPECT_EQ(c.u64(), std::nullopt);
    EXPECT_EQ(c.take(avail + 1), std::nullopt);
    EXPECT_FALSE(c.skip(avail + 1));
    EXPECT_EQ(c.pos(), 0u);
    EXPECT_EQ(c.remaining(), avail);
  }
}

TEST(CoreCursor, ExactFitReadsSucceedAndReachTheEnd) {
  const std::uint8_t two[] = {0xab, 0xcd};
  Cursor c16{Bytes(two)};
  EXPECT_EQ(c16.u16(), 0xabcd);
  EXPECT_TRUE(c16.at_end());

  Cursor c32{Bytes(kNine), 5};
  EXPECT_EQ(c32.u32(), 0x06070809u);
  EXPECT_TRUE(c32.at_end());
  EXPECT_EQ(c32.u8(), std::nullopt);
}

TEST(CoreCursor, TakeReturnsAViewIntoTheInputAndAdvances) {
  Cursor c{Bytes(kNine), 2};
  auto part = c.take(3);
  ASSERT_TRUE(part.has_value());
  ASSERT_EQ(part->size(), 3u);
  EXPECT_EQ(part->data(), kNine.data() + 2);
  EXPECT_EQ((*part)[0], 0x03);
  EXPECT_EQ((*part)[2], 0x05);
  EXPECT_EQ(c.pos(), 5u);
  Bytes rest = c.rest();
  ASSERT_EQ(rest.size(), 4u);
  EXPECT_EQ(rest[0], 0x06);
  EXPECT_EQ(c.pos(), 5u) << "rest() must not consume";
}

TEST(CoreCursor, TakeZeroAndSkipZeroAlwaysSucceed) {
  Cursor c{Bytes(kNine), kNine.size()};
  auto none = c.take(0);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(c.skip(0));
  EXPECT_EQ(c.pos(), kNine.size());
}

TEST(CoreCursor, SkipMovesExactlyAndStopsAtTheEnd) {
  Cursor c{Bytes(kNine)};
  EXPECT_TRUE(c.skip(4));
  EXPECT_EQ(c.u8(), 0x05);
  EXPECT_TRUE(c.skip(4));
  EXPECT_TRUE(c.at_end());
  EXPECT_FALSE(c.skip(1));
  EXPECT_EQ(c.pos(), 9u);
}

TEST(CoreCursor, EmptyInputFailsEveryNonEmptyRead) {
  Cursor c{Bytes{}};
  EXPECT_EQ(c.size(), 0u);
  EXPECT_TRUE(c.at_end());
  EXPECT_EQ(c.u8(), std::nullopt);
  EXPECT_EQ(c.u16(), std::nullopt);
  EXPECT_EQ(c.take(1), std::nullopt);
  EXPECT_TRUE(c.rest().empty());
}

// A start offset beyond the bytes (a length field pointing past the data) behaves as "at the
// end": nothing readable, and even an empty take must not point outside the input.
TEST(CoreCursor, StartPastTheEndReadsNothingAndStaysInBounds) {
  Bytes all(kNine);
  Bytes first4 = all.first(4);
  Cursor c{first4, 7};
  EXPECT_EQ(c.remaining(), 0u);
  EXPECT_TRUE(c.at_end());
  EXPECT_FALSE(c.has(1));
  EXPECT_EQ(c.u8(), std::nullopt);
  EXPECT_EQ(c.u16(), std::nullopt);
  EXPECT_EQ(c.u32(), std::nullopt);
  EXPECT_EQ(c.u64(), std::nullopt);
  EXPECT_EQ(c.take(1), std::nullopt);
  EXPECT_FALSE(c.skip(1));
  EXPECT_TRUE(c.rest().empty());
  auto none = c.take(0);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(inside(*none, first4)) << "take(0) past the end points outside the input";
}

TEST(CoreCursor, EveryReadAtEveryPositionStaysInsideTheInput) {
  Bytes all(kNine);
  for (std::size_t start = 0; start <= kNine.size() + 2; ++start) {
    for (std::size_t n = 0; n <= kNine.size() + 1; ++n) {
      Cursor c{all, start};
      auto t = c.take(n);
      std::size_t avail = start < kNine.size() ? kNine.size() - start : 0;
      ASSERT_EQ(t.has_value(), n <= avail) << "start " << start << " n " << n;
      if (t) {
        EXPECT_EQ(t->size(), n);
        EXPECT_TRUE(inside(*t, all)) << "start " << start << " n " << n;
      }
      Cursor r{all, start};
      EXPECT_TRUE(inside(r.rest(), all));
      EXPECT_EQ(r.rest().size(), avail);
    }
  }
}

TEST(CoreLoad, Be16AndBe32ReadNetworkOrder) {
  EXPECT_EQ(load_be16(kNine.data()), 0x0102);
  EXPECT_EQ(load_be32(kNine.data() + 5), 0x06070809u);
  const std::uint8_t high[] = {0xff, 0xfe, 0x80, 0x01};
  EXPECT_EQ(load_be16(high), 0xfffe);
  EXPECT_EQ(load_be32(high), 0xfffe8001u);
}

}  // namespace
}  // namespace mqscope
