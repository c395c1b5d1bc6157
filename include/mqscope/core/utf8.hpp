// Well-formed UTF-8 (RFC 3629 §4), one character at a time: shared by every layer that shows
// or checks text. The WebSocket layer's streaming validator (websocket/utf8.hpp) is for text
// that arrives in pieces.
#pragma once

#include <cstddef>
#include <string_view>

#include "mqscope/core/bytes.hpp"

namespace mqscope {

// The length of the well-formed UTF-8 character at the start of `bytes`, or 0 when there is
// none there (an empty span, a stray byte, an overlong form, a surrogate, a code point above
// U+10FFFF, or a character cut short).
std::size_t utf8_char_length(Bytes bytes);

inline std::size_t utf8_char_length(std::string_view text, std::size_t at) {
  return at < text.size() ? utf8_char_length(as_bytes(text).subspan(at)) : 0;
}

}  // namespace mqscope
