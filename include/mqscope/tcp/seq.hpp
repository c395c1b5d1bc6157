// Sequence-number arithmetic modulo 2^32 (RFC 793 §3.3; RFC 1982 serial numbers).
#pragma once

#include <cstdint>

namespace mqscope::tcp {

// Signed distance from `a` to `b`, correct across wraparound for distances below 2^31.
inline std::int64_t seq_diff(std::uint32_t b, std::uint32_t a) {
  return static_cast<std::int32_t>(b - a);
}
inline bool seq_lt(std::uint32_t a, std::uint32_t b) {
  return seq_diff(b, a) > 0;
}
inline bool seq_le(std::uint32_t a, std::uint32_t b) {
  return seq_diff(b, a) >= 0;
}

}  // namespace mqscope::tcp
