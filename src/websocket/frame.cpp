#include "mqscope/websocket/frame.hpp"

#include <algorithm>
#include <cstring>

#include "mqscope/core/cursor.hpp"
#include "mqscope/core/vec16.hpp"

namespace mqscope::ws {

std::uint32_t FrameHeader::mask_key_value() const { return load_be32(mask_key.data()); }

std::size_t header_length_for(std::uint8_t b0, std::uint8_t b1) {
  (void)b0;
  std::size_t n = 2;
  std::uint8_t len7 = b1 & 0x7f;
  if (len7 == 126) n += 2;
  if (len7 == 127) n += 8;
  if (b1 & 0x80) n += 4;
  return n;
}

bool parse_header(Bytes bytes, FrameHeader& h) {
  if (bytes.size() < 2) return false;
  std::size_t needed = header_length_for(bytes[0], bytes[1]);
  if (bytes.size() < needed) return false;
  h = FrameHeader{};
  h.fin = (bytes[0] & 0x80) != 0;
  h.rsv = static_cast<std::uint8_t>((bytes[0] >> 4) & 0x7);
  h.opcode = bytes[0] & 0x0f;
  h.masked = (bytes[1] & 0x80) != 0;
  h.length7 = bytes[1] & 0x7f;
  h.header_length = static_cast<std::uint8_t>(needed);
  Cursor c(bytes, 2);
  if (h.length7 == 126) {
    h.payload_length = *c.u16();
    h.length_not_minimal = h.payload_length < 126;
  } else if (h.length7 == 127) {
    h.payload_length = *c.u64();
    h.length_top_bit = (h.payload_length >> 63) != 0;
    h.length_not_minimal = h.payload_length <= 0xffff;
  } else {
    h.payload_length = h.length7;
  }
  if (h.masked)  // RFC 6455 §5.2: the key is the header's last four bytes
    std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(needed - 4), 4, h.mask_key.begin());
  return true;
}

bool is_valid_close_code(std::uint16_t code) {
  if (code >= 3000 && code <= 4999) return true;  // registered and private use
  if (code < 1000 || code > 1014) return false;
  // 1004 is reserved; 1005 and 1006 must never be sent in a Close frame.
  return code != 1004 && code != 1005 && code != 1006;
}

std::uint8_t apply_mask(std::uint8_t* data, std::size_t size,
                        const std::array<std::uint8_t, 4>& key, std::uint8_t phase) {
  return apply_mask(data, data, size, key, phase);
}

std::uint8_t apply_mask(const std::uint8_t* from, std::uint8_t* data, std::size_t size,
                        const std::array<std::uint8_t, 4>& key, std::uint8_t phase) {
  std::size_t i = 0;
  // Bring the phase to 0, then XOR sixteen, then eight bytes at a time with the key repeated.
  for (; i < size && phase != 0; ++i) {
    data[i] = from[i] ^ key[phase];
    phase = static_cast<std::uint8_t>((phase + 1) & 3);
  }
  std::uint8_t key16[16];
  for (int j = 0; j < 16; ++j) key16[j] = key[static_cast<std::size_t>(j & 3)];
  vec16::Bytes16 k128 = vec16::load(key16);
  for (; i + 16 <= size; i += 16) vec16::store(data + i, vec16::load(from + i) ^ k128);
  std::uint64_t k64 = 0;
  std::memcpy(&k64, key16, 8);
  for (; i + 8 <= size; i += 8) {
    std::uint64_t v = 0;
    std::memcpy(&v, from + i, 8);
    v ^= k64;
    std::memcpy(data + i, &v, 8);
  }
  for (; i < size; ++i) {
    data[i] = from[i] ^ key[phase];
    phase = static_cast<std::uint8_t>((phase + 1) & 3);
  }
  return phase;
}

}  // namespace mqscope::ws
