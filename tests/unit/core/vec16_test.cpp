// The sixteen-bytes-at-once tests of core/vec16.hpp against byte-by-byte answers: every byte
// value in every lane, in each of the two vectors of the 32-byte test, and random blocks.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>

#include "mqscope/core/vec16.hpp"

namespace mqscope {
namespace {

using Block = std::array<std::uint8_t, 32>;

bool outside_printable_byte(std::uint8_t b) {
  return b < 0x20 || b > 0x7e;
}
bool control_byte(std::uint8_t b) {
  return b < 0x20 || b == 0x7f;
}
bool not_json_plain_byte(std::uint8_t b) {
  return outside_printable_byte(b) || b == '"' || b == '\\';
}

bool any_byte(const std::uint8_t* bytes, std::size_t n, bool (*test)(std::uint8_t)) {
  for (std::size_t i = 0; i < n; ++i)
    if (test(bytes[i])) return true;
  return false;
}

void expect_all_agree(const Block& block) {
  const std::uint8_t* first = block.data();
  vec16::Bytes16 low = vec16::load(first);
  vec16::Bytes16 high = vec16::load(first + 16);
  EXPECT_EQ(vec16::any_outside_printable(low), any_byte(first, 16, outside_printable_byte));
  EXPECT_EQ(vec16::any_control(low), any_byte(first, 16, control_byte));
  EXPECT_EQ(vec16::any_not_json_plain(low), any_byte(first, 16, not_json_plain_byte));
  EXPECT_EQ(vec16::any_outside_printable(low, high), any_byte(first, 32, outside_printable_byte));
}

TEST(Vec16, EveryByteValueInEveryLane) {
  for (int value = 0; value < 256; ++value) {
    for (std::size_t at = 0; at < 32; ++at) {
      Block block;
      block.fill('a');
      block[at] = static_cast<std::uint8_t>(value);
      expect_all_agree(block);
    }
  }
}

TEST(Vec16, PrintableBlocksPass) {
  Block block;
  for (std::size_t i = 0; i < block.size(); ++i) block[i] = static_cast<std::uint8_t>(0x20 + i * 3);
  EXPECT_FALSE(
      vec16::any_outside_printable(vec16::load(block.data()), vec16::load(block.data() + 16)));
  block.fill('~');  // 0x7e, the last printable byte
  EXPECT_FALSE(vec16::any_control(vec16::load(block.data())));
  EXPECT_FALSE(vec16::any_not_json_plain(vec16::load(block.data())));
}

TEST(Vec16, RandomBlocks) {
  std::mt19937 random(16);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 20000; ++round) {
    Block block;
    // Mostly printable, so that a single odd byte decides the answer often.
    for (auto& b : block)
      b = static_cast<std::uint8_t>(byte(random) < 224 ? 0x20 + byte(random) % 95 : byte(random));
    expect_all_agree(block);
  }
}

TEST(Vec16, StoreWritesWhatLoadRead) {
  Block in;
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<std::uint8_t>(i * 29 + 3);
  Block out{};
  vec16::store(out.data() + 7, vec16::load(in.data() + 5));  // unaligned both ways
  for (std::size_t i = 0; i < 16; ++i) EXPECT_EQ(out[7 + i], in[5 + i]);
  EXPECT_EQ(out[6], 0);
  EXPECT_EQ(out[23], 0);
}

// Every byte value in every lane, each against its two digits from a lookup of its own.
TEST(Vec16, StoreHexWritesTwoLowerCaseDigitsPerByteInOrder) {
  constexpr char kDigits[] = "0123456789abcdef";
  for (int value = 0; value < 256; ++value) {
    for (std::size_t at = 0; at < 16; ++at) {
      std::array<std::uint8_t, 16> in;
      for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<std::uint8_t>(i * 37 + 11);
      in[at] = static_cast<std::uint8_t>(value);
      char out[34];
      out[32] = out[33] = '#';
      vec16::store_hex(out, vec16::load(in.data()));
      for (std::size_t i = 0; i < in.size(); ++i) {
        ASSERT_EQ(out[2 * i], kDigits[in[i] >> 4]) << value << " in lane " << at << ", lane " << i;
        ASSERT_EQ(out[2 * i + 1], kDigits[in[i] & 15]) << value << " in lane " << at << ", lane " << i;
      }
      EXPECT_EQ(out[32], '#');  // nothing written past the 32 characters
    }
  }
}

}  // namespace
}  // namespace mqscope
