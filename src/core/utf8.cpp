#include "mqscope/core/utf8.hpp"

namespace mqscope {

std::size_t utf8_char_length(Bytes bytes) {
  if (bytes.empty()) return 0;
  std::uint8_t lead = bytes[0];
  if (lead < 0x80) return 1;
  std::size_t n = lead >= 0xc2 && lead <= 0xdf   ? 2
                  : lead >= 0xe0 && lead <= 0xef ? 3
                  : lead >= 0xf0 && lead <= 0xf4 ? 4
                                                 : 0;
  if (n == 0 || bytes.size() < n) return 0;
  // RFC 3629 §4: the second byte's range excludes overlong forms (E0, F0), surrogates (ED)
  // and code points above U+10FFFF (F4).
  std::uint8_t low = lead == 0xe0 ? 0xa0 : lead == 0xf0 ? 0x90 : 0x80;
  std::uint8_t high = lead == 0xed ? 0x9f : lead == 0xf4 ? 0x8f : 0xbf;
  if (bytes[1] < low || bytes[1] > high) return 0;
  for (std::size_t i = 2; i < n; ++i) {
    if ((bytes[i] & 0xc0) != 0x80) return 0;
  }
  return n;
}

}  // namespace mqscope
