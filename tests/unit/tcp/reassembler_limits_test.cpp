// Reassembler bounds and damaged input: the out-of-order budget (Limits) keeps memory bounded
// and turns what it cannot hold into counted gaps; bytes cut by the snapshot length are gaps,
// never invented.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "stream_check.hpp"

namespace mqscope::tcp {
namespace {

using test::StreamHarness;

Limits budget(std::size_t bytes, std::size_t segments = 1024) {
  Limits limits;
  limits.tcp_out_of_order_bytes = bytes;
  limits.tcp_out_of_order_segments = segments;
  return limits;
}

// Over the byte budget the oldest hole is given up: reported as a gap of its exact length,
// the held data behind it delivered, and decoding continues in order.
TEST(ReassemblerBudget, ByteBudgetExceededGivesUpTheOldestHoleAsAGap) {
  StreamHarness h(1000, 60, budget(20));
  h.send(0, 10);
  EXPECT_EQ(h.send(20, 30), Disposition::Buffered);
  EXPECT_EQ(h.send(30, 40), Disposition::Buffered);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 20u);
  EXPECT_EQ(h.reassembler.budget_overflows(), 0u);
  EXPECT_EQ(h.send(40, 50), Disposition::InOrder);  // no room: hole [10, 20) is given up
  EXPECT_EQ(h.reassembler.budget_overflows(), 1u);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 0u);
  EXPECT_EQ(h.send(50, 60), Disposition::InOrder);
  EXPECT_EQ(h.listener.log(), "data 1:54 " + h.hex(0, 10) + "\ngap 10\ndata 2:54 " + h.hex(20, 30) +
                                  "\ndata 3:54 " + h.hex(30, 40) + "\ndata 4:54 " + h.hex(40, 50) +
                                  "\ndata 5:54 " + h.hex(50, 60) + "\n");
  EXPECT_EQ(h.send(10, 20), Disposition::Retransmission);  // too late: never delivered
  EXPECT_TRUE(h.accounts_for_every_byte(60));
}

// The segment-count budget (tcp_out_of_order_segments) works the same way.
TEST(ReassemblerBudget, SegmentBudgetExceededGivesUpTheOldestHole) {
  StreamHarness h(1000, 20, budget(1 << 20, 2));
  h.send(0, 5);
  EXPECT_EQ(h.send(10, 12), Disposition::Buffered);
  EXPECT_EQ(h.send(14, 16), Disposition::Buffered);
  EXPECT_EQ(h.send(18, 20), Disposition::Buffered);  // [5, 10) given up, [10, 12) delivered
  EXPECT_EQ(h.reassembler.budget_overflows(), 1u);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 4u);
  EXPECT_EQ(h.listener.stream(), h.expected(12, {{5, 10}}));
  h.reassembler.flush();
  EXPECT_EQ(h.listener.stream(), h.expected(20, {{5, 10}, {12, 14}, {16, 18}}));
  EXPECT_TRUE(h.accounts_for_every_byte(20));
}

// A segment that does not fit, ahead of the current hole but before the held data, skips
// only up to itself; the held data stays held.
TEST(ReassemblerBudget, OverflowBeforeHeldDataSkipsOnlyUpToTheNewSegment) {
  StreamHarness h(1000, 40, budget(10));
  h.send(0, 10);
  EXPECT_EQ(h.send(30, 40), Disposition::Buffered);
  EXPECT_EQ(h.send(15, 25), Disposition::InOrder);
  EXPECT_EQ(h.listener.stream(), h.expected(25, {{10, 15}}));
  EXPECT_EQ(h.reassembler.buffered_bytes(), 10u);
  EXPECT_EQ(h.send(25, 30), Disposition::InOrder);
  EXPECT_EQ(h.listener.stream(), h.expected(40, {{10, 15}}));
  EXPECT_TRUE(h.accounts_for_every_byte(40));
}

// A single segment larger than the whole budget cannot be held at all: the hole before it is
// a gap and it is delivered at once.
TEST(ReassemblerBudget, SegmentLargerThanTheBudgetIsDeliveredAfterAGap) {
  StreamHarness h(1000, 30, budget(8));
  h.send(0, 4);
  EXPECT_EQ(h.send(10, 30), Disposition::InOrder);
  EXPECT_EQ(h.listener.log(),
            "data 1:54 " + h.hex(0, 4) + "\ngap 6\ndata 2:54 " + h.hex(10, 30) + "\n");
  EXPECT_EQ(h.reassembler.buffered_bytes(), 0u);
  EXPECT_TRUE(h.accounts_for_every_byte(30));
}

// A zero budget holds nothing: every hole becomes a gap as soon as data lies beyond it.
TEST(ReassemblerBudget, ZeroBudgetNeverBuffers) {
  StreamHarness h(1000, 30, budget(0, 0));
  h.send(0, 5);
  EXPECT_EQ(h.send(20, 30), Disposition::InOrder);
  EXPECT_EQ(h.send(5, 20), Disposition::Retransmission);
  EXPECT_EQ(h.listener.stream(), h.expected(30, {{5, 20}}));
  EXPECT_TRUE(h.accounts_for_every_byte(30));
}

// Memory stays bounded under a long reversed stream (the worst case for a reorder buffer):
// buffered_bytes() never exceeds the budget (checked on every send) and every byte is still
// accounted for.
TEST(ReassemblerBudget, MemoryStaysBoundedUnderALongReversedStream) {
  StreamHarness h(0xffff0000u, 1000, budget(64, 4));
  for (std::uint64_t b = 990; b > 0; b -= 10) h.send(b, b + 10);
  h.send(0, 10);
  h.reassembler.flush();
  EXPECT_GT(h.reassembler.budget_overflows(), 0u);
  EXPECT_GT(h.reassembler.gap_bytes(), 0u);
  EXPECT_TRUE(h.accounts_for_every_byte(1000));
}

// Bytes cut by the snapshot length (missing > 0) are a gap of exactly that length, right after
// the captured part, and the next segment continues in order.
TEST(ReassemblerSnaplen, CutSegmentReportsAGapOfTheMissingLength) {
  StreamHarness h(1000, 20);
  EXPECT_EQ(h.send(0, 10, 4), Disposition::InOrder);
  EXPECT_EQ(h.send(10, 20), Disposition::InOrder);
  EXPECT_EQ(h.listener.log(),
            "data 1:54 " + h.hex(0, 6) + "\ngap 4\ndata 2:54 " + h.hex(10, 20) + "\n");
  EXPECT_TRUE(h.accounts_for_every_byte(20));
}

// A segment whose payload was cut entirely is all gap.
TEST(ReassemblerSnaplen, SegmentWithNoCapturedPayloadIsAllGap) {
  StreamHarness h(1000, 20);
  EXPECT_EQ(h.send(0, 10, 10), Disposition::InOrder);
  EXPECT_EQ(h.send(10, 20, 10), Disposition::InOrder);
  EXPECT_EQ(h.listener.log(), "gap 10\ngap 10\n");
  EXPECT_TRUE(h.accounts_for_every_byte(20));
}

// A cut segment held behind a hole keeps its missing length: the gap comes after its bytes.
TEST(ReassemblerSnaplen, HeldCutSegmentReportsItsGapWhenDrained) {
  StreamHarness h(1000, 25);
  h.send(0, 5);
  EXPECT_EQ(h.send(10, 20, 3), Disposition::Buffered);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 7u);
  EXPECT_EQ(h.send(5, 10), Disposition::InOrder);
  EXPECT_EQ(h.send(20, 25), Disposition::InOrder);
  EXPECT_EQ(h.listener.stream(), h.expected(25, {{17, 20}}));
  EXPECT_TRUE(h.accounts_for_every_byte(25));
}

// The bytes of a cut segment were already counted as a gap: its full retransmission is old.
TEST(ReassemblerSnaplen, FullRetransmissionOfADeliveredCutSegmentIsNotDeliveredAgain) {
  StreamHarness h(1000, 15);
  h.send(0, 10, 6);
  EXPECT_EQ(h.send(0, 10), Disposition::Retransmission);
  EXPECT_EQ(h.send(5, 15), Disposition::Overlap);
  EXPECT_EQ(h.listener.stream(), h.expected(15, {{4, 10}}));
  EXPECT_TRUE(h.accounts_for_every_byte(15));
}

// A full copy of a cut segment still waiting behind a hole fills in what the cut left out:
// captured bytes are not reported as missing when the capture holds them.
TEST(ReassemblerSnaplen, FullCopyOfAHeldCutSegmentFillsItIn) {
  StreamHarness h(1000, 20);
  h.send(0, 5);
  EXPECT_EQ(h.send(10, 20, 5), Disposition::Buffered);
  EXPECT_EQ(h.send(10, 20), Disposition::Overlap);  // bytes 15..20 are new
  EXPECT_EQ(h.reassembler.buffered_bytes(), 10u);
  EXPECT_EQ(h.send(10, 20, 5), Disposition::Retransmission);  // the cut copy again: nothing new
  h.send(5, 10);
  EXPECT_EQ(h.listener.stream(), h.expected(20));
  EXPECT_TRUE(h.accounts_for_every_byte(20));
}

// A cut copy that reaches further than the held full one adds only its missing tail: the held
// bytes stay, and the extra length is a gap after them.
TEST(ReassemblerSnaplen, LongerCutCopyOfAHeldSegmentKeepsTheBytesAndExtendsTheGap) {
  StreamHarness h(1000, 25);
  h.send(0, 5);
  EXPECT_EQ(h.send(10, 20), Disposition::Buffered);
  EXPECT_EQ(h.send(10, 25, 10), Disposition::Overlap);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 10u);
  h.send(5, 10);
  EXPECT_EQ(h.listener.stream(), h.expected(25, {{20, 25}}));
  EXPECT_TRUE(h.accounts_for_every_byte(25));
}

// Replacing a held copy by a better one adds no segment, so it does not count against
// tcp_out_of_order_segments.
TEST(ReassemblerSnaplen, BetterCopyOfAHeldSegmentFitsTheSegmentBudget) {
  StreamHarness h(1000, 20, budget(1 << 20, 2));
  h.send(0, 5);
  EXPECT_EQ(h.send(10, 20, 5), Disposition::Buffered);
  EXPECT_EQ(h.send(10, 20), Disposition::Overlap);
  EXPECT_EQ(h.reassembler.budget_overflows(), 0u);
  h.send(5, 10);
  EXPECT_EQ(h.listener.stream(), h.expected(20));
  EXPECT_TRUE(h.accounts_for_every_byte(20));
}

struct Chopped {
  std::uint64_t begin, end;
  std::uint32_t missing;
};

// Random segments covering [0, length), some overlapping, repeated or cut, in random order.
std::vector<Chopped> chop(std::mt19937& rng, std::uint64_t length, bool cut) {
  std::vector<Chopped> out;
  std::uniform_int_distribution<std::uint64_t> size(1, 40);
  std::uniform_int_distribution<int> coin(0, 9);
  for (std::uint64_t b = 0; b < length;) {
    std::uint64_t e = std::min(length, b + size(rng));
    out.push_back({b, e, 0});
    if (coin(rng) == 0) out.push_back({b, e, 0});                                     // duplicate
    if (coin(rng) == 0 && b > 5) out.push_back({b - 5, std::min(length, e + 3), 0});  // overlap
    b = e;
  }
  if (cut)
    for (auto& s : out)
      if (coin(rng) == 0) s.missing = static_cast<std::uint32_t>((s.end - s.begin) / 2);
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

// Randomised orders with a generous budget: every byte arrives, so the stream comes out whole.
TEST(ReassemblerRandom, ShuffledOverlappingSegmentsGiveTheWholeStream) {
  std::mt19937 rng(20240611);
  for (int round = 0; round < 200; ++round) {
    StreamHarness h(static_cast<std::uint32_t>(rng()), 600);
    for (const auto& s : chop(rng, 600, false)) h.send(s.begin, s.end);
    h.reassembler.flush();
    ASSERT_EQ(h.listener.stream(), h.expected(600)) << "round " << round;
    ASSERT_TRUE(h.accounts_for_every_byte(600)) << "round " << round;
  }
}

// Randomised orders with cut segments and a tight budget: bytes may become gaps, but each
// offset is accounted for once and memory stays within the budget.
TEST(ReassemblerRandom, TightBudgetAndCutSegmentsStillAccountForEveryByte) {
  std::mt19937 rng(7);
  for (std::size_t round = 0; round < 300; ++round) {
    StreamHarness h(static_cast<std::uint32_t>(rng()), 600, budget(50 + round % 100, 3));
    for (const auto& s : chop(rng, 600, true)) h.send(s.begin, s.end, s.missing);
    h.reassembler.flush();
    ASSERT_TRUE(h.accounts_for_every_byte(600)) << "round " << round;
  }
}

}  // namespace
}  // namespace mqscope::tcp
