#include "bytes.hpp"

#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace mqscope::test {

ByteVector from_hex(std::string_view hex) {
  ByteVector out;
  int high = -1;
  for (char c : hex) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
            : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                        : -1;
    if (v < 0) throw std::invalid_argument("bad hex digit in test data");
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0) throw std::invalid_argument("odd number of hex digits in test data");
  return out;
}

ByteVector from_text(std::string_view text) { return ByteVector(text.begin(), text.end()); }

ByteVector concat(std::initializer_list<ByteVector> parts) {
  ByteVector out;
  for (const ByteVector& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

void append_mqtt_string(ByteVector& out, std::string_view text) {
  out.push_back(static_cast<std::uint8_t>(text.size() >> 8));
  out.push_back(static_cast<std::uint8_t>(text.size() & 0xff));
  out.insert(out.end(), text.begin(), text.end());
}

ByteVector masked(const ByteVector& payload, const std::uint8_t (&key)[4]) {
  ByteVector out = payload;
  for (std::size_t i = 0; i < out.size(); ++i) out[i] ^= key[i % 4];
  return out;
}

ByteVector ws_frame(std::uint8_t opcode, const ByteVector& payload, bool fin,
                    const std::uint8_t* mask_key, std::uint8_t rsv) {
  ByteVector out;
  out.push_back(static_cast<std::uint8_t>((fin ? 0x80 : 0) | (rsv << 4) | opcode));
  std::uint8_t mask_bit = mask_key ? 0x80 : 0;
  std::size_t n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<std::uint8_t>(mask_bit | n));
  } else if (n <= 0xffff) {
    out.push_back(mask_bit | 126);
    out.push_back(static_cast<std::uint8_t>(n >> 8));
    out.push_back(static_cast<std::uint8_t>(n & 0xff));
  } else {
    out.push_back(mask_bit | 127);
    for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  }
  if (mask_key) {
    out.insert(out.end(), mask_key, mask_key + 4);
    for (std::size_t i = 0; i < n; ++i) out.push_back(payload[i] ^ mask_key[i % 4]);
  } else {
    out.insert(out.end(), payload.begin(), payload.end());
  }
  return out;
}

}  // namespace mqscope::test
