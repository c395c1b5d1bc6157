// JSON string literals (RFC 8259 §7): what must be escaped is escaped wherever it sits in the
// text, in particular at every position of the eight-byte words the plain runs are read in.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "mqscope/core/json_text.hpp"

namespace mqscope {
namespace {

std::string json(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(CoreJsonString, PlainTextIsQuotedAsItIs) {
  EXPECT_EQ(json(""), "\"\"");
  EXPECT_EQ(json("sensors/kitchen/temperature 21.5 ~!"), "\"sensors/kitchen/temperature 21.5 ~!\"");
}

// RFC 8259 §7: quotation mark, reverse solidus and control characters must be escaped.
TEST(CoreJsonString, EscapesWhatRfc8259Requires) {
  EXPECT_EQ(json("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(json(std::string_view("\x01\n", 2)), "\"\\u0001\\u000a\"");
  EXPECT_EQ(json("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
}

// RFC 8259 §8.1: text must be UTF-8; bytes that are not become U+FFFD.
TEST(CoreJsonString, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(json("a\xff" "b"), "\"a\\ufffdb\"");
  EXPECT_EQ(json("\xc3"), "\"\\ufffd\"");
  EXPECT_EQ(json("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");  // a UTF-16 surrogate
}

// RFC 8259 §7: quotation mark, reverse solidus and the control characters U+0000-U+001F must be
// escaped; DEL is escaped too (as Wireshark does); bytes that are no UTF-8 become U+FFFD
// (§8.1); UTF-8 characters are kept.
TEST(CoreJsonString, EachSpecialByteIsEscapedAtEveryPosition) {
  const std::pair<std::string, std::string> cases[] = {
      {std::string(1, '\0'), "\\u0000"}, {"\x01", "\\u0001"}, {"\x1f", "\\u001f"},
      {"\"", "\\\""},   {"\\", "\\\\"},   {"\x7f", "\\u007f"}, {"\x80", "\\ufffd"},
      {"\xff", "\\ufffd"}, {"\xc3\xa9", "\xc3\xa9"}, {" ", " "}, {"~", "~"}};
  for (const auto& [special, escaped] : cases) {
    for (std::size_t at = 0; at <= 20; ++at) {
      std::string text = std::string(at, 'a') + special + std::string(20 - at, 'b');
      std::string expected = "\"" + std::string(at, 'a') + escaped + std::string(20 - at, 'b') + "\"";
      EXPECT_EQ(json(text), expected) << "byte " << int(static_cast<unsigned char>(special[0]))
                                      << " at " << at;
    }
  }
}

TEST(CoreJsonString, AppendsAfterWhatIsThere) {
  std::string out = "{\"k\":";
  append_json_string(out, "v\n");
  EXPECT_EQ(out, "{\"k\":\"v\\u000a\"");
}

}  // namespace
}  // namespace mqscope
