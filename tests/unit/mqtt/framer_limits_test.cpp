// What the framer does when a stream does not hand it whole packets: packets over the size
// limit, gaps in the capture, the end of the capture, and a malformed Remaining Length.
#include <gtest/gtest.h>

#include <algorithm>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "framer_recorder.hpp"
#include "mqtt_test_support.hpp"

namespace mqscope::mqtt {
namespace {

using test::ByteVector;
using test::from_hex;
using testing::at;
using testing::Recorder;

const Limits kLimits{};

const ByteVector kPublish = from_hex("30 08 00 03 61 2f 62 68 69 21");  // 10 bytes
const ByteVector kPing = from_hex("c0 00");

Limits small_limit(std::size_t bytes) {
  Limits limits;
  limits.mqtt_packet_bytes = bytes;
  return limits;
}

// MQTT 5.0 §3.1.2.11.4 lets a receiver bound packet size; mqscope reports a larger packet as
// mqtt.packet_too_large (its whole size, where it starts) and skips it; the next one decodes.
TEST(FramerLimits, PacketOverTheLimitIsReportedSkippedAndTheNextOneDecodes) {
  Recorder rec;
  Limits limits = small_limit(9);
  Framer framer(limits, rec);
  ByteVector stream = testing::cat({kPing, kPublish, kPing});
  framer.feed(Bytes(stream), at(3, 40));
  EXPECT_EQ(rec.log,
            "packet c000 hl=2 rl=0 pieces=[0+2@3:40]\n"
            "mqtt.packet_too_large bytes=10 at=3:42\n"
            "packet c000 hl=2 rl=0 pieces=[0+2@3:52]\n");
  EXPECT_EQ(framer.packets(), 2u);
}

// MQTT 5.0 §3.1.2.11.4: packet size is the total number of bytes, fixed header included; exactly
// at the limit is fine.
TEST(FramerLimits, PacketExactlyAtTheLimitIsDelivered) {
  Recorder rec;
  Limits limits = small_limit(10);
  Framer framer(limits, rec);
  framer.feed(Bytes(kPublish), at(1, 0));
  EXPECT_EQ(rec.problems, std::vector<std::string>{});
  EXPECT_EQ(rec.packets.size(), 1u);
}

// MQTT-6.0.0-2: a skipped packet is skipped across chunks: its bytes in later chunks are not
// mistaken for headers, and the packet after it starts where it should.
TEST(FramerLimits, SkippingContinuesAcrossChunks) {
  Recorder rec;
  Limits limits = small_limit(16);
  Framer framer(limits, rec);
  ByteVector big = testing::packet(0x30, ByteVector(100, 0x30));  // body looks like headers
  ByteVector stream = testing::cat({big, kPing});
  for (std::size_t pos = 0; pos < stream.size(); pos += 7) {
    std::size_t n = std::min<std::size_t>(7, stream.size() - pos);
    framer.feed(Bytes(stream).subspan(pos, n), at(1, static_cast<std::uint32_t>(pos)));
  }
  EXPECT_EQ(rec.log,
            "mqtt.packet_too_large bytes=102 at=1:0\n"
            "packet c000 hl=2 rl=0 pieces=[0+2@1:102]\n");
}

// MQTT-6.0.0-2: after a gap at a packet boundary, where the next packet starts is unknown:
// mqtt.sync_lost, then the framer looks for the next plausible packet; one that starts right
// after the hole is found without skipping anything.
TEST(FramerLimits, GapAtAPacketBoundaryLosesSyncUntilTheNextPacket) {
  Recorder rec;
  Framer framer(kLimits, rec);
  framer.feed(Bytes(kPing), at(1, 0));
  ASSERT_TRUE(framer.at_boundary());
  framer.gap(100);
  EXPECT_TRUE(framer.sync_lost());
  framer.feed(Bytes(kPublish), at(2, 0));
  EXPECT_TRUE(framer.sync_lost()) << "one packet alone is taken only when nothing follows";
  framer.finish();
  EXPECT_EQ(rec.problems, (std::vector<std::string>{"mqtt.sync_lost"}));
  EXPECT_EQ(rec.packets.size(), 2u);
  EXPECT_NE(rec.log.find("mqtt.sync_lost bytes=100 "), std::string::npos) << rec.log;
}

// MQTT 3.1.1 §4.2 (an ordered, lossless stream): after a gap inside a packet it cannot be
// delivered (mqtt.packet_incomplete, with the bytes that had arrived, at its start), then sync
// is lost.
TEST(FramerLimits, GapInsideAPacketReportsItIncompleteThenLosesSync) {
  Recorder rec;
  Framer framer(kLimits, rec);
  framer.feed(Bytes(kPing), at(1, 0));
  framer.feed(Bytes(kPublish).first(6), at(1, 2));
  framer.gap(4);
  framer.feed(Bytes(kPing), at(2, 0));
  EXPECT_EQ(rec.log,
            "packet c000 hl=2 rl=0 pieces=[0+2@1:0]\n"
            "mqtt.packet_incomplete bytes=6 at=1:2\n"
            "mqtt.sync_lost bytes=4 at=1:2\n");
}

// MQTT 3.1.1 §2.2.3, §4.2: a gap inside the Remaining Length is a gap inside a packet too.
TEST(FramerLimits, GapInsideTheRemainingLengthReportsTheHeaderBytes) {
  Recorder rec;
  Framer framer(kLimits, rec);
  ByteVector head = from_hex("30 80");
  framer.feed(Bytes(head), at(5, 9));
  framer.gap(1);
  EXPECT_EQ(rec.log,
            "mqtt.packet_incomplete bytes=2 at=5:9\n"
            "mqtt.sync_lost bytes=1 at=5:9\n");
}

// MQTT 3.1.1 §4.2: a gap that falls wholly inside a packet being skipped for its size loses
// nothing: those bytes were to be skipped anyway, and the next packet is still found.
TEST(FramerLimits, GapInsideASkippedPacketKeepsSync) {
  Recorder rec;
  Limits limits = small_limit(16);
  Framer framer(limits, rec);
  ByteVector big = testing::packet(0x30, ByteVector(100, 0x61));
  framer.feed(Bytes(big).first(10), at(1, 0));
  framer.gap(50);
  framer.feed(Bytes(big).subspan(60), at(2, 0));
  framer.feed(Bytes(kPing), at(2, 42));
  EXPECT_FALSE(framer.sync_lost());
  EXPECT_EQ(rec.log,
            "mqtt.packet_too_large bytes=102 at=1:0\n"
            "packet c000 hl=2 rl=0 pieces=[0+2@2:42]\n");
}

// MQTT 3.1.1 §4.2: a gap that runs past the end of a skipped packet loses sync for the part
// beyond it.
TEST(FramerLimits, GapBeyondASkippedPacketLosesSyncForTheRest) {
  Recorder rec;
  Limits limits = small_limit(16);
  Framer framer(limits, rec);
  ByteVector big = testing::packet(0x30, ByteVector(100, 0x61));
  framer.feed(Bytes(big).first(10), at(1, 0));
  framer.gap(150);  // 92 bytes of the skipped packet, then 58 unknown ones
  EXPECT_TRUE(framer.sync_lost());
  EXPECT_EQ(rec.problems, (std::vector<std::string>{"mqtt.packet_too_large", "mqtt.sync_lost"}));
  EXPECT_NE(rec.log.find("mqtt.sync_lost bytes=58 "), std::string::npos) << rec.log;
}

// MQTT 3.1.1 §4.2: a zero-length gap is no gap; the stream stays ordered and lossless.
TEST(FramerLimits, EmptyGapChangesNothing) {
  Recorder rec;
  Framer framer(kLimits, rec);
  framer.feed(Bytes(kPublish).first(4), at(1, 0));
  framer.gap(0);
  framer.feed(Bytes(kPublish).subspan(4), at(1, 4));
  EXPECT_EQ(rec.log, "packet 30080003612f62686921 hl=2 rl=8 pieces=[0+10@1:0]\n");
}

// MQTT 3.1.1 §2.2.3: a packet is whole only with all its Remaining Length bytes; the end of the
// capture inside one is mqtt.packet_incomplete with the bytes that came.
TEST(FramerLimits, FinishInsideAPacketReportsItIncomplete) {
  Recorder rec;
  Framer framer(kLimits, rec);
  framer.feed(Bytes(kPublish).first(7), at(1, 30));
  framer.finish();
  EXPECT_EQ(rec.log, "mqtt.packet_incomplete bytes=7 at=1:30\n");
}

// MQTT 3.1.1 §2.2: the end of the capture inside the fixed header is an incomplete packet too.
TEST(FramerLimits, FinishInsideTheHeaderReportsItIncomplete) {
  Recorder rec;
  Framer framer(kLimits, rec);
  framer.feed(Bytes(kPublish).first(1), at(1, 30));
  framer.finish();
  EXPECT_EQ(rec.log, "mqtt.packet_incomplete bytes=1 at=1:30\n");
}

// MQTT 3.1.1 §2.2.3: the end of the capture at a packet boundary, after lost sync, or inside a
// packet that was already reported too large, adds nothing.
TEST(FramerLimits, FinishAtABoundaryAfterSyncLossOrWhileSkippingIsSilent) {
  Recorder at_boundary;
  Framer a(kLimits, at_boundary);
  a.feed(Bytes(kPublish), at(1, 0));
  a.finish();
  EXPECT_EQ(at_boundary.problems, std::vector<std::string>{});

  Recorder lost;
  Framer b(kLimits, lost);
  b.feed(Bytes(kPublish).first(3), at(1, 0));
  b.gap(5);
  b.finish();
  EXPECT_EQ(lost.problems, (std::vector<std::string>{"mqtt.packet_incomplete", "mqtt.sync_lost"}));

  Recorder skipping;
  Limits limits = small_limit(4);
  Framer c(limits, skipping);
  c.feed(Bytes(kPublish).first(5), at(1, 0));
  c.finish();
  EXPECT_EQ(skipping.problems, std::vector<std::string>{"mqtt.packet_too_large"});
}

// MQTT 5.0 §1.5.5: a fourth Remaining Length byte with the continuation bit is malformed; the
// packet boundaries are lost (mqtt.remaining_length_invalid) and nothing after is framed.
TEST(FramerLimits, FifthRemainingLengthByteLosesSync) {
  Recorder rec;
  Framer framer(kLimits, rec);
  ByteVector stream = testing::cat({kPing, from_hex("30 ff ff ff ff 01 00"), kPing});
  framer.feed(Bytes(stream), at(1, 0));
  EXPECT_TRUE(framer.sync_lost());
  EXPECT_EQ(rec.log,
            "packet c000 hl=2 rl=0 pieces=[0+2@1:0]\n"
            "mqtt.remaining_length_invalid bytes=5 at=1:2\n");
}

// MQTT 5.0 §1.5.5 with MQTT-6.0.0-2: the same, with the header arriving a byte at a time.
TEST(FramerLimits, FifthRemainingLengthByteLosesSyncByteByByte) {
  Recorder rec;
  Framer framer(kLimits, rec);
  ByteVector stream = from_hex("30 80 80 80 80 00 c0 00");
  for (std::size_t i = 0; i < stream.size(); ++i)
    framer.feed(Bytes(stream).subspan(i, 1), at(1, static_cast<std::uint32_t>(i)));
  EXPECT_EQ(rec.log, "mqtt.remaining_length_invalid bytes=5 at=1:0\n");
}

// Bytes the allocator has handed out and not yet taken back (0 where it cannot tell).
std::size_t heap_in_use() {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
#else
  return 0;
#endif
}

// MQTT 5.0 §1.5.5: the largest Remaining Length, 268,435,455, with a few bytes behind it. It is
// over the default limit: reported and skipped, nothing is buffered for it.
TEST(FramerLimits, MaximumRemainingLengthIsSkippedUnderTheDefaultLimit) {
  Recorder rec;
  Framer framer(kLimits, rec);
  ByteVector stream = from_hex("30 ff ff ff 7f 00 03 61 2f 62 78 79");
  framer.feed(Bytes(stream), at(1, 0));
  framer.finish();
  EXPECT_EQ(rec.log, "mqtt.packet_too_large bytes=268435460 at=1:0\n");
}

// MQTT 5.0 §1.5.5: even with a limit that admits it, a 256 MB Remaining Length costs only what
// has arrived: the framer grows its buffer with the data, not with what the header claims.
TEST(FramerLimits, MaximumRemainingLengthDoesNotAllocateWhatItClaims) {
  Limits limits;
  limits.mqtt_packet_bytes = std::size_t{1} << 30;
  Recorder rec;
  Framer framer(limits, rec);
  ByteVector stream = from_hex("30 ff ff ff 7f 00 03 61 2f 62 78 79");
  std::size_t before = heap_in_use();
  framer.feed(Bytes(stream), at(1, 0));
  std::size_t during = heap_in_use();
  EXPECT_FALSE(framer.at_boundary());
  EXPECT_TRUE(rec.log.empty()) << rec.log;
  if (before != 0) {
    EXPECT_LT(during - std::min(during, before), std::size_t{1} << 20)
        << "feeding 12 bytes grew the heap by " << (during - before) << " bytes";
  }
  framer.finish();
  EXPECT_EQ(rec.log, "mqtt.packet_incomplete bytes=12 at=1:0\n");
}

}  // namespace
}  // namespace mqscope::mqtt
