// describe_frame: the "WebSocket" subtree of one frame as Wireshark prints it (RFC 6455 §5.2
// header fields, §5.5.1 Close payload), and the close code rules of §7.4.
#include <gtest/gtest.h>

#include "bytes.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/websocket/describe.hpp"
#include "recorder.hpp"

namespace mqscope::ws {
namespace {

using field::NodeIndex;
using field::Tree;
using mqscope::test::ByteVector;
using mqscope::test::concat;
using mqscope::test::from_hex;
using mqscope::test::from_text;
using mqscope::test::ws_frame;
using test::kClient;
using test::kServer;
using test::Recorder;
using Lines = std::vector<std::string>;

Lines labels(const Tree& tree) {
  Lines out;
  for (NodeIndex i = 0; i < tree.size(); ++i)
    out.push_back(std::string(2u * tree[i].depth, ' ') + field::format_label(tree, i));
  return out;
}

// Parses `input` (one capture frame) and describes its first frame.
struct Described {
  Recorder rec;
  Tree tree;
  Lines lines;
  Described(const ByteVector& input, ParserOptions options) {
    test::run_parser({Bytes(input)}, options, true, &rec);
    EXPECT_FALSE(rec.ended.empty());
    if (rec.ended.empty()) return;
    describe_frame(tree, rec.ended.front());
    lines = labels(tree);
  }
};

// RFC 6455 §5.2: the seed capture's PINGREQ frame, label for label as Wireshark shows it.
TEST(DescribeFrame, MaskedBinaryFrameReadsLikeWireshark) {
  Described d(from_hex("82 81 0c3cb539 1c"), kClient);
  EXPECT_EQ(d.lines, (Lines{
                         "WebSocket",
                         "  1... .... = Fin: True",
                         "  .000 .... = Reserved: 0x0",
                         "  .... 0010 = Opcode: Binary (2)",
                         "  1... .... = Mask: True",
                         "  .000 0001 = Payload length: 1",
                         "  Masking-Key: 0c3cb539",
                         "  Masked payload: 1c",
                         "  Payload: 10",
                     }));
}

// RFC 6455 §5.5.1: a Close payload is a 2-byte status code and a UTF-8 reason.
TEST(DescribeFrame, CloseFrameShowsStatusCodeNameAndReason) {
  Described d(ws_frame(0x8, from_hex("03e8 627965")), kServer);
  EXPECT_EQ(d.lines, (Lines{
                         "WebSocket",
                         "  1... .... = Fin: True",
                         "  .000 .... = Reserved: 0x0",
                         "  .... 1000 = Opcode: Connection Close (8)",
                         "  0... .... = Mask: False",
                         "  .000 0101 = Payload length: 5",
                         "  Payload: 03e8627965",
                         "    Close",
                         "      Status code: Normal Closure (1000)",
                         "      Reason: bye",
                     }));
}

// RFC 6455 §5.3 and §5.5.1: a client's Close is shown masked and unmasked, then decoded.
TEST(DescribeFrame, MaskedCloseFrameDecodesTheUnmaskedPayload) {
  const std::uint8_t key[4] = {0x31, 0x0f, 0xf2, 0x00};
  Described d(ws_frame(0x8, from_hex("03e9 6177617921"), true, key), kClient);
  ASSERT_EQ(d.lines.size(), 12u);
  EXPECT_EQ(d.lines[6], "  Masking-Key: 310ff200");
  EXPECT_EQ(d.lines[7], "  Masked payload: 32e693775076d3");
  EXPECT_EQ(d.lines[8], "  Payload: 03e96177617921");
  EXPECT_EQ(d.lines[10], "      Status code: Going Away (1001)");
  EXPECT_EQ(d.lines[11], "      Reason: away!");
}

// RFC 6455 §7.4.1: 1005 is never sent in a Close frame; a one-byte payload is malformed.
TEST(DescribeFrame, BadClosePayloadsAreNoted) {
  Described invalid(ws_frame(0x8, from_hex("03ed")), kServer);
  EXPECT_EQ(invalid.lines.back(),
            "      [Expert Info (Warning/Protocol): Invalid close status code (RFC 6455 §7.4) "
            "(websocket.close_invalid_code)]");
  Described short_payload(ws_frame(0x8, from_hex("03")), kServer);
  EXPECT_EQ(short_payload.lines.back(),
            "      [Expert Info (Warning/Malformed): Close payload of one byte (RFC 6455 §5.5.1) "
            "(websocket.close_payload_short)]");
}

// RFC 6455 §5.5.1: when the status code itself was not captured, nothing about it is made up.
TEST(DescribeFrame, CloseWithUncapturedStatusCodeHasNoCodeAndNoShortNote) {
  ByteVector close = ws_frame(0x8, from_hex("03e8 627965"));
  Recorder rec;
  Limits limits;
  FrameParser parser(limits, kServer, rec);
  parser.feed(Bytes(close).first(3), Origin{1, 0});
  parser.gap(1);
  parser.feed(Bytes(close).subspan(4), Origin{2, 0});
  ASSERT_EQ(rec.ended.size(), 1u);
  Tree tree;
  describe_frame(tree, rec.ended[0]);
  Lines lines = labels(tree);
  for (const std::string& line : lines) {
    EXPECT_EQ(line.find("Status code"), std::string::npos) << line;
    EXPECT_EQ(line.find("close_payload_short"), std::string::npos) << line;
    EXPECT_EQ(line.find("close_invalid_code"), std::string::npos) << line;
  }
  EXPECT_EQ(lines.back(), "  [1 payload bytes not captured]");
}

// RFC 6455 §5.2: length 126 announces a 16-bit extended length.
TEST(DescribeFrame, SixteenBitLengthIsShownWithItsExtendedField) {
  Described d(ws_frame(0x2, ByteVector(300, 0xab)), kServer);
  ASSERT_GE(d.lines.size(), 7u);
  EXPECT_EQ(d.lines[4], "  0... .... = Mask: False");
  EXPECT_EQ(d.lines[5], "  .111 1110 = Payload length: 126 Extended Payload Length (16 bits)");
  EXPECT_EQ(d.lines[6], "  Extended Payload length (16 bits): 300");
  std::string shown;
  for (int i = 0; i < 36; ++i) shown += "ab";  // Wireshark shows 36 bytes of a long payload
  EXPECT_EQ(d.lines[7], "  Payload: " + shown + "\u2026");
}

// RFC 6455 §5.2: length 127 announces a 64-bit extended length.
TEST(DescribeFrame, SixtyFourBitLengthIsShownWithItsExtendedField) {
  Described d(ws_frame(0x2, ByteVector(65536, 0x01)), kServer);
  ASSERT_GE(d.lines.size(), 7u);
  EXPECT_EQ(d.lines[5], "  .111 1111 = Payload length: 127 Extended Payload Length (64 bits)");
  EXPECT_EQ(d.lines[6], "  Extended Payload length (64 bits): 65536");
}

// RFC 6455 §5.2: a frame cut short says how much of its payload the lines show.
TEST(DescribeFrame, TruncatedPayloadSaysHowMuchIsShown) {
  const std::uint8_t key[4] = {0x0c, 0x3c, 0xb5, 0x39};
  ByteVector frame = ws_frame(0x2, from_hex("40414243444546474849"), true, key);
  frame.resize(9);
  Described d(frame, kClient);
  EXPECT_EQ(d.lines[8], "  Payload: 404142 (3 of 10 bytes shown)");
  EXPECT_EQ(d.lines.back(), "  [7 payload bytes not captured]");
}

// RFC 6455 §5.5.2-5.5.3: Ping and Pong payloads are shown as such; a frame over two capture
// frames names both; rule notes follow the fields.
TEST(DescribeFrame, PingSpanAndRuleNotes) {
  ByteVector ping = ws_frame(0x9, from_text("ping"));
  Recorder rec;
  Limits limits;
  FrameParser parser(limits, kClient, rec);
  parser.feed(Bytes(ping).first(3), Origin{12, 66});
  parser.feed(Bytes(ping).subspan(3), Origin{13, 54});
  ASSERT_EQ(rec.ended.size(), 1u);
  Tree tree;
  describe_frame(tree, rec.ended[0]);
  EXPECT_EQ(labels(tree), (Lines{
                              "WebSocket",
                              "  1... .... = Fin: True",
                              "  .000 .... = Reserved: 0x0",
                              "  .... 1001 = Opcode: Ping (9)",
                              "  0... .... = Mask: False",
                              "  .000 0100 = Payload length: 4",
                              "  [Frame spans capture frames: #12-13]",
                              "  Payload: 70696e67",
                              "    Ping: 70696e67",
                              "  [Expert Info (Warning/Protocol): Client-to-server frame is not "
                              "masked (RFC 6455 §5.1) (websocket.client_frame_unmasked)]",
                          }));
}

// RFC 6455 §7.4.1-7.4.2 and the IANA registry: 1000-1003 and 1007-1014 may be sent, 1004-1006
// and 1015 may not, 0-999 and 1016-2999 are not in use, 3000-4999 are for libraries and apps.
TEST(IsValidCloseCode, FollowsRfc6455Section7_4) {
  const std::uint16_t valid[] = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010,
                                 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999};
  const std::uint16_t invalid[] = {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535};
  for (std::uint16_t code : valid) EXPECT_TRUE(is_valid_close_code(code)) << code;
  for (std::uint16_t code : invalid) EXPECT_FALSE(is_valid_close_code(code)) << code;
}

}  // namespace
}  // namespace mqscope::ws
