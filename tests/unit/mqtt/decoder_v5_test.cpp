// MQTT 5.0 CONNECT, CONNACK, PUBLISH and its acknowledgements decoded into the tree, with
// reason codes and properties (§2.2.2, §2.4), compared with tshark 4.0's text as mqscope
// improves it on purpose (README, "Where mqscope differs from tshark"): each property value on
// a line of its own name, typed (durations, names, hex for binary data), user properties as
// "key = value" above their elements, and text payloads as text under the hex.
#include <gtest/gtest.h>

#include "mqtt_test_support.hpp"

namespace mqscope::mqtt {
namespace {

using test::ByteVector;
using test::from_hex;
using testing::cat;
using testing::decode_as;
using testing::packet;
using testing::props;
using testing::str;
using testing::u16;
using testing::u32;
using testing::varint;

const char* const kHeaderPuback = R"(MQ Telemetry Transport Protocol, Publish Ack
    Header Flags: 0x40, Message Type: Publish Ack
        0100 .... = Message Type: Publish Ack (4)
        .... 0000 = Reserved: 0
)";

// MQTT 5.0 §3.1.2.11 (properties), §3.1.3.2 (will properties): every property type appears
// (four- byte, two-byte, byte, pair, string, binary), and Content Type is one line.
TEST(DecodeV5, ConnectWithPropertiesWillPropertiesUserAndPasswordMatchesWireshark) {
  ByteVector bytes = packet(0x10, cat({str("MQTT"), from_hex("05 ee 00 1e"),
                                       props({cat({{0x11}, u32(3600)}),
                                              cat({{0x21}, u16(20)}),
                                              cat({{0x22}, u16(10)}),
                                              cat({{0x27}, u32(65536)}),
                                              {0x17, 0x01},
                                              {0x19, 0x01},
                                              cat({{0x26}, str("k"), str("v")}),
                                              cat({{0x15}, str("PLAIN")}),
                                              cat({{0x16}, str("tok")})}),
                                       str("c5"),
                                       props({cat({{0x18}, u32(5)}),
                                              {0x01, 0x01},
                                              cat({{0x02}, u32(60)}),
                                              cat({{0x03}, str("text/plain")}),
                                              cat({{0x08}, str("r/t")}),
                                              cat({{0x09}, str("cd")})}),
                                       str("w/t"), str("bye"), str("user"), str("pass")}));
  Session session;
  testing::Decoded d = testing::decode(bytes, session);
  EXPECT_EQ(d.text, R"(MQ Telemetry Transport Protocol, Connect Command
    Header Flags: 0x10, Message Type: Connect Command
        0001 .... = Message Type: Connect Command (1)
        .... 0000 = Reserved: 0
    Msg Len: 115
    Protocol Name Length: 4
    Protocol Name: MQTT
    Version: MQTT v5.0 (5)
    Connect Flags: 0xee, User Name Flag, Password Flag, Will Retain, QoS Level: At least once delivery (Acknowledged deliver), Will Flag, Clean Session Flag
        1... .... = User Name Flag: Set
        .1.. .... = Password Flag: Set
        ..1. .... = Will Retain: Set
        ...0 1... = QoS Level: At least once delivery (Acknowledged deliver) (1)
        .... .1.. = Will Flag: Set
        .... ..1. = Clean Session Flag: Set
        .... ...0 = (Reserved): Not set
    Keep Alive: 30
    Properties
        Total Length: 41
        ID: Session Expiry Interval (0x11)
        Session Expiry Interval: 3600 (1 hour)
        ID: Receive Maximum (0x21)
        Receive Maximum: 20
        ID: Topic Alias Maximum (0x22)
        Topic Alias Maximum: 10
        ID: Maximum Packet Size (0x27)
        Maximum Packet Size: 65536
        ID: Request Problem Information (0x17)
        Request Problem Information: True (1)
        ID: Request Response Information (0x19)
        Request Response Information: True (1)
        ID: User Property (0x26)
        User Property: k = v
            Key Length: 1
            Key: k
            Value Length: 1
            Value: v
        ID: Authentication Method (0x15)
        Length: 5
        Authentication Method: PLAIN
        ID: Authentication Data (0x16)
        Length: 3
        Authentication Data: 746f6b
    Client ID Length: 2
    Client ID: c5
    Will Properties
        Total Length: 36
        ID: Will Delay Interval (0x18)
        Will Delay Interval: 5 (5 seconds)
        ID: Payload Format Indicator (0x01)
        Payload Format Indicator: UTF-8 Encoded Character Data (1)
        ID: Publication Expiry Interval (0x02)
        Publication Expiry Interval: 60 (1 minute)
        ID: Content Type (0x03)
        Content Type: text/plain
        ID: Response Topic (0x08)
        Length: 3
        Response Topic: r/t
        ID: Correlation Data (0x09)
        Length: 2
        Correlation Data: 6364
    Will Topic Length: 3
    Will Topic: w/t
    Will Message Length: 3
    Will Message: 627965
        [Text: bye]
    User Name Length: 4
    User Name: user
    Password Length: 4
    Password: pass
)");
  EXPECT_TRUE(d.notes.empty());
  EXPECT_EQ(session.version, kVersion5);
}

// MQTT 5.0 §3.2.2: Acknowledge Flags, a Reason Code (Table 3-1) and properties, among them
// Maximum QoS with its own "QoS" field.
TEST(DecodeV5, ConnackShowsReasonCodeAndProperties) {
  ByteVector bytes = packet(0x20, cat({from_hex("00 00"), props({{0x24, 0x01},
                                                                 {0x25, 0x00},
                                                                 cat({{0x12}, str("auto-1")}),
                                                                 cat({{0x13}, u16(15)}),
                                                                 cat({{0x1a}, str("resp/")}),
                                                                 cat({{0x1c}, str("other")}),
                                                                 cat({{0x1f}, str("ok")}),
                                                                 {0x28, 0x01},
                                                                 {0x29, 0x00},
                                                                 {0x2a, 0x01}})}));
  EXPECT_EQ(decode_as(kVersion5, bytes, 1).text, R"(MQ Telemetry Transport Protocol, Connect Ack
    Header Flags: 0x20, Message Type: Connect Ack
        0010 .... = Message Type: Connect Ack (2)
        .... 0000 = Reserved: 0
    Msg Len: 46
    Acknowledge Flags: 0x00
        0000 000. = Reserved: Not set
        .... ...0 = Session Present: Not set
    Reason Code: Success (0)
    Properties
        Total Length: 43
        ID: Maximum QoS (0x24)
        QoS: At least once delivery (Acknowledged deliver) (1)
        ID: Retain Available (0x25)
        Retain Available: False (0)
        ID: Assigned Client Identifier (0x12)
        Length: 6
        Assigned Client Identifier: auto-1
        ID: Server Keep Alive (0x13)
        Server Keep Alive: 15 (15 seconds)
        ID: Response Information (0x1a)
        Length: 5
        Response Information: resp/
        ID: Server Reference (0x1c)
        Length: 5
        Server Reference: other
        ID: Reason String (0x1f)
        Length: 2
        Reason String: ok
        ID: Wildcard Subscription Available (0x28)
        Wildcard Subscription Available: True (1)
        ID: Subscription Identifier Available (0x29)
        Subscription Identifier Available: False (0)
        ID: Shared Subscription Available (0x2a)
        Shared Subscription Available: True (1)
)");
}

// MQTT 5.0 §3.2.2.2 Table 3-1: a refusal (0x87, what mosquitto 2.0 answers to a bad password)
// without properties.
TEST(DecodeV5, ConnackRefusalWithEmptyProperties) {
  testing::Decoded d = decode_as(kVersion5, from_hex("20 03 00 87 00"), 1);
  EXPECT_EQ(d.text, R"(MQ Telemetry Transport Protocol, Connect Ack
    Header Flags: 0x20, Message Type: Connect Ack
        0010 .... = Message Type: Connect Ack (2)
        .... 0000 = Reserved: 0
    Msg Len: 3
    Acknowledge Flags: 0x00
        0000 000. = Reserved: Not set
        .... ...0 = Session Present: Not set
    Reason Code: Not authorized (135)
    Properties
        Total Length: 0
)");
  EXPECT_TRUE(d.notes.empty());
}

// MQTT 5.0 §3.3.2.3: PUBLISH properties come after the Packet Identifier; Content Type is a
// single "Content Type:" line in Wireshark (no "Length:"), Subscription Identifier a varint
// (in a PUBLISH from the server, MQTT-3.3.4-6).
TEST(DecodeV5, PublishPropertiesFollowTheIdentifier) {
  ByteVector bytes =
      packet(0x32, cat({str("a/b"), u16(1),
                        props({cat({{0x23}, u16(1)}), cat({{0x03}, str("application/json")}),
                               cat({{0x0b}, varint(200)})}),
                        from_hex("7b7d")}));
  testing::Decoded d = decode_as(kVersion5, bytes, kFromServer);
  EXPECT_EQ(d.text, R"(MQ Telemetry Transport Protocol, Publish Message
    Header Flags: 0x32, Message Type: Publish Message, QoS Level: At least once delivery (Acknowledged deliver)
        0011 .... = Message Type: Publish Message (3)
        .... 0... = DUP Flag: Not set
        .... .01. = QoS Level: At least once delivery (Acknowledged deliver) (1)
        .... ...0 = Retain: Not set
    Msg Len: 35
    Topic Length: 3
    Topic: a/b
    Message Identifier: 1
    Properties
        Total Length: 25
        ID: Topic Alias (0x23)
        Topic Alias: 1
        ID: Content Type (0x03)
        Content Type: application/json
        ID: Subscription Identifier (0x0b)
        Subscription Identifier: 200
    Message: 7b7d
        [Text: {}]
)");
  EXPECT_TRUE(d.notes.empty());
}

// MQTT 5.0 §3.3.2.3: QoS 0 PUBLISH has no identifier; an empty property list still shows.
TEST(DecodeV5, PublishQos0WithEmptyProperties) {
  ByteVector bytes = packet(0x30, cat({str("lab/q0"), props(), from_hex("68656c6c6f20716f7330")}));
  std::string text = decode_as(kVersion5, bytes).text;
  EXPECT_TRUE(
      text.ends_with("    Msg Len: 19\n    Topic Length: 6\n    Topic: lab/q0\n"
                     "    Properties\n        Total Length: 0\n"
                     "    Message: 68656c6c6f20716f7330\n"
                     "        [Text: hello qos0]\n"))
      << text;
}

// MQTT 5.0 §3.4.2.1: with Remaining Length 2 the Reason Code (0x00) and properties are left out,
// and nothing is shown for them.
TEST(DecodeV5, PubackWithoutReasonCodeShowsOnlyTheIdentifier) {
  testing::Decoded d = decode_as(kVersion5, from_hex("40 02 00 01"), 1);
  EXPECT_EQ(d.text, std::string(kHeaderPuback) + "    Msg Len: 2\n    Message Identifier: 1\n");
  EXPECT_TRUE(d.notes.empty());
}

// MQTT 5.0 §3.4.2.2: with Remaining Length 3 there is a Reason Code and no property length.
TEST(DecodeV5, PubackWithOnlyAReasonCodeHasNoProperties) {
  EXPECT_EQ(decode_as(kVersion5, from_hex("40 03 00 01 10"), 1).text,
            std::string(kHeaderPuback) +
                "    Msg Len: 3\n    Message Identifier: 1\n"
                "    Reason Code: No matching subscribers (16)\n");
}

// MQTT 5.0 §3.4.2.2: Reason Code then properties (a Reason String).
TEST(DecodeV5, PubackWithReasonCodeAndReasonString) {
  ByteVector bytes = packet(0x40, cat({u16(1), {0x97}, props({cat({{0x1f}, str("quota")})})}));
  EXPECT_EQ(decode_as(kVersion5, bytes, 1).text, std::string(kHeaderPuback) + R"(    Msg Len: 12
    Message Identifier: 1
    Reason Code: Quota exceeded (151)
    Properties
        Total Length: 8
        ID: Reason String (0x1f)
        Length: 5
        Reason String: quota
)");
}

// MQTT 5.0 §3.5-3.7: PUBREC, PUBREL, PUBCOMP use their own reason code tables.
TEST(DecodeV5, PubrecPubrelPubcompNameTheirReasonCodes) {
  EXPECT_EQ(decode_as(kVersion5, from_hex("50 04 00 02 80 00"), 1).text,
            R"(MQ Telemetry Transport Protocol, Publish Received
    Header Flags: 0x50, Message Type: Publish Received
        0101 .... = Message Type: Publish Received (5)
        .... 0000 = Reserved: 0
    Msg Len: 4
    Message Identifier: 2
    Reason Code: Unspecified error (128)
    Properties
        Total Length: 0
)");
  EXPECT_EQ(decode_as(kVersion5, from_hex("62 03 00 02 92")).text,
            R"(MQ Telemetry Transport Protocol, Publish Release
    Header Flags: 0x62, Message Type: Publish Release
        0110 .... = Message Type: Publish Release (6)
        .... 0010 = Reserved: 2
    Msg Len: 3
    Message Identifier: 2
    Reason Code: Packet Identifier not found (146)
)");
  ByteVector pubcomp =
      packet(0x70, cat({u16(2), {0x00}, props({cat({{0x26}, str("a"), str("b")})})}));
  EXPECT_EQ(decode_as(kVersion5, pubcomp, 1).text,
            R"(MQ Telemetry Transport Protocol, Publish Complete
    Header Flags: 0x70, Message Type: Publish Complete
        0111 .... = Message Type: Publish Complete (7)
        .... 0000 = Reserved: 0
    Msg Len: 11
    Message Identifier: 2
    Reason Code: Success (0)
    Properties
        Total Length: 7
        ID: User Property (0x26)
        User Property: a = b
            Key Length: 1
            Key: a
            Value Length: 1
            Value: b
)");
}

}  // namespace
}  // namespace mqscope::mqtt
