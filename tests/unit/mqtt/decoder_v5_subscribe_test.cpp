// MQTT 5.0 SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, PINGREQ/PINGRESP, DISCONNECT and AUTH
// decoded into the tree, compared with tshark 4.0's text for the same bytes, with mqscope's typed
// property lines (README, "Where mqscope differs from tshark").
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
using testing::varint;

// MQTT 5.0 §3.8.3.1: each filter has Subscription Options: Retain Handling, Retain As Published,
// No Local and QoS as bit lines, summarised on the options line.
TEST(DecodeV5Subscribe, SubscriptionOptionsAreShownAsBitLines) {
  ByteVector bytes = packet(
      0x82,
      cat({u16(3), props({cat({{0x0b}, varint(16384)})}), str("a/#"), {0x1d}, str("b"), {0x2e}}));
  testing::Decoded d = decode_as(kVersion5, bytes);
  EXPECT_EQ(d.text, R"(MQ Telemetry Transport Protocol, Subscribe Request
    Header Flags: 0x82, Message Type: Subscribe Request
        1000 .... = Message Type: Subscribe Request (8)
        .... 0010 = Reserved: 2
    Msg Len: 17
    Message Identifier: 3
    Properties
        Total Length: 4
        ID: Subscription Identifier (0x0b)
        Subscription Identifier: 16384
    Topic Length: 3
    Topic: a/#
    Subscription Options: 0x1d, Retain Handling: Send msgs if subscription does not exist, Retain As Published, No Local, QoS: At least once delivery (Acknowledged deliver)
        00.. .... = Reserved: 0x0
        ..01 .... = Retain Handling: Send msgs if subscription does not exist (1)
        .... 1... = Retain As Published: Set
        .... .1.. = No Local: Set
        .... ..01 = QoS: At least once delivery (Acknowledged deliver) (1)
    Topic Length: 1
    Topic: b
    Subscription Options: 0x2e, Retain Handling: Do not send msgs at subscription time, Retain As Published, No Local, QoS: Exactly once delivery (Assured Delivery)
        00.. .... = Reserved: 0x0
        ..10 .... = Retain Handling: Do not send msgs at subscription time (2)
        .... 1... = Retain As Published: Set
        .... .1.. = No Local: Set
        .... ..10 = QoS: Exactly once delivery (Assured Delivery) (2)
)");
  EXPECT_TRUE(d.notes.empty());
}

// MQTT 5.0 §3.8.3.1: options 0x02 (the common case) summarise only the named values.
TEST(DecodeV5Subscribe, PlainSubscriptionOptionsSummariseRetainHandlingAndQos) {
  ByteVector bytes = packet(0x82, cat({u16(1), props(), str("lab/#"), {0x02}}));
  std::string text = decode_as(kVersion5, bytes).text;
  EXPECT_NE(
      text.find("\n    Subscription Options: 0x02, Retain Handling: Send msgs at subscription "
                "time, QoS: Exactly once delivery (Assured Delivery)\n"),
      std::string::npos)
      << text;
}

// MQTT 5.0 §3.9.3 Table 3-8: SUBACK properties, then one Reason Code per filter.
TEST(DecodeV5Subscribe, SubackListsReasonCodesAfterProperties) {
  ByteVector bytes =
      packet(0x90, cat({u16(3), props({cat({{0x1f}, str("why")})}), from_hex("00 01 02 80 a2")}));
  EXPECT_EQ(decode_as(kVersion5, bytes, 1).text, R"(MQ Telemetry Transport Protocol, Subscribe Ack
    Header Flags: 0x90, Message Type: Subscribe Ack
        1001 .... = Message Type: Subscribe Ack (9)
        .... 0000 = Reserved: 0
    Msg Len: 14
    Message Identifier: 3
    Properties
        Total Length: 6
        ID: Reason String (0x1f)
        Length: 3
        Reason String: why
    Reason Code: Granted QoS 0 (0)
    Reason Code: Granted QoS 1 (1)
    Reason Code: Granted QoS 2 (2)
    Reason Code: Unspecified error (128)
    Reason Code: Wildcard Subscription not supported (162)
)");
}

// MQTT 5.0 §3.10.2, §3.11.3 Table 3-9: UNSUBSCRIBE has properties before its filters, UNSUBACK
// one Reason Code per filter.
TEST(DecodeV5Subscribe, UnsubscribeAndUnsubackCarryPropertiesAndReasonCodes) {
  ByteVector unsubscribe = packet(0xa2, cat({u16(4), props(), str("a/#"), str("b")}));
  EXPECT_EQ(decode_as(kVersion5, unsubscribe).text,
            R"(MQ Telemetry Transport Protocol, Unsubscribe Request
    Header Flags: 0xa2, Message Type: Unsubscribe Request
        1010 .... = Message Type: Unsubscribe Request (10)
        .... 0010 = Reserved: 2
    Msg Len: 11
    Message Identifier: 4
    Properties
        Total Length: 0
    Topic Length: 3
    Topic: a/#
    Topic Length: 1
    Topic: b
)");
  EXPECT_EQ(decode_as(kVersion5, from_hex("b0 05 00 04 00 00 11"), 1).text,
            R"(MQ Telemetry Transport Protocol, Unsubscribe Ack
    Header Flags: 0xb0, Message Type: Unsubscribe Ack
        1011 .... = Message Type: Unsubscribe Ack (11)
        .... 0000 = Reserved: 0
    Msg Len: 5
    Message Identifier: 4
    Properties
        Total Length: 0
    Reason Code: Success (0)
    Reason Code: No subscription existed (17)
)");
}

// MQTT 5.0 §3.12, §3.13: PINGREQ and PINGRESP have no variable header in 5.0 either.
TEST(DecodeV5Subscribe, PingHasNoBodyIn50) {
  testing::Decoded d = decode_as(kVersion5, from_hex("c0 00"));
  EXPECT_EQ(d.text, R"(MQ Telemetry Transport Protocol, Ping Request
    Header Flags: 0xc0, Message Type: Ping Request
        1100 .... = Message Type: Ping Request (12)
        .... 0000 = Reserved: 0
    Msg Len: 0
)");
  EXPECT_TRUE(d.notes.empty());
}

// MQTT 5.0 §3.14.2.1-2: DISCONNECT with Reason Code 0x04 (Disconnect with Will Message) and a
// Reason String property, as the mosquitto capture shows it.
TEST(DecodeV5Subscribe, DisconnectWithWillReasonAndReasonString) {
  ByteVector bytes =
      packet(0xe0, cat({{0x04}, props({cat({{0x1f}, str("leaving, send my will")})})}));
  EXPECT_EQ(decode_as(kVersion5, bytes).text, R"(MQ Telemetry Transport Protocol, Disconnect Req
    Header Flags: 0xe0, Message Type: Disconnect Req
        1110 .... = Message Type: Disconnect Req (14)
        .... 0000 = Reserved: 0
    Msg Len: 26
    Reason Code: Disconnect with Will Message (4)
    Properties
        Total Length: 24
        ID: Reason String (0x1f)
        Length: 21
        Reason String: leaving, send my will
)");
}

// MQTT 5.0 §3.14.2.1: Remaining Length 0 means Normal disconnection, shown as nothing; a lone
// Reason Code has no property length (§3.14.2.2.1).
TEST(DecodeV5Subscribe, DisconnectWithoutPropertiesOrReasonCode) {
  const std::string head = R"(MQ Telemetry Transport Protocol, Disconnect Req
    Header Flags: 0xe0, Message Type: Disconnect Req
        1110 .... = Message Type: Disconnect Req (14)
        .... 0000 = Reserved: 0
)";
  EXPECT_EQ(decode_as(kVersion5, from_hex("e0 00")).text, head + "    Msg Len: 0\n");
  testing::Decoded lone = decode_as(kVersion5, from_hex("e0 01 8e"), 1);
  EXPECT_EQ(lone.text, head + "    Msg Len: 1\n    Reason Code: Session taken over (142)\n");
  EXPECT_TRUE(lone.notes.empty());
}

// MQTT 5.0 §3.15.2: AUTH with Reason Code 0x18 and the Authentication Method and Data.
TEST(DecodeV5Subscribe, AuthWithMethodAndData) {
  ByteVector bytes = packet(
      0xf0, cat({{0x18}, props({cat({{0x15}, str("SCRAM-SHA-1")}), cat({{0x16}, str("data")})})}));
  EXPECT_EQ(decode_as(kVersion5, bytes).text,
            R"(MQ Telemetry Transport Protocol, Authentication Exchange
    Header Flags: 0xf0, Message Type: Authentication Exchange
        1111 .... = Message Type: Authentication Exchange (15)
        .... 0000 = Reserved: 0
    Msg Len: 23
    Reason Code: Continue authentication (24)
    Properties
        Total Length: 21
        ID: Authentication Method (0x15)
        Length: 11
        Authentication Method: SCRAM-SHA-1
        ID: Authentication Data (0x16)
        Length: 4
        Authentication Data: 64617461
)");
}

// MQTT 5.0 §3.15.2.1: an AUTH with Remaining Length 0 is Success, shown as nothing.
TEST(DecodeV5Subscribe, EmptyAuthIsAFixedHeaderAlone) {
  testing::Decoded d = decode_as(kVersion5, from_hex("f0 00"), 1);
  EXPECT_TRUE(d.text.ends_with("        .... 0000 = Reserved: 0\n    Msg Len: 0\n")) << d.text;
  EXPECT_TRUE(d.notes.empty());
}

}  // namespace
}  // namespace mqscope::mqtt
