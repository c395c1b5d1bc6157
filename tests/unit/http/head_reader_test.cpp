// HeadReader: collecting a request or response head up to its empty line (RFC 9112 §2.1),
// whatever the TCP segmentation, without taking the WebSocket bytes that follow it.
#include <gtest/gtest.h>

#include "bytes.hpp"
#include "mqscope/http/head.hpp"
#include "split_feed.hpp"

namespace mqscope::http {
namespace {

using test::ByteVector;
using test::Chunks;
using test::chunkings;
using test::concat;
using test::from_hex;
using test::from_text;
using Status = HeadReader::Status;

constexpr std::string_view kRequest =
    "GET /mqtt HTTP/1.1\r\n"
    "Host: 103.61.37.192:8083\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "Sec-WebSocket-Protocol: mqtt\r\n"
    "Sec-WebSocket-Key: npQCPFw1Pc5G9vqjJyi90w==\r\n"
    "Connection: keep-alive, Upgrade\r\n"
    "Upgrade: websocket\r\n"
    "\r\n";

constexpr std::string_view kResponse =
    "HTTP/1.1 101 Switching Protocols\r\n"
    "Connection: Upgrade\r\n"
    "Sec-Websocket-Accept: biw/vsujgvKx8B0bfoDnjuxHMgA=\r\n"
    "Sec-Websocket-Protocol: mqtt\r\n"
    "Upgrade: websocket\r\n"
    "\r\n";

// A masked client frame carrying an MQTT PINGREQ and an unmasked server frame with a CONNACK:
// the bytes a client or server may send right behind its head.
const ByteVector kClientFrame = from_hex("82 82 0c3cb539 cc3c");
const ByteVector kServerFrame = from_hex("82 04 20 02 00 00");

// What one HeadReader saw over a sequence of chunks.
struct Outcome {
  Status status = Status::NeedMore;
  std::size_t consumed = 0;  // bytes taken by all feeds together
  std::string text;          // text() once Complete
  ByteVector left;           // the input bytes not taken, in order
};

Outcome read_head(const Chunks& chunks, std::size_t limit) {
  HeadReader reader(limit);
  Outcome out;
  for (Bytes chunk : chunks) {
    std::size_t took = 0;
    if (out.status == Status::NeedMore) {
      took = reader.feed(chunk, out.status);
      EXPECT_LE(took, chunk.size());
      if (out.status == Status::NeedMore) {
        EXPECT_EQ(took, chunk.size()) << "NeedMore takes all";
      }
      out.consumed += took;
    }
    out.left.insert(out.left.end(), chunk.begin() + static_cast<std::ptrdiff_t>(took),
                    chunk.end());
  }
  if (out.status == Status::Complete) out.text = std::string(reader.text());
  return out;
}

// RFC 9112 §2.1: the head ends with the empty line; the request's bytes after it belong to
// the upgraded protocol (RFC 6455 §4.1) and must reach it untouched.
TEST(HeadReader, RequestCompletesAtTheEmptyLineUnderEveryChunking) {
  ByteVector input = concat({from_text(kRequest), kClientFrame});
  for (const auto& [label, chunks] : chunkings(input)) {
    Outcome out = read_head(chunks, 16 * 1024);
    ASSERT_EQ(out.status, Status::Complete) << label;
    EXPECT_EQ(out.consumed, kRequest.size()) << label;
    EXPECT_EQ(out.text, kRequest) << label;
    EXPECT_EQ(out.left, kClientFrame) << label;
  }
}

// RFC 9112 §2.1 and RFC 6455 §4.2.2: the server's first frame may share a segment with the 101.
TEST(HeadReader, ResponseCompletesAtTheEmptyLineUnderEveryChunking) {
  ByteVector input = concat({from_text(kResponse), kServerFrame});
  for (const auto& [label, chunks] : chunkings(input)) {
    Outcome out = read_head(chunks, 16 * 1024);
    ASSERT_EQ(out.status, Status::Complete) << label;
    EXPECT_EQ(out.consumed, kResponse.size()) << label;
    EXPECT_EQ(out.text, kResponse) << label;
    EXPECT_EQ(out.left, kServerFrame) << label;
  }
}

// RFC 9112 §2.1: nothing before the final LF of the empty line completes the head.
TEST(HeadReader, ByteByByteCompletesOnlyOnTheLastLineFeed) {
  HeadReader reader(1024);
  for (std::size_t i = 0; i < kResponse.size(); ++i) {
    Status status = Status::TooLarge;
    std::size_t took = reader.feed(as_bytes(kResponse.substr(i, 1)), status);
    EXPECT_EQ(took, 1u) << "byte " << i;
    EXPECT_EQ(status, i + 1 == kResponse.size() ? Status::Complete : Status::NeedMore)
        << "byte " << i;
  }
  EXPECT_EQ(reader.text(), kResponse);
}

// RFC 9112 §2.2: a recipient MAY recognize a single LF as a line terminator.
TEST(HeadReader, BareLineFeedsEndTheHeadUnderEveryChunking) {
  for (std::string_view head : {std::string_view("GET / HTTP/1.1\nHost: a\n\n"),
                                std::string_view("GET / HTTP/1.1\nHost: a\n\r\n"),
                                std::string_view("GET / HTTP/1.1\r\nHost: a\r\n\n")}) {
    ByteVector input = concat({from_text(head), kClientFrame});
    for (const auto& [label, chunks] : chunkings(input)) {
      Outcome out = read_head(chunks, 1024);
      ASSERT_EQ(out.status, Status::Complete) << label;
      EXPECT_EQ(out.text, head) << label;
      EXPECT_EQ(out.left, kClientFrame) << label;
    }
  }
}

// RFC 9112 §2.1: CRLF after a header line ends that line, not the head.
TEST(HeadReader, HeaderLinesAloneNeedMore) {
  HeadReader reader(1024);
  Status status = Status::Complete;
  std::string_view partial = "GET / HTTP/1.1\r\nHost: a\r\n";
  EXPECT_EQ(reader.feed(as_bytes(partial), status), partial.size());
  EXPECT_EQ(status, Status::NeedMore);
  EXPECT_EQ(reader.feed(as_bytes("\r"), status), 1u);
  EXPECT_EQ(status, Status::NeedMore);
  EXPECT_EQ(reader.feed(as_bytes("\nrest"), status), 1u);
  EXPECT_EQ(status, Status::Complete);
}

// RFC 9112 §2.3 lets a server bound the head; mqscope stops at the limit and takes no more.
TEST(HeadReader, HeadOneByteOverTheLimitIsTooLargeAfterTakingExactlyTheLimit) {
  std::size_t limit = kRequest.size() - 1;
  ByteVector input = concat({from_text(kRequest), kClientFrame});
  for (const auto& [label, chunks] : chunkings(input)) {
    Outcome out = read_head(chunks, limit);
    EXPECT_EQ(out.status, Status::TooLarge) << label;
    EXPECT_EQ(out.consumed, limit) << label;
    EXPECT_EQ(out.left.size(), input.size() - limit) << label;
  }
}

// RFC 9112 §2.3: the bound is inclusive; a head of exactly the limit is read.
TEST(HeadReader, HeadOfExactlyTheLimitCompletes) {
  ByteVector input = concat({from_text(kRequest), kClientFrame});
  for (const auto& [label, chunks] : chunkings(input)) {
    Outcome out = read_head(chunks, kRequest.size());
    ASSERT_EQ(out.status, Status::Complete) << label;
    EXPECT_EQ(out.text, kRequest) << label;
    EXPECT_EQ(out.left, kClientFrame) << label;
  }
}

// RFC 9112 §2.3: a stream that never ends its head is cut off, not buffered without end.
TEST(HeadReader, EndlessHeadIsTooLargeAndStopsTaking) {
  HeadReader reader(64);
  Status status = Status::NeedMore;
  std::string line = "X-Filler: aaaaaaaaaaaaaaaaaaaaaaa\r\n";  // 35 bytes
  EXPECT_EQ(reader.feed(as_bytes(line), status), line.size());
  EXPECT_EQ(status, Status::NeedMore);
  EXPECT_EQ(reader.feed(as_bytes(line), status), 64 - line.size());
  EXPECT_EQ(status, Status::TooLarge);
  EXPECT_LE(reader.text().size(), 64u);
}

// RFC 9112 §2.1: the request and the response are separate heads; reset() reuses the reader.
TEST(HeadReader, ResetStartsAFreshHead) {
  HeadReader reader(1024);
  Status status = Status::NeedMore;
  reader.feed(as_bytes(kRequest), status);
  ASSERT_EQ(status, Status::Complete);
  reader.reset();
  EXPECT_TRUE(reader.text().empty());
  EXPECT_EQ(reader.feed(as_bytes(kResponse), status), kResponse.size());
  EXPECT_EQ(status, Status::Complete);
  EXPECT_EQ(reader.text(), kResponse);
}

}  // namespace
}  // namespace mqscope::http
