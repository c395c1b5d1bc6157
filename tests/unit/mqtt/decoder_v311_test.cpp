// MQTT 3.1.1 packets decoded into the tree, compared line for line with the text tshark 4.0
// prints for the same bytes (labels only, indented 4 spaces per depth).
#include <gtest/gtest.h>

#include "mqtt_test_support.hpp"

namespace mqscope::mqtt {
namespace {

using test::ByteVector;
using test::from_hex;
using testing::cat;
using testing::decode_as;
using testing::packet;
using testing::str;
using testing::u16;

// Wireshark's first lines for a packet of type `name` whose header flags are 0000.
std::string header_only(const std::string& name, const std::string& byte0,
                        const std::string& bits) {
  return "MQ Telemetry Transport Protocol, " + name + "\n    Header Flags: 0x" + byte0 +
         ", Message Type: " + name + "\n        " + bits + "\n        .... 0000 = Reserved: 0\n";
}

// MQTT-3.1.2-3 (reserved flag 0), §3.1.2.8-9: the seed's CONNECT, flags 0xc2 (user name,
// password, clean session), with its seven bit lines and both strings in the payload.
TEST(DecodeV311, ConnectWithUserNameAndPasswordMatchesWireshark) {
  ByteVector bytes =
      packet(0x10, cat({str("MQTT"), from_hex("04 c2 00 3c"), str("mqttjs_9837fe0ba8"),
                        str("delight/web"), str("secret")}));
  Session session;
  testing::Decoded d = testing::decode(bytes, session);
  EXPECT_EQ(d.text, R"(MQ Telemetry Transport Protocol, Connect Command
    Header Flags: 0x10, Message Type: Connect Command
        0001 .... = Message Type: Connect Command (1)
        .... 0000 = Reserved: 0
    Msg Len: 50
    Protocol Name Length: 4
    Protocol Name: MQTT
    Version: MQTT v3.1.1 (4)
    Connect Flags: 0xc2, User Name Flag, Password Flag, QoS Level: At most once delivery (Fire and Forget), Clean Session Flag
        1... .... = User Name Flag: Set
        .1.. .... = Password Flag: Set
        ..0. .... = Will Retain: Not set
        ...0 0... = QoS Level: At most once delivery (Fire and Forget) (0)
        .... .0.. = Will Flag: Not set
        .... ..1. = Clean Session Flag: Set
        .... ...0 = (Reserved): Not set
    Keep Alive: 60
    Client ID Length: 17
    Client ID: mqttjs_9837fe0ba8
    User Name Length: 11
    User Name: delight/web
    Password Length: 6
    Password: secret
)");
  EXPECT_TRUE(d.notes.empty());
  EXPECT_EQ(session.version, kVersion311);
  EXPECT_TRUE(session.connect_seen);
}

// MQTT 3.1.1 §3.1.3: with no flags set the payload is the Client Identifier alone.
TEST(DecodeV311, ConnectWithoutWillUserOrPasswordHasOnlyTheClientId) {
  ByteVector bytes = packet(0x10, cat({str("MQTT"), from_hex("04 02 00 1e"), str("mqttjs_zsub")}));
  testing::Decoded d = decode_as(0, bytes);
  EXPECT_EQ(d.text, R"(MQ Telemetry Transport Protocol, Connect Command
    Header Flags: 0x10, Message Type: Connect Command
        0001 .... = Message Type: Connect Command (1)
        .... 0000 = Reserved: 0
    Msg Len: 23
    Protocol Name Length: 4
    Protocol Name: MQTT
    Version: MQTT v3.1.1 (4)
    Connect Flags: 0x02, QoS Level: At most once delivery (Fire and Forget), Clean Session Flag
        0... .... = User Name Flag: Not set
        .0.. .... = Password Flag: Not set
        ..0. .... = Will Retain: Not set
        ...0 0... = QoS Level: At most once delivery (Fire and Forget) (0)
        .... .0.. = Will Flag: Not set
        .... ..1. = Clean Session Flag: Set
        .... ...0 = (Reserved): Not set
    Keep Alive: 30
    Client ID Length: 11
    Client ID: mqttjs_zsub
)");
}

// MQTT-3.1.2-8/9, §3.1.3.2-3: the Will Flag brings a Will Topic and a Will Message (binary,
// shown as hex); will retain and will QoS 1 appear in the flags summary.
TEST(DecodeV311, ConnectWithWillShowsWillTopicAndMessage) {
  ByteVector bytes = packet(0x10, cat({str("MQTT"), from_hex("04 2c 00 00"), str("w"),
                                       str("will/t"), from_hex("00 02 00 ff")}));
  EXPECT_EQ(decode_as(0, bytes).text, R"(MQ Telemetry Transport Protocol, Connect Command
    Header Flags: 0x10, Message Type: Connect Command
        0001 .... = Message Type: Connect Command (1)
        .... 0000 = Reserved: 0
    Msg Len: 25
    Protocol Name Length: 4
    Protocol Name: MQTT
    Version: MQTT v3.1.1 (4)
    Connect Flags: 0x2c, Will Retain, QoS Level: At least once delivery (Acknowledged deliver), Will Flag
        0... .... = User Name Flag: Not set
        .0.. .... = Password Flag: Not set
        ..1. .... = Will Retain: Set
        ...0 1... = QoS Level: At least once delivery (Acknowledged deliver) (1)
        .... .1.. = Will Flag: Set
        .... ..0. = Clean Session Flag: Not set
        .... ...0 = (Reserved): Not set
    Keep Alive: 0
    Client ID Length: 1
    Client ID: w
    Will Topic Length: 6
    Will Topic: will/t
    Will Message Length: 2
    Will Message: 00ff
)");
}

// MQTT-3.2.2-2/3: CONNACK's first byte is the Acknowledge Flags with Session Present.
TEST(DecodeV311, ConnackShowsAcknowledgeFlagsWithSessionPresent) {
  EXPECT_EQ(decode_as(kVersion311, from_hex("20 02 01 00"), 1).text,
            R"(MQ Telemetry Transport Protocol, Connect Ack
    Header Flags: 0x20, Message Type: Connect Ack
        0010 .... = Message Type: Connect Ack (2)
        .... 0000 = Reserved: 0
    Msg Len: 2
    Acknowledge Flags: 0x01, Session Present
        0000 000. = Reserved: Not set
        .... ...1 = Session Present: Set
    Return Code: Connection Accepted (0)
)");
}

// MQTT 3.1.1 §3.2.2.3 Table 3.1: refusals are named.
TEST(DecodeV311, ConnackRefusalIsNamed) {
  std::string text = decode_as(kVersion311, from_hex("20 02 00 04"), 1).text;
  EXPECT_NE(text.find("    Acknowledge Flags: 0x00\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\n    Return Code: Connection Refused: bad user name or password (4)\n"),
            std::string::npos)
      << text;
}

// MQTT 3.1.1 §3.3.2.2: no Packet Identifier at QoS 0; the rest is the payload.
TEST(DecodeV311, PublishQos0HasNoMessageIdentifier) {
  ByteVector bytes = packet(0x30, cat({str("a/b"), from_hex("68656c6c6f")}));
  EXPECT_EQ(decode_as(kVersion311, bytes).text, R"(MQ Telemetry Transport Protocol, Publish Message
    Header Flags: 0x30, Message Type: Publish Message, QoS Level: At most once delivery (Fire and Forget)
        0011 .... = Message Type: Publish Message (3)
        .... 0... = DUP Flag: Not set
        .... .00. = QoS Level: At most once delivery (Fire and Forget) (0)
        .... ...0 = Retain: Not set
    Msg Len: 10
    Topic Length: 3
    Topic: a/b
    Message: 68656c6c6f
        [Text: hello]
)");
}

// MQTT 3.1.1 §3.3.1.3, §3.3.2.2: QoS 1 with RETAIN: the identifier follows the topic.
TEST(DecodeV311, PublishQos1WithRetainShowsTheIdentifier) {
  ByteVector bytes = packet(0x33, cat({str("a/b"), u16(7), from_hex("6869")}));
  EXPECT_EQ(decode_as(kVersion311, bytes).text, R"(MQ Telemetry Transport Protocol, Publish Message
    Header Flags: 0x33, Message Type: Publish Message, QoS Level: At least once delivery (Acknowledged deliver), Retain
        0011 .... = Message Type: Publish Message (3)
        .... 0... = DUP Flag: Not set
        .... .01. = QoS Level: At least once delivery (Acknowledged deliver) (1)
        .... ...1 = Retain: Set
    Msg Len: 9
    Topic Length: 3
    Topic: a/b
    Message Identifier: 7
    Message: 6869
        [Text: hi]
)");
}

// MQTT 3.1.1 §3.3.1.1 (DUP), §3.3.3: a zero-length payload is valid: "Message: <MISSING>".
TEST(DecodeV311, PublishQos2DupWithEmptyPayloadShowsMessageMissing) {
  ByteVector bytes = packet(0x3c, cat({str("a/b"), u16(8)}));
  testing::Decoded d = decode_as(kVersion311, bytes);
  EXPECT_EQ(d.text, R"(MQ Telemetry Transport Protocol, Publish Message
    Header Flags: 0x3c, Message Type: Publish Message, DUP Flag, QoS Level: Exactly once delivery (Assured Delivery)
        0011 .... = Message Type: Publish Message (3)
        .... 1... = DUP Flag: Set
        .... .10. = QoS Level: Exactly once delivery (Assured Delivery) (2)
        .... ...0 = Retain: Not set
    Msg Len: 7
    Topic Length: 3
    Topic: a/b
    Message Identifier: 8
    Message: <MISSING>
)");
  EXPECT_TRUE(d.notes.empty());
}

// MQTT 3.1.1 §3.4-3.7: the acknowledgements carry only a Packet Identifier; PUBREL's fixed
// header flags are 0010 (MQTT-3.6.1-1), shown as "Reserved: 2" after 3.1.
TEST(DecodeV311, PublishAcknowledgementsShowOnlyTheIdentifier) {
  struct Case {
    const char* hex;
    const char* name;
    const char* bits;
    const char* reserved;
  };
  for (Case c : {Case{"40 02 00 07", "Publish Ack", "0100 .... = Message Type: Publish Ack (4)",
                      "0000 = Reserved: 0"},
                 Case{"50 02 00 07", "Publish Received",
                      "0101 .... = Message Type: Publish Received (5)", "0000 = Reserved: 0"},
                 Case{"62 02 00 07", "Publish Release",
                      "0110 .... = Message Type: Publish Release (6)", "0010 = Reserved: 2"},
                 Case{"70 02 00 07", "Publish Complete",
                      "0111 .... = Message Type: Publish Complete (7)", "0000 = Reserved: 0"}}) {
    ByteVector bytes = from_hex(c.hex);
    std::string expected = std::string("MQ Telemetry Transport Protocol, ") + c.name +
                           "\n    Header Flags: 0x" + std::string(c.hex).substr(0, 2) +
                           ", Message Type: " + c.name + "\n        " + c.bits + "\n        .... " +
                           c.reserved + "\n    Msg Len: 2\n    Message Identifier: 7\n";
    testing::Decoded d = decode_as(kVersion311, bytes);
    EXPECT_EQ(d.text, expected);
    EXPECT_TRUE(d.notes.empty()) << c.name;
  }
}

// MQTT 3.1.1 §3.8.3: SUBSCRIBE lists topic filters, each with its Requested QoS; its flags 0010
// (MQTT-3.8.1-1) are "Reserved: 2".
TEST(DecodeV311, SubscribeListsEachFilterWithItsRequestedQos) {
  ByteVector bytes =
      packet(0x82, cat({u16(10), str("a/#"), from_hex("01"), str("b/+"), from_hex("02")}));
  EXPECT_EQ(decode_as(kVersion311, bytes).text,
            R"(MQ Telemetry Transport Protocol, Subscribe Request
    Header Flags: 0x82, Message Type: Subscribe Request
        1000 .... = Message Type: Subscribe Request (8)
        .... 0010 = Reserved: 2
    Msg Len: 14
    Message Identifier: 10
    Topic Length: 3
    Topic: a/#
    Requested QoS: At least once delivery (Acknowledged deliver) (1)
    Topic Length: 3
    Topic: b/+
    Requested QoS: Exactly once delivery (Assured Delivery) (2)
)");
}

// MQTT 3.1.1 §3.9.3: SUBACK return codes; 0x80 is Failure.
TEST(DecodeV311, SubackNamesGrantedQosAndFailure) {
  EXPECT_EQ(decode_as(kVersion311, from_hex("90 04 00 0a 01 80"), 1).text,
            R"(MQ Telemetry Transport Protocol, Subscribe Ack
    Header Flags: 0x90, Message Type: Subscribe Ack
        1001 .... = Message Type: Subscribe Ack (9)
        .... 0000 = Reserved: 0
    Msg Len: 4
    Message Identifier: 10
    Granted QoS: At least once delivery (Acknowledged deliver) (1)
    Granted QoS: Failure (128)
)");
}

// MQTT 3.1.1 §3.10.3, §3.11: UNSUBSCRIBE lists filters; UNSUBACK only the identifier.
TEST(DecodeV311, UnsubscribeListsFiltersAndUnsubackOnlyTheIdentifier) {
  ByteVector unsubscribe = packet(0xa2, cat({u16(11), str("a/#"), str("b/+")}));
  EXPECT_EQ(decode_as(kVersion311, unsubscribe).text,
            R"(MQ Telemetry Transport Protocol, Unsubscribe Request
    Header Flags: 0xa2, Message Type: Unsubscribe Request
        1010 .... = Message Type: Unsubscribe Request (10)
        .... 0010 = Reserved: 2
    Msg Len: 12
    Message Identifier: 11
    Topic Length: 3
    Topic: a/#
    Topic Length: 3
    Topic: b/+
)");
  EXPECT_EQ(decode_as(kVersion311, from_hex("b0 02 00 0b"), 1).text,
            header_only("Unsubscribe Ack", "b0", "1011 .... = Message Type: Unsubscribe Ack (11)") +
                "    Msg Len: 2\n    Message Identifier: 11\n");
}

// MQTT 3.1.1 §3.12-3.14: PINGREQ, PINGRESP and DISCONNECT are a fixed header alone.
TEST(DecodeV311, PingAndDisconnectAreAFixedHeaderAlone) {
  EXPECT_EQ(decode_as(kVersion311, from_hex("c0 00")).text,
            header_only("Ping Request", "c0", "1100 .... = Message Type: Ping Request (12)") +
                "    Msg Len: 0\n");
  EXPECT_EQ(decode_as(kVersion311, from_hex("d0 00"), 1).text,
            header_only("Ping Response", "d0", "1101 .... = Message Type: Ping Response (13)") +
                "    Msg Len: 0\n");
  EXPECT_EQ(decode_as(kVersion311, from_hex("e0 00")).text,
            header_only("Disconnect Req", "e0", "1110 .... = Message Type: Disconnect Req (14)") +
                "    Msg Len: 0\n");
}

// MQTT 3.1.1 §2.2.1 Table 2.1: type 0 is reserved; mqscope adds mqtt.reserved_type to
// Wireshark's lines.
TEST(DecodeV311, ReservedTypeZeroIsNoted) {
  testing::Decoded d = decode_as(kVersion311, from_hex("00 00"));
  EXPECT_EQ(d.text, header_only("Reserved", "00", "0000 .... = Message Type: Reserved (0)") +
                        "    Msg Len: 0\n"
                        "    [Expert Info (Error/Protocol): Reserved packet type (MQTT-2.2.1) "
                        "(mqtt.reserved_type)]\n");
  EXPECT_EQ(d.notes, std::vector<std::string>{"mqtt.reserved_type"});
}

// MQTT 3.1.1 §2.2.1: type 15 is reserved before 5.0; Wireshark still names it and, outside 5.0,
// decodes no body; mqscope adds mqtt.reserved_type.
TEST(DecodeV311, TypeFifteenIsNamedButHasNoBodyBefore50) {
  testing::Decoded d = decode_as(kVersion311, from_hex("f0 00"));
  EXPECT_EQ(d.text, header_only("Authentication Exchange", "f0",
                                "1111 .... = Message Type: Authentication Exchange (15)") +
                        "    Msg Len: 0\n"
                        "    [Expert Info (Error/Protocol): Reserved packet type (MQTT-2.2.1) "
                        "(mqtt.reserved_type)]\n");
  EXPECT_EQ(d.notes, std::vector<std::string>{"mqtt.reserved_type"});
}

}  // namespace
}  // namespace mqscope::mqtt
