// The eight-bytes-at-once tests of core/swar.hpp against byte-by-byte answers. They are used
// as yes-or-no questions, so that is what is checked: every byte value at every position of a
// word, every pair of values that could interact through a borrow or carry, and random words.
// The byte replacement is checked byte by byte.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>

#include "mqscope/core/swar.hpp"

namespace mqscope {
namespace {

using Word = std::array<std::uint8_t, 8>;

std::uint64_t to_word(const Word& bytes) { return swar::load(bytes.data()); }

bool any_byte(const Word& bytes, bool (*test)(std::uint8_t)) {
  for (std::uint8_t b : bytes)
    if (test(b)) return true;
  return false;
}

bool outside_printable_byte(std::uint8_t b) { return b < 0x20 || b > 0x7e; }
bool below_0x20(std::uint8_t b) { return b < 0x20; }
bool is_0x7f(std::uint8_t b) { return b == 0x7f; }
bool from_0x80(std::uint8_t b) { return b >= 0x80; }

void expect_all_agree(const Word& bytes) {
  std::uint64_t w = to_word(bytes);
  EXPECT_EQ(swar::outside_printable(w) != 0, any_byte(bytes, outside_printable_byte));
  EXPECT_EQ(swar::has_byte_below(w, 0x20), any_byte(bytes, below_0x20));
  EXPECT_EQ(swar::has_byte(w, 0x7f), any_byte(bytes, is_0x7f));
  EXPECT_EQ(!swar::all_ascii(w), any_byte(bytes, from_0x80));
  // bytes_equal and replace_byte are exact byte by byte, not only yes-or-no.
  Word replaced = bytes;
  std::uint64_t equal_mask = 0;
  for (std::size_t b = 0; b < 8; ++b) {
    if (bytes[b] != '.') continue;
    replaced[b] = '_';
    equal_mask |= std::uint64_t{0x80} << (8 * b);
  }
  EXPECT_EQ(swar::bytes_equal(w, '.'), equal_mask);
  EXPECT_EQ(swar::replace_byte(w, '.', '_'), to_word(replaced));
}

TEST(Swar, EveryByteValueAtEveryPosition) {
  for (int value = 0; value < 256; ++value) {
    for (std::size_t at = 0; at < 8; ++at) {
      Word bytes;
      bytes.fill('a');
      bytes[at] = static_cast<std::uint8_t>(value);
      expect_all_agree(bytes);
    }
  }
}

// A borrow or carry from one byte into the next is where such tests go wrong: every pair of
// values side by side, over printable filler.
TEST(Swar, EveryPairOfNeighbouringValues) {
  for (int low = 0; low < 256; ++low) {
    for (int high = 0; high < 256; ++high) {
      Word bytes;
      bytes.fill('a');
      bytes[3] = static_cast<std::uint8_t>(low);
      bytes[4] = static_cast<std::uint8_t>(high);
      expect_all_agree(bytes);
    }
  }
}

TEST(Swar, RandomWords) {
  std::mt19937_64 random(20261126);
  for (int i = 0; i < 100000; ++i) {
    std::uint64_t w = random();
    // Half the words are drawn near the edges, where the tests decide.
    Word bytes;
    for (std::size_t b = 0; b < 8; ++b) {
      auto r = static_cast<std::uint8_t>(w >> (8 * b));
      const std::uint8_t edges[] = {0x00, 0x1f, 0x20, 0x7e, 0x7f, 0x80, 0xff, '.', '/', '-'};
      bytes[b] = (i & 1) ? edges[r % 10] : r;
    }
    expect_all_agree(bytes);
  }
}

}  // namespace
}  // namespace mqscope
