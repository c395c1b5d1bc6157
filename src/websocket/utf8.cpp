#include "mqscope/websocket/utf8.hpp"

namespace mqscope::ws {

// RFC 3629 §4, UTF8-octets:
//   UTF8-1 = %x00-7F
//   UTF8-2 = %xC2-DF UTF8-tail
//   UTF8-3 = %xE0 %xA0-BF UTF8-tail / %xE1-EC 2( UTF8-tail ) /
//            %xED %x80-9F UTF8-tail / %xEE-EF 2( UTF8-tail )
//   UTF8-4 = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) /
//            %xF4 %x80-8F 2( UTF8-tail )
bool Utf8Validator::take(std::uint8_t b) {
  if (pending_ > 0) {
    if (b < next_low_ || b > next_high_) return false;
    --pending_;
    next_low_ = 0x80;
    next_high_ = 0xbf;
    return true;
  }
  if (b < 0x80) return true;
  if (b >= 0xc2 && b <= 0xdf) {
    pending_ = 1;
  } else if (b >= 0xe0 && b <= 0xef) {
    pending_ = 2;
    if (b == 0xe0) next_low_ = 0xa0;   // overlong
    if (b == 0xed) next_high_ = 0x9f;  // UTF-16 surrogates D800-DFFF
  } else if (b >= 0xf0 && b <= 0xf4) {
    pending_ = 3;
    if (b == 0xf0) next_low_ = 0x90;   // overlong
    if (b == 0xf4) next_high_ = 0x8f;  // above U+10FFFF
  } else {
    return false;  // C0, C1, F5-FF never appear; 80-BF cannot start a sequence
  }
  return true;
}

bool Utf8Validator::feed(Bytes bytes) {
  if (failed_) return false;
  for (std::uint8_t b : bytes) {
    if (!take(b)) {
      failed_ = true;
      return false;
    }
  }
  return true;
}

bool is_valid_utf8(Bytes bytes) {
  Utf8Validator v;
  return v.feed(bytes) && v.at_boundary();
}

std::size_t valid_utf8_prefix(Bytes bytes) {
  Utf8Validator v;
  std::size_t boundary = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (!v.feed(bytes.subspan(i, 1))) break;
    if (v.at_boundary()) boundary = i + 1;
  }
  return boundary;
}

}  // namespace mqscope::ws
