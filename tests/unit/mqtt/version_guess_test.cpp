// A connection whose CONNECT was not captured has no known version (Wireshark's
// mqtt.unknown_version). mqscope guesses it from the first packet that parses only one way
// (MQTT 3.1.1 and 5.0 differ in the variable header of most packets: 5.0 §2.2.2 properties,
// §2.4 reason codes), says so with mqtt.version_guessed, and decodes the rest with it.
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

// MQTT 5.0 §3.4.2.1: a PUBACK longer than its Packet Identifier has a reason code: 5.0 only.
TEST(VersionGuess, APacketThatOnlyParsesAs50Makes50) {
  Session session;
  testing::Decoded d = decode(from_hex("40 03 00 07 10"), session, kFromServer);
  EXPECT_EQ(session.version, kVersion5);
  EXPECT_TRUE(session.version_guessed);
  EXPECT_EQ(d.notes, std::vector<std::string>{"mqtt.version_guessed"}) << d.text;
  EXPECT_NE(d.text.find("    [Expert Info (Note/Protocol): Version guessed from the structure of "
                        "this packet (CONNECT not captured): MQTT v5.0 (mqtt.version_guessed)]\n"),
            std::string::npos)
      << d.text;
  EXPECT_NE(d.text.find("    Reason Code: No matching subscribers (16)\n"), std::string::npos)
      << d.text;
  // Later packets are read as 5.0 without further notes.
  testing::Decoded next = decode(packet(0x30, cat({str("t"), props(), {0x78}})), session, kFromClient);
  EXPECT_TRUE(next.notes.empty()) << next.text;
  EXPECT_NE(next.text.find("    Properties\n"), std::string::npos) << next.text;
}

// MQTT 3.1.1 §3.3.3: a PUBLISH whose payload cannot be a 5.0 property list ("hello": a property
// length of 104) is 3.1.1; 3.1 reads the same and is not told apart.
TEST(VersionGuess, APacketThatOnlyParsesAs311Makes311) {
  Session session;
  testing::Decoded d =
      decode(packet(0x30, cat({str("a/b"), test::from_text("hello")})), session, kFromClient);
  EXPECT_EQ(session.version, kVersion311);
  EXPECT_EQ(d.notes, std::vector<std::string>{"mqtt.version_guessed"}) << d.text;
  EXPECT_NE(d.text.find(": MQTT v3.1.1 (mqtt.version_guessed)]"), std::string::npos) << d.text;
  // MQTT 3.1.1 §3.2: a CONNACK of two bytes cannot carry 5.0's property length either.
  Session other;
  decode(from_hex("20 02 00 00"), other, kFromServer);
  EXPECT_EQ(other.version, kVersion311);
}

// A PINGREQ, or a SUBACK whose codes read as well as Granted QoS as 5.0 reason codes, says
// nothing: the version stays unknown and Wireshark's note stays.
TEST(VersionGuess, PacketsThatReadTheSameEitherWayGuessNothing) {
  Session session;
  for (const char* hex : {"c0 00", "40 02 00 01", "90 04 00 01 00 80"}) {
    testing::Decoded d = decode(from_hex(hex), session);
    EXPECT_EQ(d.notes, std::vector<std::string>{"mqtt.unknown_version"}) << hex << "\n" << d.text;
    EXPECT_EQ(session.version, 0) << hex;
  }
}

// The guess is only for a missing CONNECT: a connection with one, or a forced version, keeps it.
TEST(VersionGuess, NoGuessWithAConnectOrAForcedVersion) {
  Session forced;
  forced.version = kVersion311;
  forced.version_forced = true;
  forced.connect_seen = true;
  forced.connack_seen = true;
  testing::Decoded d = decode(from_hex("40 03 00 07 10"), forced, kFromServer);
  EXPECT_EQ(forced.version, kVersion311);
  EXPECT_EQ(d.notes, std::vector<std::string>{"mqtt.trailing_bytes"}) << d.text;

  Session connected;
  decode(packet(0x10, cat({str("MQTT"), {0x04, 0x02, 0x00, 0x3c}, str("c")})), connected,
         kFromClient);
  decode(from_hex("20 02 00 00"), connected, kFromServer);
  EXPECT_FALSE(connected.version_guessed);
  EXPECT_EQ(connected.version, kVersion311);
}

// A CONNECT that comes after a guess decides after all.
TEST(VersionGuess, AConnectAfterAGuessDecides) {
  Session session;
  decode(from_hex("40 03 00 07 10"), session, kFromServer);
  ASSERT_EQ(session.version, kVersion5);
  decode(packet(0x10, cat({str("MQTT"), {0x04, 0x02, 0x00, 0x3c}, str("c")})), session,
         kFromClient);
  EXPECT_EQ(session.version, kVersion311);
  EXPECT_FALSE(session.version_guessed);
}

}  // namespace
}  // namespace mqscope::mqtt
