#include "text.hpp"

#include <cstdint>

#include "mqscope/core/swar.hpp"
#include "mqscope/core/utf8.hpp"
#include "mqscope/core/vec16.hpp"

namespace mqscope::mqtt::detail {

namespace {

// Payloads are mostly printable ASCII, and deciding to show them as text is this scan's whole
// cost: such runs are passed over 32 bytes, then 8, at a time with one test per step. TAB, LF
// and CR fail the test too and are judged one byte at a time like everything else.
bool plain_block(const std::uint8_t* at) {
  return !vec16::any_outside_printable(vec16::load(at), vec16::load(at + 16));
}

bool plain_word(const std::uint8_t* at) { return swar::outside_printable(swar::load(at)) == 0; }

// Scans `bytes` and stops early once `enough` says the answer is known.
template <typename Enough>
TextCheck scan_text(Bytes bytes, Enough enough) {
  TextCheck check;
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t left = bytes.size() - i;
    if (left >= 32 && plain_block(bytes.data() + i)) {
      i += 32;
      continue;
    }
    if (left >= 8 && plain_word(bytes.data() + i)) {
      i += 8;
      continue;
    }
    // Fewer than eight bytes left (the end of most topic names): one load that overlaps bytes
    // already judged says whether the rest is printable, instead of a byte at a time.
    if (left < 8 && bytes.size() >= 8 && plain_word(bytes.data() + bytes.size() - 8)) break;
    std::uint8_t b = bytes[i];
    if (b == 0) check.has_null = true;
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) check.has_control = true;
    std::size_t n = utf8_char_length(bytes.subspan(i));
    if (n == 0) {
      check.well_formed = false;
      n = 1;
    }
    i += n;
    if (enough(check)) break;
  }
  return check;
}

}  // namespace

TextCheck check_text(Bytes bytes) {
  return scan_text(bytes, [](const TextCheck&) { return false; });
}

bool is_text_payload(Bytes payload, bool declared_utf8) {
  if (payload.empty()) return false;
  // Random binary payloads fail within a few bytes: no need to read them to the end.
  auto is_not_text = [declared_utf8](const TextCheck& c) {
    return !c.well_formed || (!declared_utf8 && c.has_control);
  };
  return !is_not_text(scan_text(payload, is_not_text));
}

bool has_wildcard(std::string_view topic) {
  // A plain loop: find_first_of calls memchr over its two-byte set for every byte of the
  // topic, and every PUBLISH topic is checked.
  for (char c : topic)
    if (c == '+' || c == '#') return true;
  return false;
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
