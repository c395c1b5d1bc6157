// The statistics on the bundled captures: packet counts per type equal the ground truth, every
// connection is listed with its client id and version, the seed replica's response times equal
// the differences of its frames' timestamps, and the Mermaid diagram is well formed.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "capture_support.hpp"
#include "json.hpp"
#include "mqscope/app/run.hpp"
#include "mqscope/capture/pcap_source.hpp"

namespace mqscope::test {
namespace {

Json statistics(const std::string& capture, std::vector<std::string> names) {
  app::Options options;
  options.input = capture_path(capture);
  options.mode = app::OutputMode::Json;
  options.quiet = true;
  options.statistics = std::move(names);
  app::RunResult r = app::run_to_string(options);
  EXPECT_EQ(r.status, 0) << r.messages;
  std::string error;
  Json json = Json::parse(r.output, error);
  EXPECT_TRUE(error.empty()) << error << "\n" << r.output.substr(0, 500);
  return json;
}

std::string version_of(const Json& connection, const Json& connect) {
  if (connect.has("protocol_version")) {
    std::int64_t v = connect["protocol_version"].integer();
    return v == 3 ? "3.1" : v == 4 ? "3.1.1" : v == 5 ? "5.0" : "?";
  }
  std::string p = connection["mosquitto_protocol"].string();  // mosquitto's log: p1, p2, p5
  return p == "p1" ? "3.1" : p == "p2" ? "3.1.1" : p == "p5" ? "5.0" : "?";
}

class Statistics : public ::testing::TestWithParam<std::string> {};

TEST_P(Statistics, TypesEqualTheGroundTruthAndSessionsListEveryConnection) {
  std::string name = GetParam();
  std::string error;
  Json truth = Json::parse(read_file(capture_path(name + ".expected.json")), error);
  ASSERT_TRUE(error.empty()) << error;
  std::string file = name + (name.ends_with("pcapng") ? ".pcapng" : ".pcap");
  Json stats = statistics(file, {"mqtt,types", "mqtt,sessions"});
  const Json& types = stats["mqtt,types"];
  for (const auto& [type, counts] : truth["mqtt_packet_counts"].object()) {
    EXPECT_EQ(types[type]["c2s"].integer(), counts["c2s"].integer()) << type;
    EXPECT_EQ(types[type]["s2c"].integer(), counts["s2c"].integer()) << type;
  }
  EXPECT_EQ(types.object().size(), truth["mqtt_packet_counts"].object().size());

  const auto& sessions = stats["mqtt,sessions"].array();
  EXPECT_EQ(sessions.size(), truth["connections"].array().size());
  for (const Json& c : truth["connections"].array()) {
    std::string port = c.has("client_port") ? std::to_string(c["client_port"].integer())
                                            : c["client"].string().substr(c["client"].string().rfind(':') + 1);
    const Json* session = nullptr;
    for (const Json& s : sessions)
      if (s["client"].string().ends_with(":" + port)) session = &s;
    ASSERT_NE(session, nullptr) << "connection " << c["label"].string() << " not listed";
    for (const Json& p : truth["packets"].array()) {
      if (p["type"].string() != "CONNECT" || p["conn"].string() != c["label"].string()) continue;
      EXPECT_EQ((*session)["client_id"].string(), p["clientid"].string());
      EXPECT_EQ((*session)["version"].string(), version_of(c, p));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Captures, Statistics,
                         ::testing::Values("seed-replica", "seed-replica-onesegment",
                                           "ws-mqttjs-aedes-v311", "ws-mqttjs-aedes-v311-split",
                                           "ws-mqttjs-aedes-v311-pcapng", "ws-large-payloads",
                                           "ws-retransmission", "ws-out-of-order",
                                           "ws-fragmented-control", "ws-deflate-context-takeover",
                                           "tcp-mosquitto-v31",
                                           "tcp-mosquitto-v311", "tcp-mosquitto-v5",
                                           "ws-mqttjs-v5-bridge-mosquitto"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string n = param_info.param;
                           for (char& ch : n) if (ch == '-') ch = '_';
                           return n;
                         });

// Times of the seed replica's frames, read straight from the file.
std::map<std::uint32_t, std::int64_t> frame_times(const std::string& path) {
  std::map<std::uint32_t, std::int64_t> times;
  std::string error;
  auto source = capture::PcapSource::open_offline(path, error);
  while (auto f = source->next())
    times[f->number] = f->time.total_ns();
  return times;
}

TEST(Latency, SeedReplicaResponseTimesAreTheFrameTimeDifferences) {
  auto t = frame_times(capture_path("seed-replica.pcap"));
  // Request and response frames of the seed replica (tests/golden/seed-replica.summary.txt).
  struct Pair {
    const char* exchange;
    std::uint32_t request, response;
  };
  for (Pair p : {Pair{"CONNECT→CONNACK", 18, 19}, Pair{"PINGREQ→PINGRESP", 21, 22},
                 Pair{"SUBSCRIBE→SUBACK", 29, 30}}) {
    Json stats = statistics("seed-replica.pcap", {"mqtt,latency"});
    const Json& l = stats["mqtt,latency"][p.exchange];
    double expected = static_cast<double>(t[p.response] - t[p.request]) / 1e9;
    EXPECT_EQ(l["count"].integer(), 1) << p.exchange;
    EXPECT_NEAR(l["min"].number(), expected, 1e-9) << p.exchange;
    EXPECT_NEAR(l["max"].number(), expected, 1e-9) << p.exchange;
  }
}

// A check of the Mermaid sequenceDiagram grammar mqscope writes: a header, declared
// participants, and messages between declared participants with text free of ';' and of '#'
// outside entity codes.
// -z tcp,reassembly counts what reassembly made of each segment (RFC 9293 §3.10.7.4: a
// segment's data is taken in sequence order). captures/README.md says how the damaged captures
// were made: two pairs of data segments swapped (two arrive ahead of a hole and are buffered),
// three data segments repeated (three retransmissions); nothing is lost in either.
TEST(TcpReassembly, CountsWhatTheDamagedCapturesWereMadeWith) {
  Json swapped = statistics("ws-out-of-order.pcap", {"tcp,reassembly"})["tcp,reassembly"];
  EXPECT_EQ(swapped["dispositions"]["buffered"].integer(), 2);
  EXPECT_EQ(swapped["dispositions"]["retransmission"].integer(), 0);
  EXPECT_EQ(swapped["gap_bytes"].integer(), 0);
  EXPECT_EQ(swapped["frames"].integer(), 79);
  Json repeated = statistics("ws-retransmission.pcap", {"tcp,reassembly"})["tcp,reassembly"];
  EXPECT_EQ(repeated["dispositions"]["retransmission"].integer(), 3);
  EXPECT_EQ(repeated["dispositions"]["buffered"].integer(), 0);
  EXPECT_EQ(repeated["overlap_conflicts"].integer(), 0);
  // With an MQTT statistic beside it, both are members of the one JSON object.
  Json both = statistics("ws-retransmission.pcap", {"mqtt,types", "tcp,reassembly"});
  EXPECT_TRUE(both.has("mqtt,types"));
  EXPECT_EQ(both["tcp,reassembly"]["peak_flows"].integer(), 2);
}

TEST(Flow, MermaidOutputOfTheSeedReplicaIsAWellFormedSequenceDiagram) {
  app::Options options;
  options.input = capture_path("seed-replica.pcap");
  options.quiet = true;
  options.statistics = {"mqtt,flow"};
  options.flow_mermaid = true;
  std::istringstream lines(app::run_to_string(options).output);
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  EXPECT_EQ(line, "sequenceDiagram");
  std::regex participant(R"(^    participant ([A-Za-z][A-Za-z0-9]*) as ([^;\n]+)$)");
  std::regex message(R"(^    ([A-Za-z][A-Za-z0-9]*)(->>|-->>)([A-Za-z][A-Za-z0-9]*): ([^;\n]+)$)");
  std::set<std::string> declared;
  std::size_t messages = 0;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (std::regex_match(line, m, participant)) {
      EXPECT_TRUE(declared.insert(m[1]).second) << "declared twice: " << line;
    } else if (std::regex_match(line, m, message)) {
      EXPECT_TRUE(declared.count(m[1]) && declared.count(m[3])) << "undeclared: " << line;
      std::string text = m[4];
      EXPECT_TRUE(std::regex_match(text, std::regex(R"(([^#]|#[0-9]+;)*)"))) << line;
      ++messages;
    } else {
      ADD_FAILURE() << "not Mermaid sequenceDiagram syntax: " << line;
    }
  }
  EXPECT_EQ(declared.size(), 2u);
  EXPECT_EQ(messages, 9u);  // the seed replica's nine MQTT packets
}

}  // namespace
}  // namespace mqscope::test
