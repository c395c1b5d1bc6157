// Split invariance of the framer (MQTT-6.0.0-2: packets need not line up with WebSocket
// frames or TCP segments): the same stream cut anywhere gives the same packets, the same
// pieces and the same problems.
#include <gtest/gtest.h>

#include <algorithm>

#include "framer_recorder.hpp"
#include "mqtt_test_support.hpp"
#include "split_feed.hpp"

namespace mqscope::mqtt {
namespace {

using test::ByteVector;
using test::Chunks;
using test::from_hex;
using testing::cat;
using testing::feed_stream;
using testing::packet;
using testing::str;

std::size_t count_lines(const std::string& log, std::string_view prefix) {
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < log.size();) {
    std::size_t end = log.find('\n', pos);
    if (log.compare(pos, prefix.size(), prefix) == 0) ++n;
    pos = end == std::string::npos ? log.size() : end + 1;
  }
  return n;
}

// A body of `n` bytes that is not all one value, so misplaced bytes change the digest.
ByteVector body_of(std::size_t n) {
  ByteVector body(n);
  for (std::size_t i = 0; i < n; ++i) body[i] = static_cast<std::uint8_t>((i * 31 + 7) & 0xff);
  return body;
}

// MQTT 3.1.1 §2.2.3: the Remaining Length is read correctly when its bytes arrive cut at every
// position, for one-, two-, three- and four-byte encodings.
TEST(FramerSplit, RemainingLengthCutAtEveryPositionGivesTheSamePacket) {
  for (std::uint32_t remaining : {5u, 200u, 16'384u, 2'097'152u}) {
    ByteVector bytes = packet(0x32, cat({str("t"), from_hex("00 01"), body_of(remaining - 5)}));
    std::size_t header_length = 1 + testing::varint(remaining).size();
    std::string whole = feed_stream({Bytes(bytes)});
    ASSERT_EQ(count_lines(whole, "packet "), 1u) << whole;
    ASSERT_NE(whole.find(fmt::format("hl={} rl={} ", header_length, remaining)), std::string::npos)
        << whole;
    for (std::size_t cut = 1; cut <= header_length; ++cut) {
      Chunks chunks{Bytes(bytes).first(cut), Bytes(bytes).subspan(cut)};
      EXPECT_EQ(feed_stream(chunks), whole) << "remaining " << remaining << " cut at " << cut;
    }
    Chunks header_bytewise;
    for (std::size_t i = 0; i < header_length; ++i)
      header_bytewise.push_back(Bytes(bytes).subspan(i, 1));
    header_bytewise.push_back(Bytes(bytes).subspan(header_length));
    EXPECT_EQ(feed_stream(header_bytewise), whole)
        << "remaining " << remaining << " header bytewise";
  }
}

// MQTT-1.5.5-1 (5.0): a four-byte non-minimal Remaining Length cut at every position still
// frames the same packet, flagged the same way.
TEST(FramerSplit, NonMinimalLengthCutAtEveryPositionIsFramedTheSame) {
  ByteVector bytes = from_hex("30 86 80 80 00 00 01 61 78 79 7a  c0 00");
  std::string whole = feed_stream({Bytes(bytes)});
  EXPECT_EQ(whole,
            "packet 308680800000016178797a hl=5 rl=6 not_minimal pieces=[0+11@1:0]\n"
            "packet c000 hl=2 rl=0 pieces=[0+2@1:11]\n");
  EXPECT_EQ(test::check_split_invariance(bytes, [](const Chunks& c) { return feed_stream(c); }),
            "");
}

// MQTT-6.0.0-2: a conversation of packets of different sizes (a 0-length PINGREQ, a PUBLISH with
// a three-byte Remaining Length, ...) split at every offset and byte by byte gives the same log
// as the whole input, pieces included.
TEST(FramerSplit, EveryOffsetAndByteByByteGiveTheWholeInputsLog) {
  ByteVector input = cat({
      packet(0x10,
             cat({str("MQTT"), from_hex("04 c2 00 3c"), str("client"), str("user"), str("pass")})),
      from_hex("c0 00"),  // PINGREQ
      packet(0x34, cat({str("big/topic"), from_hex("00 07"), body_of(16'384 - 13)})),
      from_hex("40 02 00 07"),                                             // PUBACK
      packet(0x82, cat({from_hex("00 08"), str("a/#"), from_hex("01")})),  // SUBSCRIBE
      from_hex("d0 80 00"),                                                // PINGRESP, not minimal
      from_hex("e0 00"),                                                   // DISCONNECT
  });
  std::string whole = feed_stream({Bytes(input)});
  ASSERT_EQ(count_lines(whole, "packet "), 7u) << whole;
  ASSERT_NE(whole.find("hl=4 rl=16384 "), std::string::npos) << whole;
  EXPECT_EQ(count_lines(whole, "mqtt."), 0u) << whole;
  EXPECT_EQ(test::check_split_invariance(input, [](const Chunks& c) { return feed_stream(c); }),
            "");
}

// MQTT-6.0.0-2 with the packet size limit: a skipped packet is skipped the same way whatever the
// chunking, and the packet after it is found again.
TEST(FramerSplit, SkippingATooLargePacketIsSplitInvariant) {
  Limits limits;
  limits.mqtt_packet_bytes = 32;
  ByteVector input = cat({from_hex("c0 00"), packet(0x30, cat({str("x"), body_of(60)})),
                          packet(0x30, cat({str("y"), body_of(10)})), from_hex("d0 00")});
  auto feed = [&](const Chunks& c) { return feed_stream(c, limits); };
  std::string whole = feed({Bytes(input)});
  EXPECT_EQ(count_lines(whole, "packet "), 3u) << whole;
  EXPECT_EQ(count_lines(whole, "mqtt.packet_too_large bytes=65 at=1:2"), 1u) << whole;
  EXPECT_EQ(test::check_split_invariance(input, feed), "");
}

// MQTT-6.0.0-2: a stream that ends inside a packet (or inside its Remaining Length) reports the
// same incomplete packet whatever the chunking.
TEST(FramerSplit, EndingInsideAPacketIsSplitInvariant) {
  for (const char* hex : {"c0 00 30 0a 00 03 61 2f 62 68", "c0 00 30 ff ff"}) {
    ByteVector input = from_hex(hex);
    auto feed = [](const Chunks& c) { return feed_stream(c); };
    std::string whole = feed({Bytes(input)});
    EXPECT_EQ(count_lines(whole, "packet c000"), 1u) << whole;
    EXPECT_EQ(count_lines(whole, "mqtt.packet_incomplete bytes=" +
                                     std::to_string(input.size() - 2) + " at=1:2"),
              1u)
        << whole;
    EXPECT_EQ(test::check_split_invariance(input, feed), "") << hex;
  }
}

}  // namespace
}  // namespace mqscope::mqtt
