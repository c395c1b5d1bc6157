#include "mqscope/core/bytes.hpp"

namespace mqscope {

namespace {
constexpr char kHexDigits[] = "0123456789abcdef";
}

std::string to_hex(Bytes bytes) {
  std::string out;
  out.resize(bytes.size() * 2);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kHexDigits[bytes[i] >> 4];
    out[2 * i + 1] = kHexDigits[bytes[i] & 0x0f];
  }
  return out;
}

std::string to_hex_abbrev(Bytes bytes, std::size_t max_bytes) {
  if (bytes.size() <= max_bytes) return to_hex(bytes);
  return to_hex(bytes.first(max_bytes)) + "\u2026";
}

}  // namespace mqscope
