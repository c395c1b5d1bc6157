#include "mqscope/core/bytes.hpp"

namespace mqscope {

namespace {
constexpr char kHexDigits[] = "0123456789abcdef";
}

char* write_hex(char* out, Bytes bytes, char separator) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0 && separator != '\0') *out++ = separator;
    *out++ = kHexDigits[bytes[i] >> 4];
    *out++ = kHexDigits[bytes[i] & 0x0f];
  }
  return out;
}

// Written in place after one resize: payloads in JSON are hex, byte by byte appends showed.
void append_hex(std::string& out, Bytes bytes, char separator) {
  std::size_t at = out.size();
  std::size_t separators = separator != '\0' && !bytes.empty() ? bytes.size() - 1 : 0;
  out.resize(at + 2 * bytes.size() + separators);
  write_hex(out.data() + at, bytes, separator);
}

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
