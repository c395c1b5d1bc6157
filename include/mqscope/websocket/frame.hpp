// RFC 6455 §5.2 base framing: the header of one WebSocket frame.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "mqscope/core/bytes.hpp"

namespace mqscope::ws {

enum class Opcode : std::uint8_t {
  Continuation = 0x0,
  Text = 0x1,
  Binary = 0x2,
  Close = 0x8,
  Ping = 0x9,
  Pong = 0xa,
};

// Control frames have the high bit of the opcode set (RFC 6455 §5.5).
inline bool is_control(std::uint8_t opcode) { return (opcode & 0x8) != 0; }
inline bool is_known_opcode(std::uint8_t opcode) {
  return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xa);
}

inline constexpr std::size_t kMaxHeaderLength = 14;

struct FrameHeader {
  bool fin = false;
  std::uint8_t rsv = 0;  // RSV1..RSV3 as bits 2..0
  std::uint8_t opcode = 0;
  bool masked = false;
  std::uint8_t length7 = 0;  // the 7-bit length field as sent (126 / 127 = extended)
  std::uint64_t payload_length = 0;
  std::array<std::uint8_t, 4> mask_key{};
  std::uint8_t header_length = 0;
  bool length_not_minimal = false;  // RFC 6455 §5.2: "the minimal number of bytes MUST be used"
  bool length_top_bit = false;      // 64-bit length with the most significant bit set

  std::uint32_t mask_key_value() const;
};

// How many header bytes a frame starting with `b0 b1` has (2 to 14).
std::size_t header_length_for(std::uint8_t b0, std::uint8_t b1);

// Parses a header from `bytes` into `out`; false, and `out` untouched, when `bytes` holds
// fewer than header_length_for() bytes. The header is written where it is kept: built
// elsewhere and copied, its copy read the byte fields back in wide loads, which waited for the
// byte stores to leave the store buffer (store forwarding fails), once per WebSocket frame.
bool parse_header(Bytes bytes, FrameHeader& out);

// Whether a close status code may be sent in a Close frame (RFC 6455 §7.4.1, §7.4.2).
bool is_valid_close_code(std::uint16_t code);

// XORs `data` in place with `key`, starting at key byte `phase` (RFC 6455 §5.3). Returns the
// phase after the last byte.
std::uint8_t apply_mask(std::uint8_t* data, std::size_t size, const std::array<std::uint8_t, 4>& key,
                        std::uint8_t phase);
// The same, reading the masked bytes from `from` (size bytes; may be `data` itself): one pass
// instead of a copy and an XOR.
std::uint8_t apply_mask(const std::uint8_t* from, std::uint8_t* data, std::size_t size,
                        const std::array<std::uint8_t, 4>& key, std::uint8_t phase);

}  // namespace mqscope::ws
