// Tests of eight bytes at once in one 64-bit word (SIMD within a register), for the scans
// that dominate text output: JSON strings, payload-as-text checks. Each test is exact (no
// false positives or negatives) under the condition it states.
#pragma once

#include <cstdint>
#include <cstring>

namespace mqscope::swar {

inline constexpr std::uint64_t kOnes = 0x0101010101010101ull;
inline constexpr std::uint64_t kHighs = 0x8080808080808080ull;

// The eight bytes at `at`, whatever their alignment.
inline std::uint64_t load(const void* at) {
  std::uint64_t word;
  std::memcpy(&word, at, sizeof word);
  return word;
}

// Whether every byte is below 0x80.
inline bool all_ascii(std::uint64_t word) { return (word & kHighs) == 0; }

// Whether some byte is zero (the classic borrow trick: a borrow only starts at a zero byte).
inline bool has_zero_byte(std::uint64_t word) { return ((word - kOnes) & ~word & kHighs) != 0; }

// Whether some byte equals `byte`.
inline bool has_byte(std::uint64_t word, std::uint8_t byte) {
  return has_zero_byte(word ^ (kOnes * byte));
}

// Whether some byte is below `limit` (at most 0x80). As a yes-or-no answer exact for any
// bytes: a byte from 0x80 up is never flagged itself, and a borrow into the byte above only
// starts at a byte that is below the limit. Which bytes are flagged is exact only when every
// byte is below 0x80 (all_ascii).
inline bool has_byte_below(std::uint64_t word, std::uint8_t limit) {
  return ((word - kOnes * limit) & ~word & kHighs) != 0;
}

// Nonzero when some byte is outside printable ASCII (0x20-0x7e): a C0 control, DEL, or a byte
// from 0x80. One branch for the three tests. Exact as a yes-or-no answer for any bytes (not as
// a mask of which bytes): a byte from 0x80 is flagged by its own top bit, DEL is the only byte
// below 0x80 whose increment sets it, a carry into the next byte only starts at 0xff, and the
// subtraction is has_byte_below's. Callers may OR the results for several words.
inline std::uint64_t outside_printable(std::uint64_t word) {
  return (word | (word + kOnes) | ((word - kOnes * 0x20) & ~word)) & kHighs;
}

// 0x80 in exactly the bytes equal to `byte`, 0 elsewhere. Unlike has_byte, no borrow crosses
// bytes: the low seven bits are added without carrying out of a byte, and the top bit is
// joined in separately.
inline std::uint64_t bytes_equal(std::uint64_t word, std::uint8_t byte) {
  constexpr std::uint64_t kLows = ~kHighs;
  std::uint64_t x = word ^ (kOnes * byte);  // zero bytes where equal
  std::uint64_t nonzero = (((x & kLows) + kLows) | x) & kHighs;
  return ~nonzero & kHighs;
}

// `word` with every byte equal to `from` changed to `to`.
inline std::uint64_t replace_byte(std::uint64_t word, std::uint8_t from, std::uint8_t to) {
  return word ^ ((bytes_equal(word, from) >> 7) * static_cast<std::uint8_t>(from ^ to));
}

}  // namespace mqscope::swar
