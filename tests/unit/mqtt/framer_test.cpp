// Framing MQTT control packets out of a byte stream (MQTT 3.1.1 §2.2, 5.0 §2.1): a fixed
// header byte, a Remaining Length of one to four bytes, then that many bytes; and the record
// of where each byte was captured (its pieces).
#include <gtest/gtest.h>

#include <algorithm>

#include <map>

#include "framer_recorder.hpp"
#include "mqtt_test_support.hpp"

namespace mqscope::mqtt {
namespace {

using test::ByteVector;
using test::from_hex;
using testing::at;
using testing::Recorder;

const Limits kLimits{};

// CONNECT (15 bytes), PUBLISH QoS 0 "a/b" "hi!" (10 bytes), PINGREQ (2 bytes).
const ByteVector kConnect = from_hex("10 0d 00 04 4d 51 54 54 04 02 00 3c 00 01 63");
const ByteVector kPublish = from_hex("30 08 00 03 61 2f 62 68 69 21");
const ByteVector kPing = from_hex("c0 00");

ByteVector slice(const ByteVector& v, std::size_t from, std::size_t to) {
  return ByteVector(v.begin() + static_cast<std::ptrdiff_t>(from),
                    v.begin() + static_cast<std::ptrdiff_t>(to));
}

// MQTT-6.0.0-2 / MQTT 3.1.1 §2.2: packets follow each other without separators; one chunk
// holding three of them yields three packets, each a view of its own bytes.
TEST(Framer, SeveralPacketsInOneChunkAreDeliveredInOrder) {
  Recorder rec;
  Framer framer(kLimits, rec);
  ByteVector chunk = testing::cat({kConnect, kPublish, kPing});
  framer.feed(Bytes(chunk), at(1, 100));
  EXPECT_EQ(rec.log,
            "packet 100d00044d5154540402003c000163 hl=2 rl=13 pieces=[0+15@1:100]\n"
            "packet 30080003612f62686921 hl=2 rl=8 pieces=[0+10@1:115]\n"
            "packet c000 hl=2 rl=0 pieces=[0+2@1:125]\n");
  EXPECT_EQ(framer.packets(), 3u);
  EXPECT_TRUE(framer.at_boundary());
}

// MQTT-6.0.0-2: a packet spread over many chunks (WebSocket frames, TCP segments) is delivered
// once, whole, with one piece per chunk.
TEST(Framer, OnePacketInManyChunksIsDeliveredOnceWhole) {
  Recorder rec;
  Framer framer(kLimits, rec);
  for (std::uint32_t i = 0; i < 4; ++i) {
    std::size_t from = 3u * i;
    std::size_t to = std::min(kPublish.size(), from + 3);
    ByteVector chunk = slice(kPublish, from, to);
    framer.feed(Bytes(chunk), at(i + 1, 50));
    if (i < 3) {
      EXPECT_TRUE(rec.packets.empty()) << "delivered early, after chunk " << i;
    }
  }
  EXPECT_EQ(rec.log,
            "packet 30080003612f62686921 hl=2 rl=8 "
            "pieces=[0+3@1:50 3+3@2:50 6+3@3:50 9+1@4:50]\n");
}

// MQTT 3.1.1 §2.2.3: header_length is 1 + the Remaining Length's bytes, remaining_length the
// value, at each length boundary.
TEST(Framer, HeaderLengthFollowsTheRemainingLengthSize) {
  struct Case {
    std::uint32_t remaining;
    unsigned header_length;
  };
  for (Case c : {Case{0, 2}, Case{127, 2}, Case{128, 3}, Case{16'383, 3}, Case{16'384, 4}}) {
    Recorder rec;
    Framer framer(kLimits, rec);
    ByteVector body(c.remaining, 0x61);
    ByteVector bytes = testing::packet(0x30, body);
    framer.feed(Bytes(bytes), at(1, 0));
    ASSERT_EQ(rec.packets.size(), 1u) << c.remaining;
    EXPECT_EQ(rec.packets[0], bytes);
    EXPECT_NE(rec.log.find(fmt::format("hl={} rl={} ", c.header_length, c.remaining)),
              std::string::npos)
        << rec.log;
  }
}

// MQTT-1.5.5-1 (5.0): a Remaining Length in more bytes than needed is framed by its value and
// flagged, so the decoder can note it.
TEST(Framer, NonMinimalRemainingLengthIsFramedAndFlagged) {
  Recorder rec;
  Framer framer(kLimits, rec);
  ByteVector bytes = from_hex("d0 80 00  30 85 80 80 00 00 01 61 62 63");
  framer.feed(Bytes(bytes), at(1, 0));
  EXPECT_EQ(rec.log,
            "packet d08000 hl=3 rl=0 not_minimal pieces=[0+3@1:0]\n"
            "packet 30858080000001616263 hl=5 rl=5 not_minimal pieces=[0+10@1:3]\n");
}

// MQTT-6.0.0-2: when a chunk holds the end of one packet and the start of the next, the next
// packet's first piece starts where the first packet ended inside that chunk.
TEST(Framer, OriginsAdvanceWhenAChunkEndsOnePacketAndStartsTheNext) {
  Recorder rec;
  Framer framer(kLimits, rec);
  ByteVector a = slice(kPublish, 0, 4);
  ByteVector b = testing::cat({slice(kPublish, 4, 10), kPing, slice(kConnect, 0, 3)});
  ByteVector c = slice(kConnect, 3, kConnect.size());
  framer.feed(Bytes(a), at(1, 10));
  framer.feed(Bytes(b), at(2, 30));
  framer.feed(Bytes(c), at(3, 40));
  EXPECT_EQ(rec.log,
            "packet 30080003612f62686921 hl=2 rl=8 pieces=[0+4@1:10 4+6@2:30]\n"
            "packet c000 hl=2 rl=0 pieces=[0+2@2:36]\n"
            "packet 100d00044d5154540402003c000163 hl=2 rl=13 pieces=[0+3@2:38 3+12@3:40]\n");
}

// MQTT-6.0.0-2: the header itself may be split; its bytes keep their own origins.
TEST(Framer, HeaderSplitAcrossChunksKeepsEachBytesOrigin) {
  Recorder rec;
  Framer framer(kLimits, rec);
  ByteVector body(200, 0x7a);
  ByteVector bytes = testing::packet(0x30, body);  // 30 c8 01 ...
  framer.feed(Bytes(bytes).first(1), at(1, 5));
  framer.feed(Bytes(bytes).subspan(1, 1), at(2, 7));
  framer.feed(Bytes(bytes).subspan(2), at(3, 9));
  ASSERT_EQ(rec.packets.size(), 1u);
  EXPECT_EQ(rec.packets[0], bytes);
  EXPECT_EQ(testing::describe(rec.pieces[0]), "[0+1@1:5 1+1@2:7 2+201@3:9]");
}

// RFC 6455 §5.3 via MQTT-6.0.0-2: WebSocket-masked bytes keep their key; the phase of a piece
// that starts inside a chunk advances with the offset, and a continuing chunk merges.
TEST(Framer, MaskedPiecesAdvanceTheirXorPhase) {
  Recorder rec;
  Framer framer(kLimits, rec);
  Piece masked = at(4, 20);
  masked.carrier = 7;
  masked.xored = true;
  masked.xor_key = 0x11223344;
  masked.xor_phase = 1;
  ByteVector chunk = testing::cat({kPing, slice(kPublish, 0, 5)});
  framer.feed(Bytes(chunk), masked);
  Piece next = at(4, 27);
  next.carrier = 7;
  next.xored = true;
  next.xor_key = 0x11223344;
  next.xor_phase = (1 + 7) % 4;
  ByteVector rest = slice(kPublish, 5, kPublish.size());
  framer.feed(Bytes(rest), next);
  EXPECT_EQ(rec.log,
            "packet c000 hl=2 rl=0 pieces=[0+2@4:20#7^11223344/1]\n"
            "packet 30080003612f62686921 hl=2 rl=8 pieces=[0+10@4:22#7^11223344/3]\n");
}

struct Frame {
  std::uint32_t number;
  std::uint32_t offset;
  ByteVector bytes;
};

// MQTT-6.0.0-2: whatever the chunking, the pieces of each packet cover its bytes exactly once,
// in order, and each piece points at the very bytes it was made of.
TEST(Framer, PiecesCoverEachPacketsBytesExactly) {
  ByteVector body(300, 0);
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<std::uint8_t>(i * 7);
  ByteVector stream = testing::cat({kConnect, kPing, testing::packet(0x32, body), kPublish, kPing});
  // Chunks of 1, 2, 3, 5, 8, 13, ... bytes, each in its own frame at its own offset.
  std::map<std::uint32_t, Frame> frames;
  Recorder rec;
  Framer framer(kLimits, rec);
  std::size_t pos = 0;
  std::size_t a = 1, b = 2;
  for (std::uint32_t n = 1; pos < stream.size(); ++n) {
    std::size_t size = std::min(a, stream.size() - pos);
    Frame f{n, 14 + 3 * n, slice(stream, pos, pos + size)};
    framer.feed(Bytes(f.bytes), at(f.number, f.offset));
    frames[n] = f;
    pos += size;
    std::size_t c = a + b;
    a = b;
    b = c % 97;
  }
  ASSERT_EQ(rec.packets.size(), 5u);
  for (std::size_t k = 0; k < rec.packets.size(); ++k) {
    const ByteVector& packet = rec.packets[k];
    std::uint32_t covered = 0;
    for (const Piece& p : rec.pieces[k]) {
      EXPECT_EQ(p.offset, covered) << "packet " << k << " has a hole or overlap";
      const Frame& f = frames.at(p.origin.frame);
      ASSERT_GE(p.origin.frame_offset, f.offset);
      std::size_t in_frame = p.origin.frame_offset - f.offset;
      ASSERT_LE(in_frame + p.length, f.bytes.size()) << "piece runs past its frame";
      EXPECT_EQ(slice(f.bytes, in_frame, in_frame + p.length),
                slice(packet, p.offset, p.offset + p.length))
          << "packet " << k << " piece " << testing::describe(p);
      covered += p.length;
    }
    EXPECT_EQ(covered, packet.size()) << "packet " << k;
  }
}

// MQTT 3.1.1 §3.12: a PINGREQ has Remaining Length 0, so two bytes are a whole packet even when
// they arrive one at a time.
TEST(Framer, ZeroLengthPacketIsDeliveredFromItsTwoHeaderBytes) {
  Recorder rec;
  Framer framer(kLimits, rec);
  framer.feed(Bytes(kPing).first(1), at(1, 0));
  EXPECT_FALSE(framer.at_boundary());
  EXPECT_TRUE(rec.packets.empty());
  framer.feed(Bytes(kPing).subspan(1), at(2, 0));
  EXPECT_EQ(rec.log, "packet c000 hl=2 rl=0 pieces=[0+1@1:0 1+1@2:0]\n");
  EXPECT_TRUE(framer.at_boundary());
}

// MQTT-6.0.0-2: an empty chunk changes nothing.
TEST(Framer, EmptyChunkIsHarmless) {
  Recorder rec;
  Framer framer(kLimits, rec);
  framer.feed(Bytes(kPublish).first(3), at(1, 0));
  framer.feed(Bytes(), at(2, 0));
  framer.feed(Bytes(kPublish).subspan(3), at(1, 3));
  framer.finish();
  EXPECT_EQ(rec.log, "packet 30080003612f62686921 hl=2 rl=8 pieces=[0+10@1:0]\n");
}

}  // namespace
}  // namespace mqscope::mqtt
