// Whether a PUBLISH payload is shown as text ("[Text: ...]"): well-formed UTF-8 (RFC 3629 §4)
// with no C0 control but TAB, LF and CR and no DEL, or, in MQTT 5.0, any well-formed UTF-8
// when the Payload Format Indicator says so (§3.3.2.3.2). The decoder tests 32 and then 8
// bytes at a time; these tests put each kind of byte at every position of payloads of 1 to 72
// bytes, so that it falls at every place in a block, a word and the tail, and compare with a
// byte-by-byte reading of the rule.
#include <gtest/gtest.h>

#include <string>

#include "mqscope/core/utf8.hpp"
#include "mqtt_test_support.hpp"

namespace mqscope::mqtt {
namespace {

using testing::ByteVector;
using testing::cat;
using testing::decode_as;
using testing::packet;
using testing::str;

// The rule, one character at a time.
bool reference_is_text(const ByteVector& payload) {
  if (payload.empty()) return false;
  for (std::size_t i = 0; i < payload.size();) {
    std::uint8_t b = payload[i];
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) return false;
    std::size_t n = utf8_char_length(Bytes(payload).subspan(i));
    if (n == 0) return false;
    i += n;
  }
  return true;
}

bool shown_as_text(const ByteVector& payload) {
  ByteVector publish = packet(0x30, cat({str("t"), payload}));
  return decode_as(kVersion311, publish).text.find("[Text: ") != std::string::npos;
}

TEST(PayloadText, EveryKindOfByteAtEveryPosition) {
  // Around each boundary the word test must get right: controls, TAB/LF/CR, space, DEL,
  // the first non-ASCII byte, a stray continuation byte, a lead byte cut short.
  const std::uint8_t probes[] = {0x00, 0x01, 0x09, 0x0a, 0x0d, 0x1f, 0x20,
                                 0x7e, 0x7f, 0x80, 0xbf, 0xc3, 0xff};
  for (std::size_t size = 1; size <= 72; ++size) {
    for (std::size_t at = 0; at < size; ++at) {
      for (std::uint8_t probe : probes) {
        ByteVector payload(size, 'a');
        payload[at] = probe;
        EXPECT_EQ(shown_as_text(payload), reference_is_text(payload))
            << "size " << size << " byte " << int{probe} << " at " << at;
      }
    }
  }
}

TEST(PayloadText, MultiByteCharactersAcrossWords) {
  // "é" (C3 A9) and "€" (E2 82 AC) placed so that they straddle the 8-byte steps.
  for (std::size_t at = 0; at < 68; ++at) {
    ByteVector two(72, 'x');
    two[at] = 0xc3;
    two[at + 1] = 0xa9;
    EXPECT_TRUE(shown_as_text(two)) << at;
    ByteVector three(72, 'x');
    three[at] = 0xe2;
    three[at + 1] = 0x82;
    three[at + 2] = 0xac;
    EXPECT_TRUE(shown_as_text(three)) << at;
    three[at + 2] = 'x';  // cut short: not UTF-8
    EXPECT_FALSE(shown_as_text(three)) << at;
  }
}

TEST(PayloadText, ControlLateInALongPayload) {
  // A long text payload with one BEL near the end is binary; without it, text.
  ByteVector payload(1000, 'q');
  EXPECT_TRUE(shown_as_text(payload));
  payload[997] = 0x07;
  EXPECT_FALSE(shown_as_text(payload));
}

}  // namespace
}  // namespace mqscope::mqtt
