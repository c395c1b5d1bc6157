#include "mqscope/core/json_text.hpp"

#include <fmt/format.h>

#include "mqscope/core/utf8.hpp"

namespace mqscope {

namespace {

// Printable ASCII other than the quote and the backslash: copied as is.
bool plain(unsigned char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; }

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    // Runs of plain ASCII, the bulk of topics and payloads, are appended in one go.
    std::size_t run = i;
    while (run < text.size() && plain(static_cast<unsigned char>(text[run]))) ++run;
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
