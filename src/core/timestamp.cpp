#include "mqscope/core/timestamp.hpp"

#include <ctime>

#include <fmt/format.h>

namespace mqscope {

std::string format_relative(Timestamp t, Timestamp base, int decimals) {
  std::int64_t ns = t.total_ns() - base.total_ns();
  const char* sign = "";
  if (ns < 0) {
    sign = "-";
    ns = -ns;
  }
  std::int64_t sec = ns / 1'000'000'000;
  std::int64_t frac = ns % 1'000'000'000;
  int digits = decimals < 0 ? 0 : (decimals > 9 ? 9 : decimals);
  for (int i = digits; i < 9; ++i) frac /= 10;
  if (digits == 0) return fmt::format("{}{}", sign, sec);
  return fmt::format("{}{}.{:0{}}", sign, sec, frac, digits);
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
