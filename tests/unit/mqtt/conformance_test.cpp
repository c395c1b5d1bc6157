// Every conformance check, triggered by name: for each note of mqtt::notes::kConformance, a
// packet (or sequence) that breaks the clause the note cites raises it, on the node it concerns,
// and the same packet made correct does not. A last test checks that the table misses no note.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "framer_recorder.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "mqtt_test_support.hpp"

namespace mqscope::mqtt {
namespace {

using test::ByteVector;
using test::from_hex;
using test::from_text;
using testing::cat;
using testing::decode;
using testing::decode_as;
using testing::Decoded;
using testing::packet;
using testing::props;
using testing::str;
using testing::u16;
using testing::u32;

constexpr int kClient = kFromClient;
constexpr int kServer = kFromServer;

// A 5.0 connection after a CONNECT and a CONNACK, each announcing `properties`.
Session v5_connected(const ByteVector& client_props, const ByteVector& server_props) {
  Session s;
  s.start_seen = true;
  decode(packet(0x10, cat({str("MQTT"), {0x05, 0x02, 0x00, 0x3c}, client_props, str("c")})), s,
         kClient);
  decode(packet(0x20, cat({{0x00, 0x00}, server_props})), s, kServer);
  return s;
}

ByteVector connect311(std::uint8_t flags, std::string_view client_id = "c",
                      std::string_view name = "MQTT", std::uint8_t level = 4) {
  return packet(0x10, cat({str(name), {level, flags, 0x00, 0x3c}, str(client_id)}));
}

ByteVector connect5(const ByteVector& properties) {
  return packet(0x10, cat({str("MQTT"), {0x05, 0x02, 0x00, 0x3c}, properties, str("c")}));
}

ByteVector publish5(const ByteVector& properties, const ByteVector& payload = from_text("x")) {
  return packet(0x30, cat({str("t"), properties, payload}));
}

Decoded v311(const ByteVector& bytes, int direction = testing::kUsualDirection) {
  return decode_as(kVersion311, bytes, direction);
}
Decoded v5(const ByteVector& bytes, int direction = testing::kUsualDirection) {
  return decode_as(kVersion5, bytes, direction);
}

// A framing problem is a record of its own (the packet was not delivered).
Decoded framed(const ByteVector& stream) {
  testing::Recorder rec;
  Limits limits;
  Framer framer(limits, rec);
  framer.feed(stream, Piece{});
  framer.finish();
  Decoded d;
  d.notes = rec.problems;
  return d;
}

struct Trigger {
  std::string_view note;
  std::string_view under;  // label of the node the note hangs under; "" = the packet itself
  std::function<Decoded()> broken;
  std::function<Decoded()> correct;
};

const Trigger kTriggers[] = {
    // MQTT-1.5.5: at most four bytes (the framer loses the packet boundaries).
    {"mqtt.remaining_length_invalid", "(record)", [] { return framed(from_hex("30 80 80 80 80 01")); },
     [] { return framed(from_hex("30 80 80 80 01")); }},
    // MQTT-1.5.5-1: the shortest encoding.
    {"mqtt.remaining_length_not_minimal", "Msg Len", [] { return v311(from_hex("c0 80 00")); },
     [] { return v311(from_hex("c0 00")); }},
    {"mqtt.varint_not_minimal", "Total Length", [] { return v5(publish5({0x80, 0x00})); },
     [] { return v5(publish5(props())); }},
    // MQTT-1.5.4, MQTT-1.5.6: lengths within the packet.
    {"mqtt.length_overrun", "", [] { return v311(packet(0x30, from_hex("ff ff 61"))); },
     [] { return v311(packet(0x30, from_hex("00 01 61"))); }},
    // MQTT 3.1.1 §3.4: PUBACK is exactly a Packet Identifier.
    {"mqtt.trailing_bytes", "", [] { return v311(from_hex("40 03 00 01 00")); },
     [] { return v311(from_hex("40 02 00 01")); }},
    // MQTT 3.1.1 §3.12.1, §3.14.1: nothing after PINGREQ's or DISCONNECT's fixed header.
    {"mqtt.remaining_length_not_zero", "Msg Len", [] { return v311(from_hex("e0 01 00")); },
     [] { return v5(from_hex("e0 01 00")); }},
    // MQTT-1.5.4-1, MQTT-1.5.4-2.
    {"mqtt.utf8_invalid", "Topic", [] { return v311(packet(0x30, cat({str("a\xed\xa0\x80"), {0x78}}))); },
     [] { return v311(packet(0x30, cat({str("a\xc3\xa9"), {0x78}}))); }},
    {"mqtt.utf8_null", "Client ID", [] { return v311(connect311(0x02, std::string_view("a\0b", 3))); },
     [] { return v311(connect311(0x02, "ab")); }},
    // MQTT 3.1.1 §2.2.1: type 0 is reserved, and 15 before 5.0.
    {"mqtt.reserved_type", "", [] { return v311(from_hex("f0 00")); },
     [] { return v5(from_hex("f0 00")); }},
    // MQTT-2.2.2-1, -2: flags of a PUBACK are 0000, of a SUBSCRIBE 0010.
    {"mqtt.header_flags_invalid", "Header Flags",
     [] { return v311(packet(0x80, cat({u16(1), str("a"), {0x00}}))); },
     [] { return v311(packet(0x82, cat({u16(1), str("a"), {0x00}}))); }},
    // MQTT-3.3.1-4, MQTT-3.3.1-2.
    {"mqtt.qos_invalid", "Header Flags", [] { return v311(packet(0x36, cat({str("t"), u16(1)}))); },
     [] { return v311(packet(0x34, cat({str("t"), u16(1)}))); }},
    {"mqtt.dup_on_qos0", "Header Flags", [] { return v311(packet(0x38, str("t"))); },
     [] { return v311(packet(0x3a, cat({str("t"), u16(1)}))); }},
    // MQTT-3.1.0-1: a connection captured from its start begins with a CONNECT.
    {"mqtt.packet_before_connect", "",
     [] {
       Session s;
       s.start_seen = true;
       return decode(from_hex("c0 00"), s, kClient);
     },
     [] {
       Session s;  // captured mid-connection: the CONNECT was merely not captured
       return decode(from_hex("c0 00"), s, kClient);
     }},
    // MQTT-3.2.0-1: the server's first packet is the CONNACK.
    {"mqtt.packet_before_connack", "",
     [] {
       Session s;
       decode(connect311(0x02), s, kClient);
       return decode(packet(0x30, cat({str("t"), {0x78}})), s, kServer);
     },
     [] {
       Session s;
       decode(connect311(0x02), s, kClient);
       decode(from_hex("20 02 00 00"), s, kServer);
       return decode(packet(0x30, cat({str("t"), {0x78}})), s, kServer);
     }},
    // MQTT-3.1.0-2.
    {"mqtt.second_connect", "",
     [] {
       Session s;
       decode(connect311(0x02), s, kClient);
       return decode(connect311(0x02), s, kClient);
     },
     [] {
       Session s;
       return decode(connect311(0x02), s, kClient);
     }},
    // MQTT 3.1.1 §2.2.1: a CONNACK goes from the server to the client.
    {"mqtt.wrong_direction", "", [] { return v311(from_hex("20 02 00 00"), kClient); },
     [] { return v311(from_hex("20 02 00 00"), kServer); }},
    // MQTT-3.1.2-24: the server respects the client's Maximum Packet Size (here 10 bytes).
    {"mqtt.packet_exceeds_maximum_size", "Msg Len",
     [] {
       Session s = v5_connected(props({cat({{0x27}, u32(10)})}), props());
       return decode(publish5(props(), from_text("0123456789")), s, kServer);
     },
     [] {
       Session s = v5_connected(props({cat({{0x27}, u32(10)})}), props());
       return decode(publish5(props(), from_text("0123")), s, kServer);
     }},
    // MQTT-3.1.2-1, MQTT-3.1.2-2.
    {"mqtt.protocol_name_unknown", "Protocol Name", [] { return v311(connect311(0x02, "c", "MQTX")); },
     [] { return v311(connect311(0x02, "c", "MQTT")); }},
    {"mqtt.protocol_level_unknown", "Version", [] { return v311(connect311(0x02, "c", "MQTT", 7)); },
     [] { return v311(connect311(0x02, "c", "MQTT", 4)); }},
    {"mqtt.protocol_name_mismatch", "Version", [] { return v311(connect311(0x02, "c", "MQIsdp", 4)); },
     [] { return v311(connect311(0x02, "c", "MQIsdp", 3)); }},
    // MQTT-3.1.2-3, MQTT-3.1.2-11/-13, MQTT-3.1.2-22 (3.1.1 only), MQTT-3.1.3-7 (3.1.1).
    {"mqtt.connect_reserved_flag", "Connect Flags", [] { return v311(connect311(0x03)); },
     [] { return v311(connect311(0x02)); }},
    {"mqtt.will_flags_without_will", "Connect Flags", [] { return v311(connect311(0x2a)); },
     [] { return v311(connect311(0x02)); }},
    {"mqtt.password_without_username", "Connect Flags",
     [] { return v311(packet(0x10, cat({str("MQTT"), {0x04, 0x42, 0, 60}, str("c"), str("p")}))); },
     [] { return v5(packet(0x10, cat({str("MQTT"), {0x05, 0x42, 0, 60}, props(), str("c"), str("p")}))); }},
    {"mqtt.client_id_empty_persistent", "Client ID", [] { return v311(connect311(0x00, "")); },
     [] { return v311(connect311(0x02, "")); }},
    // MQTT-3.2.2-1, MQTT-3.2.2-4: reserved bits; no session with a refusal.
    {"mqtt.connack_flags_invalid", "Acknowledge Flags", [] { return v311(from_hex("20 02 01 05")); },
     [] { return v311(from_hex("20 02 00 05")); }},
    // MQTT 5.0 §3.4.2.1: 0x05 is not a PUBACK reason code.
    {"mqtt.reason_code_invalid", "Reason Code", [] { return v5(from_hex("40 03 00 01 05")); },
     [] { return v5(from_hex("40 03 00 01 10")); }},
    // MQTT-4.7.3-1, MQTT-3.3.2-2, MQTT-4.7.1-2/-3.
    {"mqtt.illegal_topic_length", "Topic Length", [] { return v311(packet(0x30, cat({str(""), {0x78}}))); },
     [] { return v311(packet(0x30, cat({str("t"), {0x78}}))); }},
    {"mqtt.topic_wildcard", "Topic", [] { return v311(packet(0x30, cat({str("a/+"), {0x78}}))); },
     [] { return v311(packet(0x30, cat({str("a/b"), {0x78}}))); }},
    {"mqtt.topic_filter_invalid", "Topic", [] { return v311(packet(0x82, cat({u16(1), str("a/#/b"), {0}}))); },
     [] { return v311(packet(0x82, cat({u16(1), str("a/+/#"), {0}}))); }},
    // MQTT-2.3.1-1.
    {"mqtt.packet_id_zero", "Message Identifier", [] { return v311(from_hex("40 02 00 00")); },
     [] { return v311(from_hex("40 02 00 01")); }},
    // MQTT-3.8.3-3.
    {"mqtt.no_topic_filters", "", [] { return v311(from_hex("82 02 00 01")); },
     [] { return v311(packet(0x82, cat({u16(1), str("a"), {0}}))); }},
    // MQTT 5.0 §3.8.3.1: Retain Handling 3 is a Protocol Error.
    {"mqtt.subscription_options_invalid", "Subscription Options",
     [] { return v5(packet(0x82, cat({u16(1), props(), str("a"), {0x31}}))); },
     [] { return v5(packet(0x82, cat({u16(1), props(), str("a"), {0x21}}))); }},
    // MQTT 5.0 §2.2.2.2 Table 2-4.
    {"mqtt.property_unknown", "Properties", [] { return v5(publish5(props({{0x7e, 0x00}}))); },
     [] { return v5(publish5(props({{0x01, 0x00}}))); }},
    {"mqtt.property_not_allowed", "ID: Session Expiry Interval",
     [] { return v5(publish5(props({cat({{0x11}, u32(5)})}))); },
     [] { return v5(connect5(props({cat({{0x11}, u32(5)})}))); }},
    {"mqtt.property_repeated", "ID: Receive Maximum",
     [] { return v5(connect5(props({cat({{0x21}, u16(5)}), cat({{0x21}, u16(6)})}))); },
     [] { return v5(connect5(props({cat({{0x21}, u16(5)}), cat({{0x26}, str("k"), str("v")}), cat({{0x26}, str("k"), str("v")})}))); }},
    {"mqtt.property_value_invalid", "Receive Maximum",
     [] { return v5(connect5(props({cat({{0x21}, u16(0)})}))); },
     [] { return v5(connect5(props({cat({{0x21}, u16(1)})}))); }},
    // MQTT-3.3.2-9: the client stays within the server's Topic Alias Maximum (here 10).
    {"mqtt.topic_alias_invalid", "Topic Alias",
     [] {
       Session s = v5_connected(props(), props({cat({{0x22}, u16(10)})}));
       return decode(publish5(props({cat({{0x23}, u16(11)})})), s, kClient);
     },
     [] {
       Session s = v5_connected(props(), props({cat({{0x22}, u16(10)})}));
       return decode(publish5(props({cat({{0x23}, u16(10)})})), s, kClient);
     }},
    // MQTT 5.0 §3.3.2.3.2: a payload said to be UTF-8 is.
    {"mqtt.payload_not_utf8", "Message", [] { return v5(publish5(props({{0x01, 0x01}}), {0xff})); },
     [] { return v5(publish5(props({{0x01, 0x00}}), {0xff})); }},
};

// The label of the node a note line hangs under: the closest line above with less indentation.
std::string parent_of(const std::string& text, std::string_view note) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("(" + std::string(note) + ")]") == std::string::npos) continue;
    std::size_t depth = lines[i].find_first_not_of(' ');
    for (std::size_t j = i; j-- > 0;) {
      std::size_t d = lines[j].find_first_not_of(' ');
      if (d < depth) return lines[j].substr(d);
    }
  }
  return "(not found)";
}

void PrintTo(const Trigger& t, std::ostream* os) { *os << t.note; }

class Conformance : public ::testing::TestWithParam<Trigger> {};

TEST_P(Conformance, BrokenClauseRaisesTheNoteOnItsNodeAndTheCorrectPacketDoesNot) {
  const Trigger& t = GetParam();
  Decoded broken = t.broken();
  EXPECT_TRUE(testing::has_note(broken, t.note)) << t.note << "\n" << broken.text;
  if (t.under != "(record)") {
    std::string parent = parent_of(broken.text, t.note);
    std::string want = t.under.empty() ? "MQ Telemetry Transport Protocol" : std::string(t.under);
    EXPECT_TRUE(parent.starts_with(want)) << t.note << " hangs under '" << parent << "'\n" << broken.text;
  }
  Decoded correct = t.correct();
  EXPECT_FALSE(testing::has_note(correct, t.note)) << t.note << "\n" << correct.text;
  EXPECT_TRUE(broken.in_bounds && correct.in_bounds) << t.note;
}

std::string name_of(const ::testing::TestParamInfo<Trigger>& info) {
  std::string n(info.param.note.substr(5));  // without "mqtt."
  return n;
}

INSTANTIATE_TEST_SUITE_P(EveryCheck, Conformance, ::testing::ValuesIn(kTriggers), name_of);

// The table above has a case for every conformance note the layer defines.
TEST(Conformance, EveryConformanceNoteHasATrigger) {
  std::set<std::string_view> covered;
  for (const Trigger& t : kTriggers) covered.insert(t.note);
  for (NoteId n : notes::kConformance) EXPECT_TRUE(covered.contains(n->name)) << n->name;
  for (NoteId n : notes::kCapture) EXPECT_FALSE(notes::is_conformance(n)) << n->name;
}

// A packet that seems out of order right after bytes the capture lost may simply follow the
// packet that was lost (the CONNECT, MQTT-3.1.0-1, or the CONNACK, MQTT-3.2.0-1): the peer is
// not blamed for it.
TEST(Conformance, OrderingIsNotJudgedOnADirectionWhoseBytesWereLost) {
  Session lost_connack;
  decode(connect311(0x02), lost_connack, kClient);
  lost_connack.bytes_lost[1] = true;
  Decoded publish = decode(packet(0x30, cat({str("t"), {0x78}})), lost_connack, kServer);
  EXPECT_FALSE(testing::has_note(publish, "mqtt.packet_before_connack")) << publish.text;

  Session lost_connect;
  lost_connect.start_seen = true;
  lost_connect.bytes_lost[0] = true;
  Decoded ping = decode(from_hex("c0 00"), lost_connect, kClient);
  EXPECT_FALSE(testing::has_note(ping, "mqtt.packet_before_connect")) << ping.text;
  // Losses of the other direction do not excuse this one.
  lost_connect.bytes_lost = {false, true};
  ping = decode(from_hex("c0 00"), lost_connect, kClient);
  EXPECT_TRUE(testing::has_note(ping, "mqtt.packet_before_connect")) << ping.text;
}

}  // namespace
}  // namespace mqscope::mqtt
