#include "mqscope/core/base64.hpp"

#include <cstdint>

namespace mqscope {

namespace {

// RFC 4648 §4, Table 1: the character for each 6-bit value.
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string base64_encode(Bytes data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  // RFC 4648 §4: each 24-bit group, first byte most significant, read as four 6-bit values.
  for (; i + 3 <= data.size(); i += 3) {
    std::uint32_t group = static_cast<std::uint32_t>(data[i]) << 16 |
                          static_cast<std::uint32_t>(data[i + 1]) << 8 | data[i + 2];
    out += kAlphabet[group >> 18];
    out += kAlphabet[(group >> 12) & 0x3f];
    out += kAlphabet[(group >> 6) & 0x3f];
    out += kAlphabet[group & 0x3f];
  }
  // RFC 4648 §4: a final group of one or two bytes is filled out with zero bits to whole
  // 6-bit values, and '=' stands for each missing one up to four characters.
  std::size_t rest = data.size() - i;
  if (rest == 0) return out;
  std::uint32_t group = static_cast<std::uint32_t>(data[i]) << 16;
  if (rest == 2) group |= static_cast<std::uint32_t>(data[i + 1]) << 8;
  out += kAlphabet[group >> 18];
  out += kAlphabet[(group >> 12) & 0x3f];
  out += rest == 2 ? kAlphabet[(group >> 6) & 0x3f] : '=';
  out += '=';
  return out;
}

}  // namespace mqscope
