// Finding frames again after lost bytes, and recognising frames without the handshake.
// RFC 6455 §5.2 has no frame marker; a candidate header must follow the rules a sender follows
// (known opcode, reserved bits clear, §5.1 mask bit by direction, minimal length, §5.5 control
// frames whole and short) and, where the window shows it, be followed by another such header.
#include <gtest/gtest.h>

#include "bytes.hpp"
#include "mqscope/websocket/recognise.hpp"
#include "recorder.hpp"
#include "split_feed.hpp"

namespace mqscope::ws {
namespace {

using mqscope::test::ByteVector;
using mqscope::test::Chunks;
using mqscope::test::concat;
using mqscope::test::from_hex;
using mqscope::test::ws_frame;
using test::kClient;
using test::kServer;
using test::Recorder;

constexpr std::uint8_t kKey[4] = {0x37, 0xfa, 0x21, 0x3d};

// A parser that lost sync at a hole of 7 bytes, then sees `input` (capture frame 2) and the
// end of the capture.
std::string after_a_hole(const Chunks& chunks, ParserOptions options, Limits limits = {}) {
  Recorder rec;
  FrameParser parser(limits, options, rec);
  parser.gap(7);
  std::uint32_t offset = 0;
  std::size_t total = 0;
  for (Bytes c : chunks) total += c.size();
  if (!chunks.empty()) rec.captured[2] = Bytes(chunks.front().data(), total);
  for (Bytes c : chunks) {
    parser.feed(c, Origin{2, offset});
    offset += static_cast<std::uint32_t>(c.size());
  }
  parser.finish();
  rec.flush();
  return rec.log;
}

// The end of a masked frame whose start was lost, then two whole frames: the tail is skipped
// (it cannot start a client frame), the frames are found with their origins, and the first
// says how many bytes came before it. The same under every chunking.
TEST(FrameResync, TailOfALostFrameIsSkippedAndTheNextFramesFound) {
  ByteVector tail = from_hex("5a1b2c3d4e");  // payload bytes of the lost frame
  ByteVector a = ws_frame(0x2, from_hex("c000"), true, kKey);
  ByteVector b = ws_frame(0x2, from_hex("300700036162636869"), true, kKey);
  ByteVector input = concat({tail, a, b});
  std::string expected =
      "sync_lost 7\n"
      "resync 5\n"
      "start #1 op=2 fin=1 masked=1 len=2 msg=1/2\n"
      "data #1 @2:11 phase=0 key=37fa213d c000\n"
      "end #1 got=2 missing=0 msg_end=1 notes=[websocket.resynchronised]\n"
      "start #2 op=2 fin=1 masked=1 len=9 msg=2/2\n"
      "data #2 @2:19 phase=0 key=37fa213d 300700036162636869\n"
      "end #2 got=9 missing=0 msg_end=1 notes=[]\n";
  EXPECT_EQ(after_a_hole({Bytes(input)}, kClient), expected);
  EXPECT_EQ(mqscope::test::check_split_invariance(
                input, [](const Chunks& c) { return after_a_hole(c, kClient); }),
            "");
}

// §5.1: the mask bit must match the direction: client frames are never unmasked, so the same
// bytes give no frame from the client, and are found from the server.
TEST(FrameResync, MaskBitMustMatchTheDirection) {
  ByteVector frames = concat({ws_frame(0x2, from_hex("d000")), ws_frame(0x2, from_hex("c000"))});
  std::string server = after_a_hole({Bytes(frames)}, kServer);
  EXPECT_NE(server.find("start #1 op=2 fin=1 masked=0 len=2"), std::string::npos) << server;
  std::string client = after_a_hole({Bytes(frames)}, kClient);
  EXPECT_EQ(client.find("start #"), std::string::npos) << client;
}

// A byte pair that looks like a header but whose frame is not followed by another plausible
// header is rejected; the real frame after it is found.
TEST(FrameResync, CandidateWithoutAPlausibleSuccessorIsRejected) {
  // 82 03 would be a 3-byte server frame followed by "ff", which cannot start a frame.
  ByteVector input =
      concat({from_hex("82 03 aa bb cc ff"), ws_frame(0x2, from_hex("9002")), ws_frame(0x9, {})});
  std::string log = after_a_hole({Bytes(input)}, kServer);
  EXPECT_NE(log.find("resync 6\n"), std::string::npos) << log;
  EXPECT_NE(log.find("data #1 @2:8 phase=0 key=00000000 9002"), std::string::npos) << log;
}

// After a resynchronisation, whether a message was in progress is unknown: a continuation
// frame is taken as it comes, without the "continuation without message" note.
TEST(FrameResync, ContinuationRightAfterAResyncIsNotAnError) {
  ByteVector input = concat({ws_frame(0x0, from_hex("0102"), true), ws_frame(0x2, from_hex("03"))});
  std::string log = after_a_hole({Bytes(input)}, kServer);
  EXPECT_NE(log.find("end #1 got=2 missing=0 msg_end=1 notes=[]"), std::string::npos) << log;
}

// A capture that starts in the middle of a connection: the parser looks for its first header;
// when the bytes start with one, nothing is skipped and nothing is noted.
TEST(FrameResync, SearchingFromTheStartFindsAFrameAtOffsetZero) {
  Limits limits;
  Recorder rec;
  FrameParser parser(limits, kClient, rec);
  parser.start_searching();
  ByteVector input = concat(
      {ws_frame(0x2, from_hex("c000"), true, kKey), ws_frame(0x2, from_hex("e000"), true, kKey)});
  rec.captured[1] = Bytes(input);
  parser.feed(Bytes(input), Origin{1, 0});
  parser.finish();
  rec.flush();
  EXPECT_EQ(rec.log.find("resync"), std::string::npos) << rec.log;
  EXPECT_EQ(parser.frames(), 2u);
}

// Limits::ws_resync_window_bytes bounds what is kept while searching; bytes that never give a
// plausible header are all skipped, none kept.
TEST(FrameResync, GarbageIsSkippedWithinTheWindow) {
  Limits limits;
  limits.ws_resync_window_bytes = 64;
  ByteVector garbage(5000, 0xff);  // 0xff: reserved bits and opcode 15
  ByteVector input = concat({garbage, ws_frame(0x1, mqscope::test::from_text("ok"))});
  std::string log = after_a_hole({Bytes(input)}, kServer, limits);
  EXPECT_NE(log.find("resync 5000\n"), std::string::npos) << log.substr(0, 200);
  EXPECT_NE(log.find("start #1 op=1"), std::string::npos);
}

// A frame longer than the window cannot be checked against its successor: its header decides.
TEST(FrameResync, FrameLongerThanTheWindowIsTakenOnItsHeader) {
  Limits limits;
  limits.ws_resync_window_bytes = 32;
  ByteVector big = ws_frame(0x2, ByteVector(100, 0x11));
  std::string log = after_a_hole({Bytes(big)}, kServer, limits);
  EXPECT_NE(log.find("start #1 op=2 fin=1 masked=0 len=100"), std::string::npos) << log;
  EXPECT_NE(log.find("end #1 got=100 missing=0"), std::string::npos) << log;
}

TEST(FrameRecognise, MaskedClientFramesAreRecognisedAndUnmasked) {
  ByteVector payload = from_hex("8205002a000161");  // an MQTT SUBSCRIBE
  ByteVector input = ws_frame(0x2, payload, true, kKey);
  FrameGuess g = recognise_frames(Bytes(input), true, 64);
  EXPECT_EQ(g.match, Match::Yes);
  EXPECT_EQ(g.frames, 1u);
  EXPECT_EQ(g.first_payload, payload);
  EXPECT_EQ(recognise_frames(Bytes(input), false, 64).match, Match::No)
      << "server frames are unmasked";
}

TEST(FrameRecognise, IncompleteFirstFrameNeedsMore) {
  ByteVector input = ws_frame(0x2, ByteVector(40, 0x30));
  EXPECT_EQ(recognise_frames(Bytes(input).first(1), false, 64).match, Match::NeedMore);
  FrameGuess partial = recognise_frames(Bytes(input).first(12), false, 64);
  EXPECT_EQ(partial.match, Match::NeedMore);
  EXPECT_EQ(partial.first_payload.size(), 10u);
}

TEST(FrameRecognise, TextAndOtherBytesAreNotFrames) {
  using namespace std::string_view_literals;
  for (std::string_view t :
       {"GET /mqtt HTTP/1.1\r\n"sv, "HTTP/1.1 101 Switching"sv, "\x10\x0c\x00\x04MQTT"sv}) {
    const std::string text(t);
    EXPECT_EQ(recognise_frames(as_bytes(t), true, 64).match, Match::No) << text;
    EXPECT_EQ(recognise_frames(as_bytes(t), false, 64).match, Match::No) << text;
  }
}

}  // namespace
}  // namespace mqscope::ws
