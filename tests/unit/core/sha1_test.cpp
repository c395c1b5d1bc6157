// sha1: the published test vectors of FIPS 180-2 Appendix A and RFC 3174 §7.3, and messages
// whose lengths sit on either side of the padding's boundaries (FIPS 180-4 §5.1.1).
#include "mqscope/core/sha1.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mqscope {
namespace {

std::string hex_digest(std::string_view text) { return to_hex(sha1(text)); }

// FIPS 180-2 Appendix A.1 and RFC 3174 §7.3 TEST1: a one-block message.
TEST(Sha1, Abc) {
  EXPECT_EQ(hex_digest("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

// FIPS 180-2 Appendix A.2 and RFC 3174 §7.3 TEST2: 56 bytes, so the length needs a second
// block.
TEST(Sha1, TwoBlockMessage) {
  EXPECT_EQ(hex_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

// FIPS 180-2 Appendix A.3 and RFC 3174 §7.3 TEST3: one million 'a'.
TEST(Sha1, OneMillionA) {
  EXPECT_EQ(hex_digest(std::string(1'000'000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

// RFC 3174 §7.3 TEST4: 640 bytes, ten whole blocks and a block of padding alone.
TEST(Sha1, TenWholeBlocks) {
  std::string text;
  for (int i = 0; i < 10; ++i)
    text += "0123456701234567012345670123456701234567012345670123456701234567";
  EXPECT_EQ(hex_digest(text), "dea356a2cddd90c7a7ecedc5ebb563934f460452");
}

// The empty message: padding and length only (the well-known digest, as sha1sum prints it).
TEST(Sha1, EmptyMessage) {
  EXPECT_EQ(hex_digest(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(to_hex(sha1(Bytes{})), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

// FIPS 180-4 §5.1.1: a tail of up to 55 bytes leaves room for the 1 bit and the 64-bit length
// in its own block; from 56 bytes on they spill into another. 64 is a whole block with padding
// alone after it, 65 a whole block and one byte. Expected values from sha1sum.
TEST(Sha1, LengthsAroundThePaddingBoundaries) {
  struct Case {
    std::size_t length;
    std::string_view digest;
  };
  constexpr Case kCases[] = {
      {55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"},
      {56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"},
      {63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5"},
      {64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"},
      {65, "11655326c708d70319be2610e8a57d9a5b959d3b"},
      {119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"},
      {120, "f34c1488385346a55709ba056ddd08280dd4c6d6"},
      {128, "ad5b3fdbcb526778c2839d2f151ea753995e26a0"},
  };
  for (const Case& c : kCases)
    EXPECT_EQ(hex_digest(std::string(c.length, 'a')), c.digest) << c.length << " bytes of 'a'";
}

// Every byte value, so that bytes above 0x7f are taken as unsigned (expected value from
// sha1sum); the string and byte overloads agree.
TEST(Sha1, EveryByteValue) {
  std::string text;
  for (int b = 0; b < 256; ++b) text += static_cast<char>(b);
  EXPECT_EQ(hex_digest(text), "4916d6bdb7f78e6803698cab32d1586ea457dfc8");
  EXPECT_EQ(sha1(as_bytes(text)), sha1(text));
}

}  // namespace
}  // namespace mqscope
