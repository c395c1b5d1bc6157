// What -V shows of compressed frames (RFC 7692 §6: the Per-Message Compressed bit, §7.2.2: the
// inflated payload beside the compressed one), of text frames (RFC 6455 §5.6), and of whole
// messages of a connection whose payload is not MQTT, with their summary lines.
#include <gtest/gtest.h>

#include "bytes.hpp"
#include "deflate.hpp"
#include "message_recorder.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/websocket/describe.hpp"

namespace mqscope::ws {
namespace {

using field::NodeIndex;
using field::Tree;
using mqscope::test::ByteVector;
using mqscope::test::concat;
using mqscope::test::Deflater;
using mqscope::test::from_hex;
using mqscope::test::from_text;
using mqscope::test::ws_frame;
using test::deflate_options;
using test::kClient;
using test::MessageRecorder;
using test::run_messages;
using Lines = std::vector<std::string>;

constexpr std::uint8_t kKey[4] = {0xe1, 0x7d, 0x2f, 0x94};

Lines labels(const Tree& tree) {
  Lines out;
  for (NodeIndex i = 0; i < tree.size(); ++i) {
    if (tree[i].flags & field::kHidden) continue;
    out.push_back(std::string(2u * tree[i].depth, ' ') + field::format_label(tree, i));
  }
  return out;
}

Lines frame_lines(const FrameRecord& frame) {
  Tree tree;
  describe_frame(tree, frame);
  return labels(tree);
}

// RFC 7692 §6 and §7.2.2: Wireshark's "Per-Message Compressed" bit line, the compressed
// payload as sent, then what it inflated to.
TEST(DescribeCompressed, CompressedFrameShowsBothPayloads) {
  Deflater deflater;
  ByteVector compressed = deflater.message(from_hex("c000"));
  MessageRecorder rec;
  run_messages({Bytes(ws_frame(0x2, compressed, true, kKey, 0x4))}, deflate_options(true), &rec);
  ASSERT_EQ(rec.frames.size(), 1u);
  Lines lines = frame_lines(rec.frames[0]);
  ASSERT_EQ(lines.size(), 12u);
  EXPECT_EQ(lines[2], "  .100 .... = Reserved: 0x4");
  EXPECT_EQ(lines[3], "  .1.. .... = Per-Message Compressed: True");
  EXPECT_EQ(lines[4], "  .... 0010 = Opcode: Binary (2)");
  EXPECT_EQ(lines[9], "  Payload: " + to_hex(compressed));
  EXPECT_EQ(lines[10], "  [Inflated payload length: 2]");
  EXPECT_EQ(lines[11], "  [Inflated payload: c000]");
}

// RFC 7692 §6: with permessage-deflate every frame has the bit line, set or not.
TEST(DescribeCompressed, UncompressedFrameOfADeflateConnectionHasTheBitLineOnly) {
  MessageRecorder rec;
  run_messages({Bytes(ws_frame(0x2, from_hex("c000"), true, kKey))}, deflate_options(true), &rec);
  Lines lines = frame_lines(rec.frames.at(0));
  EXPECT_EQ(lines[3], "  .0.. .... = Per-Message Compressed: False");
  for (const std::string& line : lines) EXPECT_EQ(line.find("Inflated"), std::string::npos);
}

// RFC 6455 §5.6: a text frame's payload is shown as text too, cut at a whole character.
TEST(DescribeText, TextFrameShowsItsText) {
  MessageRecorder rec;
  run_messages({Bytes(ws_frame(0x1, from_text("h\xc3\xa9llo"), true, kKey))}, kClient, &rec);
  Lines lines = frame_lines(rec.frames.at(0));
  EXPECT_EQ(lines.back(), "    Text: h\xc3\xa9llo");
  MessageRecorder cut;
  run_messages({Bytes(ws_frame(0x1, from_text("h\xc3"), false, kKey))}, kClient, &cut);
  EXPECT_EQ(frame_lines(cut.frames.at(0)).back(), "    Text: h\u2026");
}

// RFC 7692 with RFC 6455 §5.6: a compressed text frame shows the inflated text.
TEST(DescribeText, CompressedTextFrameShowsTheInflatedText) {
  Deflater deflater;
  MessageRecorder rec;
  run_messages({Bytes(ws_frame(0x1, deflater.message(from_text("lab done")), true, nullptr, 0x4))},
               deflate_options(false), &rec);
  Lines lines = frame_lines(rec.frames.at(0));
  EXPECT_EQ(lines[lines.size() - 2], "  [Inflated payload: 6c616220646f6e65]");
  EXPECT_EQ(lines.back(), "    Text: lab done");
}

// RFC 6455 §5.4: a whole message of a non-MQTT connection, its fragments joined.
TEST(DescribeMessage, TextMessageInTwoFrames) {
  ByteVector input = concat({ws_frame(0x1, from_text("hello, "), false, kKey),
                             ws_frame(0x0, from_text("world"), true, kKey)});
  ParserOptions options(true, false);
  options.message_bytes_kept = 1024;
  MessageRecorder rec;
  run_messages({Bytes(input)}, options, &rec);
  ASSERT_EQ(rec.messages.size(), 1u);
  MessageRecord m = rec.messages[0];
  m.kept = Bytes(rec.kept[0]);
  Tree tree;
  describe_message(tree, m);
  EXPECT_EQ(labels(tree), (Lines{"[WebSocket message 1: Text, 12 bytes in 2 frames (#1)]",
                                 "  Text: hello, world"}));
  TextBuffer summary;
  append_message_summary(m, summary, Limits{});
  EXPECT_EQ(summary.view(), "Text len=12 \"hello, world\"");
}

// RFC 7692: a compressed binary message shows its inflated and compressed sizes; binary data
// is shown as hex, cut like MQTT payloads in summaries.
TEST(DescribeMessage, CompressedBinaryMessage) {
  Deflater deflater;
  ByteVector data(100, 0xab);
  ByteVector compressed = deflater.message(data);
  ParserOptions options = deflate_options(false, 15, false, 1024);
  MessageRecorder rec;
  run_messages({Bytes(ws_frame(0x2, compressed, true, nullptr, 0x4))}, options, &rec);
  ASSERT_EQ(rec.messages.size(), 1u);
  MessageRecord m = rec.messages[0];
  m.kept = Bytes(rec.kept[0]);
  Tree tree;
  describe_message(tree, m);
  Lines lines = labels(tree);
  EXPECT_EQ(lines[0], "[WebSocket message 1: Binary, 100 bytes inflated from " +
                          std::to_string(compressed.size()) + " in 1 frame (#1)]");
  EXPECT_EQ(lines[1].substr(0, 10), "  Binary: ");
  TextBuffer summary;
  append_message_summary(m, summary, Limits{});
  std::string hex24;
  for (int i = 0; i < 24; ++i) hex24 += "ab";
  EXPECT_EQ(summary.view(), "Binary len=100 deflated=" + std::to_string(compressed.size()) +
                                " " + hex24 + "\u2026");
}

// RFC 6455 §8.1: an invalid text message says so in its summary.
TEST(DescribeMessage, InvalidTextIsFlaggedInTheSummary) {
  ParserOptions options(true, false);
  options.message_bytes_kept = 16;
  MessageRecorder rec;
  run_messages({Bytes(ws_frame(0x1, from_hex("41ff42"), true, kKey))}, options, &rec);
  MessageRecord m = rec.messages.at(0);
  m.kept = Bytes(rec.kept[0]);
  TextBuffer summary;
  append_message_summary(m, summary, Limits{});
  EXPECT_EQ(summary.view(), "Text len=3 \"A\"\u2026 [websocket.text_invalid_utf8]");
}

}  // namespace
}  // namespace mqscope::ws
