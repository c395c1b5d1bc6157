// The one-line summary of a decoded packet (append_summary) and the recogniser of a CONNECT
// at the start of a stream (looks_like_connect).
#include <gtest/gtest.h>

#include <algorithm>

#include <fmt/format.h>

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

// The summary of `bytes` under `limits` (decode_as uses the default limits).
std::string summary(std::uint8_t version, const ByteVector& bytes, const Limits& limits) {
  Session session;
  session.version = version;
  Varint length = read_varint(Bytes(bytes).subspan(1));
  Pieces pieces;
  PacketView view{Bytes(bytes), static_cast<std::uint8_t>(1 + length.length), length.value, false,
                  &pieces};
  field::Tree tree;
  tree.add_source(view.bytes);
  TextBuffer out;
  append_summary(tree, decode_packet(tree, view, session, 0), out, limits);
  return out.str();
}

ByteVector publish(std::uint8_t byte0, const ByteVector& payload) {
  return packet(byte0, cat({str("t"), (byte0 & 0x06) ? u16(9) : ByteVector{}, payload}));
}

// MQTT 3.1.1 §3.1: version, client id, user name, keep alive and clean session.
TEST(Summary, ConnectShowsVersionClientUserKeepAliveAndCleanSession) {
  ByteVector bytes =
      packet(0x10, cat({str("MQTT"), from_hex("04 c2 00 3c"), str("mqttjs_9837fe0ba8"),
                        str("delight/web"), str("secret")}));
  EXPECT_EQ(decode_as(0, bytes).summary,
            "CONNECT MQTT v3.1.1 client_id=\"mqttjs_9837fe0ba8\" user=\"delight/web\" keepalive=60 "
            "clean");
}

// MQTT 3.1 §3.1, 3.1.1 §3.1.2.4: without Clean Session the session is persistent; the will topic
// is named; the password never is.
TEST(Summary, ConnectShowsPersistentSessionAndWillTopic) {
  ByteVector bytes = packet(0x10, cat({str("MQIsdp"), from_hex("03 e4 00 05"), str("c31"),
                                       str("w/t"), str("bye"), str("u"), str("hunter2")}));
  std::string line = decode_as(0, bytes).summary;
  EXPECT_EQ(line,
            "CONNECT MQTT v3.1 client_id=\"c31\" user=\"u\" keepalive=5 persistent will=\"w/t\"");
  EXPECT_EQ(line.find("hunter2"), std::string::npos);
}

// MQTT 3.1.1 §3.3: QoS, flags, identifier, topic, length and a quoted text preview.
TEST(Summary, PublishShowsQosFlagsIdentifierTopicAndTextPreview) {
  ByteVector bytes = packet(0x33, cat({str("a/b"), u16(7), test::from_text("hello")}));
  EXPECT_EQ(decode_as(kVersion311, bytes).summary,
            "PUBLISH q1 retain id=7 topic=\"a/b\" len=5 \"hello\"");
  ByteVector dup = packet(0x3c, cat({str("a/b"), u16(8)}));
  EXPECT_EQ(decode_as(kVersion311, dup).summary, "PUBLISH q2 dup id=8 topic=\"a/b\" len=0");
}

// MQTT 5.0 §3.3.3 (the payload is application data of any format): one with bytes that are not
// text is previewed as hex, as are control characters other than TAB, LF and CR.
TEST(Summary, BinaryPayloadIsPreviewedAsHex) {
  EXPECT_EQ(decode_as(kVersion311, publish(0x30, from_hex("00 01 02 ff"))).summary,
            "PUBLISH q0 topic=\"t\" len=4 000102ff");
  EXPECT_EQ(decode_as(kVersion311, publish(0x30, from_hex("68 69 01"))).summary,
            "PUBLISH q0 topic=\"t\" len=3 686901");
}

// The text check passes printable runs 32, 16 or 8 bytes at a time, the last load overlapping
// the one before: one control character, DEL or stray byte from 0x80 anywhere in a payload of
// any length still makes it binary (hex), and a TAB anywhere leaves it text.
TEST(Summary, OneOddByteAnywhereInAPayloadDecides) {
  for (std::size_t length = 1; length <= 70; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (char odd : {'\x01', '\x7f', '\x80', '\x1f'}) {
        std::string text(length, 'a');
        text[at] = odd;
        std::string line = decode_as(kVersion311, publish(0x30, test::from_text(text))).summary;
        ASSERT_EQ(line.find('"', line.find("len=")), std::string::npos)
            << "byte " << int(static_cast<unsigned char>(odd)) << " at " << at << ": " << line;
      }
      std::string tabbed(length, 'a');
      tabbed[at] = '\t';
      std::string line = decode_as(kVersion311, publish(0x30, test::from_text(tabbed))).summary;
      ASSERT_NE(line.find(fmt::format("len={} \"", length)), std::string::npos)
          << "TAB at " << at << ": " << line;
    }
  }
}

// MQTT-1.5.4-1 and -2: a topic name of any length with a NUL, or a byte that is not UTF-8, at
// any position is noted; a plain one is not.
TEST(Summary, TopicCheckFindsNulAndBadUtf8AtEveryPosition) {
  for (std::size_t length = 1; length <= 40; ++length) {
    EXPECT_TRUE(decode_as(kVersion311, packet(0x30, str(std::string(length, 't')))).notes.empty());
    for (std::size_t at = 0; at < length; ++at) {
      std::string topic(length, 't');
      topic[at] = '\0';
      std::vector<std::string> notes = decode_as(kVersion311, packet(0x30, str(topic))).notes;
      EXPECT_NE(std::find(notes.begin(), notes.end(), "mqtt.utf8_null"), notes.end()) << at;
      topic[at] = '\xff';
      notes = decode_as(kVersion311, packet(0x30, str(topic))).notes;
      EXPECT_NE(std::find(notes.begin(), notes.end(), "mqtt.utf8_invalid"), notes.end()) << at;
    }
  }
}

// Text with line breaks (pretty-printed JSON, say) is still text; the summary line escapes them.
TEST(Summary, LineBreaksInTextAreEscaped) {
  EXPECT_EQ(decode_as(kVersion311, publish(0x30, test::from_text("hi\n"))).summary,
            "PUBLISH q0 topic=\"t\" len=3 \"hi\\n\"");
}

// MQTT 5.0 §3.3.2.3.2: a Payload Format Indicator of 1 makes any well-formed UTF-8 text, control
// characters included.
TEST(Summary, PayloadFormatIndicatorMakesControlCharactersText) {
  ByteVector utf8 = packet(0x30, cat({str("t"), props({{0x01, 0x01}}), from_hex("68 69 01")}));
  EXPECT_EQ(decode_as(kVersion5, utf8).summary, "PUBLISH q0 topic=\"t\" len=3 \"hi\\x01\"");
}

// UTF-8 text (MQTT-1.5.4) is text: bytes above 0x7f do not make it binary.
TEST(Summary, Utf8PayloadIsPreviewedAsText) {
  EXPECT_EQ(decode_as(kVersion311, publish(0x30, test::from_text("h\xc3\xa9llo"))).summary,
            "PUBLISH q0 topic=\"t\" len=6 \"h\xc3\xa9llo\"");
}

// MQTT 5.0 §3.3.3: Limits::summary_payload_chars bounds a text preview; the cut is marked with
// an ellipsis.
TEST(Summary, LongTextPayloadIsCutAtTheLimitWithAnEllipsis) {
  ByteVector payload = test::from_text(std::string(100, 'a'));
  EXPECT_EQ(decode_as(kVersion311, publish(0x30, payload)).summary,
            "PUBLISH q0 topic=\"t\" len=100 \"" + std::string(48, 'a') + "\"\u2026");
  Limits five;
  five.summary_payload_chars = 5;
  EXPECT_EQ(summary(kVersion311, publish(0x30, test::from_text("hello world")), five),
            "PUBLISH q0 topic=\"t\" len=11 \"hello\"\u2026");
  EXPECT_EQ(summary(kVersion311, publish(0x30, test::from_text("hello")), five),
            "PUBLISH q0 topic=\"t\" len=5 \"hello\"");
}

// RFC 3629: bytes that are not well-formed UTF-8 are binary, not text to print as is.
TEST(Summary, InvalidUtf8PayloadIsPreviewedAsHex) {
  EXPECT_EQ(decode_as(kVersion311, publish(0x30, from_hex("68 69 ff"))).summary,
            "PUBLISH q0 topic=\"t\" len=3 6869ff");
  EXPECT_EQ(decode_as(kVersion311, publish(0x30, from_hex("68 c3"))).summary,
            "PUBLISH q0 topic=\"t\" len=2 68c3");
  EXPECT_EQ(decode_as(kVersion311, publish(0x30, from_hex("c0 af"))).summary,  // overlong '/'
            "PUBLISH q0 topic=\"t\" len=2 c0af");
}

// MQTT-1.5.4 (UTF-8, RFC 3629): the text preview is cut between characters, never inside a
// multi- byte one.
TEST(Summary, TextPreviewIsNotCutInsideACharacter) {
  ByteVector payload = test::from_text(std::string(47, 'a') + "\xc3\xa9" + "b");
  EXPECT_EQ(decode_as(kVersion311, publish(0x30, payload)).summary,
            "PUBLISH q0 topic=\"t\" len=50 \"" + std::string(47, 'a') + "\"\u2026");
}

// MQTT 5.0 §3.3.3: a binary preview shows at most 24 bytes; whenever it shows fewer than the
// payload has, the cut is marked, even when the payload is within the character limit.
TEST(Summary, BinaryPreviewIsCutAt24BytesWithAnEllipsis) {
  ByteVector exactly(24, 0xab);
  ByteVector over(30, 0xab);
  ByteVector long_one(60, 0xab);
  std::string hex24;
  for (int i = 0; i < 24; ++i) hex24 += "ab";
  EXPECT_EQ(decode_as(kVersion311, publish(0x30, exactly)).summary,
            "PUBLISH q0 topic=\"t\" len=24 " + hex24);
  EXPECT_EQ(decode_as(kVersion311, publish(0x30, over)).summary,
            "PUBLISH q0 topic=\"t\" len=30 " + hex24 + "\u2026");
  EXPECT_EQ(decode_as(kVersion311, publish(0x30, long_one)).summary,
            "PUBLISH q0 topic=\"t\" len=60 " + hex24 + "\u2026");
}

// MQTT-3.3.1-4: the notes of a packet end its summary, by name.
TEST(Summary, NotesAreListedByName) {
  EXPECT_EQ(decode_as(kVersion311, publish(0x36, test::from_text("x"))).summary,
            "PUBLISH q3 id=9 topic=\"t\" len=1 \"x\" [mqtt.qos_invalid]");
}

// MQTT 3.1.1 §3.8.3: each filter with its requested QoS.
TEST(Summary, SubscribeListsFiltersWithTheirQos) {
  ByteVector bytes = packet(0x82, cat({u16(10), str("a/#"), {0x01}, str("b/+"), {0x02}}));
  EXPECT_EQ(decode_as(kVersion311, bytes).summary, "SUBSCRIBE id=10 \"a/#\"(q1) \"b/+\"(q2)");
}

// MQTT-4.7.3-1: an empty filter is invalid but still has its QoS: the filters after it keep
// their own QoS in the summary.
TEST(Summary, EmptyFilterKeepsTheFiltersAndQosPaired) {
  ByteVector bytes = packet(0x82, cat({u16(1), str(""), {0x00}, str("a"), {0x01}}));
  EXPECT_EQ(decode_as(kVersion311, bytes).summary,
            "SUBSCRIBE id=1 \"\"(q0) \"a\"(q1) [mqtt.illegal_topic_length]");
  ByteVector unsubscribe = packet(0xa2, cat({u16(2), str(""), str("b")}));
  EXPECT_EQ(decode_as(kVersion311, unsubscribe).summary,
            "UNSUBSCRIBE id=2 \"\" \"b\" [mqtt.illegal_topic_length]");
}

// MQTT 5.0 §3.8.3.1: the QoS is taken from the Subscription Options' low bits.
TEST(Summary, Mqtt5SubscribeTakesQosFromTheSubscriptionOptions) {
  ByteVector bytes = packet(
      0x82, cat({u16(3), props({cat({{0x0b}, {0x07}})}), str("a/#"), {0x1d}, str("b"), {0x2e}}));
  EXPECT_EQ(decode_as(kVersion5, bytes).summary, "SUBSCRIBE id=3 \"a/#\"(q1) \"b\"(q2)");
}

// MQTT 3.1.1 §3.9, 5.0 §3.2, §3.4, §3.14: acknowledgements show identifiers and codes.
TEST(Summary, AcknowledgementsShowIdentifiersAndCodes) {
  EXPECT_EQ(decode_as(kVersion311, from_hex("90 04 00 0a 01 80")).summary,
            "SUBACK id=10 granted=1,128");
  EXPECT_EQ(decode_as(kVersion311, from_hex("20 02 01 00")).summary,
            "CONNACK session_present rc=0 (Connection Accepted)");
  EXPECT_EQ(decode_as(kVersion5, from_hex("20 03 00 87 00")).summary,
            "CONNACK rc=135 (Not authorized)");
  EXPECT_EQ(decode_as(kVersion5, from_hex("40 03 00 01 10")).summary,
            "PUBACK id=1 rc=16 (No matching subscribers)");
  EXPECT_EQ(decode_as(kVersion5, from_hex("e0 02 04 00")).summary,
            "DISCONNECT rc=4 (Disconnect with Will Message)");
  EXPECT_EQ(decode_as(kVersion311, from_hex("c0 00")).summary, "PINGREQ");
}

// MQTT 5.0 §3.14.2.2.3, §3.15.2.2.2: a Reason String says why; an AUTH names its method.
TEST(Summary, ReasonStringAndAuthenticationMethodAreShown) {
  ByteVector disconnect =
      packet(0xe0, cat({{0x04}, props({cat({{0x1f}, str("leaving, send my will")})})}));
  EXPECT_EQ(decode_as(kVersion5, disconnect).summary,
            "DISCONNECT rc=4 (Disconnect with Will Message) reason=\"leaving, send my will\"");
  ByteVector auth = packet(0xf0, cat({{0x18}, props({cat({{0x15}, str("SCRAM-SHA-1")})})}));
  EXPECT_EQ(decode_as(kVersion5, auth).summary,
            "AUTH rc=24 (Continue authentication) method=\"SCRAM-SHA-1\"");
}

// MQTT 5.0 §3.3.2.3.4: an empty topic whose alias this direction never set is shown as such.
TEST(Summary, UnknownTopicAliasIsSaid) {
  ByteVector bytes = packet(0x30, cat({str(""), props({cat({{0x23}, u16(4)})}), {0x78}}));
  EXPECT_EQ(decode_as(kVersion5, bytes).summary,
            "PUBLISH q0 topic=\"\" (unknown alias 4) len=1 \"x\" [mqtt.unknown_topic_alias]");
}

// The summary and -q build brief trees (no flag bits): the line must be the one a full tree
// gives, notes on flag bytes included (MQTT-3.3.1-4 QoS 3, MQTT-3.1.2-3 reserved flag, MQTT
// 5.0 §3.8.3.1 Subscription Options with their QoS and reserved bits).
TEST(Summary, BriefTreeGivesTheSameLineWithFewerNodes) {
  const std::pair<std::uint8_t, ByteVector> cases[] = {
      {kVersion311, publish(0x3b, str("x"))},      // DUP, QoS 1, retain
      {kVersion311, publish(0x36, str("bad"))},    // QoS 3: mqtt.qos_invalid on the flags
      {kVersion311, packet(0x10, cat({str("MQTT"), from_hex("04 c3 00 3c"), str("c"), str("u"),
                                      str("p")}))},  // reserved connect flag set
      {kVersion5, packet(0x82, cat({u16(3), props(), str("a/#"), {0x1e}, str("b"), {0xc1}}))},
      {kVersion311, packet(0x82, cat({u16(4), str("a/+"), {0x02}}))},
      {kVersion5, packet(0x20, cat({{0x01, 0x00}, props()}))},  // CONNACK, session present
      {kVersion311, packet(0x90, cat({u16(4), {0x00, 0x02, 0x80}}))},
  };
  for (const auto& [version, bytes] : cases) {
    testing::Decoded full = decode_as(version, bytes);
    testing::Decoded brief = decode_as(version, bytes, testing::kUsualDirection, field::Detail::Summary);
    EXPECT_EQ(brief.summary, full.summary);
    EXPECT_LT(brief.nodes, full.nodes) << full.summary;
  }
  auto brief = [&](std::size_t i) {
    return decode_as(cases[i].first, cases[i].second, testing::kUsualDirection,
                     field::Detail::Summary).summary;
  };
  EXPECT_NE(brief(1).find("[mqtt.qos_invalid]"), std::string::npos);
  EXPECT_NE(brief(3).find("\"a/#\"(q2) \"b\"(q1)"), std::string::npos);
}

// -q builds trees for statistics only (no payload-as-text line): every note must still be
// found, MQTT 5.0 §3.3.2.3.2 (a payload declared UTF-8 that is not) among them.
TEST(Summary, FactsTreeKeepsEveryNote) {
  const std::pair<std::uint8_t, ByteVector> cases[] = {
      {kVersion5, packet(0x30, cat({str("t"), props({{0x01, 0x01}}), {0xff, 0x41}}))},
      {kVersion5, packet(0x30, cat({str("t"), props({{0x01, 0x01}}), str("fine")}))},
      {kVersion311, publish(0x36, str("bad"))},
      {kVersion311, publish(0x30, {0x00, 0x01, 0xfe})},
      {kVersion311, packet(0x10, cat({str("MQTT"), from_hex("04 c3 00 3c"), str("c"), str("u"),
                                      str("p")}))},
  };
  auto facts = [](std::uint8_t version, const ByteVector& bytes) {
    return decode_as(version, bytes, testing::kUsualDirection, field::Detail::Facts).notes;
  };
  for (const auto& [version, bytes] : cases) EXPECT_EQ(facts(version, bytes), decode_as(version, bytes).notes);
  auto first = facts(kVersion5, cases[0].second);
  EXPECT_NE(std::find(first.begin(), first.end(), "mqtt.payload_not_utf8"), first.end());
}

std::string name(Match m) {
  switch (m) {
    case Match::No:
      return "No";
    case Match::NeedMore:
      return "NeedMore";
    case Match::Yes:
      return "Yes";
  }
  return "?";
}

std::string looks(const ByteVector& bytes) {
  return name(looks_like_connect(Bytes(bytes)));
}

// MQTT 3.1.1 §3.1.2.1, MQTT 3.1 §3.1: a CONNECT starts 0x10, Remaining Length, then the protocol
// name "MQTT" (3.1.1, 5.0) or "MQIsdp" (3.1).
TEST(LooksLikeConnect, RecognisesConnectsOfEveryVersion) {
  EXPECT_EQ(looks(packet(0x10, cat({str("MQTT"), from_hex("04 02 00 3c"), str("c")}))), "Yes");
  EXPECT_EQ(looks(packet(0x10, cat({str("MQTT"), from_hex("05 02 00 3c 00"), str("c")}))), "Yes");
  EXPECT_EQ(looks(packet(0x10, cat({str("MQIsdp"), from_hex("03 02 00 3c"), str("c")}))), "Yes");
  // A long CONNECT: a two-byte Remaining Length.
  EXPECT_EQ(
      looks(packet(0x10, cat({str("MQTT"), from_hex("04 02 00 3c"), str(std::string(200, 'c'))}))),
      "Yes");
}

// MQTT-6.0.0-2: bytes arrive in pieces; every proper prefix of a CONNECT start asks for more.
TEST(LooksLikeConnect, EveryPrefixOfAConnectStartNeedsMore) {
  for (const char* hex :
       {"10 0d 00 04 4d 51 54 54", "10 11 00 06 4d 51 49 73 64 70", "10 d0 01 00 04 4d 51 54 54"}) {
    ByteVector start = from_hex(hex);
    ASSERT_EQ(looks(start), "Yes") << hex;
    for (std::size_t n = 0; n < start.size(); ++n)
      EXPECT_EQ(looks(ByteVector(start.begin(), start.begin() + static_cast<std::ptrdiff_t>(n))),
                "NeedMore")
          << hex << " cut to " << n;
  }
}

// MQTT 3.1.1 §2.2.1, §3.1.2.1: anything else is not a CONNECT: another packet type, another
// protocol name, a malformed Remaining Length, or text such as an HTTP request.
TEST(LooksLikeConnect, OtherStartsAreNotConnects) {
  for (const char* hex : {"20 02 00 00", "11 0d 00 04 4d 51 54 54", "30 05 00 03 61 2f 62",
                          "10 0d 00 04 4d 51 54 58", "10 0d 00 05 4d 51 54 54 54",
                          "10 10 00 06 4d 51 49 73 64 71", "10 ff ff ff ff 01", "47 45 54 20 2f"}) {
    EXPECT_EQ(looks(from_hex(hex)), "No") << hex;
  }
}

// MQTT 3.1.1 §3.1.2.1: the protocol name lies inside the packet; a Remaining Length too short to
// hold it is no CONNECT, whatever bytes follow.
TEST(LooksLikeConnect, RemainingLengthTooShortForTheProtocolNameIsNotAConnect) {
  EXPECT_EQ(looks(from_hex("10 00")), "No");
  EXPECT_EQ(looks(from_hex("10 00 00 04 4d 51 54 54")), "No");
  EXPECT_EQ(looks(from_hex("10 05 00 04 4d 51 54 54")), "No");
  EXPECT_EQ(looks(from_hex("10 06 00 04 4d 51 54 54")), "Yes");
  EXPECT_EQ(looks(from_hex("10 07 00 06 4d 51 49 73 64 70")), "No");
}

}  // namespace
}  // namespace mqscope::mqtt
