// FrameParser as a message stream: data messages joined from their fragments (RFC 6455 §5.4),
// compressed ones inflated as their frames arrive (RFC 7692 §7.2.2) with the negotiated
// window and context takeover (§7.1), each data byte delivered with the frame it came from,
// and a whole-message record at the end. Every input is also fed at every split.
#include <gtest/gtest.h>

#include "bytes.hpp"
#include "deflate.hpp"
#include "message_recorder.hpp"
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
using mqscope::test::noise;
using mqscope::test::ws_frame;
using test::deflate_options;
using test::kClient;
using test::MessageRecorder;
using test::run_messages;

constexpr std::uint8_t kKey1[4] = {0x0c, 0x3c, 0xb5, 0x39};
constexpr std::uint8_t kKey2[4] = {0x98, 0xf0, 0x07, 0x81};

ByteVector slice(const ByteVector& v, std::size_t from, std::size_t to) {
  return ByteVector(v.begin() + static_cast<std::ptrdiff_t>(from),
                    v.begin() + static_cast<std::ptrdiff_t>(std::min(to, v.size())));
}

// An MQTT-like binary payload that compresses (repeated topic names).
ByteVector publish_like(int n) {
  ByteVector out;
  for (int i = 0; i < n; ++i) {
    ByteVector p = from_text("0\x16\x00\x0clab/z/sensor{\"t\":" + std::to_string(20 + i % 5) + "}");
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

// RFC 6455 §5.4: the fragments of a message, with a Ping between them, are one message; its
// data arrives with the frame each byte came from.
TEST(Messages, FragmentsAreJoinedIntoOneMessage) {
  ByteVector input = concat({ws_frame(0x2, from_hex("3010"), false, kKey1),
                             ws_frame(0x9, from_text("ping"), true, kKey2),
                             ws_frame(0x0, from_hex("000461"), false, kKey2),
                             ws_frame(0x0, from_hex("2f62"), true, kKey1)});
  std::string log = run_messages({Bytes(input)}, kClient);
  EXPECT_EQ(log,
            "data #1 3010\n"
            "frame #1 op=2 msg=1 compressed=0 inflated=0 notes=[]\n"
            "frame #2 op=9 msg=0 compressed=0 inflated=0 notes=[]\n"
            "data #3 000461\n"
            "frame #3 op=0 msg=1 compressed=0 inflated=0 notes=[]\n"
            "data #4 2f62\n"
            "frame #4 op=0 msg=1 compressed=0 inflated=0 notes=[]\n"
            "message 1 op=2 compressed=0 frames=3 first=#1 payload=7 data=7 complete=1 "
            "text_valid=1 kept=\n");
  EXPECT_EQ(check_split_invariance(input, [](const Chunks& c) { return run_messages(c, kClient); }),
            "");
}

// RFC 7692 §6, §7.2.2: a compressed message in three fragments (RSV1 on the first only), a
// Ping between them, inflated as the fragments arrive; the inflated bytes are the message.
TEST(Messages, CompressedFragmentedMessageIsInflatedUnderEveryChunking) {
  Deflater deflater;
  ByteVector message = publish_like(12);
  ByteVector compressed = deflater.message(message);
  std::size_t third = compressed.size() / 3;
  ByteVector input =
      concat({ws_frame(0x2, slice(compressed, 0, third), false, kKey1, 0x4),
              ws_frame(0x9, {}, true, kKey2),
              ws_frame(0x0, slice(compressed, third, 2 * third), false, kKey2),
              ws_frame(0x0, slice(compressed, 2 * third, compressed.size()), true, kKey1)});
  MessageRecorder rec;
  run_messages({Bytes(input)}, deflate_options(true), &rec);
  EXPECT_EQ(rec.data, message) << rec.log;
  ASSERT_EQ(rec.messages.size(), 1u);
  EXPECT_TRUE(rec.messages[0].compressed);
  EXPECT_EQ(rec.messages[0].payload_bytes, compressed.size());
  EXPECT_EQ(rec.messages[0].data_bytes, message.size());
  for (const Piece& p : rec.pieces) EXPECT_TRUE(p.inflated);
  std::uint64_t inflated = 0;
  for (const FrameRecord& f : rec.frames) inflated += f.inflated_length;
  EXPECT_EQ(inflated, message.size());
  EXPECT_EQ(check_split_invariance(
                input, [](const Chunks& c) { return run_messages(c, deflate_options(true)); }),
            "");
}

// RFC 7692 §7.1.1: with context takeover a repeated message is a reference to the previous
// one; the parser keeps the window from message to message, also across uncompressed ones.
TEST(Messages, ContextTakeoverAcrossMessagesAndUncompressedOnesBetween) {
  Deflater deflater(15, true);
  ByteVector message = noise(600);
  ByteVector input = concat({ws_frame(0x2, deflater.message(message), true, nullptr, 0x4),
                             ws_frame(0x2, from_hex("d000")),  // RSV1 clear: not compressed
                             ws_frame(0x2, deflater.message(message), true, nullptr, 0x4)});
  MessageRecorder rec;
  run_messages({Bytes(input)}, deflate_options(false), &rec);
  EXPECT_EQ(rec.data, concat({message, from_hex("d000"), message})) << rec.log;
  EXPECT_EQ(check_split_invariance(
                input, [](const Chunks& c) { return run_messages(c, deflate_options(false)); }),
            "");
}

// RFC 7692 §7.1.1.2 and §7.1.2.2: client_no_context_takeover with client_max_window_bits=10,
// as negotiated, over several messages larger than the window.
TEST(Messages, NoContextTakeoverAndASmallWindow) {
  Deflater deflater(10, false);
  ByteVector all;
  ByteVector input;
  for (int i = 0; i < 4; ++i) {
    ByteVector message = publish_like(30 + i);
    all = concat({all, message});
    input = concat({input, ws_frame(0x2, deflater.message(message), true, kKey1, 0x4)});
  }
  MessageRecorder rec;
  run_messages({Bytes(input)}, deflate_options(true, 10, true), &rec);
  EXPECT_EQ(rec.data, all) << rec.log;
  EXPECT_EQ(rec.messages.size(), 4u);
  EXPECT_EQ(
      check_split_invariance(
          input, [](const Chunks& c) { return run_messages(c, deflate_options(true, 10, true)); }),
      "");
}

// Limits::ws_inflate_ratio: a deflate bomb is noted on the frame where it outgrew the ratio;
// the rest of the message is reported missing, and the next message decodes.
TEST(Messages, DeflateBombIsStoppedAndNoted) {
  Limits limits;
  limits.ws_inflate_ratio = 50;
  Deflater bomb_sender(15, false, 9);
  ByteVector bomb = bomb_sender.message(ByteVector(2'000'000, 'A'));
  Deflater sender(15, false);
  ByteVector input = concat({ws_frame(0x2, bomb, true, nullptr, 0x4),
                             ws_frame(0x2, sender.message(from_hex("c000")), true, nullptr, 0x4)});
  MessageRecorder rec;
  run_messages({Bytes(input)}, deflate_options(false, 15, true), &rec, limits);
  ASSERT_EQ(rec.frames.size(), 2u);
  EXPECT_EQ(test::note_list(rec.frames[0]), "websocket.inflate_ratio_exceeded");
  EXPECT_LE(rec.frames[0].inflated_length, 50 * (bomb.size() + 4));
  EXPECT_FALSE(rec.messages[0].data_complete);
  EXPECT_NE(rec.log.find("gap #1 "), std::string::npos) << rec.log;
  EXPECT_EQ(test::note_list(rec.frames[1]), "");
  EXPECT_EQ(rec.kept.size(), 2u);
  EXPECT_EQ(ByteVector(rec.data.end() - 2, rec.data.end()), from_hex("c000"));
}

// A capture hole inside a compressed message: its data is reported missing, the rest of it is
// not inflated, and (without context takeover) the next message inflates again.
TEST(Messages, GapInsideACompressedMessage) {
  Deflater deflater(15, false);
  ByteVector first = ws_frame(0x2, deflater.message(publish_like(8)), true, nullptr, 0x4);
  ByteVector second = ws_frame(0x2, deflater.message(from_hex("e000")), true, nullptr, 0x4);
  MessageRecorder rec;
  Limits limits;
  FrameParser parser(limits, deflate_options(false, 15, true), rec);
  parser.feed(Bytes(first).first(6), Origin{1, 0});
  parser.gap(4);
  parser.feed(Bytes(first).subspan(10), Origin{2, 0});
  parser.feed(Bytes(second), Origin{3, 0});
  parser.finish();
  rec.flush();
  EXPECT_NE(rec.log.find("gap #1 4\n"), std::string::npos) << rec.log;
  ASSERT_EQ(rec.messages.size(), 2u);
  EXPECT_FALSE(rec.messages[0].data_complete);
  EXPECT_EQ(rec.messages[0].payload_missing, 4u);
  EXPECT_TRUE(rec.messages[1].data_complete);
  EXPECT_EQ(ByteVector(rec.data.end() - 2, rec.data.end()), from_hex("e000"));
  EXPECT_EQ(test::note_list(rec.frames[0]), "websocket.payload_gap");
}

// RFC 6455 §5.4: a message interrupted by another, or left unfinished by the end of the
// capture, is still reported, as far as it got and marked incomplete.
TEST(Messages, UnfinishedMessagesAreReportedIncomplete) {
  ByteVector input = concat({ws_frame(0x1, from_text("ab"), false, kKey1),
                             ws_frame(0x2, from_hex("c000"), true, kKey2),
                             ws_frame(0x2, from_hex("e0"), false, kKey1)});
  ParserOptions options(true, false);
  options.message_bytes_kept = 8;
  std::string log = run_messages({Bytes(input)}, options);
  EXPECT_EQ(log,
            "data #1 6162\n"
            "frame #1 op=1 msg=1 compressed=0 inflated=0 notes=[]\n"
            "message 1 op=1 compressed=0 frames=1 first=#1 payload=2 data=2 complete=0 "
            "text_valid=1 kept=6162\n"
            "data #2 c000\n"
            "frame #2 op=2 msg=2 compressed=0 inflated=0 notes=[websocket.message_interrupted]\n"
            "message 2 op=2 compressed=0 frames=1 first=#2 payload=2 data=2 complete=1 "
            "text_valid=1 kept=c000\n"
            "data #3 e0\n"
            "frame #3 op=2 msg=3 compressed=0 inflated=0 notes=[]\n"
            "message 3 op=2 compressed=0 frames=1 first=#3 payload=1 data=1 complete=0 "
            "text_valid=1 kept=e0\n");
  EXPECT_EQ(
      check_split_invariance(input, [&](const Chunks& c) { return run_messages(c, options); }), "");
}

// ParserOptions::message_bytes_kept: the first bytes of each message are kept for display,
// no more, whatever the message's size.
TEST(Messages, KeptBytesAreBounded) {
  ByteVector input = concat({ws_frame(0x1, from_text("hello, "), false, kKey1),
                             ws_frame(0x0, from_text("world"), true, kKey2),
                             ws_frame(0x2, ByteVector(1000, 0x55), true, kKey1)});
  ParserOptions options(true, false);
  options.message_bytes_kept = 10;
  MessageRecorder rec;
  run_messages({Bytes(input)}, options, &rec);
  ASSERT_EQ(rec.kept.size(), 2u);
  EXPECT_EQ(rec.kept[0], from_text("hello, wor"));
  EXPECT_EQ(rec.kept[1], ByteVector(10, 0x55));
  EXPECT_EQ(rec.messages[1].data_bytes, 1000u);
}

}  // namespace
}  // namespace mqscope::ws
