// Display filters on the bundled captures: the packets a filter selects are counted
// independently from the endpoints' ground truth (captures/NAME.expected.json).
#include <gtest/gtest.h>

#include <functional>

#include "capture_support.hpp"
#include "json.hpp"

namespace mqscope::test {
namespace {

struct Case {
  std::string capture;
  std::string truth;
  std::string filter;
  std::function<bool(const Json&)> expected;  // which ground-truth packets it selects
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.capture << ": " << c.filter; }

bool type_is(const Json& p, const char* type) { return p["type"].string() == type; }

class FilterOnCaptures : public ::testing::TestWithParam<Case> {};

TEST_P(FilterOnCaptures, SelectsThePacketsTheGroundTruthSays) {
  const Case& c = GetParam();
  std::string error;
  Json truth = Json::parse(read_file(capture_path(c.truth)), error);
  ASSERT_TRUE(error.empty()) << error;
  std::size_t want = 0;
  for (const Json& p : truth["packets"].array()) want += c.expected(p) ? 1u : 0u;
  app::Options options;
  options.display_filter = c.filter;
  DecodedCapture got = decode_capture(capture_path(c.capture), options);
  ASSERT_EQ(got.status, 0) << got.messages;
  EXPECT_EQ(got.packets.size(), want);
  EXPECT_GT(want, 0u) << "a filter that selects nothing proves little";
}

const char* kAedes = "ws-mqttjs-aedes-v311.pcap";
const char* kAedesTruth = "ws-mqttjs-aedes-v311.expected.json";
const char* kMosquitto = "tcp-mosquitto-v311.pcap";
const char* kMosquittoTruth = "tcp-mosquitto-v311.expected.json";

INSTANTIATE_TEST_SUITE_P(
    Expressions, FilterOnCaptures,
    ::testing::Values(
        Case{kAedes, kAedesTruth, "mqtt.msgtype == PUBLISH",
             [](const Json& p) { return type_is(p, "PUBLISH"); }},
        Case{kAedes, kAedesTruth, "mqtt.msgtype == 3 and mqtt.qos >= 1",
             [](const Json& p) { return type_is(p, "PUBLISH") && p["qos"].integer() >= 1; }},
        Case{kAedes, kAedesTruth, "mqtt.retain == 1",
             [](const Json& p) { return type_is(p, "PUBLISH") && p["retain"].boolean(); }},
        Case{kAedes, kAedesTruth, "mqtt.topic contains \"q2\"",
             [](const Json& p) {
               if (p.has("topic")) return p["topic"].string().find("q2") != std::string::npos;
               for (const Json& s : p["subscriptions"].array())
                 if (s["topic"].string().find("q2") != std::string::npos) return true;
               for (const Json& filter : p["unsubscriptions"].array())
                 if (filter.string().find("q2") != std::string::npos) return true;
               return false;
             }},
        Case{kAedes, kAedesTruth, "mqtt.clientid matches \"^mqttjs_(sub|pub)_\"",
             [](const Json& p) { return type_is(p, "CONNECT"); }},
        Case{kAedes, kAedesTruth, "not mqtt.msgid",
             [](const Json& p) { return !p.has("msgid"); }},
        Case{kAedes, kAedesTruth, "mqtt.msgtype == PINGREQ or mqtt.msgtype == PINGRESP",
             [](const Json& p) { return type_is(p, "PINGREQ") || type_is(p, "PINGRESP"); }},
        Case{kMosquitto, kMosquittoTruth, "mqtt.kalive == 5",
             [](const Json& p) { return type_is(p, "CONNECT") && p["clientid"].string() == "t311-sub"; }},
        Case{kMosquitto, kMosquittoTruth, "tcp.dstport == 1883 and mqtt.msgtype == DISCONNECT",
             [](const Json& p) { return type_is(p, "DISCONNECT"); }},
        Case{kMosquitto, kMosquittoTruth, "ip.src == 127.0.0.0/8 && mqtt.username == \"bob\"",
             [](const Json& p) { return type_is(p, "CONNECT") && p["clientid"].string() != "t311-sub"; }},
        Case{kMosquitto, kMosquittoTruth, "mqtt.msgtype >= PUBACK && mqtt.msgtype <= PUBCOMP",
             [](const Json& p) {
               return type_is(p, "PUBACK") || type_is(p, "PUBREC") || type_is(p, "PUBREL") ||
                      type_is(p, "PUBCOMP");
             }}));

}  // namespace
}  // namespace mqscope::test
