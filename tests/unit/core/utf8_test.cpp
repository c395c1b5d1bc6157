// utf8_char_length: RFC 3629 §4's table of well-formed byte sequences, one character at a time.
#include "mqscope/core/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mqscope {
namespace {

std::size_t length_of(const std::string& text) { return utf8_char_length(text, 0); }

// RFC 3629 §4: one to four bytes, each range of lead byte with its own second-byte range.
TEST(Utf8, WellFormedSequencesOfOneToFourBytes) {
  EXPECT_EQ(length_of("A"), 1u);
  EXPECT_EQ(length_of("\xc3\xa9"), 2u);          // é
  EXPECT_EQ(length_of("\xe2\x82\xac"), 3u);      // €
  EXPECT_EQ(length_of("\xed\x9f\xbf"), 3u);      // U+D7FF, just below the surrogates
  EXPECT_EQ(length_of("\xf0\x9f\x98\x80"), 4u);  // U+1F600
  EXPECT_EQ(length_of("\xf4\x8f\xbf\xbf"), 4u);  // U+10FFFF, the last code point
}

// RFC 3629 §3: overlong forms, surrogates (U+D800..DFFF) and code points above U+10FFFF are
// not UTF-8.
TEST(Utf8, OverlongSurrogateAndOutOfRangeFormsAreRejected) {
  EXPECT_EQ(length_of("\xc0\xaf"), 0u);          // overlong '/'
  EXPECT_EQ(length_of("\xc1\xbf"), 0u);
  EXPECT_EQ(length_of("\xe0\x80\xaf"), 0u);      // overlong, three bytes
  EXPECT_EQ(length_of("\xf0\x80\x80\xaf"), 0u);  // overlong, four bytes
  EXPECT_EQ(length_of("\xed\xa0\x80"), 0u);      // U+D800
  EXPECT_EQ(length_of("\xf4\x90\x80\x80"), 0u);  // U+110000
  EXPECT_EQ(length_of("\xf5\x80\x80\x80"), 0u);
}

// A continuation byte without its lead, a lead without its continuation, and a character cut
// short by the end of the bytes.
TEST(Utf8, StrayAndTruncatedBytesAreRejected) {
  EXPECT_EQ(length_of("\x80"), 0u);
  EXPECT_EQ(length_of("\xc3" "A"), 0u);
  EXPECT_EQ(length_of("\xe2\x82"), 0u);
  EXPECT_EQ(length_of("\xf0\x9f\x98"), 0u);
  EXPECT_EQ(length_of(""), 0u);
}

// The offset form looks at the character that starts there, not before.
TEST(Utf8, OffsetSelectsTheCharacter) {
  std::string text = "a\xe2\x82\xac" "b";
  EXPECT_EQ(utf8_char_length(text, 0), 1u);
  EXPECT_EQ(utf8_char_length(text, 1), 3u);
  EXPECT_EQ(utf8_char_length(text, 2), 0u);  // inside the €
  EXPECT_EQ(utf8_char_length(text, 4), 1u);
}

}  // namespace
}  // namespace mqscope
