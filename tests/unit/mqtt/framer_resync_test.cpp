// Finding packets again after lost bytes, and recognising MQTT without its start. A candidate
// packet has a defined type and flags pair (MQTT 3.1.1 §2.2.2, MQTT-2.2.2-2), the shortest
// Remaining Length (MQTT-1.5.5-1), a body whose lengths add up (§3.x.2/3), and, where the
// window shows it, a plausible packet after it.
#include <gtest/gtest.h>

#include "framer_recorder.hpp"
#include "mqscope/mqtt/recognise.hpp"
#include "mqtt_test_support.hpp"
#include "split_feed.hpp"

namespace mqscope::mqtt {
namespace {

using test::ByteVector;
using test::Chunks;
using test::from_hex;
using testing::at;
using testing::Recorder;

const ByteVector kSubscribe = from_hex("82 0b 00 2a 00 06 2f 57 6f 72 6c 64 00");  // id 42
const ByteVector kPublish = from_hex("30 0d 00 06 2f 57 6f 72 6c 64 68 65 6c 6c 6f");
const ByteVector kPing = from_hex("c0 00");

// After a hole inside a packet: the tail of that packet is skipped (its bytes cannot start a
// packet whose body adds up), the next packets are framed with their origins.
std::string after_a_hole(const Chunks& chunks, const Limits& limits = Limits{}) {
  Recorder rec;
  rec.keep = false;
  Framer framer(limits, rec);
  framer.feed(Bytes(kPublish).first(6), at(1, 0));
  framer.gap(3);
  std::uint32_t offset = 0;
  for (Bytes c : chunks) {
    framer.feed(c, at(2, offset));
    offset += static_cast<std::uint32_t>(c.size());
  }
  framer.finish();
  return rec.log;
}

TEST(FramerResync, TailOfACutPacketIsSkippedAndTheNextPacketsFramed) {
  ByteVector tail(kPublish.begin() + 9, kPublish.end());
  ByteVector input = testing::cat({tail, kSubscribe, kPing, kPublish});
  std::string expected =
      "mqtt.packet_incomplete bytes=6 at=1:0\n"
      "mqtt.sync_lost bytes=3 at=1:0\n"
      "mqtt.resynchronised bytes=6 at=2:6\n"
      "packet 820b002a00062f576f726c6400 hl=2 rl=11 pieces=[0+13@2:6]\n"
      "packet c000 hl=2 rl=0 pieces=[0+2@2:19]\n"
      "packet 300d00062f576f726c6468656c6c6f hl=2 rl=13 pieces=[0+15@2:21]\n";
  EXPECT_EQ(after_a_hole({Bytes(input)}), expected);
  EXPECT_EQ(test::check_split_invariance(input, [](const Chunks& c) { return after_a_hole(c); }),
            "");
}

// A byte that could start a packet but whose body does not add up (here a SUBSCRIBE whose
// topic length runs past its Remaining Length) is not a packet.
TEST(FramerResync, CandidateWhoseBodyDoesNotAddUpIsSkipped) {
  ByteVector input = testing::cat({from_hex("82 04 00 01 00 09"), kPing, kPing});
  std::string log = after_a_hole({Bytes(input)});
  EXPECT_NE(log.find("mqtt.resynchronised bytes=6 at=2:6"), std::string::npos) << log;
  EXPECT_NE(log.find("packet c000 hl=2 rl=0 pieces=[0+2@2:6]"), std::string::npos) << log;
}

// A plausible packet that is not followed by a plausible one (0xff cannot start a packet) is
// not trusted.
TEST(FramerResync, CandidateWithoutAPlausibleSuccessorIsSkipped) {
  ByteVector input = testing::cat({kPing, from_hex("ff"), kSubscribe, kPing});
  std::string log = after_a_hole({Bytes(input)});
  EXPECT_NE(log.find("mqtt.resynchronised bytes=3 at=2:3"), std::string::npos) << log;
  EXPECT_EQ(log.find("pieces=[0+2@2:0]"), std::string::npos) << log;
}

// A connection captured after its start: the framer looks for its first packet from the first
// byte; a stream that starts with one skips nothing and says nothing.
TEST(FramerResync, SearchingFromTheStartFindsAPacketAtOffsetZero) {
  Recorder rec;
  Limits limits;
  Framer framer(limits, rec);
  framer.start_searching();
  ByteVector input = testing::cat({kSubscribe, kPing});
  framer.feed(Bytes(input), at(1, 0));
  framer.finish();
  EXPECT_TRUE(rec.problems.empty()) << rec.log;
  EXPECT_EQ(rec.packets.size(), 2u);
}

// Limits::mqtt_resync_window_bytes bounds what is kept while searching.
TEST(FramerResync, GarbageIsSkippedWithinTheWindow) {
  Limits limits;
  limits.mqtt_resync_window_bytes = 32;
  ByteVector input = testing::cat({ByteVector(3000, 0x00), kPing});
  std::string log = after_a_hole({Bytes(input)}, limits);
  EXPECT_NE(log.find("mqtt.resynchronised bytes=3000"), std::string::npos) << log;
  EXPECT_NE(log.find("packet c000"), std::string::npos) << log;
}

// A packet longer than the window is judged by its fixed header and the body bytes the window
// holds (here a PUBLISH whose topic is plausible).
TEST(FramerResync, PacketLongerThanTheWindowIsJudgedOnItsStart) {
  Limits limits;
  limits.mqtt_resync_window_bytes = 16;
  ByteVector big =
      testing::packet(0x30, testing::cat({testing::str("a/b"), ByteVector(100, 0x41)}));
  std::string log = after_a_hole({Bytes(big)}, limits);
  EXPECT_NE(log.find("hl=2 rl=105"), std::string::npos) << log;
}

TEST(MqttRecognise, TypeAndFlagsPairsFollowTheSpecification) {
  EXPECT_TRUE(plausible_first_byte(0x10));   // CONNECT
  EXPECT_FALSE(plausible_first_byte(0x11));  // MQTT-2.2.2-2: reserved flags set
  EXPECT_TRUE(plausible_first_byte(0x3b));   // PUBLISH dup, QoS 1, retain
  EXPECT_FALSE(plausible_first_byte(0x36));  // MQTT-3.3.1-4: QoS 3
  EXPECT_TRUE(plausible_first_byte(0x62));   // PUBREL 0010
  EXPECT_FALSE(plausible_first_byte(0x60));
  EXPECT_TRUE(plausible_first_byte(0x82));  // SUBSCRIBE 0010
  EXPECT_FALSE(plausible_first_byte(0x80));
  EXPECT_FALSE(plausible_first_byte(0x00));  // reserved type 0
  EXPECT_TRUE(plausible_first_byte(0xe0));   // DISCONNECT
}

TEST(MqttRecognise, PacketSequencesAreRecognised) {
  ByteVector suback = from_hex("90 03 00 2a 00");
  EXPECT_EQ(looks_like_packets(Bytes(testing::cat({kSubscribe, kPing})), 1 << 20), Match::Yes);
  EXPECT_EQ(looks_like_packets(Bytes(suback), 1 << 20), Match::Yes);
  EXPECT_EQ(looks_like_packets(Bytes(kPublish).first(5), 1 << 20), Match::NeedMore);
  EXPECT_EQ(looks_like_packets(test::from_text("GET /mqtt HTTP/1.1\r\n"), 1 << 20), Match::No);
  EXPECT_EQ(looks_like_packets(from_hex("c0 01 00"), 1 << 20), Match::No);  // PINGREQ with a body
  EXPECT_EQ(looks_like_packets(from_hex("c0 80 00"), 1 << 20), Match::No);  // not minimal
}

}  // namespace
}  // namespace mqscope::mqtt
