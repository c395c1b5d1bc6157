// Malformed packets: fields that run past the end of the packet, unknown properties, reserved
// QoS, empty topics and leftover bytes. The decoder notes each and never reads outside the
// packet (every node lies inside it; AddressSanitizer builds check the reads themselves).
#include <gtest/gtest.h>

#include <algorithm>

#include <set>

#include "mqtt_test_support.hpp"

namespace mqscope::mqtt {
namespace {

using test::ByteVector;
using test::from_hex;
using testing::cat;
using testing::decode_as;
using testing::has_note;
using testing::packet;
using testing::props;
using testing::str;
using testing::u16;
using testing::u32;

constexpr const char* kOverrun = "mqtt.length_overrun";

// The packet with its body cut to `n` bytes and the Remaining Length fixed to match.
ByteVector cut(const ByteVector& body, std::uint8_t byte0, std::size_t n) {
  return packet(byte0, ByteVector(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(n)));
}

// A body built from parts, remembering where each part ends.
struct Body {
  ByteVector bytes;
  std::vector<std::size_t> ends;
  Body& add(const ByteVector& part) {
    bytes.insert(bytes.end(), part.begin(), part.end());
    ends.push_back(bytes.size());
    return *this;
  }
};

// Cuts `body` at every length short of whole and checks each: mqtt.length_overrun exactly
// where expected (everywhere but `complete_at`), and never a node outside the packet.
void check_every_truncation(std::uint8_t version, std::uint8_t byte0, const ByteVector& body,
                            const std::set<std::size_t>& complete_at) {
  for (std::size_t n = 0; n < body.size(); ++n) {
    testing::Decoded d = decode_as(version, cut(body, byte0, n));
    EXPECT_TRUE(d.in_bounds) << "cut to " << n << "\n" << d.text;
    bool overrun = has_note(d, kOverrun);
    EXPECT_EQ(overrun, !complete_at.contains(n)) << "cut to " << n << "\n" << d.text;
    EXPECT_LE(std::count(d.notes.begin(), d.notes.end(), kOverrun), 1) << "cut to " << n;
  }
}

// MQTT 3.1.1 §3.1.3: every truncation of a CONNECT (will, user name, password) overruns, except
// at the end of the will message or of the user name, where Wireshark (for 3.1 clients) takes
// the missing user name / password as absent.
TEST(Malformed, EveryTruncationOfAConnectOverrunsAndStaysInBounds) {
  Body body;
  body.add(str("MQTT"))
      .add({0x04, 0xc6})
      .add(u16(60))
      .add(str("cid"))
      .add(str("w/t"))
      .add(str("bye"));
  std::size_t will_end = body.bytes.size();
  body.add(str("u"));
  std::size_t user_end = body.bytes.size();
  body.add(str("p"));
  ASSERT_TRUE(decode_as(0, packet(0x10, body.bytes)).notes.empty());
  check_every_truncation(0, 0x10, body.bytes, {will_end, user_end});
}

// MQTT 5.0 §3.1.2.11, §3.1.3.2: the same with properties and will properties, so that cuts fall
// inside property lengths, identifiers and values too.
TEST(Malformed, EveryTruncationOfAMqtt5ConnectOverrunsAndStaysInBounds) {
  Body body;
  body.add(str("MQTT")).add({0x05, 0xc6}).add(u16(60));
  body.add(
      props({cat({{0x11}, u32(30)}), cat({{0x26}, str("k"), str("v")}), cat({{0x21}, u16(20)})}));
  body.add(str("cid")).add(props({cat({{0x18}, u32(5)}), cat({{0x03}, str("text/plain")})}));
  body.add(str("w/t")).add(str("bye"));
  std::size_t will_end = body.bytes.size();
  body.add(str("u"));
  std::size_t user_end = body.bytes.size();
  body.add(str("p"));
  ASSERT_TRUE(decode_as(0, packet(0x10, body.bytes)).notes.empty())
      << decode_as(0, packet(0x10, body.bytes)).text;
  check_every_truncation(0, 0x10, body.bytes, {will_end, user_end});
}

// MQTT 3.1.1 §3.3.2: a PUBLISH cut inside its topic or Packet Identifier overruns; cut in the
// payload it is just a shorter payload.
TEST(Malformed, EveryTruncationOfAPublishOverrunsUntilThePayload) {
  Body body;
  body.add(str("a/b")).add(u16(7)).add(test::from_text("hello"));
  std::set<std::size_t> complete;
  for (std::size_t n = body.ends[1]; n < body.bytes.size(); ++n) complete.insert(n);
  check_every_truncation(kVersion311, 0x32, body.bytes, complete);
}

// MQTT 5.0 §3.3.2.3: the same with properties (a two-byte Subscription Identifier among them)
// between the identifier and the payload.
TEST(Malformed, EveryTruncationOfAMqtt5PublishOverrunsUntilThePayload) {
  Body body;
  body.add(str("a/b")).add(u16(7));
  body.add(props({cat({{0x03}, str("text/plain")}),
                  cat({{0x26}, str("key"), str("value")}),
                  cat({{0x09}, str("corr")}),
                  cat({{0x02}, u32(60)}),
                  {0x01, 0x01},
                  cat({{0x0b}, {0x80, 0x01}})}));
  body.add(test::from_text("hello"));
  std::set<std::size_t> complete;
  for (std::size_t n = body.ends[2]; n < body.bytes.size(); ++n) complete.insert(n);
  check_every_truncation(kVersion5, 0x32, body.bytes, complete);
}

// MQTT-1.5.4 / 1.5.6: a string or binary length longer than what is left overruns, whatever the
// field; each case is noted once and stays inside the packet.
TEST(Malformed, LengthsThatOverrunThePacketAreNoted) {
  struct Case {
    std::uint8_t version;
    ByteVector bytes;
    const char* what;
    int direction = testing::kUsualDirection;
  };
  const Case cases[] = {
      {kVersion311, packet(0x30, from_hex("ff ff 61 62 63")), "topic length"},
      {kVersion311,
       packet(0x10, cat({str("MQTT"), {0x04, 0x02, 0x00, 0x3c}, from_hex("00 09 61")})),
       "client id length"},
      {kVersion311, packet(0x10, from_hex("00 07 4d 51 54 54")), "protocol name length"},
      {kVersion311, packet(0x82, cat({u16(1), from_hex("00 05 61")})), "topic filter length"},
      {kVersion5, packet(0x30, cat({str("t"), from_hex("7f 01 01")})), "property length"},
      {kVersion5, packet(0x40, cat({u16(1), {0x00}, from_hex("04 1f 00 09 61")})),
       "reason string length"},
      {kVersion5, packet(0x30, cat({str("t"), from_hex("07 26 00 01 6b 00 09 76")})),
       "user property value length"},
      {kVersion5, packet(0x30, cat({str("t"), from_hex("02 0b 80")})),
       "subscription identifier cut", kFromServer},
      {kVersion5, packet(0x30, cat({str("t"), from_hex("03 23 00")})), "topic alias cut"},
      {kVersion5, packet(0x40, cat({u16(1), from_hex("00 05 1f")})), "puback properties"},
      {kVersion5, from_hex("e0 05 04"), "remaining length longer than the bytes"},
      {kVersion5, packet(0x30, from_hex("00 01 74 ff ff ff ff")), "property length varint"},
  };
  for (const Case& c : cases) {
    testing::Decoded d = decode_as(c.version, c.bytes, c.direction);
    EXPECT_EQ(d.notes, std::vector<std::string>{kOverrun}) << c.what << "\n" << d.text;
    EXPECT_TRUE(d.in_bounds) << c.what;
  }
}

// MQTT 5.0 §2.2.2.2 Table 2-4: an identifier not in the table is mqtt.property_unknown (shown as
// "ID: Unknown"); what follows cannot be decoded.
TEST(Malformed, PropertyWithAnUnknownIdentifierIsNoted) {
  ByteVector bytes = packet(0x30, cat({str("a"), from_hex("03 7e 01 02 78")}));
  testing::Decoded d = decode_as(kVersion5, bytes);
  EXPECT_TRUE(
      d.text.ends_with("    Properties\n"
                       "        Total Length: 3\n"
                       "        ID: Unknown (0x7e)\n"
                       "        [Expert Info (Error/Malformed): Unknown property identifier; "
                       "rest not decoded (mqtt.property_unknown)]\n"))
      << d.text;
  EXPECT_EQ(d.notes, std::vector<std::string>{"mqtt.property_unknown"});
}

// MQTT-3.3.1-4: QoS 3 is reserved: mqtt.qos_invalid. Like Wireshark, a Packet Identifier is
// still read (both QoS bits are set).
TEST(Malformed, Qos3IsNoted) {
  ByteVector bytes = packet(0x36, cat({str("q"), u16(5), test::from_text("x")}));
  testing::Decoded d = decode_as(kVersion311, bytes);
  EXPECT_NE(
      d.text.find("    Header Flags: 0x36, Message Type: Publish Message, QoS Level: Reserved\n"),
      std::string::npos)
      << d.text;
  EXPECT_NE(d.text.find("        .... .11. = QoS Level: Reserved (3)\n"), std::string::npos)
      << d.text;
  EXPECT_NE(d.text.find("    Message Identifier: 5\n    Message: 78\n"), std::string::npos)
      << d.text;
  EXPECT_EQ(d.notes, std::vector<std::string>{"mqtt.qos_invalid"});
}

// MQTT-4.7.3-1: a topic has at least one character. "Length cannot be 0" hangs on Topic Length,
// as in Wireshark, even when an identifier and properties come after it.
TEST(Malformed, EmptyTopicIsNotedUnderTopicLength) {
  const std::string note =
      "        [Expert Info (Warning/Protocol): Length cannot be 0 (mqtt.illegal_topic_length)]\n";
  testing::Decoded v311 = decode_as(kVersion311, packet(0x32, cat({str(""), u16(5), {0x78}})));
  EXPECT_TRUE(v311.text.ends_with("    Topic Length: 0\n" + note +
                                  "    Message Identifier: 5\n    Message: 78\n"
                                  "        [Text: x]\n"))
      << v311.text;
  testing::Decoded v5 = decode_as(kVersion5, packet(0x32, cat({str(""), u16(5), props(), {0x78}})));
  EXPECT_TRUE(
      v5.text.ends_with("    Topic Length: 0\n" + note +
                        "    Message Identifier: 5\n    Properties\n        Total Length: 0\n"
                        "    Message: 78\n        [Text: x]\n"))
      << v5.text;
  EXPECT_EQ(v5.notes, std::vector<std::string>{"mqtt.illegal_topic_length"});
}

// MQTT-4.7.3-1: topic names and filters have at least one character: an empty Will Topic or
// topic filter gets the same note under its length.
TEST(Malformed, EmptyWillTopicAndTopicFilterAreNotedUnderTheirLength) {
  ByteVector connect =
      packet(0x10, cat({str("MQTT"), {0x04, 0x06, 0x00, 0x3c}, str("c"), str(""), str("m")}));
  testing::Decoded will = decode_as(0, connect);
  EXPECT_NE(will.text.find(
                "    Will Topic Length: 0\n        [Expert Info (Warning/Protocol): Length cannot "
                "be 0 (mqtt.illegal_topic_length)]\n    Will Message Length: 1\n"),
            std::string::npos)
      << will.text;
  testing::Decoded filter = decode_as(kVersion311, packet(0x82, cat({u16(1), str(""), {0x00}})));
  EXPECT_TRUE(
      filter.text.ends_with("    Topic Length: 0\n        [Expert Info (Warning/Protocol): Length "
                            "cannot be 0 (mqtt.illegal_topic_length)]\n"
                            "    Requested QoS: At most once delivery (Fire and Forget) (0)\n"))
      << filter.text;
}

// MQTT-1.5.5-1 (5.0): a Remaining Length in more bytes than needed is noted under Msg Len.
TEST(Malformed, NonMinimalRemainingLengthIsNoted) {
  testing::Decoded d = decode_as(kVersion311, from_hex("c0 80 00"));
  EXPECT_TRUE(
      d.text.ends_with("    Msg Len: 0\n        [Expert Info (Warning/Protocol): Remaining Length not "
                       "in its shortest encoding (MQTT-1.5.5-1) "
                       "(mqtt.remaining_length_not_minimal)]\n"))
      << d.text;
}

// MQTT 3.1.1 §3.4, §3.2, §3.11: bytes after the last field of a fixed-size packet are noted
// (a DISCONNECT or PING with bytes is mqtt.remaining_length_not_zero, in conformance_test).
TEST(Malformed, BytesAfterTheLastFieldAreNoted) {
  for (const char* hex : {"40 03 00 01 00", "20 03 00 00 00", "b0 03 00 01 00"}) {
    testing::Decoded d = decode_as(kVersion311, from_hex(hex));
    EXPECT_EQ(d.notes, std::vector<std::string>{"mqtt.trailing_bytes"}) << hex << "\n" << d.text;
  }
}

// MQTT 5.0 §4.13 (malformed packets): every prefix of every packet of a 5.0 conversation, with
// the length fixed or left claiming the full size, decodes inside the packet.
TEST(Malformed, EveryPrefixOfEveryPacketStaysInBounds) {
  const ByteVector packets[] = {
      packet(0x20, cat({{0x01, 0x00},
                        props({{0x24, 0x01}, cat({{0x12}, str("id")}), cat({{0x13}, u16(5)})})})),
      packet(0x82, cat({u16(3), props({cat({{0x0b}, {0x80, 0x01}})}), str("a/#"), {0x1d}})),
      packet(0x90, cat({u16(3), props(), {0x00, 0x80}})),
      packet(0xb0, cat({u16(4), props(), {0x11}})),
      packet(0xf0, cat({{0x18}, props({cat({{0x15}, str("m")}), cat({{0x16}, str("d")})})})),
      packet(0xe0, cat({{0x04}, props({cat({{0x1f}, str("bye")})})})),
      packet(0x62, cat({u16(2), {0x92}, props()})),
  };
  for (const ByteVector& whole : packets) {
    std::size_t header = 1 + testing::varint(static_cast<std::uint32_t>(whole.size() - 2)).size();
    ByteVector body(whole.begin() + static_cast<std::ptrdiff_t>(header), whole.end());
    for (std::size_t n = 0; n < body.size(); ++n) {
      EXPECT_TRUE(decode_as(kVersion5, cut(body, whole[0], n)).in_bounds) << n;
      ByteVector claiming(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(header + n));
      EXPECT_TRUE(decode_as(kVersion5, claiming).in_bounds) << n;
    }
  }
}

}  // namespace
}  // namespace mqscope::mqtt
