#include "mqscope/core/sha1.hpp"

#include "mqscope/core/cursor.hpp"

#include <bit>
#include <cstring>

namespace mqscope {

namespace {

constexpr std::size_t kBlockSize = 64;  // FIPS 180-4 §1: 512-bit blocks
constexpr std::size_t kLengthSize = 8;  // §5.1.1: the message length, a 64-bit number

using State = std::array<std::uint32_t, 5>;

// FIPS 180-4 §5.3.1: the initial hash value H(0).
constexpr State kInitialHash = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u, 0xc3d2e1f0u};

// FIPS 180-4 §4.2.1: one constant for each group of twenty rounds.
constexpr std::array<std::uint32_t, 4> kRoundConstants = {0x5a827999u, 0x6ed9eba1u, 0x8f1bbcdcu,
                                                          0xca62c1d6u};

void store_big_endian(std::uint8_t* p, std::uint64_t value, std::size_t bytes) {
  for (std::size_t i = 0; i < bytes; ++i)
    p[i] = static_cast<std::uint8_t>(value >> (8 * (bytes - 1 - i)));
}

// FIPS 180-4 §4.1.1: f_t is Ch for rounds 0-19, Parity for 20-39 and 60-79, Maj for 40-59.
std::uint32_t round_function(std::size_t t, std::uint32_t x, std::uint32_t y, std::uint32_t z) {
  if (t < 20) return (x & y) ^ (~x & z);
  if (t < 40 || t >= 60) return x ^ y ^ z;
  return (x & y) ^ (x & z) ^ (y & z);
}

// FIPS 180-4 §6.1.2: one 512-bit block M(i) folded into the hash value.
void process_block(State& hash, const std::uint8_t* block) {
  // Step 1, the message schedule: the block's sixteen words, then each later word the
  // one-bit left rotation of four earlier ones.
  std::array<std::uint32_t, 80> w;
  // Words are big-endian, the first byte the most significant (FIPS 180-4 §3.1).
  for (std::size_t t = 0; t < 16; ++t) w[t] = load_be32(block + 4 * t);
  for (std::size_t t = 16; t < 80; ++t)
    w[t] = std::rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);

  // Step 2: the working variables a..e start from the previous hash value.
  State v = hash;
  // Step 3: eighty rounds.
  for (std::size_t t = 0; t < 80; ++t) {
    std::uint32_t temp = std::rotl(v[0], 5) + round_function(t, v[1], v[2], v[3]) + v[4] +
                         kRoundConstants[t / 20] + w[t];
    v[4] = v[3];
    v[3] = v[2];
    v[2] = std::rotl(v[1], 30);
    v[1] = v[0];
    v[0] = temp;
  }
  // Step 4: the intermediate hash value H(i), word by word modulo 2^32 (§3.2).
  for (std::size_t i = 0; i < hash.size(); ++i) hash[i] += v[i];
}

}  // namespace

Sha1Digest sha1(Bytes data) {
  State hash = kInitialHash;
  std::size_t whole = data.size() - data.size() % kBlockSize;
  for (std::size_t at = 0; at < whole; at += kBlockSize) process_block(hash, data.data() + at);

  // FIPS 180-4 §5.1.1: after the message a single 1 bit, then zero bits up to 64 bits short
  // of a block boundary, then the message length in bits as a 64-bit big-endian number. The
  // tail and this padding take one block, or two when fewer than 9 bytes of the last block
  // are free (a tail of 56 bytes or more).
  std::array<std::uint8_t, 2 * kBlockSize> last{};
  std::size_t tail = data.size() - whole;
  if (tail != 0) std::memcpy(last.data(), data.data() + whole, tail);
  last[tail] = 0x80;
  std::size_t blocks = tail + 1 + kLengthSize <= kBlockSize ? 1 : 2;
  std::uint64_t bit_length = static_cast<std::uint64_t>(data.size()) * 8u;
  store_big_endian(last.data() + blocks * kBlockSize - kLengthSize, bit_length, kLengthSize);
  for (std::size_t b = 0; b < blocks; ++b) process_block(hash, last.data() + b * kBlockSize);

  // End of §6.1.2: the digest is H0..H4 of the last block, in order, each big-endian (§3.1).
  Sha1Digest digest;
  for (std::size_t i = 0; i < hash.size(); ++i) store_big_endian(digest.data() + 4 * i, hash[i], 4);
  return digest;
}

}  // namespace mqscope
