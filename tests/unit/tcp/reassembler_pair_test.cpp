// The two directions of one connection, paired: where a stream starts when no SYN was seen
// (forward progress, or the peer acknowledging what is held: RFC 9293 §3.4, an ACK covers
// bytes that were sent), and the order of delivery across directions, which follows the
// acknowledgements (a segment acknowledging peer bytes was sent after them). Also overlap
// conflicts: copies of a byte that differ (first copy wins, the segment is flagged).
#include <gtest/gtest.h>

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

// Client A (sequence numbers from 1000) and server B (from 5000) exchanging text.
struct Pair {
  Limits limits;
  Reassembler a{limits}, b{limits};
  std::vector<std::string> log;
  SharedLog la{log, "A"}, lb{log, "B"};
  std::vector<std::string> texts;  // keeps payloads alive
  std::uint32_t frame = 0;

  Pair() {
    Reassembler::pair(a, b);
    a.set_listener(&la);
    b.set_listener(&lb);
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
