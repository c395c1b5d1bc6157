// Request/response pairing (MQTT 3.1.1 §4.3, §4.6; 5.0 §4.3): which response closes which
// request, and what is left over.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "mqscope/analyze/pairing.hpp"

namespace mqscope::analyze {
namespace {

PacketFacts packet(std::uint8_t type, bool from_client, std::uint32_t frame, std::int64_t ms,
                   std::optional<std::uint16_t> id = std::nullopt, std::uint8_t qos = 0) {
  PacketFacts p;
  p.type = type;
  p.from_client = from_client;
  p.frame = frame;
  p.time = Timestamp{ms / 1000, (ms % 1000) * 1'000'000};
  p.packet_id = id;
  p.qos = qos;
  return p;
}

TEST(Pairing, ConnackAnswersConnectWithItsLatency) {
  Pairing pairing;
  EXPECT_EQ(pairing.on_packet(packet(1, true, 5, 1000)).kind, PairEvent::Kind::Request);
  PairEvent e = pairing.on_packet(packet(2, false, 7, 1037));
  EXPECT_EQ(e.kind, PairEvent::Kind::Response);
  EXPECT_EQ(e.exchange, Exchange::Connect);
  EXPECT_EQ(e.request_frame, 5u);
  EXPECT_EQ(e.latency_ns, 37'000'000u);
  EXPECT_EQ(pairing.open(), 0u);
}

// MQTT-2.3.1-6: the acknowledgement carries the packet identifier of the packet it answers.
TEST(Pairing, AcknowledgementsMatchByPacketIdentifierAndDirection) {
  Pairing pairing;
  pairing.on_packet(packet(3, true, 10, 0, 7, 1));   // client PUBLISH QoS 1 id 7
  pairing.on_packet(packet(3, false, 11, 1, 7, 1));  // broker PUBLISH QoS 1 id 7 (its own)
  PairEvent ack = pairing.on_packet(packet(4, false, 12, 5, 7));
  EXPECT_EQ(ack.request_frame, 10u);  // the broker's PUBACK answers the client's PUBLISH
  PairEvent back = pairing.on_packet(packet(4, true, 13, 9, 7));
  EXPECT_EQ(back.request_frame, 11u);
  EXPECT_EQ(pairing.on_packet(packet(4, true, 14, 10, 8)).kind, PairEvent::Kind::Unsolicited);
}

// MQTT 3.1.1 §4.3.3: QoS 2 is PUBLISH→PUBREC, then PUBREL→PUBCOMP.
TEST(Pairing, QosTwoIsTwoExchanges) {
  Pairing pairing;
  pairing.on_packet(packet(3, true, 1, 0, 3, 2));
  EXPECT_EQ(pairing.on_packet(packet(5, false, 2, 1, 3)).exchange, Exchange::PublishQos2);
  EXPECT_EQ(pairing.on_packet(packet(6, true, 3, 2, 3)).kind, PairEvent::Kind::Request);
  PairEvent comp = pairing.on_packet(packet(7, false, 4, 4, 3));
  EXPECT_EQ(comp.exchange, Exchange::Release);
  EXPECT_EQ(comp.request_frame, 3u);
  EXPECT_EQ(pairing.open(), 0u);
}

// MQTT-2.3.1-2: a client must not reuse an identifier while its exchange is in flight;
// a PUBLISH with DUP set (MQTT-3.3.1-1) is a redelivery, not a reuse.
TEST(Pairing, ReusedIdentifiersAndRedeliveriesAreTold) {
  Pairing pairing;
  pairing.on_packet(packet(8, true, 1, 0, 42));
  EXPECT_TRUE(pairing.on_packet(packet(8, true, 2, 1, 42)).id_reused);
  pairing.on_packet(packet(3, true, 3, 2, 9, 1));
  PacketFacts dup = packet(3, true, 4, 3, 9, 1);
  dup.dup = true;
  PairEvent again = pairing.on_packet(dup);
  EXPECT_TRUE(again.duplicate);
  EXPECT_FALSE(again.id_reused);
  EXPECT_EQ(pairing.on_packet(packet(4, false, 5, 4, 9)).request_frame, 3u);  // the oldest first
}

TEST(Pairing, ConnectionsAreKeptApartAndPingsPair) {
  Pairing pairing;
  PacketFacts a = packet(12, true, 1, 0);
  a.stream = 1;
  pairing.on_packet(a);
  PacketFacts other = packet(13, false, 2, 1);
  other.stream = 2;
  EXPECT_EQ(pairing.on_packet(other).kind, PairEvent::Kind::Unsolicited);
  PacketFacts answer = packet(13, false, 3, 2);
  answer.stream = 1;
  EXPECT_EQ(pairing.on_packet(answer).request_frame, 1u);
}

// At most max_open requests wait; past that the oldest of all is forgotten.
TEST(Pairing, StateStaysWithinItsBoundForgettingTheOldest) {
  Pairing pairing(4);
  for (std::uint16_t id = 1; id <= 10; ++id) pairing.on_packet(packet(8, true, id, id, id));
  EXPECT_EQ(pairing.open(), 4u);
  EXPECT_EQ(pairing.open(Exchange::Subscribe), 4u);
  EXPECT_EQ(pairing.dropped(), 6u);
  for (std::uint16_t id = 1; id <= 6; ++id)
    EXPECT_EQ(pairing.on_packet(packet(9, false, 20, 20, id)).kind, PairEvent::Kind::Unsolicited);
  for (std::uint16_t id = 7; id <= 10; ++id)
    EXPECT_EQ(pairing.on_packet(packet(9, false, 20, 20, id)).request_frame, id);
  EXPECT_EQ(pairing.open(), 0u);
}

// The table against a plain model (a list in order of arrival, searched from the oldest) over
// many random requests and responses on few keys: collisions, growth, deletions that shift
// other keys back, equal keys, and the bound.
TEST(Pairing, AgreesWithAListInOrderOfArrival) {
  struct Open {
    std::uint32_t stream;
    bool from_client;
    std::uint8_t type;  // of the request
    std::uint16_t id;
    std::uint32_t frame;
  };
  constexpr std::size_t kBound = 300;
  Pairing pairing(kBound);
  std::vector<Open> model;  // oldest first
  std::uint64_t dropped = 0;
  std::uint32_t seed = 12345;
  auto next = [&seed](std::uint32_t n) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % n;
  };
  for (std::uint32_t frame = 1; frame <= 200000; ++frame) {
    std::uint32_t stream = next(40);
    bool from_client = next(2) == 0;
    auto id = static_cast<std::uint16_t>(1 + next(12));
    // SUBSCRIBE → SUBACK and PUBLISH (QoS 1) → PUBACK, on 40 x 2 x 2 x 12 keys.
    bool subscribe = next(2) == 0;
    std::uint8_t request = subscribe ? 8 : 3;
    if (next(2) == 0) {
      PacketFacts p = packet(request, from_client, frame, frame, id, subscribe ? 0 : 1);
      p.stream = stream;
      pairing.on_packet(p);
      if (model.size() == kBound) {
        model.erase(model.begin());
        ++dropped;
      }
      model.push_back({stream, from_client, request, id, frame});
    } else {
      PacketFacts p = packet(subscribe ? 9 : 4, !from_client, frame, frame, id);
      p.stream = stream;
      PairEvent e = pairing.on_packet(p);
      auto it = std::find_if(model.begin(), model.end(), [&](const Open& o) {
        return o.stream == stream && o.from_client == from_client && o.type == request &&
               o.id == id;
      });
      if (it == model.end()) {
        ASSERT_EQ(e.kind, PairEvent::Kind::Unsolicited) << frame;
      } else {
        ASSERT_EQ(e.kind, PairEvent::Kind::Response) << frame;
        ASSERT_EQ(e.request_frame, it->frame) << frame;
        model.erase(it);
      }
    }
    ASSERT_EQ(pairing.open(), model.size()) << frame;
  }
  EXPECT_EQ(pairing.dropped(), dropped);
  EXPECT_GT(dropped, 0u);
  auto subscribes = static_cast<std::size_t>(
      std::count_if(model.begin(), model.end(), [](const Open& o) { return o.type == 8; }));
  EXPECT_EQ(pairing.open(Exchange::Subscribe), subscribes);
  EXPECT_EQ(pairing.open(Exchange::PublishQos1), model.size() - subscribes);
}

TEST(Pairing, QosZeroPublishAndDisconnectAreOutsideExchanges) {
  Pairing pairing;
  EXPECT_EQ(pairing.on_packet(packet(3, true, 1, 0, std::nullopt, 0)).kind, PairEvent::Kind::None);
  EXPECT_EQ(pairing.on_packet(packet(14, true, 2, 0)).kind, PairEvent::Kind::None);
}

}  // namespace
}  // namespace mqscope::analyze
