#include "text.hpp"

#include <cstdint>
#include <cstring>

#include "mqscope/core/utf8.hpp"

namespace mqscope::mqtt::detail {

namespace {

constexpr std::uint64_t kEachByte = 0x0101010101010101ull;
constexpr std::uint64_t kTopBits = 0x8080808080808080ull;

// Eight bytes that are ASCII and none of them a C0 control or DEL, tested at once: payloads
// are mostly such text, and this is the whole cost of deciding to show them as text. With
// every top bit clear no byte can borrow from its neighbour, so the subtractions below flag
// exactly the words holding a byte below 0x20 or equal to 0x7f.
bool plain_ascii(const std::uint8_t* at) {
  std::uint64_t w;
  std::memcpy(&w, at, sizeof w);
  if ((w & kTopBits) != 0) return false;
  std::uint64_t below_space = (w - kEachByte * 0x20) & ~w & kTopBits;
  std::uint64_t del = w ^ (kEachByte * 0x7f);
  std::uint64_t is_del = (del - kEachByte) & ~del & kTopBits;
  return (below_space | is_del) == 0;
}

// Scans `bytes` and stops early once `enough` says the answer is known.
template <typename Enough>
TextCheck scan_text(Bytes bytes, Enough enough) {
  TextCheck check;
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (bytes.size() - i >= 8 && plain_ascii(bytes.data() + i)) {
      i += 8;
      continue;
    }
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
