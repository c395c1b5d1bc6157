// The rules a message's content can break, each a note by stable name on the frame where it
// shows: invalid UTF-8 in a text message (RFC 6455 §8.1, also across fragments, chunks and
// compression), a bad Close body (§5.5.1, §7.4), RSV1 where RFC 7692 §6.1 forbids it.
#include <gtest/gtest.h>

#include "bytes.hpp"
#include "deflate.hpp"
#include "message_recorder.hpp"
#include "mqscope/websocket/fields.hpp"
#include "split_feed.hpp"

namespace mqscope::ws {
namespace {

using mqscope::test::ByteVector;
using mqscope::test::check_split_invariance;
using mqscope::test::Chunks;
using mqscope::test::concat;
using mqscope::test::Deflater;
using mqscope::test::from_hex;
using mqscope::test::from_text;
using mqscope::test::ws_frame;
using test::deflate_options;
using test::kClient;
using test::kServer;
using test::MessageRecorder;
using test::run_messages;
using Notes = std::vector<std::string>;

constexpr std::uint8_t kKey[4] = {0x5a, 0x01, 0xc3, 0x77};

Notes frame_notes(const ByteVector& input, ParserOptions options) {
  MessageRecorder rec;
  run_messages({Bytes(input)}, options, &rec);
  Notes out;
  for (const FrameRecord& f : rec.frames) out.push_back(test::note_list(f));
  return out;
}

ByteVector client(std::uint8_t opcode, const ByteVector& payload, bool fin = true,
                  std::uint8_t rsv = 0) {
  return ws_frame(opcode, payload, fin, kKey, rsv);
}

// RFC 6455 §8.1: "the endpoint MUST _Fail the WebSocket Connection_" when a text message is
// not valid UTF-8; RFC 3629 §3 forbids the byte FF, overlong forms and surrogates.
TEST(MessageRules, InvalidUtf8InATextFrameIsNoted) {
  for (const char* hex : {"ff", "4142c0af", "eda080", "f4908080"}) {
    EXPECT_EQ(frame_notes(client(0x1, from_hex(hex)), kClient),
              Notes{"websocket.text_invalid_utf8"})
        << hex;
  }
  EXPECT_EQ(frame_notes(client(0x1, from_hex("e282ac f09f9880")), kClient), Notes{""});
}

// RFC 6455 §5.6: binary data is not text and is not checked.
TEST(MessageRules, BinaryMessagesAreNotChecked) {
  EXPECT_EQ(frame_notes(client(0x2, from_hex("ff")), kClient), Notes{""});
}

// RFC 6455 §8.1 with §5.4: a character may be cut by a fragment boundary, with a Ping in
// between; the note lands on the fragment where the text turns invalid.
TEST(MessageRules, Utf8IsCheckedAcrossFragmentsAndControlFrames) {
  ByteVector valid = concat({client(0x1, from_hex("41e282"), false), client(0x9, from_text("p")),
                             client(0x0, from_hex("ac42"), true)});
  EXPECT_EQ(frame_notes(valid, kClient), (Notes{"", "", ""}));
  ByteVector invalid = concat({client(0x1, from_hex("41e282"), false), client(0x9, from_text("p")),
                               client(0x0, from_hex("4142"), true)});
  EXPECT_EQ(frame_notes(invalid, kClient), (Notes{"", "", "websocket.text_invalid_utf8"}));
  for (const ByteVector* input : {&valid, &invalid}) {
    EXPECT_EQ(
        check_split_invariance(*input, [](const Chunks& c) { return run_messages(c, kClient); }),
        "");
  }
}

// RFC 6455 §8.1: a text message ending inside a character is invalid; the note is on its
// last frame.
TEST(MessageRules, TextEndingInsideACharacterIsNotedOnTheLastFrame) {
  ByteVector input = concat({client(0x1, from_hex("41"), false), client(0x0, from_hex("e282"))});
  EXPECT_EQ(frame_notes(input, kClient), (Notes{"", "websocket.text_invalid_utf8"}));
}

// RFC 7692 §6 with RFC 6455 §8.1: a compressed text message is checked after inflating.
TEST(MessageRules, Utf8OfACompressedTextMessageIsCheckedAfterInflating) {
  Deflater deflater;
  ByteVector good = deflater.message(from_hex("48c3a96c6c6f"));  // "Héllo"
  ByteVector bad = deflater.message(from_hex("48c36c6c6f"));     // a lead byte without its tail
  ByteVector input =
      concat({ws_frame(0x1, good, true, nullptr, 0x4), ws_frame(0x1, bad, true, nullptr, 0x4)});
  EXPECT_EQ(frame_notes(input, deflate_options(false)), (Notes{"", "websocket.text_invalid_utf8"}));
}

// RFC 6455 §7.4.1-7.4.2: codes 0-999, 1004-1006, 1015-2999 and 5000+ are not sent.
TEST(MessageRules, InvalidCloseCodeIsNoted) {
  for (const char* hex : {"0000", "03e7", "03ec", "03ed", "03ee", "03f7", "0bb7", "1388"})
    EXPECT_EQ(frame_notes(client(0x8, from_hex(hex)), kClient),
              Notes{"websocket.close_invalid_code"})
        << hex;
  for (const char* hex : {"03e8", "03f3", "0bb8", "1387"})
    EXPECT_EQ(frame_notes(client(0x8, from_hex(hex)), kClient), Notes{""}) << hex;
}

// RFC 6455 §5.5.1: the reason after the status code is UTF-8.
TEST(MessageRules, CloseReasonMustBeUtf8) {
  EXPECT_EQ(frame_notes(client(0x8, from_hex("03e8 6c616220646f6e65")), kClient), Notes{""});
  EXPECT_EQ(frame_notes(client(0x8, from_hex("03e8 41ff")), kClient),
            Notes{"websocket.close_reason_invalid_utf8"});
  EXPECT_EQ(frame_notes(client(0x8, from_hex("03e8 41e282")), kClient),
            Notes{"websocket.close_reason_invalid_utf8"});
  EXPECT_EQ(frame_notes(client(0x8, from_hex("0000 ff")), kClient),
            Notes{"websocket.close_invalid_code,websocket.close_reason_invalid_utf8"});
}

// RFC 6455 §5.5.1: "If there is a body, the first two bytes of the body MUST be a 2-byte
// unsigned integer"; a body of one byte is malformed.
TEST(MessageRules, OneByteCloseBodyIsNoted) {
  EXPECT_EQ(frame_notes(ws_frame(0x8, from_hex("03")), kServer),
            Notes{"websocket.close_payload_short"});
  EXPECT_EQ(frame_notes(ws_frame(0x8, {}), kServer), Notes{""});
}

// A reason cut by the end of the capture may end inside a character: not a violation.
TEST(MessageRules, CloseReasonCutByTheCaptureIsNotJudgedIncomplete) {
  ByteVector close = ws_frame(0x8, from_hex("03e8 41e282ac"));
  close.resize(close.size() - 1);
  EXPECT_EQ(frame_notes(close, kServer), Notes{"websocket.payload_gap"});
}

// RFC 7692 §6.1: "An endpoint MUST NOT set the Per-Message Compressed bit of control frames
// and non-first fragments of a data message."
TEST(MessageRules, Rsv1OnControlOrContinuationFramesIsNoted) {
  Deflater deflater;
  ByteVector compressed = deflater.message(from_text("hello"));
  ByteVector first(compressed.begin(), compressed.begin() + 2);
  ByteVector rest(compressed.begin() + 2, compressed.end());
  ByteVector input = concat(
      {client(0x2, first, false, 0x4), client(0x9, {}, true, 0x4), client(0x0, rest, true, 0x4)});
  EXPECT_EQ(frame_notes(input, deflate_options(true)),
            (Notes{"", "websocket.compressed_control", "websocket.compressed_continuation"}));
  // Without permessage-deflate the same bits are simply reserved (RFC 6455 §5.2).
  EXPECT_EQ(frame_notes(input, kClient),
            (Notes{"websocket.rsv_without_extension", "websocket.rsv_without_extension",
                   "websocket.rsv_without_extension"}));
}

}  // namespace
}  // namespace mqscope::ws
