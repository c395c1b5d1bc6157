// Reassembler ordering: RFC 9293 §3.4 and §3.10.7.4 — data is delivered in sequence order
// whatever order segments arrive in, each byte once, duplicates and overlaps trimmed.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "stream_check.hpp"

namespace mqscope::tcp {
namespace {

using test::kPayloadOffset;
using test::StreamHarness;

using Range = std::pair<std::uint64_t, std::uint64_t>;

// RFC 9293 §3.10.7.4: a segment starting at RCV.NXT is delivered at once, with the frame and
// in-frame offset its bytes were read from.
TEST(ReassemblerOrder, DeliversInOrderSegmentsAtOnceWithTheirOrigins) {
  StreamHarness h(1000, 12);
  EXPECT_EQ(h.send(0, 5), Disposition::InOrder);
  EXPECT_EQ(h.send(5, 12), Disposition::InOrder);
  EXPECT_EQ(h.listener.log(), "data 1:54 " + h.hex(0, 5) + "\ndata 2:54 " + h.hex(5, 12) + "\n");
  EXPECT_EQ(h.reassembler.buffered_bytes(), 0u);
  EXPECT_TRUE(h.accounts_for_every_byte(12));
}

// RFC 9293 §3.4: sequence numbers wrap at 2^32; a stream crossing the wrap (even inside one
// segment) is delivered once, in order, and stream offsets keep counting up.
TEST(ReassemblerOrder, StreamCrossingTwoToThe32IsDeliveredOnceInOrder) {
  StreamHarness h(0xfffffff0u, 48);
  for (std::uint64_t b = 0; b < 48; b += 6) EXPECT_EQ(h.send(b, b + 6), Disposition::InOrder) << b;
  EXPECT_EQ(h.seq_of(16), 0u);  // offset 16 is sequence number 0
  EXPECT_EQ(h.listener.stream(), h.expected(48));
  h.reassembler.flush();
  EXPECT_TRUE(h.accounts_for_every_byte(48));
  EXPECT_EQ(h.reassembler.gap_bytes(), 0u);
}

// RFC 9293 §3.4: out-of-order segments after the wrap are placed after those before it, not
// 2^32 bytes back.
TEST(ReassemblerOrder, SegmentsAfterTheWrapArrivingFirstAreBufferedNotDropped) {
  StreamHarness h(0xfffffff8u, 32);
  EXPECT_EQ(h.send(0, 4), Disposition::InOrder);
  EXPECT_EQ(h.send(16, 32), Disposition::Buffered);  // sequence numbers 8..23
  EXPECT_EQ(h.send(8, 16), Disposition::Buffered);   // sequence numbers 0..7
  EXPECT_EQ(h.listener.events.size(), 1u);
  EXPECT_EQ(h.send(4, 8), Disposition::InOrder);  // sequence numbers 0xfffffffc..0xffffffff
  EXPECT_EQ(h.listener.stream(), h.expected(32));
  EXPECT_TRUE(h.accounts_for_every_byte(32));
}

// RFC 9293 §3.10.7.4: segments received in reverse order are held until the first arrives,
// then come out in sequence order.
TEST(ReassemblerOrder, ReverseOrderGivesTheSameBytesAsInOrder) {
  StreamHarness h(77, 40);
  for (std::uint64_t b = 32; b > 0; b -= 8) EXPECT_EQ(h.send(b, b + 8), Disposition::Buffered);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 32u);
  EXPECT_TRUE(h.listener.events.empty());
  EXPECT_EQ(h.send(0, 8), Disposition::InOrder);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 0u);
  EXPECT_EQ(h.listener.stream(), h.expected(40));
  EXPECT_EQ(h.listener.events.size(), 5u);  // one event per segment, none merged or split
  EXPECT_TRUE(h.accounts_for_every_byte(40));
}

void expect_every_order_gives_the_stream(std::uint32_t first_seq, std::vector<Range> segments,
                                         std::uint64_t end) {
  std::sort(segments.begin(), segments.end());
  int orders = 0;
  do {
    StreamHarness h(first_seq, end);
    for (auto [b, e] : segments) h.send(b, e);
    h.reassembler.flush();
    ++orders;
    ASSERT_EQ(h.listener.stream(), h.expected(end)) << "order #" << orders;
    ASSERT_TRUE(h.accounts_for_every_byte(end)) << "order #" << orders;
    ASSERT_EQ(h.reassembler.gap_bytes(), 0u);
    ASSERT_EQ(h.reassembler.buffered_bytes(), 0u);
  } while (std::next_permutation(segments.begin(), segments.end()));
  EXPECT_GT(orders, 1);
}

// RFC 9293 §3.4: the receiver puts segments in order by sequence number; every one of the
// 5! arrival orders (here straddling 2^32) yields the in-order bytes.
TEST(ReassemblerOrder, EveryPermutationOfDisjointSegmentsGivesTheSameBytes) {
  expect_every_order_gives_the_stream(0xffffffe0u, {{0, 7}, {7, 20}, {20, 21}, {21, 40}, {40, 64}},
                                      64);
}

// RFC 9293 §3.10.7.4 ("segments with higher beginning sequence numbers may be held"):
// overlapping and repeated segments in every order still give each byte once.
TEST(ReassemblerOrder, EveryPermutationOfOverlappingSegmentsGivesTheSameBytes) {
  expect_every_order_gives_the_stream(
      0x7ffffff0u, {{0, 10}, {5, 15}, {12, 30}, {0, 30}, {14, 16}, {29, 40}}, 40);
}

// RFC 9293 §3.10.7.4: a segment wholly before RCV.NXT is a duplicate; it is never delivered
// again.
TEST(ReassemblerOrder, ExactRetransmissionIsNeverDeliveredTwice) {
  StreamHarness h(5000, 20);
  EXPECT_EQ(h.send(0, 10), Disposition::InOrder);
  EXPECT_EQ(h.send(0, 10), Disposition::Retransmission);
  EXPECT_EQ(h.send(10, 20), Disposition::InOrder);
  EXPECT_EQ(h.send(0, 10), Disposition::Retransmission);
  EXPECT_EQ(h.send(10, 20), Disposition::Retransmission);
  EXPECT_EQ(h.send(3, 7), Disposition::Retransmission);  // a sub-range is also old
  EXPECT_EQ(h.listener.events.size(), 2u);
  EXPECT_TRUE(h.accounts_for_every_byte(20));
}

// RFC 9293 §3.10.7.4: a duplicate of a segment still waiting behind a hole is kept once (and
// is a retransmission: every byte was seen before).
TEST(ReassemblerOrder, RetransmittedBufferedSegmentIsDeliveredOnce) {
  StreamHarness h(5000, 30);
  EXPECT_EQ(h.send(10, 20), Disposition::Buffered);
  EXPECT_EQ(h.send(0, 5), Disposition::InOrder);
  EXPECT_EQ(h.send(10, 20), Disposition::Retransmission);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 10u);
  EXPECT_EQ(h.send(5, 10), Disposition::InOrder);
  EXPECT_EQ(h.send(10, 20), Disposition::Retransmission);
  EXPECT_EQ(h.listener.stream(), h.expected(20));
  EXPECT_TRUE(h.accounts_for_every_byte(20));
}

// RFC 9293 §3.10.7.4: a segment partly before RCV.NXT is trimmed to its new bytes; the origin
// of what is delivered moves by the trimmed amount.
TEST(ReassemblerOrder, PartialOverlapDeliversOnlyTheNewBytes) {
  StreamHarness h(100, 20);
  EXPECT_EQ(h.send(0, 10), Disposition::InOrder);
  EXPECT_EQ(h.send(4, 16), Disposition::Overlap);
  EXPECT_EQ(h.listener.lines.back(),
            "data 2:" + std::to_string(kPayloadOffset + 6) + " " + h.hex(10, 16));
  EXPECT_EQ(h.send(15, 20), Disposition::Overlap);
  EXPECT_EQ(h.listener.lines.back(),
            "data 3:" + std::to_string(kPayloadOffset + 1) + " " + h.hex(16, 20));
  EXPECT_TRUE(h.accounts_for_every_byte(20));
}

// RFC 9293 §3.10.7.4: a segment that overlaps the delivered data, fills the hole and runs
// into a held segment delivers only the hole's bytes; the held bytes, captured first, win.
TEST(ReassemblerOrder, OverlapThatFillsAHoleAndOverrunsHeldDataIsTrimmedBothSides) {
  StreamHarness h(100, 30);
  EXPECT_EQ(h.send(0, 10), Disposition::InOrder);
  EXPECT_EQ(h.send(20, 30), Disposition::Buffered);
  EXPECT_EQ(h.send(5, 25), Disposition::Overlap);
  ASSERT_EQ(h.listener.lines.size(), 3u);
  EXPECT_EQ(h.listener.lines[1],
            "data 3:" + std::to_string(kPayloadOffset + 5) + " " + h.hex(10, 20));
  EXPECT_EQ(h.listener.lines[2], "data 2:" + std::to_string(kPayloadOffset) + " " + h.hex(20, 30));
  EXPECT_EQ(h.reassembler.buffered_bytes(), 0u);
  EXPECT_TRUE(h.accounts_for_every_byte(30));
}

// RFC 9293 §3.10.7.4: data beyond a hole is held (Buffered) and counted, and delivered, in
// order, as soon as the hole is filled.
TEST(ReassemblerOrder, OutOfOrderDataIsBufferedAndDrainedWhenTheHoleFills) {
  StreamHarness h(9000, 40);
  EXPECT_EQ(h.send(0, 10), Disposition::InOrder);
  EXPECT_EQ(h.send(20, 30), Disposition::Buffered);
  EXPECT_EQ(h.send(30, 40), Disposition::Buffered);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 20u);
  EXPECT_EQ(h.reassembler.delivered_bytes(), 10u);
  EXPECT_EQ(h.send(10, 15), Disposition::InOrder);  // part of the hole: nothing drains yet
  EXPECT_EQ(h.reassembler.buffered_bytes(), 20u);
  EXPECT_EQ(h.send(15, 20), Disposition::InOrder);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 0u);
  EXPECT_EQ(h.listener.log(), "data 1:54 " + h.hex(0, 10) + "\ndata 4:54 " + h.hex(10, 15) +
                                  "\ndata 5:54 " + h.hex(15, 20) + "\ndata 2:54 " + h.hex(20, 30) +
                                  "\ndata 3:54 " + h.hex(30, 40) + "\n");
  EXPECT_TRUE(h.accounts_for_every_byte(40));
}

// Bytes that never arrive are never invented: at the end, flush() reports the hole as a gap
// of exactly its length, then the held bytes.
TEST(ReassemblerOrder, HoleThatNeverFillsIsAGapOfExactlyTheMissingLength) {
  StreamHarness h(9000, 25);
  h.send(0, 10);
  EXPECT_EQ(h.send(17, 25), Disposition::Buffered);
  h.reassembler.flush();
  EXPECT_EQ(h.listener.log(),
            "data 1:54 " + h.hex(0, 10) + "\ngap 7\ndata 2:54 " + h.hex(17, 25) + "\n");
  EXPECT_EQ(h.reassembler.gap_bytes(), 7u);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 0u);
  EXPECT_TRUE(h.accounts_for_every_byte(25));
}

// Several holes, and held segments that overlap each other: flush() reports each hole once
// and each byte once.
TEST(ReassemblerOrder, FlushReportsEveryHoleAndTrimsOverlappingHeldSegments) {
  StreamHarness h(1, 60);
  h.send(0, 5);
  h.send(10, 20);
  h.send(15, 25);
  h.send(40, 50);
  h.send(45, 48);
  h.send(55, 60);
  h.reassembler.flush();
  EXPECT_EQ(h.listener.stream(), h.expected(60, {{5, 10}, {25, 40}, {50, 55}}));
  EXPECT_EQ(h.reassembler.gap_bytes(), 5u + 15u + 5u);
  EXPECT_TRUE(h.accounts_for_every_byte(60));
  h.reassembler.flush();  // a second flush has nothing left to say
  EXPECT_TRUE(h.accounts_for_every_byte(60));
}

// Data arriving after a flush continues the stream after the reported gap.
TEST(ReassemblerOrder, DataAfterAFlushContinuesAfterTheGap) {
  StreamHarness h(1, 30);
  h.send(0, 5);
  h.send(10, 15);
  h.reassembler.flush();
  EXPECT_EQ(h.send(7, 12), Disposition::Retransmission);
  EXPECT_EQ(h.send(12, 20), Disposition::Overlap);
  EXPECT_EQ(h.send(20, 30), Disposition::InOrder);
  EXPECT_EQ(h.listener.stream(), h.expected(30, {{5, 10}}));
  EXPECT_TRUE(h.accounts_for_every_byte(30));
}

// The counters do not depend on a listener being set.
TEST(ReassemblerOrder, CountsWithoutAListener) {
  Limits limits;
  Reassembler r(limits);
  std::array<std::uint8_t, 8> bytes{};
  r.on_syn(9);
  EXPECT_EQ(r.on_segment(10, Bytes(bytes), {1, 0}, 0), Disposition::InOrder);
  EXPECT_EQ(r.on_segment(22, Bytes(bytes), {2, 0}, 0), Disposition::Buffered);
  EXPECT_EQ(r.buffered_bytes(), 8u);
  r.flush();
  EXPECT_EQ(r.delivered_bytes(), 20u);
  EXPECT_EQ(r.gap_bytes(), 4u);
}

}  // namespace
}  // namespace mqscope::tcp
