#include "text.hpp"

#include "mqscope/core/utf8.hpp"

namespace mqscope::mqtt::detail {

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
