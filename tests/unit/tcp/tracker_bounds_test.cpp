// Tracker state stays bounded (Limits::max_flows with least-recently-seen eviction,
// flow_idle_timeout_s and flow_closed_linger_s in capture time), a capture whose segments
// arrive in reverse order is followed like the original (a late SYN joins its connection,
// RFC 9293 §3.4), and each segment's disposition is told before its bytes are delivered.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "mqscope/app/tcp_segment.hpp"
#include "mqscope/net/packet.hpp"
#include "mqscope/tcp/tracker.hpp"
#include "pcap_builder.hpp"

namespace mqscope::tcp {
namespace {

using mqscope::test::ByteVector;
using mqscope::test::Endpoint4;
using mqscope::test::from_text;
using mqscope::test::TcpConversation;

constexpr Endpoint4 kBroker{{10, 0, 0, 1}, 1883};

class Text : public StreamListener {
 public:
  Text(std::vector<std::string>& log, std::string prefix) : log_(log), prefix_(std::move(prefix)) {}
  void on_data(Bytes data, Origin) override {
    log_.push_back(prefix_ + " " + std::string(as_text(data)));
  }
  void on_gap(std::uint64_t n) override { log_.push_back(prefix_ + " gap " + std::to_string(n)); }

 private:
  std::vector<std::string>& log_;
  std::string prefix_;
};

class Observer : public FlowObserver {
 public:
  void on_flow_open(Flow& flow) override {
    std::string s = std::to_string(flow.stream);
    log.push_back("open " + s);
    for (std::size_t d = 0; d < 2; ++d) {
      listeners.push_back(std::make_unique<Text>(log, s + (d == 0 ? " c2s" : " s2c")));
      flow.dirs[d].set_listener(listeners.back().get());
    }
  }
  void on_flow_close(Flow& flow, CloseReason reason) override {
    log.push_back("close " + std::to_string(flow.stream) + " " + close_reason_name(reason));
  }
  void on_segment_assessed(const SegmentResult& r) override {
    if (record_dispositions) log.push_back(std::string("is ") + disposition_name(r.disposition));
  }
  bool record_dispositions = false;
  std::vector<std::string> log;
  std::vector<std::unique_ptr<Text>> listeners;
};

struct Harness {
  Limits limits;
  Observer observer;
  Tracker tracker{limits, observer};
  std::deque<ByteVector> frames;

  SegmentResult feed(const ByteVector& frame, std::int64_t second) {
    frames.push_back(frame);
    const ByteVector& f = frames.back();
    net::Packet p =
        net::decode_packet(Bytes(f), net::kLinkEthernet, static_cast<std::uint32_t>(f.size()));
    return tracker.on_segment(app::tcp_segment_of(p), Bytes(f), static_cast<std::uint32_t>(frames.size()),
                              Timestamp{second, 0});
  }
};

Endpoint4 client(std::uint32_t n) {
  return {{10, static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8),
           static_cast<std::uint8_t>(n)},
          static_cast<std::uint16_t>(40000 + n % 20000)};
}

// Limits::max_flows: opening one more connection evicts the least recently seen one, with its
// close reason saying so, and counts it.
TEST(TrackerBounds, FlowLimitEvictsTheLeastRecentlySeen) {
  Harness h;
  h.limits.max_flows = 3;
  std::vector<TcpConversation> c;
  for (std::uint32_t i = 0; i < 5; ++i) c.emplace_back(client(i), kBroker);
  h.feed(c[0].handshake()[0], 1);
  h.feed(c[1].handshake()[0], 2);
  h.feed(c[2].handshake()[0], 3);
  h.feed(c[0].handshake()[1], 4);  // stream 0 seen again: stream 1 is now the oldest
  h.feed(c[3].handshake()[0], 5);
  EXPECT_EQ(h.observer.log.back(), "open 3");
  EXPECT_EQ(h.observer.log[h.observer.log.size() - 2], "close 1 evicted (flow limit)");
  EXPECT_EQ(h.tracker.flows_evicted(), 1u);
  EXPECT_EQ(h.tracker.known_flows(), 3u);
  h.feed(c[4].handshake()[0], 6);
  EXPECT_EQ(h.observer.log[h.observer.log.size() - 2], "close 2 evicted (flow limit)");
}

// A flood of connections of one SYN each never holds more than Limits::max_flows.
TEST(TrackerBounds, ThousandsOfSynsStayWithinTheFlowLimit) {
  Harness h;
  h.limits.max_flows = 64;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    TcpConversation c(client(i), kBroker);
    h.feed(c.handshake()[0], 1);
    ASSERT_LE(h.tracker.known_flows(), 64u);
  }
  EXPECT_EQ(h.tracker.streams_seen(), 5000u);
  EXPECT_EQ(h.tracker.peak_flows(), 64u);
  EXPECT_EQ(h.tracker.flows_evicted(), 5000u - 64u);
}

// Limits::flow_idle_timeout_s of capture time without a segment closes a connection (after
// flushing what it held) and forgets it; a later segment of it starts a new stream.
TEST(TrackerBounds, IdleConnectionsAreClosedAndForgotten) {
  Harness h;
  h.limits.flow_idle_timeout_s = 10;
  TcpConversation quiet(client(1), kBroker);
  TcpConversation busy(client(2), kBroker);
  for (const ByteVector& f : quiet.handshake()) h.feed(f, 100);
  quiet.client_data(from_text("lost"));
  h.feed(quiet.client_data(from_text("held")), 100);
  for (std::int64_t t = 101; t <= 112; ++t) h.feed(busy.client_data(from_text("x")), t);
  EXPECT_EQ(h.tracker.flows_timed_out(), 1u);
  EXPECT_EQ(h.tracker.known_flows(), 1u);
  std::vector<std::string> want{"0 c2s gap 4", "0 c2s held", "close 0 idle timeout"};
  auto it = std::search(h.observer.log.begin(), h.observer.log.end(), want.begin(), want.end());
  EXPECT_NE(it, h.observer.log.end());
  EXPECT_EQ(h.feed(quiet.client_data(from_text("late")), 113).flow->stream, 2u);
}

// Flows are not moved in the tracker's list on every segment: one opened first but seen lately
// must not shield an idle one opened after it from its timeout, nor be timed out itself.
TEST(TrackerBounds, IdleTimeoutFollowsLastActivityNotOpeningOrder) {
  Harness h;
  h.limits.flow_idle_timeout_s = 10;
  TcpConversation early(client(1), kBroker);
  TcpConversation idle(client(2), kBroker);
  h.feed(early.handshake()[0], 100);
  h.feed(idle.handshake()[0], 101);
  h.feed(early.handshake()[1], 105);
  h.feed(early.handshake()[2], 112);  // idle: 11 s silent; early: 7 s
  EXPECT_EQ(h.tracker.flows_timed_out(), 1u);
  EXPECT_NE(std::find(h.observer.log.begin(), h.observer.log.end(), "close 1 idle timeout"),
            h.observer.log.end());
  EXPECT_EQ(std::find(h.observer.log.begin(), h.observer.log.end(), "close 0 idle timeout"),
            h.observer.log.end());
}

// A connection that ended is remembered for Limits::flow_closed_linger_s (its late segments are
// "after close"), then forgotten.
TEST(TrackerBounds, ClosedConnectionsAreForgottenAfterTheirLinger) {
  Harness h;
  h.limits.flow_closed_linger_s = 30;
  TcpConversation c(client(1), kBroker);
  for (const ByteVector& f : c.handshake()) h.feed(f, 10);
  h.feed(c.client_fin(), 10);
  h.feed(c.server_fin(), 10);
  EXPECT_EQ(h.tracker.open_flows(), 0u);
  EXPECT_EQ(h.tracker.known_flows(), 1u);
  EXPECT_EQ(h.feed(c.client_data({}), 20).disposition, Disposition::AfterClose);
  TcpConversation other(client(2), kBroker);
  h.feed(other.handshake()[0], 51);
  EXPECT_EQ(h.tracker.known_flows(), 1u) << "the closed connection is forgotten";
}

std::vector<ByteVector> conversation(TcpConversation& c, bool with_handshake) {
  std::vector<ByteVector> frames;
  if (with_handshake) frames = c.handshake();
  frames.push_back(c.client_data(from_text("GET / HTTP/1.1\r\n\r\n")));
  frames.push_back(c.server_data(from_text("HTTP/1.1 101 OK\r\n\r\n")));
  frames.push_back(c.client_data(from_text("first")));
  frames.push_back(c.client_data(from_text("second")));
  frames.push_back(c.server_data(from_text("answer")));
  frames.push_back(c.client_fin());
  frames.push_back(c.server_fin());
  return frames;
}

std::vector<std::string> data_lines(const std::vector<std::string>& log) {
  std::vector<std::string> out;
  for (const std::string& line : log)
    if (line.find(" c2s ") != std::string::npos || line.find(" s2c ") != std::string::npos)
      out.push_back(line);
  return out;
}

// Segments in reverse order, with and without the handshake: every byte reaches its stream,
// and the two directions come out in the order the conversation had (by the ACKs).
TEST(TrackerBounds, ReverseOrderGivesTheSameConversation) {
  for (bool handshake : {true, false}) {
    SCOPED_TRACE(handshake);
    TcpConversation forward_conv(client(1), kBroker);
    std::vector<ByteVector> frames = conversation(forward_conv, handshake);
    Harness forward;
    for (const ByteVector& f : frames) forward.feed(f, 1);
    forward.tracker.finish();
    Harness reverse;
    for (auto it = frames.rbegin(); it != frames.rend(); ++it) reverse.feed(*it, 1);
    reverse.tracker.finish();
    EXPECT_EQ(reverse.tracker.streams_seen(), 1u);
    EXPECT_EQ(data_lines(reverse.observer.log), data_lines(forward.observer.log));
    EXPECT_EQ(data_lines(forward.observer.log).size(), 5u);
  }
}

// The observer hears what a segment is before the bytes it brings are delivered, so that a
// frame's TCP tree can show it while its data is being decoded.
TEST(TrackerBounds, DispositionIsToldBeforeTheBytesAreDelivered) {
  Harness h;
  TcpConversation c(client(1), kBroker);
  for (const ByteVector& f : c.handshake()) h.feed(f, 1);
  h.observer.record_dispositions = true;
  ByteVector first = c.client_data(from_text("one"));
  ByteVector second = c.client_data(from_text("two"));
  h.feed(second, 2);
  h.feed(first, 3);
  h.feed(first, 4);
  EXPECT_EQ(h.observer.log,
            (std::vector<std::string>{"open 0", "is buffered", "is in order", "0 c2s one",
                                      "0 c2s two", "is retransmission"}));
}

}  // namespace
}  // namespace mqscope::tcp
