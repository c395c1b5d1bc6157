// Sequence-number arithmetic modulo 2^32: RFC 9293 §3.4 (RFC 793 §3.3) compares sequence
// numbers in a space that wraps, with the serial-number rules of RFC 1982 §3.2.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "mqscope/tcp/seq.hpp"

namespace mqscope::tcp {
namespace {

// RFC 9293 §3.4: "all arithmetic dealing with sequence numbers must be performed modulo 2^32".
TEST(SeqDiff, IsThePlainDifferenceAwayFromTheWrap) {
  EXPECT_EQ(seq_diff(1500, 1000), 500);
  EXPECT_EQ(seq_diff(1000, 1500), -500);
  EXPECT_EQ(seq_diff(7, 7), 0);
}

// RFC 9293 §3.4: 0 follows 2^32 - 1, so the distance across the wrap is small and positive.
TEST(SeqDiff, CountsForwardAcrossTheWrap) {
  EXPECT_EQ(seq_diff(0, 0xffffffffu), 1);
  EXPECT_EQ(seq_diff(5, 0xfffffffbu), 10);
  EXPECT_EQ(seq_diff(0xfffffffbu, 5), -10);
  EXPECT_EQ(seq_diff(0x00001000u, 0xfffff000u), 0x2000);
}

// RFC 1982 §3.2: distances up to 2^31 - 1 either way are well defined.
TEST(SeqDiff, HandlesTheLargestUnambiguousDistances) {
  EXPECT_EQ(seq_diff(0x7fffffffu, 0), 0x7fffffff);
  EXPECT_EQ(seq_diff(0, 0x7fffffffu), -0x7fffffff);
  EXPECT_EQ(seq_diff(0x80000000u, 1), 0x7fffffff);
  EXPECT_EQ(seq_diff(0x7ffffffeu, 0xffffffffu), 0x7fffffff);
}

// RFC 1982 §3.2: s1 < s2 iff (i1 < i2 and i2 - i1 < 2^31) or (i1 > i2 and i1 - i2 > 2^31).
TEST(SeqLt, OrdersAcrossTheWrap) {
  EXPECT_TRUE(seq_lt(1000, 1001));
  EXPECT_FALSE(seq_lt(1001, 1000));
  EXPECT_TRUE(seq_lt(0xffffffffu, 0));
  EXPECT_FALSE(seq_lt(0, 0xffffffffu));
  EXPECT_TRUE(seq_lt(0xfffffff0u, 0x10));
  EXPECT_FALSE(seq_lt(0x10, 0xfffffff0u));
  EXPECT_TRUE(seq_lt(0, 0x7fffffffu));
  EXPECT_FALSE(seq_lt(0x7fffffffu, 0));
}

// RFC 1982 §3.2: a number is never less than itself; seq_le adds equality.
TEST(SeqLt, IsIrreflexiveAndSeqLeIncludesEquality) {
  for (std::uint32_t s : {0u, 1u, 0x7fffffffu, 0x80000000u, 0xffffffffu}) {
    EXPECT_FALSE(seq_lt(s, s)) << s;
    EXPECT_TRUE(seq_le(s, s)) << s;
  }
  EXPECT_TRUE(seq_le(0xffffffffu, 0));
  EXPECT_FALSE(seq_le(0, 0xffffffffu));
}

// RFC 1982 §3.2: at a distance of exactly 2^31 the comparison is undefined; whatever the
// implementation answers, both numbers must not be "less" than each other.
TEST(SeqLt, NeverSaysBothLessAtHalfTheSpace) {
  for (std::uint32_t a : {0u, 1u, 0x12345678u, 0x80000000u, 0xffffffffu}) {
    std::uint32_t b = a + 0x80000000u;
    EXPECT_FALSE(seq_lt(a, b) && seq_lt(b, a)) << a;
  }
}

// RFC 1982 §3.2: for distances below 2^31 exactly one of a < b, b < a, a == b holds, and
// moving both numbers by the same amount (across the wrap) changes nothing.
TEST(SeqLt, IsAntisymmetricAndInvariantUnderShiftsAcrossTheWrap) {
  const std::vector<std::uint32_t> distances = {1, 2, 1000, 65535, 0x40000000u, 0x7fffffffu};
  const std::vector<std::uint32_t> bases = {0,           1,           0x7fffffffu,
                                            0x80000000u, 0xfffffff0u, 0xffffffffu};
  for (std::uint32_t base : bases) {
    for (std::uint32_t d : distances) {
      std::uint32_t b = base + d;
      EXPECT_TRUE(seq_lt(base, b)) << base << " + " << d;
      EXPECT_FALSE(seq_lt(b, base)) << base << " + " << d;
      EXPECT_TRUE(seq_le(base, b)) << base << " + " << d;
      EXPECT_FALSE(seq_le(b, base)) << base << " + " << d;
      EXPECT_EQ(seq_diff(b, base), static_cast<std::int64_t>(d));
      EXPECT_EQ(seq_diff(base, b), -static_cast<std::int64_t>(d));
    }
  }
}

// RFC 9293 §3.4: a segment's last byte is SEG.SEQ + SEG.LEN - 1; comparisons on that value
// must hold when the segment itself straddles 2^32.
TEST(SeqLt, SegmentStraddlingTheWrapContainsItsBytes) {
  std::uint32_t seg_seq = 0xfffffffcu;
  std::uint32_t seg_len = 8;
  std::uint32_t last = seg_seq + seg_len - 1;  // 3 after the wrap
  EXPECT_EQ(last, 3u);
  for (std::uint32_t s = seg_seq; s != last + 1; ++s) {
    EXPECT_TRUE(seq_le(seg_seq, s) && seq_le(s, last)) << s;
  }
  EXPECT_FALSE(seq_le(last + 1, last));
  EXPECT_TRUE(seq_lt(seg_seq - 1, seg_seq));
}

}  // namespace
}  // namespace mqscope::tcp
