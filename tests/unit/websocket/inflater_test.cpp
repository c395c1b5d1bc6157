// Inflater: the receiving side of permessage-deflate (RFC 7692 §7.2.2), against messages
// compressed by zlib in the test the way a conforming sender does (§7.2.1), with and without
// context takeover (§7.1.1), with windows below 15 bits (§7.1.2), cut at every offset, and
// with its size limits (a deflate bomb is stopped, never buffered).
#include <gtest/gtest.h>

#include <algorithm>

#include "bytes.hpp"
#include "deflate.hpp"
#include "mqscope/websocket/fields.hpp"
#include "mqscope/websocket/inflater.hpp"
#include "split_feed.hpp"

namespace mqscope::ws {
namespace {

using mqscope::test::ByteVector;
using mqscope::test::check_split_invariance;
using mqscope::test::Chunks;
using mqscope::test::Deflater;
using mqscope::test::from_text;
using mqscope::test::noise;

// What one message inflates to, fed in `chunks`; "" and the problem's name if it stopped.
struct Result {
  ByteVector data;
  std::string problem;
  std::size_t largest_piece = 0;
};

Result inflate_message(Inflater& inflater, const Chunks& chunks) {
  Result r;
  auto out = [&](Bytes b) {
    r.data.insert(r.data.end(), b.begin(), b.end());
    r.largest_piece = std::max(r.largest_piece, b.size());
  };
  inflater.begin_message();
  for (Bytes c : chunks) inflater.feed(c, out);
  inflater.end_message(out);
  if (inflater.problem()) r.problem = std::string(inflater.problem()->name);
  return r;
}

Result inflate_message(Inflater& inflater, const ByteVector& compressed) {
  return inflate_message(inflater, Chunks{Bytes(compressed)});
}

// A JSON-like text whose repetitions compress well, like the capture's PUBLISH payloads.
ByteVector reading(int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s += "{\"sensor\":\"lab/z/" + std::to_string(i % 7) +
         "\",\"value\":" + std::to_string(i * 37 % 1000) + "},";
  return from_text(s);
}

// RFC 7692 §7.2.2: append 00 00 ff ff and inflate; the result is the sender's message.
TEST(Inflater, InflatesWhatZlibCompressed) {
  Limits limits;
  Deflater deflater;
  Inflater inflater(limits, {});
  ByteVector message = reading(40);
  ByteVector compressed = deflater.message(message);
  ASSERT_LT(compressed.size(), message.size());
  Result r = inflate_message(inflater, compressed);
  EXPECT_EQ(r.problem, "");
  EXPECT_EQ(r.data, message);
  EXPECT_EQ(inflater.message_in(), compressed.size() + 4);
  EXPECT_EQ(inflater.message_out(), message.size());
}

// RFC 7692 §7.2.3.5: an empty message compresses to a lone 00 and inflates to nothing.
TEST(Inflater, EmptyMessage) {
  Limits limits;
  Deflater deflater;
  Inflater inflater(limits, {});
  ByteVector compressed = deflater.message({});
  Result r = inflate_message(inflater, compressed);
  EXPECT_EQ(r.problem, "");
  EXPECT_TRUE(r.data.empty());
}

// RFC 7692 §7.1.1: with context takeover the second of two equal messages is a back-reference
// into the first; it inflates only with the first one's window.
TEST(Inflater, ContextTakeoverKeepsTheWindowAcrossMessages) {
  Limits limits;
  Deflater deflater(15, true);
  ByteVector message = noise(900);
  ByteVector first = deflater.message(message);
  ByteVector second = deflater.message(message);
  ASSERT_LT(second.size(), 20u);  // nothing but a reference to the previous message
  Inflater takeover(limits, {15, false});
  EXPECT_EQ(inflate_message(takeover, first).data, message);
  Result r = inflate_message(takeover, second);
  EXPECT_EQ(r.problem, "");
  EXPECT_EQ(r.data, message);
  // A receiver that starts each message afresh cannot resolve the reference.
  Inflater fresh(limits, {15, true});
  EXPECT_EQ(inflate_message(fresh, first).data, message);
  EXPECT_EQ(inflate_message(fresh, second).problem, "websocket.inflate_failed");
}

// RFC 7692 §7.1.1.1-2: without context takeover each message stands alone.
TEST(Inflater, NoContextTakeoverStartsEveryMessageAfresh) {
  Limits limits;
  Deflater deflater(15, false);
  Inflater inflater(limits, {15, true});
  for (int i = 1; i <= 4; ++i) {
    ByteVector message = reading(10 * i);
    Result r = inflate_message(inflater, deflater.message(message));
    EXPECT_EQ(r.problem, "") << "message " << i;
    EXPECT_EQ(r.data, message) << "message " << i;
  }
}

// RFC 7692 §7.1.2: a sender limited to 2^9 or 2^10 bytes of window, with context takeover,
// inflated with the negotiated window over many messages longer than it.
TEST(Inflater, WindowsBelowFifteenBitsWithContextTakeover) {
  Limits limits;
  for (int bits : {9, 10, 12}) {
    Deflater deflater(bits, true);
    Inflater inflater(limits, {static_cast<std::uint8_t>(bits), false});
    for (int i = 0; i < 6; ++i) {
      ByteVector message = reading(30 + i);
      Result r = inflate_message(inflater, deflater.message(message));
      EXPECT_EQ(r.problem, "") << bits << " bits, message " << i;
      EXPECT_EQ(r.data, message) << bits << " bits, message " << i;
    }
  }
}

// RFC 7692 §7.1.2.1 bounds the window a sender may use. zlib judges a reference beyond a
// smaller window against the output of its current call as well, so that judgement would
// depend on how TCP and WebSocket cut the payload; mqscope inflates with the largest window
// instead: a sender reaching further back than it agreed is decoded as it meant, the same
// whatever the chunking (a fuzz finding, tests/fuzz/regressions/websocket/).
TEST(Inflater, ReferenceBeyondTheNegotiatedWindowDecodesTheSameWhateverTheChunking) {
  Limits limits;
  Deflater deflater(15, true);
  ByteVector message = noise(2000);
  ByteVector first = deflater.message(message);
  ByteVector second = deflater.message(message);  // refers 2000 bytes back
  Inflater whole(limits, {9, false});
  EXPECT_EQ(inflate_message(whole, first).data, message);
  Result r = inflate_message(whole, second);
  EXPECT_EQ(r.problem, "");
  EXPECT_EQ(r.data, message);
  Inflater bytewise(limits, {9, false});
  EXPECT_EQ(inflate_message(bytewise, first).data, message);
  Chunks one_by_one;
  for (std::size_t i = 0; i < second.size(); ++i) one_by_one.push_back(Bytes(second).subspan(i, 1));
  EXPECT_EQ(inflate_message(bytewise, one_by_one).data, message);
}

// RFC 7692 §7.2.3.3: a message may end with a final block; with context takeover the next
// message still refers to its window.
TEST(Inflater, FinalBlockKeepsTheWindowForTheNextMessage) {
  Limits limits;
  Deflater deflater(15, true);
  ByteVector message = noise(700);
  ByteVector first = deflater.final_block_message(message);
  ByteVector second = deflater.message(message);
  ASSERT_LT(second.size(), 20u);
  Inflater inflater(limits, {15, false});
  EXPECT_EQ(inflate_message(inflater, first).data, message);
  Result r = inflate_message(inflater, second);
  EXPECT_EQ(r.problem, "");
  EXPECT_EQ(r.data, message);
}

// Split invariance: each message, with the window of the one before, gives the same bytes
// whole, cut at every offset, and byte by byte.
TEST(Inflater, SameResultUnderEveryChunking) {
  Limits limits;
  for (bool takeover : {true, false}) {
    Deflater deflater(10, takeover);
    ByteVector m1 = reading(25);
    ByteVector m2 = reading(26);
    ByteVector c1 = deflater.message(m1);
    ByteVector c2 = deflater.message(m2);
    auto run = [&](const Chunks& chunks) {
      Inflater inflater(limits, {10, !takeover});
      Result first = inflate_message(inflater, c1);
      Result second = inflate_message(inflater, chunks);
      return to_hex(first.data) + "\n" + to_hex(second.data) + "\n" + second.problem;
    };
    EXPECT_EQ(run(Chunks{Bytes(c2)}), to_hex(m1) + "\n" + to_hex(m2) + "\n");
    EXPECT_EQ(check_split_invariance(c2, run), "") << "takeover " << takeover;
  }
}

// Split invariance of stopped messages: where a deflate bomb stops (Limits::ws_inflate_ratio,
// judged at fixed points of the compressed bytes), where a corrupt message stops, and how many
// compressed bytes are reported lost (as the frame parser reports them: what lost() says at the
// stop, then every later piece) do not depend on the chunking.
TEST(Inflater, StoppedMessagesStopAtTheSamePointUnderEveryChunking) {
  Deflater bomb_sender(15, false, 9);
  ByteVector bomb = bomb_sender.message(ByteVector(1'000'000, 0));
  Deflater text_sender(15, false);
  ByteVector corrupt = text_sender.message(reading(60));
  corrupt[corrupt.size() / 2] ^= 0x5a;
  for (std::uint32_t ratio : {50u, 200u}) {
    for (const ByteVector& message : {bomb, corrupt}) {
      Limits limits;
      limits.ws_inflate_ratio = ratio;
      auto run = [&](const Chunks& chunks) {
        Inflater inflater(limits, {});
        ByteVector data;
        auto out = [&](Bytes b) { data.insert(data.end(), b.begin(), b.end()); };
        std::uint64_t lost = 0;
        inflater.begin_message();
        for (Bytes c : chunks) {
          if (inflater.stopped())
            lost += c.size();
          else if (!inflater.feed(c, out))
            lost += inflater.lost();
        }
        if (!inflater.stopped() && !inflater.end_message(out)) lost += inflater.lost();
        std::string problem = inflater.problem() ? std::string(inflater.problem()->name) : "";
        std::uint64_t digest = 14695981039346656037ull;  // FNV-1a, to keep reports short
        for (std::uint8_t b : data) digest = (digest ^ b) * 1099511628211ull;
        return std::to_string(data.size()) + " bytes, fnv " + std::to_string(digest) + ", " +
               problem + ", lost " + std::to_string(lost);
      };
      std::string whole = run(Chunks{Bytes(message)});
      EXPECT_NE(whole.find(", websocket."), std::string::npos)
          << "ratio " << ratio << ", " << message.size() << " bytes did not stop";
      EXPECT_EQ(check_split_invariance(message, run), "") << "ratio " << ratio;
    }
  }
}

// Limits::ws_inflated_bytes: a message inflating past the limit is delivered up to it, in
// pieces of bounded size, and stops there.
TEST(Inflater, SizeLimitStopsTheMessageAtTheLimit) {
  Limits limits;
  limits.ws_inflated_bytes = 100'000;
  limits.ws_inflate_ratio = 1'000'000;
  Deflater deflater;
  ByteVector big(1'000'000, 'A');
  Inflater inflater(limits, {});
  Result r = inflate_message(inflater, deflater.message(big));
  EXPECT_EQ(r.problem, "websocket.inflated_too_large");
  EXPECT_EQ(r.data.size(), 100'000u);
  EXPECT_LE(r.largest_piece, Inflater::kChunkBytes);
  EXPECT_TRUE(inflater.stopped());
}

// Limits::ws_inflate_ratio: a deflate bomb (a long run of one byte, ~1000:1) is stopped as
// soon as it outgrows the ratio, however small the size limit's share.
TEST(Inflater, RatioLimitStopsADeflateBomb) {
  Limits limits;
  limits.ws_inflate_ratio = 100;
  Deflater deflater(15, true, 9);
  ByteVector bomb(4'000'000, 0);
  ByteVector compressed = deflater.message(bomb);
  Inflater inflater(limits, {});
  Result r = inflate_message(inflater, compressed);
  EXPECT_EQ(r.problem, "websocket.inflate_ratio_exceeded");
  EXPECT_LE(r.data.size(), 100 * compressed.size());
  EXPECT_LE(r.largest_piece, Inflater::kChunkBytes);
}

// After a stopped message the window is incomplete: the next message starts afresh, so a
// message that needs no history still inflates.
TEST(Inflater, AMessageAfterAStoppedOneStartsAfresh) {
  Limits limits;
  limits.ws_inflated_bytes = 1000;
  Inflater inflater(limits, {15, false});
  Deflater big_sender;
  EXPECT_EQ(inflate_message(inflater, big_sender.message(ByteVector(5000, 'x'))).problem,
            "websocket.inflated_too_large");
  Deflater other_sender;
  ByteVector message = reading(5);
  Result r = inflate_message(inflater, other_sender.message(message));
  EXPECT_EQ(r.problem, "");
  EXPECT_EQ(r.data, message);
}

// RFC 7692 §7.2.2: bytes that are not DEFLATE data stop the message with a note.
TEST(Inflater, GarbageIsNotedAndStopsTheMessage) {
  Limits limits;
  Inflater inflater(limits, {});
  Result r = inflate_message(inflater, mqscope::test::from_hex("ffffffffffff"));
  EXPECT_EQ(r.problem, "websocket.inflate_failed");
  EXPECT_FALSE(inflater.feed(mqscope::test::from_hex("00"), [](Bytes) {}));
}

// A capture gap inside a message: the rest of it cannot be inflated, nothing is reported as
// a decoding problem, and the next message starts afresh.
TEST(Inflater, AbandonedMessageLeavesNoProblemAndTheNextStartsAfresh) {
  Limits limits;
  Deflater deflater(15, false);
  Inflater inflater(limits, {15, false});
  ByteVector message = reading(20);
  ByteVector compressed = deflater.message(message);
  inflater.begin_message();
  inflater.feed(Bytes(compressed).first(5), [](Bytes) {});
  inflater.abandon_message();
  EXPECT_TRUE(inflater.stopped());
  EXPECT_EQ(inflater.problem(), nullptr);
  Result r = inflate_message(inflater, deflater.message(message));
  EXPECT_EQ(r.data, message);
}

}  // namespace
}  // namespace mqscope::ws
