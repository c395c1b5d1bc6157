#include "text.hpp"

namespace mqscope::mqtt::detail {

std::size_t utf8_char_length(Bytes bytes) {
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

TextCheck check_text(Bytes bytes) {
  TextCheck check;
  for (std::size_t i = 0; i < bytes.size();) {
    std::uint8_t b = bytes[i];
    if (b == 0) check.has_null = true;
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) check.has_control = true;
    std::size_t n = utf8_char_length(bytes.subspan(i));
    if (n == 0) {
      check.well_formed = false;
      ++i;
      continue;
    }
    i += n;
  }
  return check;
}

bool is_text_payload(Bytes payload, bool declared_utf8) {
  if (payload.empty()) return false;
  TextCheck check = check_text(payload);
  return check.well_formed && (declared_utf8 || !check.has_control);
}

bool has_wildcard(std::string_view topic) {
  return topic.find_first_of("+#") != std::string_view::npos;
}

namespace {

std::string_view level_problem(std::string_view filter) {
  std::size_t start = 0;
  while (true) {
    std::size_t end = filter.find('/', start);
    std::string_view level =
        filter.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    bool last = end == std::string_view::npos;
    if (level.find('#') != std::string_view::npos && (level != "#" || !last))
      return "'#' is not alone as the last level";
    if (level.find('+') != std::string_view::npos && level != "+")
      return "'+' does not fill a whole level";
    if (last) return {};
    start = end + 1;
  }
}

}  // namespace

std::string_view topic_filter_problem(std::string_view filter, bool v5) {
  constexpr std::string_view kShare = "$share/";
  if (v5 && filter.starts_with(kShare)) {
    // MQTT 5.0 §4.8.2: "$share/" ShareName "/" filter; the name has no '/', '+' or '#'.
    std::string_view rest = filter.substr(kShare.size());
    std::size_t slash = rest.find('/');
    if (slash == 0 || slash == std::string_view::npos) return "shared subscription without a name and a filter";
    if (has_wildcard(rest.substr(0, slash))) return "wildcard in a share name";
    filter = rest.substr(slash + 1);
    if (filter.empty()) return "shared subscription without a filter";
  }
  return level_problem(filter);
}

}  // namespace mqscope::mqtt::detail
