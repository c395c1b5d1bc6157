// Capture timestamps with nanosecond resolution.
#pragma once

#include <cstdint>
#include <string>

namespace mqscope {

class TextBuffer;

struct Timestamp {
  std::int64_t sec = 0;
  std::int64_t nsec = 0;  // 0..999'999'999

  // Saturates past about ±292 years from the epoch instead of overflowing: a capture may hold
  // any 64-bit seconds (pcapng), and only differences of nearby times matter.
  std::int64_t total_ns() const {
    constexpr std::int64_t kLimit = INT64_MAX / 1'000'000'000 - 1;
    std::int64_t s = sec > kLimit ? kLimit : sec < -kLimit ? -kLimit : sec;
    return s * 1'000'000'000 + nsec;
  }
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// Seconds from `base` to `t` as "%.9f" (tshark's frame.time_relative).
std::string format_relative(Timestamp t, Timestamp base, int decimals = 9);
// The same, appended to `out`.
void append_relative(std::string& out, Timestamp t, Timestamp base, int decimals = 9);
// The same text written at `out`, which has room for kRelativeTextMax characters; returns its
// end.
inline constexpr std::size_t kRelativeTextMax = 32;  // '-', 11 digits, '.', 9 digits
char* write_relative(char* out, Timestamp t, Timestamp base, int decimals);

// `ns` nanoseconds as seconds with nine decimals ("12.000345000"), written at `out`, which has
// room for kSecondsTextMax characters; returns its end.
inline constexpr std::size_t kSecondsTextMax = 30;  // 20 digits, '.', 9 digits
char* write_seconds(char* out, std::uint64_t ns);

// "Nov 12, 2019 06:03:21.141353000 UTC" (tshark's Arrival Time), appended to `out`.
void append_arrival(TextBuffer& out, Timestamp t);

}  // namespace mqscope
