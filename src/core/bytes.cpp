#include "mqscope/core/bytes.hpp"

#include <cstring>
#include <type_traits>

#include "mqscope/core/text_buffer.hpp"
#include "mqscope/core/vec16.hpp"

namespace mqscope {

namespace {

// The two hex digits of every byte value: one table look-up per byte.
struct HexPairs {
  char text[256][2];
};

constexpr HexPairs make_hex_pairs() {
  constexpr char kDigits[] = "0123456789abcdef";
  HexPairs pairs{};
  for (unsigned b = 0; b < 256; ++b) {
    pairs.text[b][0] = kDigits[b >> 4];
    pairs.text[b][1] = kDigits[b & 0x0f];
  }
  return pairs;
}

constexpr HexPairs kHexPairs = make_hex_pairs();

}  // namespace

char* write_hex(char* out, Bytes bytes, char separator) {
  if (separator == '\0') {
    std::size_t i = 0;
    for (; i + 16 <= bytes.size(); i += 16, out += 32) vec16::store_hex(out, vec16::load(&bytes[i]));
    for (; i < bytes.size(); ++i, out += 2) std::memcpy(out, kHexPairs.text[bytes[i]], 2);
    return out;
  }
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0) *out++ = separator;
    std::memcpy(out, kHexPairs.text[bytes[i]], 2);
    out += 2;
  }
  return out;
}

// Written in place after one resize: payloads in JSON are hex, byte by byte appends showed.
template <class Out>
void append_hex(Out& out, Bytes bytes, char separator) {
  std::size_t at = out.size();
  std::size_t separators = separator != '\0' && !bytes.empty() ? bytes.size() - 1 : 0;
  std::size_t n = 2 * bytes.size() + separators;
  if constexpr (std::is_same_v<Out, TextBuffer>) {  // no zero fill first
    write_hex(out.reserve_tail(n), bytes, separator);
    out.commit(n);
  } else {
    out.resize(at + n);
    write_hex(out.data() + at, bytes, separator);
  }
}

template void append_hex(std::string&, Bytes, char);
template void append_hex(TextBuffer&, Bytes, char);

std::string to_hex(Bytes bytes) {
  std::string out;
  append_hex(out, bytes);
  return out;
}

std::string to_hex_abbrev(Bytes bytes, std::size_t max_bytes) {
  if (bytes.size() <= max_bytes) return to_hex(bytes);
  return to_hex(bytes.first(max_bytes)) + "\u2026";
}

}  // namespace mqscope
