// An IPv4 or IPv6 address: the network layer decodes it, connection tracking keys flows by it,
// outputs print it. Kept in core so that those layers share it without knowing each other.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include "mqscope/core/bytes.hpp"

namespace mqscope {

struct Address {
  std::uint8_t family = 0;  // 4 or 6
  std::array<std::uint8_t, 16> bytes{};

  Bytes view() const { return Bytes(bytes.data(), family == 4 ? 4 : 16); }
  std::string to_string() const;  // dotted quad, or RFC 5952 text
  void append_to(std::string& out) const;
  void append_to(TextBuffer& out) const;
  // Every segment's connection is found by comparing addresses: two 8-byte compares, not a
  // call to memcmp.
  friend bool operator==(const Address& a, const Address& b) {
    std::uint64_t a_words[2], b_words[2];
    std::memcpy(a_words, a.bytes.data(), sizeof a_words);
    std::memcpy(b_words, b.bytes.data(), sizeof b_words);
    return a.family == b.family && ((a_words[0] ^ b_words[0]) | (a_words[1] ^ b_words[1])) == 0;
  }
};
static_assert(sizeof(Address::bytes) == 2 * sizeof(std::uint64_t));

// Appends the dotted quad of `four` bytes (written here: inet_ntop goes through sprintf).
// `Out` is std::string or TextBuffer.
template <class Out>
void append_ipv4(Out& out, Bytes four);
extern template void append_ipv4(std::string&, Bytes);
extern template void append_ipv4(TextBuffer&, Bytes);

}  // namespace mqscope
