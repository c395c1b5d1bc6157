// The statistics on hand-made packet sequences.
#include <gtest/gtest.h>

#include "json.hpp"
#include "mqscope/analyze/analyzer.hpp"
#include "mqscope/analyze/modules.hpp"

namespace mqscope::analyze {
namespace {

PacketFacts at(std::uint8_t type, bool from_client, std::uint32_t frame, double seconds) {
  PacketFacts p;
  p.type = type;
  p.from_client = from_client;
  p.frame = frame;
  auto ns = static_cast<std::int64_t>(seconds * 1e9);
  p.time = Timestamp{ns / 1'000'000'000, ns % 1'000'000'000};
  p.packet_bytes = 2;
  return p;
}

PacketFacts connect(std::uint16_t keepalive, const char* client_id) {
  PacketFacts p = at(1, true, 1, 0);
  p.version = 4;
  p.client_id = client_id;
  p.keepalive = keepalive;
  p.clean_start = true;
  return p;
}

test::Json json_of(const Module& module) {
  std::string text;
  module.write_json(text);
  std::string error;
  test::Json json = test::Json::parse(text, error);
  EXPECT_TRUE(error.empty()) << error << "\n" << text;
  return json;
}

// MQTT-3.1.2-24: the broker must close a connection silent for 1.5 × the keep-alive.
TEST(KeepAlive, SilencesOverOneAndAHalfKeepAlivesAreReported) {
  KeepAliveStats stats;
  PairEvent none;
  stats.on_packet(connect(10, "c1"), none);
  stats.on_packet(at(12, true, 2, 14.9), none);  // 14.9 s: under 15 s
  stats.on_packet(at(12, true, 3, 30.0), none);  // 15.1 s after the last: over
  stats.finish(Timestamp{}, Timestamp{40, 0});   // 10 s to the end: fine
  test::Json j = json_of(stats);
  ASSERT_EQ(j.array().size(), 1u);
  EXPECT_EQ(j.array()[0]["after_frame"].integer(), 2);
  EXPECT_NEAR(j.array()[0]["silent"].number(), 15.1, 1e-6);
}

TEST(KeepAlive, ZeroTurnsTheMechanismOffAndDisconnectEndsWatching) {
  KeepAliveStats stats;
  PairEvent none;
  stats.on_packet(connect(0, "c0"), none);
  stats.on_packet(at(12, true, 2, 1000), none);
  PacketFacts other = connect(5, "c5");
  other.stream = 1;
  stats.on_packet(other, none);
  PacketFacts bye = at(14, true, 3, 1);
  bye.stream = 1;
  stats.on_packet(bye, none);
  stats.finish(Timestamp{}, Timestamp{100, 0});
  EXPECT_TRUE(json_of(stats).array().empty());
}

TEST(Sessions, RecordClientVersionTrafficAndHowTheyEnded) {
  Limits limits;
  SessionStats stats(limits);
  PairEvent none;
  stats.on_connection({0, "10.0.0.1:5000", "10.0.0.2:1883", "TCP", ""});
  stats.on_packet(connect(30, "sensor-7"), none);
  stats.on_packet(at(2, false, 2, 0.01), none);
  PacketFacts bye = at(14, true, 3, 2.5);
  bye.reason_code = 4;
  stats.on_packet(bye, none);
  stats.on_connection_end(0, EndReason::Fin, Timestamp{3, 0});
  stats.finish(Timestamp{}, Timestamp{3, 0});
  test::Json s = json_of(stats).array().at(0);
  EXPECT_EQ(s["client_id"].string(), "sensor-7");
  EXPECT_EQ(s["version"].string(), "3.1.1");
  EXPECT_EQ(s["packets_c2s"].integer(), 2);
  EXPECT_EQ(s["packets_s2c"].integer(), 1);
  EXPECT_EQ(s["ended_by"].string(), "DISCONNECT");  // the DISCONNECT came before the FIN
  EXPECT_EQ(s["keepalive"].integer(), 30);
}

TEST(Topics, CountPublishesEachWayWithQosRetainAndClients) {
  Limits limits;
  TopicStats stats(limits);
  PairEvent none;
  stats.on_packet(connect(0, "pub"), none);
  PacketFacts p = at(3, true, 2, 1);
  p.topics = {"a/b"};
  p.qos = 1;
  p.retain = true;
  p.payload_bytes = 5;
  stats.on_packet(p, none);
  PacketFacts sub = connect(0, "sub");
  sub.stream = 1;
  stats.on_packet(sub, none);
  PacketFacts delivered = at(3, false, 3, 2);
  delivered.stream = 1;
  delivered.topics = {"a/b"};
  delivered.payload_bytes = 5;
  stats.on_packet(delivered, none);
  stats.finish(Timestamp{}, Timestamp{3, 0});
  test::Json t = json_of(stats)["topics"]["a/b"];
  EXPECT_EQ(t["published"].integer(), 1);
  EXPECT_EQ(t["delivered"].integer(), 1);
  EXPECT_EQ(t["payload_bytes"].integer(), 10);
  EXPECT_EQ(t["retained"].integer(), 1);
  EXPECT_EQ(t["publishers"].array().at(0).string(), "pub");
  EXPECT_EQ(t["subscribers"].array().at(0).string(), "sub");
}

TEST(Analyzer, UnknownStatisticsAreRefusedByName) {
  std::string error;
  Limits limits;
  EXPECT_EQ(Analyzer::create({"mqtt,types", "mqtt,bogus"}, false, limits, error), nullptr);
  EXPECT_NE(error.find("unknown statistic 'mqtt,bogus'"), std::string::npos) << error;
  EXPECT_NE(Analyzer::create({"mqtt,types"}, false, limits, error), nullptr);
}

// A SUBACK answering a SUBSCRIBE is a response when someone reads the pairing: per-packet
// output, or a statistic of exchanges. Otherwise packets are not paired at all.
TEST(Analyzer, PairsPacketsOnlyWhenSomethingReadsThePairs) {
  auto response_kind = [](std::vector<std::string> names, bool wanted) {
    std::string error;
    static const Limits limits;
    auto analyzer = Analyzer::create(names, false, limits, error);
    analyzer->set_pairs_wanted(wanted);
    PacketFacts request = at(8, true, 1, 0);
    request.packet_id = 5;
    PacketFacts answer = at(9, false, 2, 0.5);
    answer.packet_id = 5;
    analyzer->on_packet(request);
    return analyzer->on_packet(answer).kind;
  };
  EXPECT_EQ(response_kind({"mqtt,types"}, true), PairEvent::Kind::Response);
  EXPECT_EQ(response_kind({"mqtt,types"}, false), PairEvent::Kind::None);
  EXPECT_EQ(response_kind({"mqtt,types", "mqtt,latency"}, false), PairEvent::Kind::Response);
  EXPECT_EQ(response_kind({"mqtt,qos"}, false), PairEvent::Kind::Response);
  EXPECT_EQ(response_kind({}, true), PairEvent::Kind::Response);
}

TEST(Flow, LabelsCarryTheKeyValues) {
  PacketFacts p = at(3, true, 1, 0);
  p.qos = 1;
  p.packet_id = 7;
  p.topics = {"a/b"};
  EXPECT_EQ(packet_label(p), "PUBLISH q1 id=7 a/b");
  PacketFacts ack = at(2, false, 2, 0);
  ack.reason_code = 0x87;
  EXPECT_EQ(packet_label(ack), "CONNACK rc=0x87");
}

}  // namespace
}  // namespace mqscope::analyze
