// What a connection remembers between packets: the protocol version its CONNECT announced
// (used for both directions) and, in MQTT 5.0, each direction's topic aliases.
#include <gtest/gtest.h>

#include "mqtt_test_support.hpp"

namespace mqscope::mqtt {
namespace {

using test::ByteVector;
using test::from_hex;
using testing::cat;
using testing::decode;
using testing::packet;
using testing::props;
using testing::str;
using testing::u16;

constexpr int kClient = 0;
constexpr int kServer = 1;

ByteVector connect(std::uint8_t level, const char* name = "MQTT") {
  ByteVector body = cat({str(name), {level, 0x02, 0x00, 0x3c}});
  if (level == kVersion5) body = cat({body, props()});
  return packet(0x10, cat({body, str("cid")}));
}

// A 5.0 session after a CONNECT and a CONNACK that each allow 10 topic aliases (MQTT 5.0
// §3.1.2.11.5, §3.2.2.3.8), so that aliases up to 10 are valid both ways.
Session v5_session_with_aliases() {
  Session session;
  ByteVector alias_max = props({cat({{0x22}, u16(10)})});
  decode(packet(0x10, cat({str("MQTT"), {kVersion5, 0x02, 0x00, 0x3c}, alias_max, str("cid")})),
         session, kClient);
  decode(packet(0x20, cat({{0x00, 0x00}, alias_max})), session, kServer);
  return session;
}

// A QoS 0 PUBLISH with `topic` and a Topic Alias property (MQTT 5.0 §3.3.2.3.4).
ByteVector publish_with_alias(std::string_view topic, std::uint16_t alias,
                              std::string_view payload) {
  return packet(0x30,
                cat({str(topic), props({cat({{0x23}, u16(alias)})}), test::from_text(payload)}));
}

const std::string kUnknownVersion =
    "    [Expert Info (Note/Protocol): Unknown version (missing the CONNECT packet?) "
    "(mqtt.unknown_version)]\n";

// MQTT 5.0 §3.1.2.2: the CONNECT's Protocol Level decides how both directions are read: the
// server's CONNACK then carries properties, the client's SUBSCRIBE subscription options.
TEST(Session, ConnectSetsTheVersionForBothDirections) {
  Session session;
  decode(connect(kVersion5), session, kClient);
  EXPECT_EQ(session.version, kVersion5);
  std::string connack = decode(from_hex("20 03 00 00 00"), session, kServer).text;
  EXPECT_TRUE(
      connack.ends_with("    Reason Code: Success (0)\n    Properties\n        Total Length: 0\n"))
      << connack;
  std::string subscribe =
      decode(packet(0x82, cat({u16(1), props(), str("a"), {0x01}})), session, kClient).text;
  EXPECT_NE(subscribe.find("\n    Subscription Options: 0x01,"), std::string::npos) << subscribe;
}

// MQTT 3.1 §3.8 via the session: after an MQIsdp CONNECT, both directions read PUBREL with the
// 3.1 header bits.
TEST(Session, Mqtt31ConnectAppliesTo31HeaderFlagsInBothDirections) {
  Session session;
  decode(connect(kVersion31, "MQIsdp"), session, kClient);
  for (int direction : {kClient, kServer}) {
    std::string text = decode(from_hex("62 02 00 01"), session, direction).text;
    EXPECT_NE(
        text.find(
            "        .... .01. = QoS Level: At least once delivery (Acknowledged deliver) (1)\n"),
        std::string::npos)
        << text;
  }
}

// MQTT 3.1.1 §3.1.2.2: only the CONNECT's Protocol Level tells the version; without one it is
// unknown (Wireshark's mqtt.unknown_version); the note is the first line under the protocol, for
// every packet but a CONNECT.
TEST(Session, PacketsBeforeAnyConnectGetTheUnknownVersionNote) {
  Session session;
  testing::Decoded ping = decode(from_hex("c0 00"), session, kClient);
  EXPECT_EQ(ping.text, "MQ Telemetry Transport Protocol, Ping Request\n" + kUnknownVersion +
                           R"(    Header Flags: 0xc0, Message Type: Ping Request
        1100 .... = Message Type: Ping Request (12)
        .... 0000 = Reserved: 0
    Msg Len: 0
)");
  EXPECT_EQ(ping.notes, std::vector<std::string>{"mqtt.unknown_version"});
  EXPECT_FALSE(session.connect_seen);

  testing::Decoded first_connect = decode(connect(kVersion311), session, kClient);
  EXPECT_TRUE(first_connect.notes.empty()) << first_connect.text;
  testing::Decoded connack = decode(from_hex("20 02 00 00"), session, kServer);
  EXPECT_TRUE(connack.notes.empty()) << connack.text;
  testing::Decoded after = decode(from_hex("d0 00"), session, kServer);
  EXPECT_TRUE(after.notes.empty()) << after.text;
}

// MQTT 3.1.1 §3.9.3 vs 5.0 §3.9.3: Wireshark 4.0 with no known version reads SUBACK codes as
// 5.0 Reason Codes (only 3.1 and 3.1.1 have Granted QoS), without properties. This SUBACK reads
// the same either way (00 = no properties or Granted QoS 0), so no version is guessed from it.
TEST(Session, UnknownVersionReadsSubackCodesAsWiresharkDoes) {
  Session session;
  testing::Decoded d = decode(from_hex("90 04 00 01 00 80"), session, kServer);
  EXPECT_EQ(d.notes, std::vector<std::string>{"mqtt.unknown_version"});
  EXPECT_EQ(session.version, 0);
  std::string suback = d.text;
  EXPECT_TRUE(
      suback.ends_with("    Message Identifier: 1\n"
                       "    Reason Code: Granted QoS 0 (0)\n"
                       "    Reason Code: Unspecified error (128)\n"))
      << suback;
}

// MQTT 5.0 §3.1.2.2: a version forced by an option wins over the CONNECT's Protocol Level; the
// CONNECT's Version line says so (mqtt.version_overridden, a capture note).
TEST(Session, ForcedVersionIsKeptWhateverTheConnectSays) {
  Session session;
  session.version = kVersion5;
  session.version_forced = true;
  ByteVector mislabelled =
      packet(0x10, cat({str("MQTT"), {0x04, 0x02, 0x00, 0x3c}, props(), str("cid")}));
  testing::Decoded d = decode(mislabelled, session, kClient);
  EXPECT_EQ(session.version, kVersion5);
  EXPECT_NE(d.text.find("    Version: MQTT v3.1.1 (4)\n"), std::string::npos) << d.text;
  EXPECT_NE(d.text.find("    Properties\n        Total Length: 0\n    Client ID Length: 3\n"),
            std::string::npos)
      << d.text;
  EXPECT_EQ(d.notes, std::vector<std::string>{"mqtt.version_overridden"}) << d.text;
  EXPECT_NE(d.text.find("    Version: MQTT v3.1.1 (4)\n        [Expert Info (Note/Comment): CONNECT "
                        "names another version; decoded with the version --mqtt-version sets: "
                        "decoded as MQTT v5.0 (mqtt.version_overridden)]\n"),
            std::string::npos)
      << d.text;
}

// MQTT 5.0 §3.3.2.3.4: a PUBLISH with a topic and an alias sets the alias; a later PUBLISH in
// the same direction with an empty topic and that alias shows the topic as a generated line.
TEST(Session, TopicAliasSetByAPublishResolvesALaterEmptyTopic) {
  Session session = v5_session_with_aliases();
  testing::Decoded setting = decode(publish_with_alias("a/b", 1, "w"), session, kClient);
  EXPECT_EQ(setting.text.find("[Topic:"), std::string::npos) << setting.text;
  testing::Decoded using_it = decode(publish_with_alias("", 1, "x"), session, kClient);
  EXPECT_EQ(using_it.text, R"(MQ Telemetry Transport Protocol, Publish Message
    Header Flags: 0x30, Message Type: Publish Message, QoS Level: At most once delivery (Fire and Forget)
        0011 .... = Message Type: Publish Message (3)
        .... 0... = DUP Flag: Not set
        .... .00. = QoS Level: At most once delivery (Fire and Forget) (0)
        .... ...0 = Retain: Not set
    Msg Len: 7
    Topic Length: 0
    Properties
        Total Length: 3
        ID: Topic Alias (0x23)
        Topic Alias: 1
    [Topic: a/b]
    Message: 78
        [Text: x]
)");
  EXPECT_TRUE(using_it.notes.empty());
  EXPECT_NE(using_it.summary.find(" topic=\"a/b\" (resolved from alias 1) "), std::string::npos)
      << using_it.summary;
  EXPECT_NE(setting.summary.find(" topic=\"a/b\" alias=1 "), std::string::npos) << setting.summary;
}

// MQTT 5.0 §3.3.2.3.4: an alias never set in this direction is unknown: "[Topic: ]" with
// mqtt.unknown_topic_alias under it, and no "Length cannot be 0".
TEST(Session, UnknownTopicAliasIsNoted) {
  Session session = v5_session_with_aliases();
  testing::Decoded d = decode(publish_with_alias("", 9, "x"), session, kServer);
  EXPECT_TRUE(
      d.text.ends_with("        Topic Alias: 9\n"
                       "    [Topic: ]\n"
                       "        [Expert Info (Note/Protocol): Unknown topic alias "
                       "(mqtt.unknown_topic_alias)]\n"
                       "    Message: 78\n"
                       "        [Text: x]\n"))
      << d.text;
  EXPECT_EQ(d.notes, std::vector<std::string>{"mqtt.unknown_topic_alias"});
}

// MQTT 5.0 §3.3.2.3.4: "The Topic Alias mappings used by the Client and Server are independent
// from each other": the server's table is not the client's.
TEST(Session, EachDirectionHasItsOwnAliasTable) {
  Session session = v5_session_with_aliases();
  decode(publish_with_alias("from/client", 1, "a"), session, kClient);
  testing::Decoded other_side = decode(publish_with_alias("", 1, "b"), session, kServer);
  EXPECT_EQ(other_side.notes, std::vector<std::string>{"mqtt.unknown_topic_alias"})
      << other_side.text;

  decode(publish_with_alias("from/server", 1, "c"), session, kServer);
  EXPECT_NE(decode(publish_with_alias("", 1, "d"), session, kClient)
                .text.find("    [Topic: from/client]\n"),
            std::string::npos);
  EXPECT_NE(decode(publish_with_alias("", 1, "e"), session, kServer)
                .text.find("    [Topic: from/server]\n"),
            std::string::npos);
}

// MQTT 5.0 §3.3.2.3.4: sending a topic with an alias already in use replaces its mapping.
TEST(Session, ATopicSentAgainWithTheSameAliasReplacesIt) {
  Session session = v5_session_with_aliases();
  decode(publish_with_alias("old", 3, "a"), session, kClient);
  decode(publish_with_alias("new", 3, "b"), session, kClient);
  std::string text = decode(publish_with_alias("", 3, "c"), session, kClient).text;
  EXPECT_NE(text.find("    [Topic: new]\n"), std::string::npos) << text;
}

// MQTT-3.3.2-8 (5.0): alias 0 is not an alias: an empty topic with it is "Length cannot be 0"
// (under Topic Length), "a/b" sent with alias 0 sets nothing, and the alias itself is noted.
TEST(Session, TopicAliasZeroIsNotAnAlias) {
  Session session = v5_session_with_aliases();
  decode(publish_with_alias("a/b", 0, "a"), session, kClient);
  EXPECT_TRUE(session.topic_aliases[0].empty());
  testing::Decoded d = decode(publish_with_alias("", 0, "b"), session, kClient);
  EXPECT_NE(d.text.find("    Topic Length: 0\n"
                        "        [Expert Info (Warning/Protocol): Length cannot be 0 "
                        "(mqtt.illegal_topic_length)]\n"
                        "    Properties\n"),
            std::string::npos)
      << d.text;
  EXPECT_EQ(d.text.find("[Topic:"), std::string::npos) << d.text;
  EXPECT_EQ(d.notes, (std::vector<std::string>{"mqtt.illegal_topic_length",
                                               "mqtt.topic_alias_invalid"}));
}

}  // namespace
}  // namespace mqscope::mqtt
