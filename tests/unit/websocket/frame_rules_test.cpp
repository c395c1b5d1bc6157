// Every RFC 6455 framing rule a frame can break becomes a note on that frame, by stable name.
#include <gtest/gtest.h>

#include "bytes.hpp"
#include "mqscope/websocket/fields.hpp"
#include "recorder.hpp"
#include "split_feed.hpp"

namespace mqscope::ws {
namespace {

using mqscope::test::ByteVector;
using mqscope::test::Chunks;
using mqscope::test::check_split_invariance;
using mqscope::test::concat;
using mqscope::test::from_hex;
using mqscope::test::from_text;
using mqscope::test::ws_frame;
using test::kClient;
using test::kServer;
using test::Recorder;
using test::run_parser;
using Notes = std::vector<std::string>;

constexpr std::uint8_t kKey[4] = {0x31, 0x0f, 0xf2, 0x00};

// The notes of each frame of `input`, one "name,name" string per frame.
Notes frame_notes(const ByteVector& input, ParserOptions options) {
  Recorder rec;
  run_parser({Bytes(input)}, options, true, &rec);
  Notes out;
  for (const FrameRecord& f : rec.ended) out.push_back(test::note_list(f));
  return out;
}

ByteVector client(std::uint8_t opcode, const ByteVector& payload, bool fin = true,
                  std::uint8_t rsv = 0) {
  return ws_frame(opcode, payload, fin, kKey, rsv);
}

// RFC 6455 §5.1: "a client MUST mask all frames that it sends to the server".
TEST(FrameRules, UnmaskedClientFrameIsNoted) {
  EXPECT_EQ(frame_notes(concat({ws_frame(0x2, from_hex("c000")), client(0x2, from_hex("c000"))}),
                        kClient),
            (Notes{"websocket.client_frame_unmasked", ""}));
}

// RFC 6455 §5.1: "a server MUST NOT mask any frames that it sends to the client".
TEST(FrameRules, MaskedServerFrameIsNoted) {
  EXPECT_EQ(frame_notes(concat({client(0x2, from_hex("d000")), ws_frame(0x2, from_hex("d000"))}),
                        kServer),
            (Notes{"websocket.server_frame_masked", ""}));
}

// RFC 6455 §5.2: RSV1-3 MUST be 0 unless an extension defining them was negotiated.
TEST(FrameRules, ReservedBitsWithoutExtensionAreNoted) {
  ByteVector input = concat({client(0x2, from_hex("01"), true, 0x4), client(0x2, from_hex("01"), true, 0x2),
                             client(0x2, from_hex("01"), true, 0x1)});
  EXPECT_EQ(frame_notes(input, kClient),
            (Notes{"websocket.rsv_without_extension", "websocket.rsv_without_extension",
                   "websocket.rsv_without_extension"}));
}

// RFC 7692 §6: permessage-deflate gives RSV1 a meaning; RSV2 and RSV3 stay reserved.
TEST(FrameRules, Rsv1IsAllowedWithPermessageDeflateButNotRsv2OrRsv3) {
  ParserOptions deflate{true, true};
  ByteVector input = concat({client(0x2, from_hex("01"), true, 0x4), client(0x2, from_hex("01"), true, 0x6),
                             client(0x2, from_hex("01"), true, 0x1)});
  EXPECT_EQ(frame_notes(input, deflate),
            (Notes{"", "websocket.rsv_without_extension", "websocket.rsv_without_extension"}));
}

// RFC 6455 §5.2: opcodes 0x3-0x7 and 0xB-0xF are reserved.
TEST(FrameRules, ReservedOpcodesAreNoted) {
  const std::uint8_t reserved[] = {0x3, 0x4, 0x7, 0xb, 0xc, 0xf};
  for (std::uint8_t op : reserved) {
    EXPECT_EQ(frame_notes(client(op, from_hex("00")), kClient), Notes{"websocket.reserved_opcode"})
        << "opcode " << int{op};
  }
  const std::uint8_t known[] = {0x1, 0x2, 0x8, 0x9, 0xa};
  for (std::uint8_t op : known)
    EXPECT_EQ(frame_notes(client(op, {}), kClient), Notes{""}) << "opcode " << int{op};
}

// RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less".
TEST(FrameRules, ControlPayloadOver125IsNoted) {
  ByteVector input = concat({client(0x9, ByteVector(125, 'p')), client(0xa, ByteVector(126, 'p')),
                             client(0x8, concat({from_hex("03e8"), ByteVector(200, 'r')}))});
  EXPECT_EQ(frame_notes(input, kClient),
            (Notes{"", "websocket.control_too_long", "websocket.control_too_long"}));
}

// RFC 6455 §5.5: "All control frames ... MUST NOT be fragmented"; a data message goes on.
TEST(FrameRules, FragmentedControlFrameIsNoted) {
  ByteVector input = concat({client(0x2, from_hex("30"), false), client(0x9, from_text("p"), false),
                             client(0x0, from_hex("00"), true)});
  Recorder rec;
  run_parser({Bytes(input)}, kClient, true, &rec);
  ASSERT_EQ(rec.ended.size(), 3u);
  EXPECT_EQ(test::note_list(rec.ended[1]), "websocket.control_fragmented");
  EXPECT_EQ(test::note_list(rec.ended[2]), "");
  EXPECT_EQ(rec.ended[2].message_index, 1u);
  EXPECT_TRUE(rec.ended[2].message_ends);
}

// RFC 6455 §5.4: a continuation frame continues a message whose previous frame had FIN clear.
TEST(FrameRules, ContinuationWithoutMessageIsNoted) {
  ByteVector input = concat({client(0x0, from_hex("01"), true), client(0x2, from_hex("02"), true),
                             client(0x0, from_hex("03"), true)});
  EXPECT_EQ(frame_notes(input, kClient),
            (Notes{"websocket.continuation_without_message", "",
                   "websocket.continuation_without_message"}));
}

// RFC 6455 §5.4: the fragments of one message arrive in order, without another data message
// between them; the new message counts as a new one.
TEST(FrameRules, NewDataMessageBeforeTheLastEndedIsNoted) {
  ByteVector input = concat({client(0x1, from_text("a"), false), client(0x2, from_hex("c000"), true),
                             client(0x0, from_text("b"), true)});
  Recorder rec;
  run_parser({Bytes(input)}, kClient, true, &rec);
  ASSERT_EQ(rec.ended.size(), 3u);
  EXPECT_EQ(test::note_list(rec.ended[1]), "websocket.message_interrupted");
  EXPECT_EQ(rec.ended[1].message_index, 2u);
  EXPECT_EQ(rec.ended[1].message_opcode, 0x2);
  EXPECT_EQ(test::note_list(rec.ended[2]), "websocket.continuation_without_message");
}

// RFC 6455 §5.5.1: after sending a Close frame an endpoint sends nothing more.
TEST(FrameRules, FramesAfterCloseAreNotedButNotTheCloseItself) {
  ByteVector input = concat({client(0x8, from_hex("03e8")), client(0x2, from_hex("c000")),
                             client(0xa, {})});
  EXPECT_EQ(frame_notes(input, kClient),
            (Notes{"", "websocket.data_after_close", "websocket.data_after_close"}));
}

// RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length".
TEST(FrameRules, NonMinimalLengthIsNotedAndThePayloadStillRead) {
  ByteVector input = from_hex("82 7e 0002 c000  82 7f 00000000000000c8");
  input.resize(input.size() + 200, 0x41);
  Recorder rec;
  run_parser({Bytes(input)}, kServer, true, &rec);
  ASSERT_EQ(rec.ended.size(), 2u);
  EXPECT_EQ(test::note_list(rec.ended[0]), "websocket.length_not_minimal");
  EXPECT_EQ(rec.ended[0].payload_received, 2u);
  EXPECT_EQ(test::note_list(rec.ended[1]), "websocket.length_not_minimal");
  EXPECT_EQ(rec.ended[1].payload_received, 200u);
}

// RFC 6455 §5.2: the most significant bit of a 64-bit length MUST be 0.
TEST(FrameRules, SixtyFourBitLengthWithTopBitIsNoted) {
  ByteVector input = from_hex("82 7f 8000000000000004 01020304");
  Recorder rec;
  run_parser({Bytes(input)}, kServer, true, &rec);
  ASSERT_EQ(rec.ended.size(), 1u);
  EXPECT_EQ(test::note_list(rec.ended[0]), "websocket.length_top_bit,websocket.payload_gap");
}

// RFC 6455 §5.1, §5.2, §5.5, §5.5.1: a frame breaking every rule at once keeps every note.
TEST(FrameRules, AFrameBreakingEveryRuleKeepsAllItsNotes) {
  ByteVector input = concat({client(0x8, {}), from_hex("7b 7f 8000000000000010 0102")});
  Recorder rec;
  run_parser({Bytes(input)}, kClient, true, &rec);
  ASSERT_EQ(rec.ended.size(), 2u);
  EXPECT_EQ(test::note_list(rec.ended[1]),
            "websocket.data_after_close,websocket.client_frame_unmasked,"
            "websocket.rsv_without_extension,websocket.reserved_opcode,websocket.length_top_bit,"
            "websocket.control_fragmented,websocket.control_too_long,websocket.payload_gap");
}

// RFC 6455 §5: the notes of a frame do not depend on how its bytes were segmented.
TEST(FrameRules, NotesAreTheSameUnderEveryChunking) {
  ByteVector input = concat({ws_frame(0x2, from_hex("c000")), client(0x0, from_hex("01")),
                             client(0x1, from_text("a"), false, 0x4), client(0x9, from_text("p"), false),
                             client(0x2, from_hex("02")), client(0x3, {}), client(0x8, from_hex("03e8")),
                             from_hex("82 7e 0001 00"), client(0xa, ByteVector(126, 'p'))});
  std::string log = run_parser({Bytes(input)}, kClient);
  for (std::string_view name :
       {"client_frame_unmasked", "continuation_without_message", "rsv_without_extension",
        "control_fragmented", "message_interrupted", "reserved_opcode", "data_after_close",
        "length_not_minimal", "control_too_long"})
    EXPECT_NE(log.find(name), std::string::npos) << name << " missing from\n" << log;
  EXPECT_EQ(check_split_invariance(
                input, [](const Chunks& chunks) { return run_parser(chunks, kClient); }),
            "");
}

// The note table: stable, unique names in the "websocket." namespace.
TEST(FrameRules, NoteNamesAreUniqueAndNamespaced) {
  for (std::size_t i = 0; i < std::size(notes::kAll); ++i) {
    EXPECT_TRUE(notes::kAll[i]->name.starts_with("websocket.")) << notes::kAll[i]->name;
    for (std::size_t j = i + 1; j < std::size(notes::kAll); ++j)
      EXPECT_NE(notes::kAll[i]->name, notes::kAll[j]->name);
  }
}

}  // namespace
}  // namespace mqscope::ws
