// Missing bytes: TCP holes inside a payload (the frame ends short, the mask phase goes on),
// inside or between headers (frame boundaries are lost), the end of a capture inside a frame,
// and lengths far larger than anything captured.
#include <gtest/gtest.h>

#include "bytes.hpp"
#include "recorder.hpp"

namespace mqscope::ws {
namespace {

using mqscope::test::ByteVector;
using mqscope::test::concat;
using mqscope::test::from_hex;
using mqscope::test::ws_frame;
using test::kClient;
using test::kServer;
using test::Recorder;

constexpr std::uint8_t kKey[4] = {0x0c, 0x3c, 0xb5, 0x39};

ByteVector counting(std::size_t n, std::uint8_t start) {
  ByteVector out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(start + i);
  return out;
}

// A parser and its recorder; bytes before a gap are capture frame 1, bytes after it frame 2.
struct Harness {
  Limits limits;
  Recorder rec;
  FrameParser parser;
  explicit Harness(ParserOptions options) : parser(limits, options, rec) {}
  void feed(std::uint32_t frame, Bytes bytes, std::uint32_t offset = 0) {
    rec.captured[frame] = bytes;
    parser.feed(bytes.subspan(offset), Origin{frame, offset});
  }
  std::string log() {
    rec.flush();
    return rec.log;
  }
};

// The ten-byte masked frame used below: 6 header bytes, payload 40..49.
const ByteVector kFrame = ws_frame(0x2, counting(10, 0x40), true, kKey);

// RFC 6455 §5.3: a hole inside a payload ends that frame short; the key phase advances over
// the missing bytes, so the bytes after the hole still unmask to the right values.
TEST(FrameGap, GapInsidePayloadEndsTheFrameAndKeepsTheMaskPhase) {
  Harness h(kClient);
  Bytes all(kFrame);
  h.feed(1, all.first(9));
  h.parser.gap(3);  // not a multiple of 4: the phase must move on
  h.feed(2, all.subspan(12));
  h.feed(3, Bytes(ws_frame(0x9, {}, true, kKey)));
  EXPECT_EQ(h.log(),
            "start #1 op=2 fin=1 masked=1 len=10 msg=1/2\n"
            "data #1 @1:6 phase=0 key=0c3cb539 404142\n"
            "gap #1 3\n"
            "data #1 @2:0 phase=2 key=0c3cb539 46474849\n"
            "end #1 got=7 missing=3 msg_end=1 notes=[websocket.payload_gap]\n"
            "start #2 op=9 fin=1 masked=1 len=0 msg=0/9\n"
            "end #2 got=0 missing=0 msg_end=0 notes=[]\n");
  EXPECT_FALSE(h.parser.sync_lost());
}

// RFC 6455 §5.2: a hole that ends exactly where the payload ends leaves the next header intact.
TEST(FrameGap, GapToTheEndOfAPayloadKeepsFrameSync) {
  Harness h(kClient);
  Bytes all(kFrame);
  h.feed(1, all.first(8));
  h.parser.gap(8);
  h.feed(2, Bytes(ws_frame(0x2, from_hex("c000"), true, kKey)));
  EXPECT_EQ(h.log(),
            "start #1 op=2 fin=1 masked=1 len=10 msg=1/2\n"
            "data #1 @1:6 phase=0 key=0c3cb539 4041\n"
            "gap #1 8\n"
            "end #1 got=2 missing=8 msg_end=1 notes=[websocket.payload_gap]\n"
            "start #2 op=2 fin=1 masked=1 len=2 msg=2/2\n"
            "data #2 @2:6 phase=0 key=0c3cb539 c000\n"
            "end #2 got=2 missing=0 msg_end=1 notes=[]\n");
}

// RFC 6455 §5.2: where the next frame starts is only known from the header before it; a hole
// reaching past the payload's end loses the frame boundaries for good.
TEST(FrameGap, GapPastThePayloadEndLosesSync) {
  Harness h(kClient);
  Bytes all(kFrame);
  h.feed(1, all.first(9));
  h.parser.gap(12);
  h.feed(2, Bytes(kFrame));
  EXPECT_EQ(h.log(),
            "start #1 op=2 fin=1 masked=1 len=10 msg=1/2\n"
            "data #1 @1:6 phase=0 key=0c3cb539 404142\n"
            "gap #1 7\n"
            "end #1 got=3 missing=7 msg_end=1 notes=[websocket.payload_gap]\n"
            "sync_lost 5\n");
  EXPECT_TRUE(h.parser.sync_lost());
  EXPECT_FALSE(h.parser.in_frame());
  EXPECT_EQ(h.parser.frames(), 1u);
}

// RFC 6455 §5.2: a hole inside a header leaves its length unknown; the parser looks for the
// next plausible header (here the whole frame after the hole, taken at the next hole because
// nothing follows it to check it against).
TEST(FrameGap, GapInsideAHeaderLosesSyncUntilTheNextPlausibleHeader) {
  Harness h(kClient);
  Bytes all(kFrame);
  h.feed(1, all.first(3));
  EXPECT_TRUE(h.parser.in_frame());
  h.parser.gap(2);
  EXPECT_TRUE(h.parser.sync_lost());
  EXPECT_FALSE(h.parser.in_frame());
  h.feed(2, Bytes(kFrame));
  h.parser.gap(5);
  h.parser.finish();
  EXPECT_EQ(h.log(),
            "sync_lost 2\n"
            "start #1 op=2 fin=1 masked=1 len=10 msg=1/2\n"
            "data #1 @2:6 phase=0 key=0c3cb539 40414243444546474849\n"
            "end #1 got=10 missing=0 msg_end=1 notes=[]\n"
            "sync_lost 5\n");
  EXPECT_EQ(h.parser.frames(), 1u);
}

// RFC 6455 §5.2: a hole between two frames hides the next header just as well.
TEST(FrameGap, GapBetweenFramesLosesSync) {
  Harness h(kServer);
  h.feed(1, Bytes(ws_frame(0x2, from_hex("d000"))));
  h.parser.gap(0);  // nothing missing: nothing happens
  EXPECT_FALSE(h.parser.sync_lost());
  h.parser.gap(1);
  EXPECT_EQ(h.log(),
            "start #1 op=2 fin=1 masked=0 len=2 msg=1/2\n"
            "data #1 @1:2 phase=0 key=00000000 d000\n"
            "end #1 got=2 missing=0 msg_end=1 notes=[]\n"
            "sync_lost 1\n");
}

// RFC 6455 §5.2: a capture that ends inside a payload reports what the frame still lacked.
TEST(FrameGap, FinishInsideAPayloadEndsTheFrameShort) {
  Harness h(kClient);
  h.feed(1, Bytes(kFrame).first(9));
  EXPECT_TRUE(h.parser.in_frame());
  h.parser.finish();
  EXPECT_FALSE(h.parser.in_frame());
  EXPECT_EQ(h.log(),
            "start #1 op=2 fin=1 masked=1 len=10 msg=1/2\n"
            "data #1 @1:6 phase=0 key=0c3cb539 404142\n"
            "gap #1 7\n"
            "end #1 got=3 missing=7 msg_end=1 notes=[websocket.payload_gap]\n");
}

// RFC 6455 §5.2: a capture that ends inside a header loses that frame.
TEST(FrameGap, FinishInsideAHeaderLosesSync) {
  Harness h(kClient);
  h.feed(1, Bytes(kFrame).first(4));
  h.parser.finish();
  EXPECT_EQ(h.log(), "sync_lost 4\n");
  Harness idle(kClient);
  idle.parser.finish();  // between frames: nothing is missing
  EXPECT_EQ(idle.log(), "");
}

// RFC 6455 §5.2: a frame missing bytes both in a hole and at the end of the capture carries
// the payload_gap note once, with both counted.
TEST(FrameGap, GapThenFinishNotesThePayloadGapOnce) {
  Harness h(kClient);
  Bytes all(kFrame);
  h.feed(1, all.first(8));
  h.parser.gap(2);
  h.feed(2, all.subspan(10, 2));
  h.parser.finish();
  ASSERT_EQ(h.rec.ended.size(), 1u);
  EXPECT_EQ(test::note_list(h.rec.ended[0]), "websocket.payload_gap");
  EXPECT_EQ(h.rec.ended[0].payload_missing, 6u);
  EXPECT_EQ(h.rec.ended[0].payload_received, 4u);
}

// RFC 6455 §5.5.1: the preview holds the payload's first bytes; bytes behind a hole are not
// moved up into it, so a Close frame with a hole in its status code shows no made-up code.
TEST(FrameGap, PreviewStopsAtTheFirstHole) {
  ByteVector close = ws_frame(0x8, from_hex("03e8 627965"), true, kKey);
  Bytes all(close);
  Harness h(kClient);
  h.feed(1, all.first(7));
  h.parser.gap(1);
  h.feed(2, all.subspan(8));
  ASSERT_EQ(h.rec.ended.size(), 1u);
  const FrameRecord& f = h.rec.ended[0];
  EXPECT_EQ(f.payload_received, 4u);
  EXPECT_EQ(f.preview_length, 1);
  EXPECT_EQ(f.preview[0], 0x03);
}

// RFC 6455 §5.2: logs around a hole do not depend on how the bytes on either side of it were
// segmented.
TEST(FrameGap, GapLogsAreTheSameUnderEveryChunking) {
  ByteVector input = concat({kFrame, ws_frame(0x2, counting(7, 0x60), true, kKey)});
  Bytes all(input);
  Bytes before = all.first(9);
  Bytes after = all.subspan(12);
  std::string expected;
  for (std::size_t cut1 = 0; cut1 <= before.size(); ++cut1) {
    for (std::size_t cut2 = 0; cut2 <= after.size(); ++cut2) {
      Harness h(kClient);
      h.rec.captured[1] = before;
      h.rec.captured[2] = after;
      h.parser.feed(before.first(cut1), Origin{1, 0});
      h.parser.feed(before.subspan(cut1), Origin{1, static_cast<std::uint32_t>(cut1)});
      h.parser.gap(3);
      h.parser.feed(after.first(cut2), Origin{2, 0});
      h.parser.feed(after.subspan(cut2), Origin{2, static_cast<std::uint32_t>(cut2)});
      h.parser.finish();
      std::string log = h.log();
      if (expected.empty()) expected = log;
      ASSERT_EQ(log, expected) << "cuts " << cut1 << ", " << cut2;
    }
  }
  EXPECT_EQ(expected.find("BAD"), std::string::npos) << expected;
  EXPECT_NE(expected.find("data #1 @2:0 phase=2 key=0c3cb539 46474849"), std::string::npos) << expected;
  EXPECT_NE(expected.find("data #2 @2:10 phase=0 key=0c3cb539 60616263646566"), std::string::npos)
      << expected;
}

// RFC 6455 §5.2: a length of 2^63-1 is legal; the parser streams what arrives and neither
// allocates for the claimed size nor loops over it.
TEST(FrameGap, HugeLengthWithAFewBytesBehindIt) {
  Harness h(kServer);
  ByteVector input = concat({from_hex("82 7f 7fffffffffffffff"), counting(5, 1)});
  h.feed(1, Bytes(input));
  EXPECT_TRUE(h.parser.in_frame());
  h.parser.finish();
  EXPECT_EQ(h.log(),
            "start #1 op=2 fin=1 masked=0 len=9223372036854775807 msg=1/2\n"
            "data #1 @1:10 phase=0 key=00000000 0102030405\n"
            "gap #1 9223372036854775802\n"
            "end #1 got=5 missing=9223372036854775802 msg_end=1 notes=[websocket.payload_gap]\n");
}

// RFC 6455 §5.2-5.3: the same for a masked frame whose huge payload is cut by a huge hole.
TEST(FrameGap, HugeMaskedLengthAndHugeGap) {
  Harness h(kClient);
  ByteVector input = concat({from_hex("82 ff 7fffffffffffffff 0c3cb539"), from_hex("1c")});
  h.feed(1, Bytes(input));
  h.parser.gap(0xffffffffffffffffu);
  EXPECT_TRUE(h.parser.sync_lost());
  EXPECT_EQ(h.log(),
            "start #1 op=2 fin=1 masked=1 len=9223372036854775807 msg=1/2\n"
            "data #1 @1:14 phase=0 key=0c3cb539 10\n"
            "gap #1 9223372036854775806\n"
            "end #1 got=1 missing=9223372036854775806 msg_end=1 notes=[websocket.payload_gap]\n"
            "sync_lost 9223372036854775809\n");
}

}  // namespace
}  // namespace mqscope::ws
