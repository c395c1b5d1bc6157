// Byte views and small helpers shared by every layer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace mqscope {

class TextBuffer;

// A borrowed, read-only run of bytes. Parsers take these and never own what they point at.
using Bytes = std::span<const std::uint8_t>;

inline Bytes as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

inline std::string_view as_text(Bytes bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Lower-case hex without separators ("0c3cb539"), as Wireshark prints FT_BYTES.
std::string to_hex(Bytes bytes);
// The same, appended to `out`, with `separator` between bytes unless it is '\0'
// ("00:1a:2b" for Ethernet addresses).
// `Out` is std::string or TextBuffer.
template <class Out>
void append_hex(Out& out, Bytes bytes, char separator = '\0');
extern template void append_hex(std::string&, Bytes, char);
extern template void append_hex(TextBuffer&, Bytes, char);
// The same into `out`, which must have room for two characters per byte and the separators;
// returns the end.
char* write_hex(char* out, Bytes bytes, char separator = '\0');

// Like to_hex, but at most max_bytes are shown, followed by "…" when cut (Wireshark's
// label limit for byte fields is 36 bytes).
std::string to_hex_abbrev(Bytes bytes, std::size_t max_bytes);

}  // namespace mqscope
