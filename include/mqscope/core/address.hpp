// An IPv4 or IPv6 address: the network layer decodes it, connection tracking keys flows by it,
// outputs print it. Kept in core so that those layers share it without knowing each other.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "mqscope/core/bytes.hpp"

namespace mqscope {

struct Address {
  std::uint8_t family = 0;  // 4 or 6
  std::array<std::uint8_t, 16> bytes{};

  Bytes view() const { return Bytes(bytes.data(), family == 4 ? 4 : 16); }
  std::string to_string() const;  // dotted quad, or RFC 5952 text
  void append_to(std::string& out) const;
  friend bool operator==(const Address&, const Address&) = default;
};

// Appends the dotted quad of `four` bytes (written here: inet_ntop goes through sprintf).
// `Out` is std::string or TextBuffer.
template <class Out>
void append_ipv4(Out& out, Bytes four);
extern template void append_ipv4(std::string&, Bytes);
extern template void append_ipv4(TextBuffer&, Bytes);

}  // namespace mqscope
