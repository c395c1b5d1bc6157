// FrameParser streaming: frames of RFC 6455 §5.2 arriving in TCP pieces of any size, payloads
// unmasked across piece boundaries (§5.3), fragmented messages with control frames between
// their fragments (§5.4), and the capture position of every payload byte.
#include <gtest/gtest.h>

#include "bytes.hpp"
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

constexpr std::uint8_t kKey1[4] = {0x0c, 0x3c, 0xb5, 0x39};
constexpr std::uint8_t kKey2[4] = {0x98, 0xf0, 0x07, 0x81};
constexpr std::uint8_t kKey3[4] = {0xde, 0x13, 0x42, 0xc9};

ByteVector counting(std::size_t n, std::uint8_t start = 0) {
  ByteVector out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(start + i);
  return out;
}

// A client's side of an MQTT session: masked frames of every kind, lengths on both sides of
// the 7-bit limit, and a fragmented text message with a Ping between its fragments.
ByteVector client_stream() {
  return concat({ws_frame(0x2, from_hex("101000044d5154540402003c0004636c6964"), true, kKey1),
                 ws_frame(0x1, from_text("Hel"), false, kKey2),
                 ws_frame(0x9, from_text("ping"), true, kKey3),
                 ws_frame(0x0, from_text("lo"), true, kKey1),
                 ws_frame(0x2, counting(130), true, kKey2),
                 ws_frame(0x2, {}, true, kKey3),
                 ws_frame(0x8, from_hex("03e8 627965"), true, kKey1)});
}

// A server's side: unmasked frames, a 16-bit length at its lower bound, a Pong, a Close.
ByteVector server_stream() {
  return concat({ws_frame(0x2, from_hex("20020000")), ws_frame(0x2, counting(126, 7)),
                 ws_frame(0xa, from_text("pong")), ws_frame(0x2, from_hex("d000")),
                 ws_frame(0x8, from_hex("03e8"))});
}

std::string feed_client(const Chunks& chunks) { return run_parser(chunks, kClient); }
std::string feed_server(const Chunks& chunks) { return run_parser(chunks, kServer); }

// RFC 6455 §5.2: frames follow each other without delimiters; one chunk may hold several.
TEST(FrameParser, SeveralFramesInOneChunk) {
  ByteVector input = concat({ws_frame(0x2, from_hex("c000"), true, kKey1),
                             ws_frame(0x9, {}, true, kKey2),
                             ws_frame(0x2, from_hex("e000"), true, kKey3)});
  EXPECT_EQ(run_parser({Bytes(input)}, kClient),
            "start #1 op=2 fin=1 masked=1 len=2 msg=1/2\n"
            "data #1 @1:6 phase=0 key=0c3cb539 c000\n"
            "end #1 got=2 missing=0 msg_end=1 notes=[]\n"
            "start #2 op=9 fin=1 masked=1 len=0 msg=0/9\n"
            "end #2 got=0 missing=0 msg_end=0 notes=[]\n"
            "start #3 op=2 fin=1 masked=1 len=2 msg=2/2\n"
            "data #3 @1:20 phase=0 key=de1342c9 e000\n"
            "end #3 got=2 missing=0 msg_end=1 notes=[]\n");
}

// RFC 6455 §5.3: the key phase carries over piece boundaries; each piece says where its
// first byte was captured and at which key byte its masking starts.
TEST(FrameParser, OneFrameOverManyCaptureFramesKeepsOriginsAndPhases) {
  ByteVector payload = counting(10, 0x40);
  ByteVector frame = ws_frame(0x2, payload, true, kKey1);  // 6 header + 10 payload bytes
  Bytes all(frame);
  Limits limits;
  Recorder rec;
  rec.captured[6] = all.subspan(7, 5);
  rec.captured[7] = all.subspan(12);
  std::vector<std::uint8_t> wire5(66, 0);
  wire5.insert(wire5.end(), frame.begin(), frame.begin() + 7);
  rec.captured[5] = Bytes(wire5);
  FrameParser parser(limits, kClient, rec);
  parser.feed(all.first(7), Origin{5, 66});
  EXPECT_TRUE(parser.in_frame());
  parser.feed(all.subspan(7, 5), Origin{6, 0});
  parser.feed(all.subspan(12), Origin{7, 0});
  EXPECT_FALSE(parser.in_frame());
  EXPECT_EQ(rec.log,
            "start #1 op=2 fin=1 masked=1 len=10 msg=1/2\n"
            "data #1 @5:72 phase=0 key=0c3cb539 40\n"
            "data #1 @6:0 phase=1 key=0c3cb539 4142434445\n"
            "data #1 @7:0 phase=2 key=0c3cb539 46474849\n"
            "end #1 got=10 missing=0 msg_end=1 notes=[]\n");
  ASSERT_EQ(rec.ended.size(), 1u);
  EXPECT_EQ(rec.ended[0].header_origin.frame, 5u);
  EXPECT_EQ(rec.ended[0].header_origin.frame_offset, 66u);
  EXPECT_EQ(rec.ended[0].last_capture_frame, 7u);
  EXPECT_EQ(rec.ended[0].preview_length, 10);
  EXPECT_TRUE(std::equal(payload.begin(), payload.end(), rec.ended[0].preview.begin()));
}

// RFC 6455 §5.2: a header is read only once all its bytes are there, even when the masking
// key itself is cut between two pieces.
TEST(FrameParser, MaskingKeyCutAcrossChunks) {
  ByteVector frame = ws_frame(0x2, from_hex("30 05 00 01 61 62 63"), true, kKey3);
  Bytes all(frame);
  for (std::size_t cut = 3; cut < 6; ++cut) {
    std::string log = run_parser({all.first(cut), all.subspan(cut)}, kClient);
    EXPECT_EQ(log,
              "start #1 op=2 fin=1 masked=1 len=7 msg=1/2\n"
              "data #1 @1:6 phase=0 key=de1342c9 30050001616263\n"
              "end #1 got=7 missing=0 msg_end=1 notes=[]\n")
        << "cut at " << cut;
  }
}

// RFC 6455 §5.2-5.4: the same events whatever the TCP segmentation of a client stream.
TEST(FrameParser, ClientStreamGivesTheSameLogUnderEveryChunking) {
  ByteVector input = client_stream();
  EXPECT_EQ(check_split_invariance(input, feed_client), "");
  std::string log = feed_client({Bytes(input)});
  EXPECT_EQ(log.find("BAD"), std::string::npos) << log;
  EXPECT_NE(log.find("data #5 @1:"), std::string::npos) << log;
  EXPECT_NE(log.find("end #7 got=5 missing=0 msg_end=0 notes=[]"), std::string::npos) << log;
}

// RFC 6455 §5.1-5.2: likewise for a server stream of unmasked frames.
TEST(FrameParser, ServerStreamGivesTheSameLogUnderEveryChunking) {
  ByteVector input = server_stream();
  EXPECT_EQ(check_split_invariance(input, feed_server), "");
  std::string log = feed_server({Bytes(input)});
  EXPECT_EQ(log.find("BAD"), std::string::npos) << log;
  EXPECT_NE(log.find("start #2 op=2 fin=1 masked=0 len=126 msg=2/2"), std::string::npos) << log;
  EXPECT_NE(log.find("data #1 @1:2 phase=0 key=00000000 20020000"), std::string::npos) << log;
}

// RFC 6455 §5.2: a stream cut inside a payload or a header gives the same events under
// every chunking of what was captured.
TEST(FrameParser, TruncatedStreamsGiveTheSameLogUnderEveryChunking) {
  ByteVector input = client_stream();
  for (std::size_t cut : {input.size() - 3, input.size() - 9, std::size_t{40}}) {
    ByteVector head(input.begin(), input.begin() + static_cast<std::ptrdiff_t>(cut));
    EXPECT_EQ(check_split_invariance(head, feed_client), "") << "cut at " << cut;
  }
}

// RFC 6455 §5.4: control frames may be injected in the middle of a fragmented message; they
// belong to no message and do not end the one in progress.
TEST(FrameParser, ControlFramesBetweenFragmentsKeepTheMessageGoing) {
  ByteVector input = concat({ws_frame(0x1, from_text("He"), false, kKey1),
                             ws_frame(0x9, from_text("p"), true, kKey2),
                             ws_frame(0x0, from_text("ll"), false, kKey3),
                             ws_frame(0xa, {}, true, kKey1),
                             ws_frame(0x0, from_text("o"), true, kKey2),
                             ws_frame(0x2, from_hex("c000"), true, kKey3)});
  Recorder rec;
  run_parser({Bytes(input)}, kClient, true, &rec);
  ASSERT_EQ(rec.ended.size(), 6u);
  struct Want {
    std::uint8_t opcode;
    std::uint32_t message_index;
    std::uint8_t message_opcode;
    bool message_ends;
  };
  const Want want[] = {{0x1, 1, 0x1, false}, {0x9, 0, 0x9, false}, {0x0, 1, 0x1, false},
                       {0xa, 0, 0xa, false}, {0x0, 1, 0x1, true},  {0x2, 2, 0x2, true}};
  for (std::size_t i = 0; i < 6; ++i) {
    const FrameRecord& f = rec.ended[i];
    EXPECT_EQ(f.index, i + 1);
    EXPECT_EQ(f.header.opcode, want[i].opcode) << "frame " << i + 1;
    EXPECT_EQ(f.message_index, want[i].message_index) << "frame " << i + 1;
    EXPECT_EQ(f.message_opcode, want[i].message_opcode) << "frame " << i + 1;
    EXPECT_EQ(f.message_ends, want[i].message_ends) << "frame " << i + 1;
    EXPECT_EQ(f.note_count, 0) << "frame " << i + 1 << ": " << test::note_list(f);
  }
}

// RFC 6455 §5.2: the parser takes any length its field can say; 125/126/65535/65536 are the
// edges of the three encodings, with the header cut at every byte.
TEST(FrameParser, BoundaryLengthsStreamWholePayloads) {
  for (std::size_t n : {std::size_t{125}, std::size_t{126}, std::size_t{65535},
                        std::size_t{65536}}) {
    ByteVector payload = counting(n, 3);
    ByteVector frame = ws_frame(0x2, payload, true, kKey2);
    Bytes all(frame);
    std::size_t header = frame.size() - n;
    for (std::size_t cut = 1; cut <= header + 1; ++cut) {
      Recorder rec;
      std::string log = run_parser({all.first(cut), all.subspan(cut)}, kClient, true, &rec);
      EXPECT_EQ(log.find("BAD"), std::string::npos) << n << " cut " << cut;
      ASSERT_EQ(rec.ended.size(), 1u) << n << " cut " << cut;
      EXPECT_EQ(rec.ended[0].header.payload_length, n);
      EXPECT_EQ(rec.ended[0].payload_received, n);
      EXPECT_EQ(rec.ended[0].header.header_length, header);
      EXPECT_EQ(rec.ended[0].note_count, 0) << test::note_list(rec.ended[0]);
    }
  }
}

// A masked payload longer than kUnmaskPartBytes arriving at once is unmasked and handed on in
// parts of at most that size; each part continues the last (origin, key phase: RFC 6455
// §5.3), and the log is the one of the same payload fed a byte at a time at the part ends.
TEST(FrameParser, LongMaskedPayloadIsHandedOnInUnmaskedParts) {
  struct PartSizes : Recorder {
    std::vector<std::size_t> sizes;
    void on_frame_data(const FrameRecord& f, Bytes payload, const Piece& p) override {
      sizes.push_back(payload.size());
      Recorder::on_frame_data(f, payload, p);
    }
  };
  std::size_t n = 2 * kUnmaskPartBytes + 3;
  ByteVector frame = ws_frame(0x2, counting(n, 9), true, kKey3);  // a 64-bit length: 14 bytes
  Bytes all(frame);
  PartSizes rec;
  std::string whole = run_parser({all}, kClient, true, &rec);
  EXPECT_EQ(rec.sizes, (std::vector<std::size_t>{kUnmaskPartBytes, kUnmaskPartBytes, 3}));
  EXPECT_EQ(whole.find("BAD"), std::string::npos);
  std::size_t cut = 14 + kUnmaskPartBytes + 1;  // a part of odd length: the phase moves on
  EXPECT_EQ(whole, run_parser({all.first(cut), all.subspan(cut)}, kClient));
  EXPECT_NE(whole.find("end #1 got=" + std::to_string(n) + " missing=0"), std::string::npos);
}

// RFC 6455 §5.2: a frame may have no payload; it starts and ends at its header.
TEST(FrameParser, EmptyFramesEndAtTheirHeader) {
  ByteVector input = concat({ws_frame(0x8, {}), ws_frame(0x2, {})});
  Recorder rec;
  Limits limits;
  FrameParser parser(limits, kServer, rec);
  parser.feed(Bytes(input).first(2), Origin{3, 54});
  EXPECT_EQ(parser.frames(), 1u);
  EXPECT_FALSE(parser.in_frame());
  EXPECT_EQ(rec.log,
            "start #1 op=8 fin=1 masked=0 len=0 msg=0/8\n"
            "end #1 got=0 missing=0 msg_end=0 notes=[]\n");
}

// RFC 6455 §5.2: a header cut over two capture frames spans them, even with no payload.
TEST(FrameParser, HeaderOverTwoCaptureFramesSpansThem) {
  ByteVector frame = ws_frame(0x8, {}, true, kKey1);
  Bytes all(frame);
  Recorder rec;
  Limits limits;
  FrameParser parser(limits, kClient, rec);
  parser.feed(all.first(3), Origin{8, 60});
  EXPECT_TRUE(parser.in_frame());
  EXPECT_EQ(parser.frames(), 0u);
  parser.feed(all.subspan(3), Origin{9, 54});
  ASSERT_EQ(rec.ended.size(), 1u);
  EXPECT_EQ(rec.ended[0].header_origin.frame, 8u);
  EXPECT_EQ(rec.ended[0].header_origin.frame_offset, 60u);
  EXPECT_EQ(rec.ended[0].last_capture_frame, 9u);
  EXPECT_TRUE(std::equal(frame.begin(), frame.end(), rec.ended[0].header_bytes.begin()));
}

// RFC 6455 §5.3: the preview keeps the payload's first bytes both as captured and unmasked.
TEST(FrameParser, PreviewKeepsTheFirst125BytesMaskedAndUnmasked) {
  ByteVector payload = counting(300);
  ByteVector frame = ws_frame(0x2, payload, true, kKey3);
  Recorder rec;
  run_parser({Bytes(frame)}, kClient, true, &rec);
  ASSERT_EQ(rec.ended.size(), 1u);
  const FrameRecord& f = rec.ended[0];
  ASSERT_EQ(f.preview_length, kPreviewBytes);
  ByteVector masked_payload = mqscope::test::masked(payload, kKey3);
  EXPECT_TRUE(std::equal(f.preview.begin(), f.preview.end(), payload.begin()));
  EXPECT_TRUE(std::equal(f.preview_masked.begin(), f.preview_masked.end(), masked_payload.begin()));
}

// Outputs without frame trees ask for no data previews: the frames, their payload and notes are
// the same, data frames keep no preview, and Close bodies are still judged (RFC 6455 §5.5.1,
// §7.4.1: 1005 may not be sent).
TEST(FrameParser, WithoutDataPreviewsOnlyControlFramesKeepTheirFirstBytes) {
  ByteVector stream = concat({client_stream(), ws_frame(0x8, from_hex("03ed"), true, kKey2)});
  ParserOptions brief = kClient;
  brief.data_previews = false;
  Recorder with;
  Recorder without;
  std::string full_log = run_parser({Bytes(stream)}, kClient, true, &with);
  EXPECT_EQ(run_parser({Bytes(stream)}, brief, true, &without), full_log);
  EXPECT_NE(full_log.find("close_invalid_code"), std::string::npos);
  ASSERT_EQ(without.ended.size(), with.ended.size());
  for (std::size_t i = 0; i < without.ended.size(); ++i) {
    const FrameRecord& f = without.ended[i];
    if (f.is_data()) EXPECT_EQ(f.preview_length, 0) << "frame " << f.index;
    else EXPECT_EQ(f.preview_length, with.ended[i].preview_length) << "frame " << f.index;
  }
}

}  // namespace
}  // namespace mqscope::ws
