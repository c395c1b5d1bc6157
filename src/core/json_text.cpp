#include "mqscope/core/json_text.hpp"

#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "mqscope/core/utf8.hpp"

namespace mqscope {

namespace {

// Printable ASCII other than the quote and the backslash: copied as is.
bool plain(unsigned char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; }

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighs = 0x8080808080808080ull;

// Whether some byte of `v` is zero (the classic bit trick: exact, no false positives).
bool has_zero_byte(std::uint64_t v) { return ((v - kOnes) & ~v & kHighs) != 0; }

// Whether all eight bytes of `v` are plain, tested at once.
bool all_plain(std::uint64_t v) {
  bool below_space = ((v - 0x20 * kOnes) & ~v & kHighs) != 0;  // exact for bytes < 0x80
  bool high = (v & kHighs) != 0;                                 // 0x80 and above
  return !below_space && !high && !has_zero_byte(v ^ (0x7f * kOnes)) &&
         !has_zero_byte(v ^ ('"' * kOnes)) && !has_zero_byte(v ^ ('\\' * kOnes));
}

// Length of the run of plain bytes at the start of `text`, eight bytes at a time.
std::size_t plain_run(std::string_view text, std::size_t from) {
  std::size_t i = from;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t v = 0;
    std::memcpy(&v, text.data() + i, 8);
    if (!all_plain(v)) break;
  }
  while (i < text.size() && plain(static_cast<unsigned char>(text[i]))) ++i;
  return i - from;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    // Runs of plain ASCII, the bulk of topics and payloads, are appended in one go.
    std::size_t run = i + plain_run(text, i);
    if (run > i) {
      out.append(text, i, run - i);
      i = run;
      continue;
    }
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = utf8_char_length(text, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  out += '"';
}

}  // namespace mqscope
