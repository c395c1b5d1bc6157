// SHA-1 (FIPS 180-4 §6.1, also RFC 3174), one-shot. The WebSocket handshake needs it for one
// thing only, the Sec-WebSocket-Accept check (RFC 6455 §4.2.2); it is not used for security,
// and SHA-1 should not be.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mqscope/core/bytes.hpp"

namespace mqscope {

// FIPS 180-4 §1: a 160-bit message digest.
inline constexpr std::size_t kSha1DigestSize = 20;
using Sha1Digest = std::array<std::uint8_t, kSha1DigestSize>;

// The digest of `data`: its five words in order, each big-endian (FIPS 180-4 §6.1.2, §3.1).
Sha1Digest sha1(Bytes data);

inline Sha1Digest sha1(std::string_view text) { return sha1(as_bytes(text)); }

}  // namespace mqscope
