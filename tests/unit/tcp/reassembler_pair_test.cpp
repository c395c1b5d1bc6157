// The two directions of one connection, paired: where a stream starts when no SYN was seen
// (forward progress, or the peer acknowledging what is held: RFC 9293 §3.4, an ACK covers
// bytes that were sent), and the order of delivery across directions, which follows the
// acknowledgements (a segment acknowledging peer bytes was sent after them). Also overlap
// conflicts: copies of a byte that differ (first copy wins, the segment is flagged).
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "mqscope/tcp/reassembler.hpp"

namespace mqscope::tcp {
namespace {

class SharedLog : public StreamListener {
 public:
  SharedLog(std::vector<std::string>& log, std::string name) : log_(log), name_(std::move(name)) {}
  void on_data(Bytes data, Origin origin) override {
    log_.push_back(name_ + " " + std::string(as_text(data)) + " #" + std::to_string(origin.frame));
  }
  void on_gap(std::uint64_t length) override {
    log_.push_back(name_ + " gap " + std::to_string(length));
  }

 private:
  std::vector<std::string>& log_;
  std::string name_;
};

// The capture the reassemblers read delivered bytes again from: frame n holds texts[n - 1].
// `held` says whether it still holds a frame (a capture's recall reaches back only so far).
class TextRecall : public Recall {
 public:
  explicit TextRecall(const std::deque<std::string>& texts) : texts_(texts) {}
  bool recall(Origin from, std::span<std::uint8_t> out) const override {
    if (from.frame == 0 || from.frame > texts_.size() || !held(from.frame)) return false;
    const std::string& text = texts_[from.frame - 1];
    if (from.frame_offset + out.size() > text.size()) return false;
    std::copy_n(text.begin() + from.frame_offset, out.size(), out.begin());
    return true;
  }
  std::function<bool(std::uint32_t)> held = [](std::uint32_t) { return true; };

 private:
  const std::deque<std::string>& texts_;
};

// Client A (sequence numbers from 1000) and server B (from 5000) exchanging text.
struct Pair {
  Limits limits;
  Reassembler a{limits}, b{limits};
  std::vector<std::string> log;
  SharedLog la{log, "A"}, lb{log, "B"};
  std::deque<std::string> texts;  // keeps payloads alive: frame n is texts[n - 1]
  TextRecall recall{texts};
  std::uint32_t frame = 0;

  Pair() {
    Reassembler::pair(a, b);
    a.set_listener(&la);
    b.set_listener(&lb);
    a.set_recall(&recall);
    b.set_recall(&recall);
  }
  // `text` at stream offset `at` of A or B, acknowledging `ack` bytes of the other side.
  Assessment send(bool from_a, std::uint32_t at, const std::string& text, std::uint32_t ack) {
    texts.push_back(text);
    Segment s;
    s.seq = (from_a ? 1000u : 5000u) + at;
    s.payload = as_bytes(texts.back());
    s.origin = Origin{++frame, 0};
    s.ack = (from_a ? 5000u : 1000u) + ack;
    s.has_ack = true;
    Reassembler& r = from_a ? a : b;
    Assessment result = r.receive(s);
    r.settle();
    return result;
  }
};

// Mid-stream, in capture order: each side's first segment is held until the peer
// acknowledges it; deliveries keep the order of the conversation.
TEST(ReassemblerPair, PeerAcknowledgementStartsAHeldStreamInConversationOrder) {
  Pair p;
  EXPECT_EQ(p.send(true, 0, "a1", 0).disposition, Disposition::Buffered);
  EXPECT_TRUE(p.log.empty());
  EXPECT_EQ(p.send(false, 0, "b1", 2).disposition, Disposition::Buffered);  // acks a1
  EXPECT_EQ(p.log, (std::vector<std::string>{"A a1 #1"}));
  EXPECT_EQ(p.send(true, 2, "a2", 2).disposition, Disposition::InOrder);  // acks b1
  EXPECT_EQ(p.send(false, 2, "b2", 4).disposition, Disposition::InOrder);
  EXPECT_EQ(p.log, (std::vector<std::string>{"A a1 #1", "B b1 #2", "A a2 #3", "B b2 #4"}));
  EXPECT_TRUE(p.a.synchronized());
  EXPECT_EQ(p.a.initial_seq(), 999u);
}

// The same conversation captured in reverse: nothing can start until the end, and then the
// acknowledgements put both directions back into the order they were sent in.
TEST(ReassemblerPair, ReverseOrderComesOutInConversationOrder) {
  Pair p;
  p.send(false, 2, "b2", 4);
  p.send(true, 2, "a2", 2);
  p.send(false, 0, "b1", 2);
  p.send(true, 0, "a1", 0);
  EXPECT_TRUE(p.log.empty());
  p.a.flush();
  EXPECT_EQ(p.log, (std::vector<std::string>{"A a1 #4", "B b1 #3", "A a2 #2", "B b2 #1"}));
  EXPECT_TRUE(p.b.synchronized());
}

// SYN-ACK seen before the (late) SYN, as in a reversed capture: the server's data acknowledges
// client bytes still held, so it waits for them even though its own start is known.
TEST(ReassemblerPair, KnownStartStillWaitsForHeldPeerBytesItAcknowledges) {
  Pair p;
  p.send(false, 0, "b1", 2);
  p.send(true, 0, "a1", 0);
  p.b.on_syn(4999);
  p.b.settle();
  EXPECT_TRUE(p.b.synchronized());
  EXPECT_TRUE(p.log.empty()) << "b1 acknowledges a1, which is still held";
  p.a.on_syn(999);
  p.a.settle();
  EXPECT_EQ(p.log, (std::vector<std::string>{"A a1 #2", "B b1 #1"}));
}

// Without acknowledgements to go by, independent data comes out in capture order.
TEST(ReassemblerPair, IndependentSegmentsComeOutInCaptureOrder) {
  Pair p;
  p.a.on_syn(999);
  p.b.on_syn(4999);
  p.send(true, 0, "a1", 0);
  p.send(false, 0, "b1", 0);
  EXPECT_EQ(p.log, (std::vector<std::string>{"A a1 #1", "B b1 #2"}));
}

// An acknowledgement more than Reassembler::kWindow ahead of the peer's stream (garbage, or a
// different connection reusing the ports) is not a promise of peer bytes (RFC 9293 §3.10.7.4:
// only acceptable acknowledgements count): the data carrying it does not wait for them.
TEST(ReassemblerPair, ImplausibleAcknowledgementWaitsForNothing) {
  Pair p;
  p.a.on_syn(999);
  p.b.on_syn(4999);
  p.send(true, 0, "a1", 0);
  EXPECT_EQ(p.send(false, 0, "b1", 0x50000000u).disposition, Disposition::InOrder);
  EXPECT_EQ(p.log, (std::vector<std::string>{"A a1 #1", "B b1 #2"}));
  EXPECT_EQ(p.b.buffered_bytes(), 0u);
}

// Data acknowledging peer bytes the capture never had waits for them while the hole ages
// (Limits::tcp_hole_wait_segments), but never beyond Limits::tcp_out_of_order_bytes: past the
// budget the peer's hole is given up at once as a gap of the acknowledged length.
TEST(ReassemblerPair, DataWaitingForUncapturedPeerBytesStaysWithinTheBudget) {
  Pair p;
  p.limits.tcp_out_of_order_bytes = 8;
  p.a.on_syn(999);
  p.b.on_syn(4999);
  EXPECT_EQ(p.send(false, 0, "bbbbbb", 10).disposition, Disposition::Buffered);
  EXPECT_TRUE(p.log.empty());
  EXPECT_EQ(p.b.buffered_bytes(), 6u);
  p.send(false, 6, "cccccc", 10);
  EXPECT_LE(p.b.buffered_bytes(), p.limits.tcp_out_of_order_bytes);
  EXPECT_EQ(p.log, (std::vector<std::string>{"A gap 10", "B bbbbbb #1", "B cccccc #2"}));
  EXPECT_EQ(p.a.holes_given_up(), 1u);
}

// The same when the peer's start was not seen either: its held bytes are delivered first
// (they were acknowledged), then the acknowledged bytes never captured as a gap, then the
// data that waited for them.
TEST(ReassemblerPair, DataWaitingForAHeldPeerStaysWithinTheBudget) {
  Pair p;
  p.limits.tcp_out_of_order_bytes = 300;
  p.send(true, 0, "aaaaaa", 0);
  std::string many(400, 'b');
  p.send(false, 0, many, 100000);
  EXPECT_LE(p.b.buffered_bytes(), p.limits.tcp_out_of_order_bytes);
  EXPECT_EQ(p.log, (std::vector<std::string>{"A aaaaaa #1", "A gap 99994", "B " + many + " #2"}));
}

// RFC 9293 §3.10.7.4 leaves the choice between copies to the receiver; here the first copy
// captured wins, and a later copy that differs is flagged (tcp.overlap_conflict).
TEST(ReassemblerConflict, RetransmissionWithOtherBytesIsFlaggedAndIgnored) {
  Pair p;
  p.a.on_syn(999);
  EXPECT_FALSE(p.send(true, 0, "hello world", 0).overlap_conflict);
  Assessment same = p.send(true, 0, "hello", 0);
  EXPECT_EQ(same.disposition, Disposition::Retransmission);
  EXPECT_FALSE(same.overlap_conflict);
  Assessment other = p.send(true, 6, "WORLD!", 0);
  EXPECT_EQ(other.disposition, Disposition::Overlap);
  EXPECT_TRUE(other.overlap_conflict);
  EXPECT_EQ(p.log, (std::vector<std::string>{"A hello world #1", "A ! #3"}));
  EXPECT_EQ(p.a.overlap_conflicts(), 1u);
}

// Copies are compared with held (not yet delivered) bytes too.
TEST(ReassemblerConflict, CopyOfHeldBytesThatDiffersIsFlagged) {
  Pair p;
  p.a.on_syn(999);
  p.send(true, 4, "held", 0);
  Assessment a = p.send(true, 0, "xxxxHELD", 0);
  EXPECT_EQ(a.disposition, Disposition::Overlap);
  EXPECT_TRUE(a.overlap_conflict);
  EXPECT_EQ(p.log, (std::vector<std::string>{"A xxxx #2", "A held #1"}));
}

// Only the last Limits::tcp_recent_bytes delivered bytes are kept for comparison: a differing
// copy of older bytes cannot be told apart from an identical one.
TEST(ReassemblerConflict, ComparisonReachesBackTcpRecentBytes) {
  Pair p;
  p.limits.tcp_recent_bytes = 8;
  p.a.on_syn(999);
  p.send(true, 0, "0123456789abcdefghij", 0);
  EXPECT_TRUE(p.send(true, 14, "X", 0).overlap_conflict);  // offset 14 of 20: kept
  EXPECT_FALSE(p.send(true, 2, "X", 0).overlap_conflict);  // offset 2: no longer kept
  EXPECT_FALSE(p.send(true, 12, "cdefghij", 0).overlap_conflict);
}

// At most Limits::tcp_recent_runs delivered runs (one per segment here) are remembered: a copy
// of bytes delivered before them is not compared. The runs are kept in a ring that grows with
// use; seven segments wrap a ring of four.
TEST(ReassemblerConflict, ComparisonReachesBackTcpRecentRuns) {
  Pair p;
  p.limits.tcp_recent_runs = 4;
  p.a.on_syn(999);
  for (std::uint32_t i = 0; i < 7; ++i) p.send(true, 2 * i, std::string(2, char('a' + i)), 0);
  EXPECT_FALSE(p.send(true, 4, "XX", 0).overlap_conflict);  // segment 3 of 7: forgotten
  EXPECT_TRUE(p.send(true, 6, "XX", 0).overlap_conflict);   // segment 4: the oldest kept
  EXPECT_TRUE(p.send(true, 13, "X", 0).overlap_conflict);   // segment 7: the newest
  EXPECT_FALSE(p.send(true, 6, "ddeeffgg", 0).overlap_conflict);  // four runs, all equal
  EXPECT_TRUE(p.send(true, 5, "cdXeffgg", 0).overlap_conflict);  // one forgotten, one differs
  EXPECT_EQ(p.a.overlap_conflicts(), 3u);
}

// The delivered bytes are read again from the capture; bytes it no longer holds cannot be
// compared, and their copy is not flagged. A long segment is compared in parts.
TEST(ReassemblerConflict, BytesTheCaptureNoLongerHoldsAreNotCompared) {
  Pair p;
  p.a.on_syn(999);
  std::string long_text(2000, 'x');
  p.send(true, 0, long_text, 0);  // frame 1
  p.send(true, 2000, "tail", 0);  // frame 2
  std::string changed = long_text;
  changed[1500] = 'y';
  EXPECT_TRUE(p.send(true, 0, changed, 0).overlap_conflict);
  EXPECT_FALSE(p.send(true, 0, long_text, 0).overlap_conflict);
  p.recall.held = [](std::uint32_t frame) { return frame != 1; };
  EXPECT_FALSE(p.send(true, 0, changed, 0).overlap_conflict);
  EXPECT_TRUE(p.send(true, 2000, "TAIL", 0).overlap_conflict);
  // Without a recall nothing delivered is compared.
  p.a.set_recall(nullptr);
  EXPECT_FALSE(p.send(true, 2000, "TAIL", 0).overlap_conflict);
}

// A hole reported as a gap leaves nothing to compare before it.
TEST(ReassemblerConflict, NothingIsComparedAcrossAGap) {
  Pair p;
  p.a.on_syn(999);
  p.send(true, 0, "abcd", 0);
  p.send(true, 8, "ijkl", 0);
  p.a.flush();
  EXPECT_FALSE(p.send(true, 0, "ABCD", 0).overlap_conflict);
  EXPECT_EQ(p.log, (std::vector<std::string>{"A abcd #1", "A gap 4", "A ijkl #2"}));
}

}  // namespace
}  // namespace mqscope::tcp
