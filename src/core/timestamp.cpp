#include "mqscope/core/timestamp.hpp"

#include <charconv>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "mqscope/core/text_buffer.hpp"

namespace mqscope {

namespace {

constexpr std::uint64_t kPowersOfTen[10] = {
    1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000, 1'000'000'000};

// "00" to "99": fractions are written two digits per division.
struct DecimalPairs {
  char text[100][2];
};

constexpr DecimalPairs make_decimal_pairs() {
  DecimalPairs pairs{};
  for (int i = 0; i < 100; ++i) {
    pairs.text[i][0] = static_cast<char>('0' + i / 10);
    pairs.text[i][1] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}

constexpr DecimalPairs kDecimalPairs = make_decimal_pairs();

// `value` in exactly `digits` decimal digits, leading zeros kept (value < 10^digits), filled
// from the right two digits per division; returns the end.
char* write_zero_padded(char* out, std::uint64_t value, int digits) {
  char* end = out + digits;
  char* at = end;
  for (; at - out >= 2; value /= 100) {
    at -= 2;
    std::memcpy(at, kDecimalPairs.text[value % 100], 2);
  }
  if (at > out) *--at = static_cast<char>('0' + value % 10);
  return end;
}

}  // namespace

char* write_seconds(char* out, std::uint64_t ns) {
  out = std::to_chars(out, out + 20, ns / 1'000'000'000).ptr;
  *out++ = '.';
  return write_zero_padded(out, ns % 1'000'000'000, 9);
}

// Written by hand: the summary prints one per packet, and fmt's runtime format string was a
// tenth of the summary run.
char* write_relative(char* out, Timestamp t, Timestamp base, int decimals) {
  // The distance in unsigned arithmetic: two 64-bit times may be more than 2^63 ns apart.
  std::int64_t to = t.total_ns();
  std::int64_t from = base.total_ns();
  std::uint64_t ns = to >= from ? static_cast<std::uint64_t>(to) - static_cast<std::uint64_t>(from)
                                : static_cast<std::uint64_t>(from) - static_cast<std::uint64_t>(to);
  if (to < from) *out++ = '-';
  std::uint64_t sec = ns / 1'000'000'000;
  int digits = decimals < 0 ? 0 : (decimals > 9 ? 9 : decimals);
  std::uint64_t frac = ns % 1'000'000'000 / kPowersOfTen[9 - digits];
  out = std::to_chars(out, out + 20, sec).ptr;  // at most 11 digits
  if (digits == 0) return out;
  *out++ = '.';
  return write_zero_padded(out, frac, digits);
}

void append_relative(std::string& out, Timestamp t, Timestamp base, int decimals) {
  char text[kRelativeTextMax];
  out.append(text, write_relative(text, t, base, decimals));
}

std::string format_relative(Timestamp t, Timestamp base, int decimals) {
  std::string out;
  append_relative(out, t, base, decimals);
  return out;
}

// -V shows the arrival time of every frame, and gmtime + strftime cost more than the rest of
// the frame's tree; frames of one second share the date, so it is made once per second (per
// thread).
void append_arrival(TextBuffer& out, Timestamp t) {
  thread_local std::int64_t cached_second = 0;
  thread_local char date[64] = {};
  thread_local std::size_t date_size = 0;
  if (date_size == 0 || cached_second != t.sec) {
    std::time_t seconds = static_cast<std::time_t>(t.sec);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    date_size = std::strftime(date, sizeof date, "%b %e, %Y %H:%M:%S", &utc);
    cached_second = t.sec;
  }
  out.append(date, date_size);
  out += '.';
  if (t.nsec < 0 || t.nsec > 999'999'999) {
    // A pcap record may claim any microseconds; shown as they are, not cut to nine digits.
    fmt::format_to(std::back_inserter(out), "{:09}", t.nsec);
  } else {
    append_in_place(out, 9, [&](char* at) {
      return write_zero_padded(at, static_cast<std::uint64_t>(t.nsec), 9);
    });
  }
  out += " UTC";
}

}  // namespace mqscope
