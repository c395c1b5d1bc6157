// base64_encode: RFC 4648 §10's test vectors, and the two characters beyond letters and digits.
#include "mqscope/core/base64.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mqscope {
namespace {

std::string encoded(std::string_view text) { return base64_encode(as_bytes(text)); }

// RFC 4648 §10: every length of final group, with two, one and no '=' of padding.
TEST(Base64, Rfc4648TestVectors) {
  EXPECT_EQ(encoded(""), "");
  EXPECT_EQ(encoded("f"), "Zg==");
  EXPECT_EQ(encoded("fo"), "Zm8=");
  EXPECT_EQ(encoded("foo"), "Zm9v");
  EXPECT_EQ(encoded("foob"), "Zm9vYg==");
  EXPECT_EQ(encoded("fooba"), "Zm9vYmE=");
  EXPECT_EQ(encoded("foobar"), "Zm9vYmFy");
}

// RFC 4648 §4, Table 1: values 62 and 63 are '+' and '/' (not the URL-safe '-' and '_' of
// §5). Expected values from the base64 program.
TEST(Base64, PlusAndSlash) {
  EXPECT_EQ(encoded("\xfb\xef\xff"), "++//");
  EXPECT_EQ(encoded("\xfb\xff"), "+/8=");
}

// Every byte value, so that bytes above 0x7f are taken as unsigned (expected value from the
// base64 program).
TEST(Base64, EveryByteValue) {
  std::string text;
  for (int b = 0; b < 256; ++b) text += static_cast<char>(b);
  EXPECT_EQ(encoded(text),
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+"
            "P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9"
            "fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8"
            "vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7"
            "/P3+/w==");
}

}  // namespace
}  // namespace mqscope
