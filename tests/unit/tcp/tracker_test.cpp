// Tracker: stream numbers, client/server roles, directions and the end of connections
// (RFC 9293 §3.5 establishment, §3.6 closing, §3.5.2 reset), fed with real Ethernet/IPv4
// frames from TcpConversation decoded by net::decode_packet.
#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

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
constexpr Endpoint4 kClient{{10, 0, 0, 2}, 50000};

std::string text(const Endpoint& e) {
  return e.address.to_string() + ":" + std::to_string(e.port);
}

// Appends every stream event to one shared log, prefixed with stream and direction.
class LoggingListener : public StreamListener {
 public:
  LoggingListener(std::vector<std::string>& log, std::string prefix)
      : log_(log), prefix_(std::move(prefix)) {}
  void on_data(Bytes data, Origin origin) override {
    log_.push_back(prefix_ + " data " + std::to_string(origin.frame) + ":" +
                   std::to_string(origin.frame_offset) + " " + std::string(as_text(data)));
  }
  void on_gap(std::uint64_t length) override {
    log_.push_back(prefix_ + " gap " + std::to_string(length));
  }

 private:
  std::vector<std::string>& log_;
  std::string prefix_;
};

class RecordingObserver : public FlowObserver {
 public:
  void on_flow_open(Flow& flow) override {
    std::string s = std::to_string(flow.stream);
    log.push_back("open " + s + " " + text(flow.endpoints[0]) + " -> " + text(flow.endpoints[1]) +
                  (flow.roles_from_handshake ? " (handshake)" : " (ports)"));
    for (int d = 0; d < 2; ++d) {
      listeners.push_back(std::make_unique<LoggingListener>(log, s + (d == 0 ? " c2s" : " s2c")));
      flow.dirs[static_cast<std::size_t>(d)].set_listener(listeners.back().get());
    }
  }
  void on_flow_close(Flow& flow, CloseReason reason) override {
    log.push_back("close " + std::to_string(flow.stream) + " " + close_reason_name(reason));
  }

  std::vector<std::string> log;
  std::vector<std::unique_ptr<LoggingListener>> listeners;
};

// Numbers frames from 1 and keeps them alive while the tracker may look at them.
class Capture {
 public:
  // `cut` bytes are removed from the end of the frame, as a short snapshot length would.
  SegmentResult feed(const ByteVector& frame, std::size_t cut = 0) {
    frames_.emplace_back(frame.begin(), frame.end() - static_cast<std::ptrdiff_t>(cut));
    const ByteVector& f = frames_.back();
    net::Packet packet =
        net::decode_packet(Bytes(f), net::kLinkEthernet, static_cast<std::uint32_t>(frame.size()));
    EXPECT_TRUE(packet.has_tcp);
    auto n = static_cast<std::uint32_t>(frames_.size());
    return tracker.on_segment(packet, Bytes(f), n, Timestamp{1700000000 + n, 0});
  }
  void feed_all(const std::vector<ByteVector>& frames) {
    for (const auto& f : frames) feed(f);
  }
  std::vector<std::string> log_since(std::size_t from) const {
    return {observer.log.begin() + static_cast<std::ptrdiff_t>(from), observer.log.end()};
  }

  Limits limits;
  RecordingObserver observer;
  Tracker tracker{limits, observer};

 private:
  std::deque<ByteVector> frames_;
};

ByteVector with_flags(ByteVector frame, std::uint8_t flags) {
  frame[14 + 20 + 13] = flags;  // Ethernet, IPv4 without options, then TCP byte 13
  return frame;
}

// Like tshark's tcp.stream: numbers follow the first appearance of each connection, whether
// it starts with a SYN or mid-stream, and stay with the connection afterwards.
TEST(Tracker, StreamNumbersFollowTheOrderOfFirstAppearance) {
  Capture cap;
  TcpConversation a({{10, 0, 0, 2}, 50001}, kBroker);
  TcpConversation b(kClient, kBroker);
  TcpConversation c({{10, 0, 0, 3}, 50003}, kBroker);
  auto ha = a.handshake();
  auto hb = b.handshake();
  EXPECT_EQ(cap.feed(hb[0]).flow->stream, 0u);
  EXPECT_EQ(cap.feed(c.server_data(from_text("x"))).flow->stream, 1u);
  EXPECT_EQ(cap.feed(ha[0]).flow->stream, 2u);
  EXPECT_EQ(cap.feed(hb[1]).flow->stream, 0u);
  EXPECT_EQ(cap.feed(ha[1]).flow->stream, 2u);
  EXPECT_EQ(cap.feed(c.client_data(from_text("y"))).flow->stream, 1u);
  EXPECT_EQ(cap.tracker.streams_seen(), 3u);
  EXPECT_EQ(cap.tracker.open_flows(), 3u);
}

// RFC 9293 §3.5: the sender of the SYN (without ACK) is the client, even on the lower port.
TEST(Tracker, RolesComeFromTheSynEvenWhenTheClientHasTheLowerPort) {
  Capture cap;
  TcpConversation conv({{10, 0, 0, 7}, 1000}, {{10, 0, 0, 8}, 60000});
  auto hs = conv.handshake();
  SegmentResult syn = cap.feed(hs[0]);
  EXPECT_EQ(syn.direction, kClientToServer);
  EXPECT_TRUE(syn.flow->roles_from_handshake);
  EXPECT_EQ(cap.feed(hs[1]).direction, kServerToClient);
  EXPECT_EQ(cap.feed(hs[2]).direction, kClientToServer);
  EXPECT_EQ(cap.observer.log[0], "open 0 10.0.0.7:1000 -> 10.0.0.8:60000 (handshake)");
}

// RFC 9293 §3.5: a SYN-ACK is the server's answer, so its destination is the client.
TEST(Tracker, RolesComeFromTheSynAckWhenTheSynWasNotCaptured) {
  Capture cap;
  TcpConversation conv({{10, 0, 0, 7}, 1000}, {{10, 0, 0, 8}, 60000});
  SegmentResult r = cap.feed(conv.handshake()[1]);
  EXPECT_EQ(r.direction, kServerToClient);
  EXPECT_TRUE(r.flow->roles_from_handshake);
  EXPECT_EQ(cap.observer.log[0], "open 0 10.0.0.7:1000 -> 10.0.0.8:60000 (handshake)");
}

// Without a handshake the side with the higher (ephemeral) port is taken as the client,
// whichever side speaks first.
TEST(Tracker, WithoutAHandshakeTheHigherPortIsTheClient) {
  Capture cap;
  TcpConversation conv(kClient, kBroker);
  SegmentResult r = cap.feed(conv.server_data(from_text("from broker")));
  EXPECT_EQ(r.direction, kServerToClient);
  EXPECT_FALSE(r.flow->roles_from_handshake);
  EXPECT_EQ(cap.observer.log[0], "open 0 10.0.0.2:50000 -> 10.0.0.1:1883 (ports)");
  EXPECT_EQ(cap.feed(conv.client_data(from_text("to broker"))).direction, kClientToServer);
}

// With equal ports the heuristic has nothing to go on: the first sender is the client.
TEST(Tracker, WithoutAHandshakeAndEqualPortsTheFirstSenderIsTheClient) {
  Capture cap;
  TcpConversation conv({{10, 0, 0, 9}, 7000}, {{10, 0, 0, 1}, 7000});
  SegmentResult r = cap.feed(conv.server_data(from_text("hi")));
  EXPECT_EQ(r.direction, kClientToServer);
  EXPECT_EQ(cap.observer.log[0], "open 0 10.0.0.1:7000 -> 10.0.0.9:7000 (ports)");
}

// RFC 9293 §3.3.2: both directions are one connection: one flow, two reassemblers, each
// direction's bytes reaching its own listener with the frame and payload offset.
TEST(Tracker, BothDirectionsMapToOneFlowWithTheirOwnStreams) {
  Capture cap;
  TcpConversation conv(kClient, kBroker);
  auto hs = conv.handshake();
  SegmentResult syn = cap.feed(hs[0]);
  EXPECT_EQ(syn.disposition, Disposition::NoPayload);
  EXPECT_EQ(cap.feed(hs[1]).flow, syn.flow);
  cap.feed(hs[2]);
  SegmentResult up = cap.feed(conv.client_data(from_text("hello")));
  SegmentResult down = cap.feed(conv.server_data(from_text("world")));
  EXPECT_EQ(up.flow, syn.flow);
  EXPECT_EQ(down.flow, syn.flow);
  EXPECT_EQ(up.disposition, Disposition::InOrder);
  EXPECT_EQ(down.direction, kServerToClient);
  EXPECT_EQ(cap.log_since(1),
            (std::vector<std::string>{"0 c2s data 4:54 hello", "0 s2c data 5:54 world"}));
  EXPECT_EQ(syn.flow->segments, 5u);
  EXPECT_EQ(syn.flow->first_seen, (Timestamp{1700000001, 0}));
  EXPECT_EQ(syn.flow->last_seen, (Timestamp{1700000005, 0}));
  EXPECT_EQ(syn.flow->dirs[0].initial_seq(), 1000u);
  EXPECT_EQ(syn.flow->dirs[1].initial_seq(), 5000u);
}

// RFC 9293 §3.6: the connection ends when both sides have sent a FIN and every byte before
// each FIN is in; the close comes right after the second FIN, and only once.
TEST(Tracker, FinInBothDirectionsClosesTheFlowOnce) {
  Capture cap;
  TcpConversation conv(kClient, kBroker);
  cap.feed_all(conv.handshake());
  cap.feed(conv.client_data(from_text("bye")));
  cap.feed(conv.client_fin());
  EXPECT_EQ(cap.observer.log.back(), "0 c2s data 4:54 bye");
  SegmentResult last = cap.feed(conv.server_fin());
  EXPECT_EQ(cap.observer.log.back(), "close 0 FIN");
  EXPECT_TRUE(last.flow->ended);
  EXPECT_TRUE(last.flow->fin_seen[0] && last.flow->fin_seen[1]);
  EXPECT_EQ(cap.feed(conv.client_data(from_text("late"))).disposition, Disposition::AfterClose);
  cap.tracker.finish();
  EXPECT_EQ(cap.observer.log.back(), "close 0 FIN");
}

// RFC 9293 §3.5.2: a RST ends the connection at once; held data is flushed (with its gap)
// before the close, and later segments are after close.
TEST(Tracker, RstClosesTheFlowWithResetAfterFlushing) {
  Capture cap;
  TcpConversation conv(kClient, kBroker);
  cap.feed_all(conv.handshake());
  conv.client_data(from_text("lost"));  // never captured
  EXPECT_EQ(cap.feed(conv.client_data(from_text("held"))).disposition, Disposition::Buffered);
  SegmentResult rst = cap.feed(with_flags(conv.server_data({}), 0x14));  // RST+ACK
  EXPECT_TRUE(rst.flow->reset);
  EXPECT_EQ(cap.log_since(1),
            (std::vector<std::string>{"0 c2s gap 4", "0 c2s data 4:54 held", "close 0 RST"}));
  EXPECT_EQ(cap.feed(conv.server_data(from_text("x"))).disposition, Disposition::AfterClose);
  cap.tracker.finish();
  EXPECT_EQ(cap.observer.log.size(), 4u);
}

// RFC 9293 §3.5 (and TIME-WAIT reuse): a new SYN on the 4-tuple of a connection that ended
// with FINs starts a new stream; the old one was closed with FIN, once.
TEST(Tracker, NewSynAfterBothFinsStartsANewStream) {
  Capture cap;
  TcpConversation first(kClient, kBroker, 1000, 5000);
  cap.feed_all(first.handshake());
  cap.feed(first.client_fin());
  cap.feed(first.server_fin());
  cap.feed(with_flags(first.client_data({}), 0x10));  // the last ACK
  TcpConversation second(kClient, kBroker, 900000, 700000);
  auto hs = second.handshake();
  SegmentResult syn = cap.feed(hs[0]);
  EXPECT_EQ(syn.flow->stream, 1u);
  EXPECT_EQ(syn.disposition, Disposition::NoPayload);
  cap.feed(hs[1]);
  cap.feed(hs[2]);
  EXPECT_EQ(cap.feed(second.client_data(from_text("again"))).disposition, Disposition::InOrder);
  cap.tracker.finish();
  EXPECT_EQ(
      cap.observer.log,
      (std::vector<std::string>{"open 0 10.0.0.2:50000 -> 10.0.0.1:1883 (handshake)", "close 0 FIN",
                                "open 1 10.0.0.2:50000 -> 10.0.0.1:1883 (handshake)",
                                "1 c2s data 10:54 again", "close 1 capture end"}));
}

// Both FINs seen but a hole left before one of them: the connection did end with FINs, so a
// new SYN closes it with FIN (after flushing the gap), not as port reuse.
TEST(Tracker, NewSynAfterBothFinsWithAHoleClosesTheOldFlowWithFin) {
  Capture cap;
  TcpConversation first(kClient, kBroker, 1000, 5000);
  cap.feed_all(first.handshake());
  first.client_data(from_text("lost"));  // never captured
  cap.feed(first.client_fin());
  cap.feed(first.server_fin());
  EXPECT_EQ(cap.observer.log.size(), 1u);  // not closed: bytes before the client FIN missing
  TcpConversation second(kClient, kBroker, 900000, 700000);
  EXPECT_EQ(cap.feed(second.handshake()[0]).flow->stream, 1u);
  EXPECT_EQ(cap.log_since(1),
            (std::vector<std::string>{"0 c2s gap 4", "close 0 FIN",
                                      "open 1 10.0.0.2:50000 -> 10.0.0.1:1883 (handshake)"}));
}

// RFC 9293 §3.5: a SYN with another ISN while the old connection is still open means the
// ports were reused (the old connection's end was not captured).
TEST(Tracker, NewSynWhileTheOldFlowIsOpenClosesItAsPortReused) {
  Capture cap;
  TcpConversation first(kClient, kBroker, 1000, 5000);
  cap.feed_all(first.handshake());
  cap.feed(first.client_data(from_text("abc")));
  TcpConversation second(kClient, kBroker, 2000000, 6000000);
  EXPECT_EQ(cap.feed(second.handshake()[0]).flow->stream, 1u);
  EXPECT_EQ(cap.log_since(2),
            (std::vector<std::string>{"close 0 port reused",
                                      "open 1 10.0.0.2:50000 -> 10.0.0.1:1883 (handshake)"}));
}

// RFC 9293 §3.8.1: a retransmitted SYN (same ISN) belongs to the same connection.
TEST(Tracker, RetransmittedSynKeepsTheSameStream) {
  Capture cap;
  TcpConversation conv(kClient, kBroker);
  auto hs = conv.handshake();
  cap.feed(hs[0]);
  EXPECT_EQ(cap.feed(hs[0]).flow->stream, 0u);
  cap.feed(hs[1]);
  EXPECT_EQ(cap.feed(hs[0]).flow->stream, 0u);
  EXPECT_EQ(cap.tracker.streams_seen(), 1u);
  EXPECT_EQ(cap.observer.log.size(), 1u);
}

// A SYN captured after its SYN-ACK (capture timestamps out of order) is the same connection.
TEST(Tracker, SynCapturedAfterItsSynAckKeepsTheSameStream) {
  Capture cap;
  TcpConversation conv(kClient, kBroker);
  auto hs = conv.handshake();
  cap.feed(hs[1]);
  SegmentResult syn = cap.feed(hs[0]);
  EXPECT_EQ(syn.flow->stream, 0u);
  EXPECT_EQ(syn.direction, kClientToServer);
  cap.feed(hs[2]);
  cap.feed(conv.client_data(from_text("up")));
  EXPECT_EQ(cap.tracker.streams_seen(), 1u);
  EXPECT_EQ(cap.log_since(1), (std::vector<std::string>{"0 c2s data 4:54 up"}));
}

// At the end of the capture every open flow is flushed and closed, in stream order (not hash
// order); flows already closed are not closed again.
TEST(Tracker, FinishClosesOpenFlowsInStreamOrder) {
  Capture cap;
  std::vector<TcpConversation> convs;
  for (std::uint16_t port : std::initializer_list<std::uint16_t>{60001, 40002, 50003, 30004, 20005})
    convs.emplace_back(Endpoint4{{10, 0, 0, 2}, port}, kBroker);
  for (auto& conv : convs) cap.feed(conv.handshake()[0]);
  cap.feed(convs[1].client_fin());
  cap.feed(convs[1].handshake()[1]);
  cap.feed(convs[1].server_fin());  // stream 1 ends here
  convs[3].client_data(from_text("gone"));
  cap.feed(convs[3].client_data(from_text("kept")));
  std::size_t before = cap.observer.log.size();
  cap.tracker.finish();
  EXPECT_EQ(cap.log_since(before),
            (std::vector<std::string>{"close 0 capture end", "close 2 capture end", "3 c2s gap 4",
                                      "3 c2s data 9:54 kept", "close 3 capture end",
                                      "close 4 capture end"}));
}

// Bytes the snapshot length cut from a frame reach the stream as a gap of that length.
TEST(Tracker, SnaplenCutFrameGivesAGapOfTheCutBytes) {
  Capture cap;
  TcpConversation conv(kClient, kBroker);
  cap.feed_all(conv.handshake());
  EXPECT_EQ(cap.feed(conv.client_data(from_text("abcdefgh")), 3).disposition, Disposition::InOrder);
  cap.feed(conv.client_data(from_text("ij")));
  EXPECT_EQ(cap.log_since(1), (std::vector<std::string>{"0 c2s data 4:54 abcde", "0 c2s gap 3",
                                                        "0 c2s data 5:54 ij"}));
}

// Packets built directly (no frame decoding): IPv6 endpoints, both directions on one flow,
// the payload read at tcp.payload_offset of the data passed in.
TEST(Tracker, Ipv6PacketsBuiltDirectlyShareOneFlow) {
  Capture cap;
  auto packet = [](std::uint8_t src_last, std::uint16_t sport, std::uint8_t dst_last,
                   std::uint16_t dport, std::uint16_t flags, std::uint32_t seq, std::uint32_t len) {
    net::Packet p;
    p.has_ip = p.has_tcp = true;
    p.ip.version = p.ip.src.family = p.ip.dst.family = 6;
    p.ip.src.bytes = {0xfe, 0x80};
    p.ip.dst.bytes = {0xfe, 0x80};
    p.ip.src.bytes[15] = src_last;
    p.ip.dst.bytes[15] = dst_last;
    p.tcp.src_port = sport;
    p.tcp.dst_port = dport;
    p.tcp.flags = flags;
    p.tcp.seq = seq;
    p.tcp.payload_offset = 2;
    p.tcp.payload_length = len;
    return p;
  };
  ByteVector data = from_text("..ping");
  SegmentResult up =
      cap.tracker.on_segment(packet(1, 40000, 2, 8883, 0x18, 70, 4), Bytes(data), 1, {});
  SegmentResult down =
      cap.tracker.on_segment(packet(2, 8883, 1, 40000, 0x18, 90, 4), Bytes(data), 2, {});
  EXPECT_EQ(up.flow, down.flow);
  EXPECT_EQ(up.direction, kClientToServer);
  EXPECT_EQ(down.direction, kServerToClient);
  cap.tracker.finish();  // mid-stream data is held until its start is known: here, the end
  EXPECT_EQ(cap.observer.log,
            (std::vector<std::string>{"open 0 fe80::1:40000 -> fe80::2:8883 (ports)",
                                      "0 c2s data 1:2 ping", "0 s2c data 2:2 ping",
                                      "close 0 capture end"}));
}

// Every close reason has its own name.
TEST(Tracker, EveryCloseReasonHasADistinctName) {
  std::set<std::string> names;
  for (CloseReason r : {CloseReason::Fin, CloseReason::Reset, CloseReason::PortReused,
                        CloseReason::Evicted, CloseReason::CaptureEnd})
    names.insert(close_reason_name(r));
  EXPECT_EQ(names.size(), 5u);
  EXPECT_EQ(names.count("?"), 0u);
}

}  // namespace
}  // namespace mqscope::tcp
