#include "mqscope/core/json_text.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "mqscope/core/swar.hpp"
#include "mqscope/core/utf8.hpp"
#include "mqscope/core/vec16.hpp"

namespace mqscope {

namespace {

// Printable ASCII other than the quote and the backslash: copied as is.
bool plain(unsigned char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; }

// Whether all eight bytes of `v` are plain, tested at once.
bool all_plain(std::uint64_t v) {
  return swar::all_ascii(v) && !swar::has_byte_below(v, 0x20) && !swar::has_byte(v, 0x7f) &&
         !swar::has_byte(v, '"') && !swar::has_byte(v, '\\');
}

// Length of the run of plain bytes at the start of `text`, sixteen, then eight bytes at a time.
std::size_t plain_run(std::string_view text, std::size_t from) {
  std::size_t i = from;
  while (i + 16 <= text.size() && !vec16::any_not_json_plain(vec16::load(text.data() + i))) i += 16;
  for (; i + 8 <= text.size(); i += 8) {
    if (!all_plain(swar::load(text.data() + i))) break;
  }
  while (i < text.size() && plain(static_cast<unsigned char>(text[i]))) ++i;
  return i - from;
}

}  // namespace

template <class Out>
void append_json_string(Out& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    // Runs of plain ASCII, the bulk of topics and payloads, are appended in one go.
    std::size_t run = i + plain_run(text, i);
    if (run > i) {
      out.append(text.data() + i, run - i);
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

template void append_json_string(std::string&, std::string_view);
template void append_json_string(TextBuffer&, std::string_view);

}  // namespace mqscope
