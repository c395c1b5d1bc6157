// MQTT 3.1 (protocol name "MQIsdp", level 3) decoded into the tree, compared with tshark
// 4.0's text for the same bytes. 3.1 differs from 3.1.1 in CONNACK's first byte and in the
// fixed header flags of PUBREL, SUBSCRIBE and UNSUBSCRIBE, which carried a QoS.
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

// MQTT 3.1 §3.1: "MQIsdp", version 3, with a will (retained, QoS 2), user name and password.
TEST(DecodeV31, ConnectWithWillUserNameAndPasswordMatchesWireshark) {
  ByteVector bytes = packet(0x10, cat({str("MQIsdp"), from_hex("03 f6 00 3c"), str("c31"),
                                       str("w/t"), str("bye"), str("u"), str("p")}));
  Session session;
  testing::Decoded d = testing::decode(bytes, session);
  EXPECT_EQ(d.text, R"(MQ Telemetry Transport Protocol, Connect Command
    Header Flags: 0x10, Message Type: Connect Command
        0001 .... = Message Type: Connect Command (1)
        .... 0000 = Reserved: 0
    Msg Len: 33
    Protocol Name Length: 6
    Protocol Name: MQIsdp
    Version: MQTT v3.1 (3)
    Connect Flags: 0xf6, User Name Flag, Password Flag, Will Retain, QoS Level: Exactly once delivery (Assured Delivery), Will Flag, Clean Session Flag
        1... .... = User Name Flag: Set
        .1.. .... = Password Flag: Set
        ..1. .... = Will Retain: Set
        ...1 0... = QoS Level: Exactly once delivery (Assured Delivery) (2)
        .... .1.. = Will Flag: Set
        .... ..1. = Clean Session Flag: Set
        .... ...0 = (Reserved): Not set
    Keep Alive: 60
    Client ID Length: 3
    Client ID: c31
    Will Topic Length: 3
    Will Topic: w/t
    Will Message Length: 3
    Will Message: 627965
        [Text: bye]
    User Name Length: 1
    User Name: u
    Password Length: 1
    Password: p
)");
  EXPECT_TRUE(d.notes.empty());
  EXPECT_EQ(session.version, kVersion31);
}

// MQTT 3.1 §3.1: 3.1 clients set the user name and password flags and may send neither; like
// Wireshark, that is no error and no overrun.
TEST(DecodeV31, FlagsWithoutUserNameAndPasswordBytesAreTolerated) {
  ByteVector bytes = packet(0x10, cat({str("MQIsdp"), from_hex("03 c2 00 3c"), str("c31b")}));
  testing::Decoded d = decode_as(0, bytes);
  EXPECT_TRUE(d.notes.empty()) << d.text;
  EXPECT_TRUE(
      d.text.ends_with("    Keep Alive: 60\n    Client ID Length: 4\n    Client ID: c31b\n"))
      << d.text;
}

// MQTT 3.1 §3.2: CONNACK's first byte is reserved (no Acknowledge Flags, no Session Present).
TEST(DecodeV31, ConnackHasAReservedByteInsteadOfAcknowledgeFlags) {
  EXPECT_EQ(decode_as(kVersion31, from_hex("20 02 00 05"), 1).text,
            R"(MQ Telemetry Transport Protocol, Connect Ack
    Header Flags: 0x20, Message Type: Connect Ack
        0010 .... = Message Type: Connect Ack (2)
        .... 0000 = Reserved: 0
    Msg Len: 2
    Reserved: Not set
    Return Code: Connection Refused: not authorized (5)
)");
}

// MQTT 3.1 §3.8: SUBSCRIBE's header carries DUP and QoS 1; Wireshark shows them (and the retain
// bit as reserved) only for version 3.
TEST(DecodeV31, SubscribeHeaderShowsDupAndQosBits) {
  ByteVector bytes = packet(0x82, cat({u16(1), str("a/#"), from_hex("01")}));
  EXPECT_EQ(decode_as(kVersion31, bytes).text, R"(MQ Telemetry Transport Protocol, Subscribe Request
    Header Flags: 0x82, Message Type: Subscribe Request, QoS Level: At least once delivery (Acknowledged deliver)
        1000 .... = Message Type: Subscribe Request (8)
        .... 0... = DUP Flag: Not set
        .... .01. = QoS Level: At least once delivery (Acknowledged deliver) (1)
        .... ...0 = Reserved: 0
    Msg Len: 8
    Message Identifier: 1
    Topic Length: 3
    Topic: a/#
    Requested QoS: At least once delivery (Acknowledged deliver) (1)
)");
}

// MQTT 3.1 §3.8: a resent SUBSCRIBE sets DUP, named in the flags summary.
TEST(DecodeV31, SubscribeWithDupNamesItInTheSummary) {
  ByteVector bytes = packet(0x8a, cat({u16(2), str("a/#"), from_hex("00")}));
  std::string text = decode_as(kVersion31, bytes).text;
  EXPECT_NE(
      text.find("    Header Flags: 0x8a, Message Type: Subscribe Request, DUP Flag, QoS Level: "
                "At least once delivery (Acknowledged deliver)\n"
                "        1000 .... = Message Type: Subscribe Request (8)\n"
                "        .... 1... = DUP Flag: Set\n"),
      std::string::npos)
      << text;
}

// MQTT 3.1 §3.10, §3.6: UNSUBSCRIBE and PUBREL show the QoS bits too.
TEST(DecodeV31, UnsubscribeAndPubrelHeadersShowQosBits) {
  ByteVector unsubscribe = packet(0xa2, cat({u16(3), str("a/#")}));
  EXPECT_EQ(decode_as(kVersion31, unsubscribe).text,
            R"(MQ Telemetry Transport Protocol, Unsubscribe Request
    Header Flags: 0xa2, Message Type: Unsubscribe Request, QoS Level: At least once delivery (Acknowledged deliver)
        1010 .... = Message Type: Unsubscribe Request (10)
        .... 0... = DUP Flag: Not set
        .... .01. = QoS Level: At least once delivery (Acknowledged deliver) (1)
        .... ...0 = Reserved: 0
    Msg Len: 7
    Message Identifier: 3
    Topic Length: 3
    Topic: a/#
)");
  EXPECT_EQ(decode_as(kVersion31, from_hex("62 02 00 04")).text,
            R"(MQ Telemetry Transport Protocol, Publish Release
    Header Flags: 0x62, Message Type: Publish Release, QoS Level: At least once delivery (Acknowledged deliver)
        0110 .... = Message Type: Publish Release (6)
        .... 0... = DUP Flag: Not set
        .... .01. = QoS Level: At least once delivery (Acknowledged deliver) (1)
        .... ...0 = Reserved: 0
    Msg Len: 2
    Message Identifier: 4
)");
}

// MQTT 3.1 §3.9: SUBACK grants a QoS per filter (0x80, Failure, as Wireshark names it).
TEST(DecodeV31, SubackListsGrantedQos) {
  std::string text = decode_as(kVersion31, from_hex("90 04 00 01 01 80"), 1).text;
  EXPECT_TRUE(
      text.ends_with("    Message Identifier: 1\n"
                     "    Granted QoS: At least once delivery (Acknowledged deliver) (1)\n"
                     "    Granted QoS: Failure (128)\n"))
      << text;
}

// MQTT 3.1 §3.3: PUBLISH with DUP, QoS 2 and RETAIN all set, as in later versions.
TEST(DecodeV31, PublishWithDupQos2AndRetain) {
  ByteVector bytes = packet(0x3d, cat({str("a"), u16(4), from_hex("78")}));
  EXPECT_EQ(decode_as(kVersion31, bytes).text, R"(MQ Telemetry Transport Protocol, Publish Message
    Header Flags: 0x3d, Message Type: Publish Message, DUP Flag, QoS Level: Exactly once delivery (Assured Delivery), Retain
        0011 .... = Message Type: Publish Message (3)
        .... 1... = DUP Flag: Set
        .... .10. = QoS Level: Exactly once delivery (Assured Delivery) (2)
        .... ...1 = Retain: Set
    Msg Len: 6
    Topic Length: 1
    Topic: a
    Message Identifier: 4
    Message: 78
        [Text: x]
)");
}

// MQTT 3.1.1 §3.6.1 vs 3.1 §3.6: the same PUBREL bytes read without the QoS bits after 3.1.
TEST(DecodeV31, PubrelQosBitsAreOnlyShownForVersion3) {
  std::string text = decode_as(kVersion311, from_hex("62 02 00 04")).text;
  EXPECT_NE(text.find("    Header Flags: 0x62, Message Type: Publish Release\n"
                      "        0110 .... = Message Type: Publish Release (6)\n"
                      "        .... 0010 = Reserved: 2\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace mqscope::mqtt
