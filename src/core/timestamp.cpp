#include "mqscope/core/timestamp.hpp"

#include <charconv>
#include <ctime>

#include <fmt/format.h>

namespace mqscope {

// Written with to_chars: the summary prints one per packet, and fmt's runtime format string
// was a tenth of the summary run.
void append_relative(std::string& out, Timestamp t, Timestamp base, int decimals) {
  std::int64_t ns = t.total_ns() - base.total_ns();
  if (ns < 0) {
    out += '-';
    ns = -ns;
  }
  std::int64_t sec = ns / 1'000'000'000;
  std::int64_t frac = ns % 1'000'000'000;
  int digits = decimals < 0 ? 0 : (decimals > 9 ? 9 : decimals);
  for (int i = digits; i < 9; ++i) frac /= 10;
  char text[32];
  char* end = std::to_chars(text, text + sizeof text, sec).ptr;
  out.append(text, end);
  if (digits == 0) return;
  out += '.';
  // The fraction with its leading zeros: `digits` characters, filled from the right.
  char* fraction = text + sizeof text - digits;
  for (int i = digits - 1; i >= 0; --i, frac /= 10)
    fraction[i] = static_cast<char>('0' + frac % 10);
  out.append(fraction, static_cast<std::size_t>(digits));
}

std::string format_relative(Timestamp t, Timestamp base, int decimals) {
  std::string out;
  append_relative(out, t, base, decimals);
  return out;
}

std::string format_arrival(Timestamp t) {
  std::time_t seconds = static_cast<std::time_t>(t.sec);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char date[64];
  std::strftime(date, sizeof date, "%b %e, %Y %H:%M:%S", &utc);
  return fmt::format("{}.{:09} UTC", date, t.nsec);
}

}  // namespace mqscope
