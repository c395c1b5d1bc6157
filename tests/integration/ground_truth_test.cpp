// Every bundled capture against NAME.expected.json: the MQTT packets the endpoints themselves
// sent and received. mqscope must report exactly those packets (no more, no fewer) per
// connection and direction, in order, with their key fields.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>

#include "capture_support.hpp"
#include "ground_truth_v5.hpp"
#include "json.hpp"

namespace mqscope::test {
namespace {

struct Expectation {
  std::string capture;  // file name in captures/
  std::string truth;    // NAME.expected.json
};

std::string describe(const Json& j) {
  switch (j.kind()) {
    case Json::Kind::Bool: return j.boolean() ? "1" : "0";
    case Json::Kind::Number: return std::to_string(j.integer());
    case Json::Kind::String: return j.string();
    default: return "?";
  }
}

// Compares one expected key of `packet` with what mqscope decoded; returns a problem or "".
// `aliases` are the topic aliases of the packet's direction so far.
std::string compare_key(const std::string& key, const Json& want, const Json& packet,
                        const DecodedPacket& got, AliasTable& aliases) {
  auto check = [&](const std::string& abbrev, const std::string& expected) -> std::string {
    std::string actual = got.value(abbrev);
    if (actual == expected) return {};
    return fmt::format("{}: expected {}='{}', got '{}'", key, abbrev, expected, actual);
  };
  auto check_list = [&](const std::vector<std::string>& actual,
                        const std::vector<std::string>& expected) -> std::string {
    if (actual == expected) return {};
    return fmt::format("{}: expected [{}], got [{}]", key, fmt::join(expected, ","),
                       fmt::join(actual, ","));
  };
  bool v5 = got.value("mqtt.ver") == "5" || got.has("mqtt.properties");
  if (key == "clientid") return check("mqtt.clientid", want.string());
  if (key == "username") return check("mqtt.username", want.string());
  if (key == "keepalive") return check("mqtt.kalive", describe(want));
  if (key == "protocol_version") return check("mqtt.ver", describe(want));
  if (key == "protocol_name") return check("mqtt.protoname", want.string());
  if (key == "password_len") return check("mqtt.passwd_len", describe(want));
  if (key == "remaining_length") return check("mqtt.len", describe(want));
  if (key == "msgid") return check("mqtt.msgid", describe(want));
  if (key == "qos" && got.type == "PUBLISH") return check("mqtt.qos", describe(want));
  if (key == "retain" && got.type == "PUBLISH") return check("mqtt.retain", describe(want));
  if (key == "dup" && got.type == "PUBLISH") return check("mqtt.dupflag", describe(want));
  if (key == "clean") {
    std::string flags = got.value("mqtt.conflags");
    bool clean = !flags.empty() && (std::stoul(flags, nullptr, 16) & 0x02);
    return clean == want.boolean() ? "" : fmt::format("clean: expected {}", want.boolean());
  }
  if (key == "session_present") {
    // MQTT 3.1 has no Session Present flag: the byte is reserved and must be 0.
    if (!got.has("mqtt.conack.flags.sp") && got.has("mqtt.conack.flags.reserved"))
      return want.boolean() ? "session_present: MQTT 3.1 has no such flag"
                            : check("mqtt.conack.flags.reserved", "0");
    return check("mqtt.conack.flags.sp", describe(want));
  }
  if (key == "return_code" && got.type == "CONNACK")
    return check(v5 ? "mqtt.connack.reason_code" : "mqtt.conack.val", describe(want));
  if (key == "topic" && got.type == "PUBLISH") return compare_topic(packet, got, aliases);
  if (key == "properties") return compare_properties(want, got);
  if (key == "reason_code" && got.type != "CONNACK") return compare_reason_code(want, got);
  if (key == "payload_preview") return compare_payload_preview(want, got);
  if (key == "payload_len") {
    std::string hex = got.value("mqtt.msg");
    return hex.size() / 2 == static_cast<std::size_t>(want.integer())
               ? ""
               : fmt::format("payload_len: expected {}, got {}", want.integer(), hex.size() / 2);
  }
  if (key == "subscriptions") {
    std::vector<std::string> topics, qos;
    for (const Json& s : want.array()) {
      topics.push_back(s["topic"].string());
      qos.push_back(describe(s["qos"]));
    }
    std::string problem = check_list(got.values("mqtt.topic"), topics);
    if (problem.empty())
      problem = check_list(got.values(v5 ? "mqtt.subscription_options_qos" : "mqtt.sub.qos"), qos);
    return problem.empty() ? compare_subscription_options(want, got) : problem;
  }
  if (key == "unsubscriptions") {
    std::vector<std::string> topics;
    for (const Json& s : want.array()) topics.push_back(s.string());
    return check_list(got.values("mqtt.topic"), topics);
  }
  if (key == "granted") {
    std::vector<std::string> codes;
    for (const Json& g : want.array()) codes.push_back(describe(g));
    const char* field = got.type == "UNSUBACK" ? "mqtt.unsuback.reason_code"
                        : v5                   ? "mqtt.suback.reason_code"
                                               : "mqtt.suback.qos";
    return check_list(got.values(field), codes);
  }
  if (key == "will") return compare_will(want, got);
  return {};  // keys about other layers (ws_msgs, ws_frames) are checked elsewhere
}

struct Key {
  std::string connection;
  bool from_client;
  bool operator<(const Key& o) const {
    return std::tie(connection, from_client) < std::tie(o.connection, o.from_client);
  }
};

// Maps the capture's connections to the labels the ground truth uses: connection labels, or
// tcp.stream numbers where its packets name those.
std::string label_of(const Json& truth, const DecodedPacket& p) {
  const auto& packets = truth["packets"].array();
  if (!packets.empty() && !packets.front().has("conn")) return fmt::format("stream {}", p.stream);
  for (const Json& c : truth["connections"].array()) {
    if (c.has("client_port") && c["client_port"].integer() == p.client_port)
      return c["label"].string();
    if (c.has("client") && c["client"].string() == p.client_address) return c["label"].string();
  }
  return fmt::format("stream {}", p.stream);
}

std::string connection_of(const Json& expected) {
  if (expected.has("conn")) return expected["conn"].string();
  return fmt::format("stream {}", expected["tcp_stream"].integer());
}

void PrintTo(const Expectation& e, std::ostream* os) { *os << e.capture; }

class GroundTruth : public ::testing::TestWithParam<Expectation> {};

TEST_P(GroundTruth, PacketsEqualWhatTheEndpointsSent) {
  const Expectation& e = GetParam();
  std::string error;
  Json truth = Json::parse(read_file(capture_path(e.truth)), error);
  ASSERT_TRUE(error.empty()) << e.truth << ": " << error;
  DecodedCapture decoded = decode_capture(capture_path(e.capture));
  ASSERT_EQ(decoded.status, 0) << decoded.messages;

  std::map<Key, std::vector<const Json*>> want;
  for (const Json& p : truth["packets"].array())
    want[{connection_of(p), p["dir"].string() == "c2s"}].push_back(&p);
  std::map<Key, std::vector<const DecodedPacket*>> got;
  for (const DecodedPacket& p : decoded.packets)
    got[{label_of(truth, p), p.from_client}].push_back(&p);

  EXPECT_EQ(decoded.packets.size(), truth["packets"].array().size())
      << "total MQTT packets; messages:\n" << decoded.messages;
  for (const auto& [key, packets] : want) {
    const auto& mine = got[key];
    std::string where = fmt::format("{} {}", key.connection, key.from_client ? "c2s" : "s2c");
    ASSERT_EQ(mine.size(), packets.size()) << where;
    AliasTable aliases;  // MQTT 5.0 §3.3.2.3.4: one table per direction
    for (std::size_t i = 0; i < packets.size(); ++i) {
      const Json& w = *packets[i];
      const DecodedPacket& g = *mine[i];
      ASSERT_EQ(g.type, w["type"].string()) << where << " packet " << i << " (frame " << g.frame << ")";
      for (const auto& [k, v] : w.object()) {
        std::string problem = compare_key(k, v, w, g, aliases);
        EXPECT_TRUE(problem.empty()) << where << " packet " << i << " (frame " << g.frame << "): " << problem;
      }
    }
  }
  for (const auto& [key, packets] : got)
    EXPECT_TRUE(want.count(key)) << "unexpected packets on " << key.connection;
  // Per-type counts, as the ground truth summarises them.
  for (const auto& [type, counts] : truth["mqtt_packet_counts"].object()) {
    long n = std::count_if(decoded.packets.begin(), decoded.packets.end(),
                           [&](const DecodedPacket& p) { return p.type == type; });
    EXPECT_EQ(n, counts["total"].integer()) << type;
  }
}

std::string name_of(const ::testing::TestParamInfo<Expectation>& info) {
  std::string n = info.param.truth.substr(0, info.param.truth.find('.'));
  for (char& c : n) if (c == '-') c = '_';
  return n;
}

// The captures of the foundation: MQTT over WebSocket from MQTT.js and the seed replica, and
// plain MQTT 3.1 / 3.1.1 over TCP from mosquitto; and MQTT 5.0 over TCP and WebSocket, with
// properties, topic aliases and reason codes (0x10 and 0x87 on PUBACK, 0x87 on CONNACK, 0x11 on
// UNSUBACK, 0x04 on DISCONNECT).
INSTANTIATE_TEST_SUITE_P(
    Foundation, GroundTruth,
    ::testing::Values(
        Expectation{"seed-replica.pcap", "seed-replica.expected.json"},
        Expectation{"seed-replica-onesegment.pcap", "seed-replica-onesegment.expected.json"},
        Expectation{"ws-mqttjs-aedes-v311.pcap", "ws-mqttjs-aedes-v311.expected.json"},
        Expectation{"ws-mqttjs-aedes-v311-split.pcap", "ws-mqttjs-aedes-v311-split.expected.json"},
        Expectation{"ws-mqttjs-aedes-v311-pcapng.pcapng",
                    "ws-mqttjs-aedes-v311-pcapng.expected.json"},
        Expectation{"ws-large-payloads.pcap", "ws-large-payloads.expected.json"},
        Expectation{"tcp-mosquitto-v311.pcap", "tcp-mosquitto-v311.expected.json"},
        Expectation{"tcp-mosquitto-v31.pcap", "tcp-mosquitto-v31.expected.json"},
        Expectation{"tcp-mosquitto-v5.pcap", "tcp-mosquitto-v5.expected.json"},
        Expectation{"ws-mqttjs-v5-bridge-mosquitto.pcap",
                    "ws-mqttjs-v5-bridge-mosquitto.expected.json"}),
    name_of);

// WebSocket to the letter: permessage-deflate with context takeover both ways (RFC 7692),
// fragmentation with control frames between fragments and several packets per message
// (RFC 6455 §5.4-5.5), and every length encoding up to a 300 KiB payload (§5.2).
INSTANTIATE_TEST_SUITE_P(
    WebSocket, GroundTruth,
    ::testing::Values(
        Expectation{"ws-deflate-context-takeover.pcap",
                    "ws-deflate-context-takeover.expected.json"},
        Expectation{"ws-fragmented-control.pcap", "ws-fragmented-control.expected.json"}),
    name_of);

// Damaged captures: segments swapped, segments captured twice, and a capture that starts in
// the middle of a connection (its TCP handshake, HTTP upgrade, CONNECT and CONNACK missing):
// every packet the endpoints exchanged in what was captured is recovered.
INSTANTIATE_TEST_SUITE_P(
    Damaged, GroundTruth,
    ::testing::Values(Expectation{"ws-out-of-order.pcap", "ws-out-of-order.expected.json"},
                      Expectation{"ws-retransmission.pcap", "ws-retransmission.expected.json"},
                      Expectation{"ws-midstream-cut.pcap", "ws-midstream-cut.expected.json"}),
    name_of);

}  // namespace
}  // namespace mqscope::test
