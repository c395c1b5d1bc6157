#include "mqscope/http/head.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <span>

namespace mqscope::http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool parse_start_line(std::string_view line, Head& head) {
  std::size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return false;
  if (line.starts_with("HTTP/")) {
    head.is_request = false;
    head.version = line.substr(0, sp1);
    std::string_view rest = line.substr(sp1 + 1);
    std::size_t sp2 = rest.find(' ');
    std::string_view code = rest.substr(0, sp2);
    // status-code = 3DIGIT (RFC 9112 §4); from_chars alone would take "-01" or "1010".
    if (code.size() != 3 || !std::all_of(code.begin(), code.end(), [](char c) {
          return c >= '0' && c <= '9';
        }))
      return false;
    auto [ptr, ec] = std::from_chars(code.data(), code.data() + code.size(), head.status);
    if (ec != std::errc() || ptr != code.data() + code.size()) return false;
    head.reason = sp2 == std::string_view::npos ? std::string_view{} : rest.substr(sp2 + 1);
    return true;
  }
  head.is_request = true;
  head.method = line.substr(0, sp1);
  if (head.method.empty() || !std::all_of(head.method.begin(), head.method.end(), is_token_char))
    return false;
  std::string_view rest = line.substr(sp1 + 1);
  std::size_t sp2 = rest.rfind(' ');
  if (sp2 == std::string_view::npos) return false;
  head.target = rest.substr(0, sp2);
  head.version = rest.substr(sp2 + 1);
  return head.version.starts_with("HTTP/");
}

}  // namespace

// RFC 9110 §5.1: field names (and the tokens compared here) are case-insensitive ASCII; only
// A-Z fold, whatever the locale would say of other bytes. Every header of every upgrade is
// looked up this way, so it is a plain loop rather than std::tolower's call per byte.
bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]);
    auto y = static_cast<unsigned char>(b[i]);
    if (x == y) continue;
    if ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z') return false;
  }
  return true;
}

std::vector<std::string_view> split_list(std::string_view list) {
  std::vector<std::string_view> out;
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = trim(list.substr(0, comma));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

bool has_token(std::string_view list, std::string_view token) {
  for (std::string_view item : split_list(list)) {
    if (iequals(item, token)) return true;
  }
  return false;
}

std::string_view Head::header(std::string_view name) const {
  for (const HeaderLine& h : headers) {
    if (iequals(h.name, name)) return h.value;
  }
  return {};
}

bool Head::has_header(std::string_view name) const {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const HeaderLine& h) { return iequals(h.name, name); });
}

namespace {

Match starts_with_one_of(std::string_view text, std::span<const std::string_view> starts) {
  bool possible = false;
  for (std::string_view start : starts) {
    std::size_t n = std::min(start.size(), text.size());
    if (text.substr(0, n) != start.substr(0, n)) continue;
    if (n == start.size()) return Match::Yes;
    possible = true;
  }
  return possible ? Match::NeedMore : Match::No;
}

}  // namespace

Match looks_like_request(Bytes first_bytes) {
  // RFC 9110 §9 methods; a WebSocket upgrade is always a GET (RFC 6455 §4.1).
  static constexpr std::string_view kMethods[] = {"GET ", "POST ", "PUT ", "HEAD ", "OPTIONS ",
                                                  "DELETE ", "PATCH ", "CONNECT ", "TRACE "};
  return starts_with_one_of(as_text(first_bytes), kMethods);
}

Match looks_like_response(Bytes first_bytes) {
  static constexpr std::string_view kVersions[] = {"HTTP/1.1 ", "HTTP/1.0 "};
  return starts_with_one_of(as_text(first_bytes), kVersions);
}

bool parse_head(std::string_view text, Head& head) {
  head = Head{};
  std::size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) return false;
    std::string_view line = text.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto offset = static_cast<std::uint32_t>(pos);
    pos = eol + 1;
    if (line.empty()) return !first;
    if (first) {
      if (!parse_start_line(line, head)) return false;
      head.start_line_length = static_cast<std::uint32_t>(line.size());
      first = false;
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;  // tolerated, not a header
    HeaderLine h;
    h.name = line.substr(0, colon);
    std::string_view raw_value = line.substr(colon + 1);
    h.value = trim(raw_value);
    h.offset = offset;
    h.length = static_cast<std::uint32_t>(line.size());
    h.value_offset = static_cast<std::uint32_t>(h.value.data() - text.data());
    head.headers.push_back(h);
  }
  return false;
}

std::size_t HeadReader::feed(Bytes data, Status& status) {
  std::string_view incoming = as_text(data);
  // Look for the blank line that ends the head, starting just before the new bytes so that
  // a "\r\n\r\n" split across chunks is found.
  std::size_t old_size = buffer_.size();
  std::size_t room = limit_ > old_size ? limit_ - old_size : 0;
  std::size_t take = std::min(incoming.size(), room);
  buffer_.append(incoming.substr(0, take));
  std::size_t search_from = old_size >= 3 ? old_size - 3 : 0;
  std::string_view all = buffer_;
  for (std::size_t i = search_from; i < all.size(); ++i) {
    if (all[i] != '\n') continue;
    bool blank = (i >= 1 && all[i - 1] == '\n') || (i >= 2 && all[i - 1] == '\r' && all[i - 2] == '\n');
    if (blank) {
      buffer_.resize(i + 1);
      status = Status::Complete;
      return i + 1 - old_size;
    }
  }
  status = take < incoming.size() ? Status::TooLarge : Status::NeedMore;
  return take;
}

void HeadReader::reset() { buffer_.clear(); }

}  // namespace mqscope::http
