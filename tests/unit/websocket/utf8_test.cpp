// Utf8Validator: RFC 3629 §4's UTF8-octets grammar, checked on text that arrives in pieces
// (RFC 6455 §8.1: a text message is validated as a whole, whatever its fragmentation).
#include <gtest/gtest.h>

#include "bytes.hpp"
#include "mqscope/websocket/utf8.hpp"
#include "split_feed.hpp"

namespace mqscope::ws {
namespace {

using mqscope::test::ByteVector;
using mqscope::test::check_split_invariance;
using mqscope::test::Chunks;
using mqscope::test::from_hex;

std::string verdict(const Chunks& chunks) {
  Utf8Validator v;
  for (Bytes c : chunks) v.feed(c);
  return v.failed() ? "invalid" : v.at_boundary() ? "valid" : "incomplete";
}

std::string verdict(const ByteVector& input) {
  return verdict(Chunks{Bytes(input)});
}

// RFC 3629 §4: one to four bytes per code point, at the edges of each length's range.
TEST(Utf8Validator, AcceptsEverySequenceLengthAtItsBounds) {
  for (const char* hex :
       {"", "00", "7f", "c280", "dfbf", "e0a080", "ed9fbf", "ee8080", "efbfbf", "f0908080",
        "f48fbfbf", "48656c6c6f2c20e4b896e7958c21", "e282ac f09f9880 c3a9"}) {
    EXPECT_EQ(verdict(from_hex(hex)), "valid") << hex;
  }
}

// RFC 3629 §3: overlong forms, surrogates (U+D800-DFFF), code points above U+10FFFF and the
// bytes C0, C1, F5-FF never occur; a continuation byte cannot start a sequence.
TEST(Utf8Validator, RejectsWhatRfc3629Forbids) {
  for (const char* hex :
       {"c080", "c1bf", "e08080", "e09fbf", "f0808080", "f08fbfbf", "eda080", "edbfbf", "f4908080",
        "f5808080", "ff", "fe", "80", "bf", "41 c3 41", "e2 82 41", "f0 9f 98 41", "c3a9 80"}) {
    EXPECT_EQ(verdict(from_hex(hex)), "invalid") << hex;
  }
}

// RFC 6455 §8.1: a message ending inside a code point is not valid text.
TEST(Utf8Validator, TextEndingInsideACodePointIsIncomplete) {
  for (const char* hex : {"c3", "e282", "f09f98", "41 f4 8f bf"})
    EXPECT_EQ(verdict(from_hex(hex)), "incomplete") << hex;
  EXPECT_FALSE(is_valid_utf8(from_hex("e282")));
  EXPECT_TRUE(is_valid_utf8(from_hex("e282ac")));
}

// RFC 6455 §8.1 with §5.4: the verdict is the same however the text is cut, including cuts
// inside a code point.
TEST(Utf8Validator, VerdictIsTheSameUnderEveryChunking) {
  for (const char* hex : {"e282ac f09f9880 c3a9 41", "f09f98 80 eda080", "41 42 c3"}) {
    ByteVector input = from_hex(hex);
    EXPECT_EQ(check_split_invariance(input, [](const Chunks& c) { return verdict(c); }), "") << hex;
  }
}

// Once invalid, always invalid: later valid bytes do not repair the text.
TEST(Utf8Validator, StaysInvalidUntilReset) {
  Utf8Validator v;
  EXPECT_FALSE(v.feed(from_hex("ff")));
  EXPECT_FALSE(v.feed(from_hex("41")));
  EXPECT_TRUE(v.failed());
  v.reset();
  EXPECT_TRUE(v.feed(from_hex("41")));
  EXPECT_TRUE(v.at_boundary());
}

}  // namespace
}  // namespace mqscope::ws
