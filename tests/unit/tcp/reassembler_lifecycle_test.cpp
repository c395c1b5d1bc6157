// Reassembler lifecycle: where the stream starts (SYN, or mid-stream), where it ends (FIN),
// segments that do not belong to it (out of window, after the FIN), and 64-bit offsets.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "stream_check.hpp"

namespace mqscope::tcp {
namespace {

using test::RecordingListener;
using test::StreamHarness;

constexpr std::int64_t kWindow = std::int64_t{1} << 30;  // the reassembler's plausibility window

// RFC 9293 §3.4: the SYN occupies sequence number ISN; the first data byte is ISN + 1.
TEST(ReassemblerSyn, DataStartsOneAfterTheSyn) {
  StreamHarness h(0x10000001u, 10, {}, false);
  EXPECT_FALSE(h.reassembler.synchronized());
  h.reassembler.on_syn(0x10000000u);
  EXPECT_TRUE(h.reassembler.synchronized());
  EXPECT_EQ(h.reassembler.initial_seq(), 0x10000000u);
  EXPECT_EQ(h.send(0, 10), Disposition::InOrder);
  EXPECT_TRUE(h.accounts_for_every_byte(10));
}

// RFC 9293 §3.4: with the ISN known, a first data segment that is not at ISN + 1 is ahead of a
// hole (held), not the start of the stream.
TEST(ReassemblerSyn, FirstSegmentAfterTheSynOutOfOrderIsHeld) {
  StreamHarness h(500, 20);
  EXPECT_EQ(h.send(10, 20), Disposition::Buffered);
  EXPECT_EQ(h.send(0, 10), Disposition::InOrder);
  EXPECT_EQ(h.listener.stream(), h.expected(20));
  EXPECT_TRUE(h.accounts_for_every_byte(20));
}

// RFC 9293 §3.8.1 (retransmitted SYN): a second SYN does not restart the stream.
TEST(ReassemblerSyn, RepeatedSynIsIgnoredOnceSynchronized) {
  StreamHarness h(0xffffffffu, 20);  // SYN at 0xfffffffe, data across the wrap
  h.send(0, 10);
  h.reassembler.on_syn(0xfffffffeu);
  h.reassembler.on_syn(12345);
  EXPECT_EQ(h.reassembler.initial_seq(), 0xfffffffeu);
  EXPECT_EQ(h.send(0, 10), Disposition::Retransmission);
  EXPECT_EQ(h.send(10, 20), Disposition::InOrder);
  EXPECT_TRUE(h.accounts_for_every_byte(20));
}

// A capture that starts mid-connection: the first segment is held (data from before it may
// still arrive), and the stream starts at it once the next one follows on; the implied ISN is
// the sequence number before it.
TEST(ReassemblerMidStream, FirstSegmentWithoutSynIsHeldUntilTheNextFollowsOn) {
  StreamHarness h(777777, 30, {}, false);
  EXPECT_EQ(h.send(0, 10), Disposition::Buffered);
  EXPECT_FALSE(h.reassembler.synchronized());
  EXPECT_TRUE(h.listener.events.empty());
  EXPECT_EQ(h.send(10, 15), Disposition::InOrder);
  EXPECT_TRUE(h.reassembler.synchronized());
  EXPECT_EQ(h.reassembler.initial_seq(), 777776u);
  EXPECT_EQ(h.listener.stream(), h.expected(15));
  EXPECT_EQ(h.send(20, 30), Disposition::Buffered);
  h.reassembler.flush();
  EXPECT_EQ(h.listener.stream(), h.expected(30, {{15, 20}}));
  EXPECT_TRUE(h.accounts_for_every_byte(30));
}

// Segments that arrive in reverse order without a SYN: while only earlier data arrives, it is
// all held; at the end the stream starts at the lowest byte and comes out whole.
TEST(ReassemblerMidStream, ReverseOrderWithoutSynGivesTheWholeStream) {
  StreamHarness h(0xfffffff0u, 50, {}, false);
  for (std::uint64_t b = 40; b > 0; b -= 10) EXPECT_EQ(h.send(b, b + 10), Disposition::Buffered);
  EXPECT_EQ(h.send(0, 10), Disposition::Buffered);
  EXPECT_TRUE(h.listener.events.empty());
  h.reassembler.flush();
  EXPECT_EQ(h.listener.stream(), h.expected(50));
  EXPECT_EQ(h.reassembler.gap_bytes(), 0u);
  EXPECT_TRUE(h.accounts_for_every_byte(50));
}

// Once data arrived before data already held, forward progress no longer proves the start:
// the direction keeps holding until something else does (here the end).
TEST(ReassemblerMidStream, AfterAnEarlierSegmentForwardProgressDoesNotStartTheStream) {
  StreamHarness h(1000, 40, {}, false);
  h.send(10, 20);
  h.send(0, 10);
  EXPECT_EQ(h.send(20, 30), Disposition::Buffered);
  EXPECT_TRUE(h.listener.events.empty());
  h.send(30, 40);
  h.reassembler.flush();
  EXPECT_EQ(h.listener.stream(), h.expected(40));
  EXPECT_TRUE(h.accounts_for_every_byte(40));
}

// A late SYN places the held data: the stream starts one after it (RFC 9293 §3.4), and a
// hole before the first held byte is a gap.
TEST(ReassemblerMidStream, LateSynStartsTheStreamBeforeTheHeldData) {
  StreamHarness h(5000, 30, {}, false);
  h.send(20, 30);
  h.send(10, 20);
  h.reassembler.on_syn(h.seq_of(0) - 1);
  h.reassembler.settle();
  EXPECT_TRUE(h.reassembler.synchronized());
  EXPECT_EQ(h.reassembler.initial_seq(), h.seq_of(0) - 1);
  EXPECT_TRUE(h.listener.events.empty()) << "bytes 0..10 are still to come";
  EXPECT_EQ(h.send(0, 10), Disposition::InOrder);
  EXPECT_EQ(h.listener.stream(), h.expected(30));
  EXPECT_TRUE(h.accounts_for_every_byte(30));
}

// Holding is bounded too: when the budget is full, the stream starts at the lowest byte held.
TEST(ReassemblerMidStream, HoldingWithinTheBudgetThenStartingAtTheLowestByte) {
  Limits limits;
  limits.tcp_out_of_order_bytes = 25;
  StreamHarness h(1, 40, limits, false);
  h.send(30, 40);
  h.send(20, 30);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 20u);
  EXPECT_EQ(h.send(10, 20), Disposition::InOrder);  // no room: starts at offset 10
  EXPECT_EQ(h.reassembler.budget_overflows(), 1u);
  EXPECT_EQ(h.send(0, 10), Disposition::Retransmission);  // too late now
  EXPECT_LE(h.reassembler.buffered_bytes(), 25u);
  EXPECT_EQ(h.listener.stream(), std::vector<int>(h.truth.begin() + 10, h.truth.end()));
}

// RFC 9293 §3.4: a segment with no data occupies no sequence space (a pure ACK); it does not
// start the stream either.
TEST(ReassemblerMidStream, SegmentWithoutPayloadIsNoPayloadAndDoesNotSynchronize) {
  Limits limits;
  Reassembler r(limits);
  EXPECT_EQ(r.on_segment(4242, {}, {1, 54}, 0), Disposition::NoPayload);
  EXPECT_FALSE(r.synchronized());
  EXPECT_EQ(r.delivered_bytes(), 0u);
}

// RFC 9293 §3.4: the FIN occupies the sequence number after the last data byte; once every
// byte before it is delivered, the direction is closed.
TEST(ReassemblerFin, ClosedOnceEveryByteBeforeTheFinIsDelivered) {
  StreamHarness h(100, 20);
  h.send(0, 10);
  EXPECT_FALSE(h.reassembler.closed());
  h.reassembler.on_fin(h.seq_of(20));
  EXPECT_FALSE(h.reassembler.closed());
  EXPECT_EQ(h.send(10, 20), Disposition::InOrder);
  EXPECT_TRUE(h.reassembler.closed());
  EXPECT_TRUE(h.accounts_for_every_byte(20));
}

// RFC 9293 §3.10.7.4: a FIN that arrives before the data preceding it does not close the
// direction; at the end, flush() reports the missing bytes up to the FIN as a gap.
TEST(ReassemblerFin, FinAheadOfAHoleClosesOnlyAfterTheFlushReportsTheGap) {
  StreamHarness h(100, 30);
  h.send(0, 10);
  EXPECT_EQ(h.send(15, 20), Disposition::Buffered);
  h.reassembler.on_fin(h.seq_of(30));
  EXPECT_FALSE(h.reassembler.closed());
  h.reassembler.flush();
  EXPECT_TRUE(h.reassembler.closed());
  EXPECT_EQ(h.listener.stream(), h.expected(30, {{10, 15}, {20, 30}}));
  EXPECT_EQ(h.reassembler.gap_bytes(), 15u);
  EXPECT_TRUE(h.accounts_for_every_byte(30));
}

// RFC 9293 §3.10.7.4 (CLOSE-WAIT etc.): data beyond the FIN is not part of the stream.
TEST(ReassemblerFin, DataAtOrAfterTheFinIsAfterClose) {
  StreamHarness h(100, 30);
  h.send(0, 10);
  h.reassembler.on_fin(h.seq_of(10));
  EXPECT_TRUE(h.reassembler.closed());
  EXPECT_EQ(h.send(10, 20), Disposition::AfterClose);
  EXPECT_EQ(h.send(25, 30), Disposition::AfterClose);
  EXPECT_EQ(h.send(0, 10), Disposition::Retransmission);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 0u);
  h.reassembler.flush();
  EXPECT_TRUE(h.accounts_for_every_byte(10));
}

// RFC 9293 §3.10.4: a FIN is sent once; a repeated FIN (retransmission) does not move the end.
TEST(ReassemblerFin, RepeatedFinKeepsTheFirstEnd) {
  StreamHarness h(100, 20);
  h.reassembler.on_fin(h.seq_of(20));
  h.reassembler.on_fin(h.seq_of(5));
  h.send(0, 10);
  EXPECT_FALSE(h.reassembler.closed());
  h.send(10, 20);
  EXPECT_TRUE(h.reassembler.closed());
  EXPECT_TRUE(h.accounts_for_every_byte(20));
}

// A direction whose only segment is a FIN (capture started late, or segments in reverse order)
// does not know its start: data before the FIN may still come. At the end it closes, empty.
TEST(ReassemblerFin, FinAloneClosesAtTheEndWithNothingDelivered) {
  Limits limits;
  Reassembler r(limits);
  RecordingListener listener;
  r.set_listener(&listener);
  r.on_fin(0xfffffffeu);
  EXPECT_FALSE(r.synchronized());
  EXPECT_FALSE(r.closed());
  r.flush();
  EXPECT_TRUE(r.closed());
  EXPECT_TRUE(listener.events.empty());
}

// RFC 9293 §3.10.7.4 (segment acceptability): a segment implausibly far from the expected
// sequence number is ignored, neither held nor delivered.
TEST(ReassemblerWindow, SegmentsFarAheadOrBehindAreOutOfWindow) {
  StreamHarness h(0xfffffff0u, 10);
  h.send(0, 10);
  std::array<std::uint8_t, 10> junk{};
  std::uint32_t next = h.seq_of(10);
  auto far_ahead = next + static_cast<std::uint32_t>(kWindow) + 1;
  EXPECT_EQ(h.reassembler.on_segment(far_ahead, Bytes(junk), {50, 54}, 0),
            Disposition::OutOfWindow);
  auto half_space = next + 0x80000000u;
  EXPECT_EQ(h.reassembler.on_segment(half_space, Bytes(junk), {51, 54}, 0),
            Disposition::OutOfWindow);
  auto far_behind = next - static_cast<std::uint32_t>(kWindow) - 20;
  EXPECT_EQ(h.reassembler.on_segment(far_behind, Bytes(junk), {52, 54}, 0),
            Disposition::OutOfWindow);
  EXPECT_EQ(h.reassembler.buffered_bytes(), 0u);
  h.reassembler.flush();
  EXPECT_TRUE(h.accounts_for_every_byte(10));
}

// Within the window, a segment far ahead is held and its distance becomes an exact gap.
TEST(ReassemblerWindow, SegmentFarAheadButInsideTheWindowIsHeld) {
  Limits limits;
  Reassembler r(limits);
  RecordingListener listener;
  r.set_listener(&listener);
  r.on_syn(0xfffffff0u);
  std::array<std::uint8_t, 4> bytes{1, 2, 3, 4};
  std::uint32_t ahead = 0xfffffff1u + (1u << 29);
  EXPECT_EQ(r.on_segment(ahead, Bytes(bytes), {1, 54}, 0), Disposition::Buffered);
  r.flush();
  EXPECT_EQ(listener.log(), "gap 536870912\ndata 1:54 01020304\n");
  EXPECT_EQ(r.delivered_bytes(), (1u << 29) + 4u);
}

// Stream offsets are 64-bit: after more than 2^32 bytes (here counted as snapshot-cut gaps,
// so the sequence numbers wrap several times) data is still placed and ordered correctly.
TEST(ReassemblerWindow, StreamsLongerThanFourGigabytesKeepCounting) {
  Limits limits;
  Reassembler r(limits);
  RecordingListener listener;
  r.set_listener(&listener);
  r.on_syn(0x80000000u);
  std::uint32_t seq = 0x80000001u;
  constexpr std::uint32_t kChunk = 1u << 30;
  for (int i = 0; i < 9; ++i, seq += kChunk)
    ASSERT_EQ(r.on_segment(seq, {}, {1, 54}, kChunk), Disposition::InOrder) << i;
  EXPECT_EQ(r.delivered_bytes(), 9ull << 30);
  std::array<std::uint8_t, 3> a{0xaa, 0xab, 0xac};
  std::array<std::uint8_t, 2> b{0xbb, 0xbc};
  EXPECT_EQ(r.on_segment(seq + 3, Bytes(b), {3, 54}, 0), Disposition::Buffered);
  EXPECT_EQ(r.on_segment(seq, Bytes(a), {2, 54}, 0), Disposition::InOrder);
  EXPECT_EQ(r.on_segment(seq, Bytes(a), {4, 54}, 0), Disposition::Retransmission);
  EXPECT_EQ(r.delivered_bytes(), (9ull << 30) + 5);
  EXPECT_EQ(r.gap_bytes(), 9ull << 30);
  ASSERT_EQ(listener.lines.size(), 11u);
  EXPECT_EQ(listener.lines[9], "data 2:54 aaabac");
  EXPECT_EQ(listener.lines[10], "data 3:54 bbbc");
}

// Every disposition has its own name for the summary output.
TEST(ReassemblerDisposition, EveryDispositionHasADistinctName) {
  std::set<std::string> names;
  for (Disposition d : {Disposition::NoPayload, Disposition::InOrder, Disposition::Buffered,
                        Disposition::Retransmission, Disposition::Overlap, Disposition::OutOfWindow,
                        Disposition::AfterClose}) {
    std::string name = disposition_name(d);
    EXPECT_NE(name, "?");
    names.insert(name);
  }
  EXPECT_EQ(names.size(), 7u);
}

}  // namespace
}  // namespace mqscope::tcp
