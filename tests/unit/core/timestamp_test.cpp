// Timestamps as tshark prints them: frame.time_relative ("%.9f" seconds) and the Arrival Time
// line of `-V` (Wireshark's abs_time_to_str: "%s %2d, %d %02d:%02d:%02d.%09ld UTC").
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "mqscope/core/text_buffer.hpp"
#include "mqscope/core/timestamp.hpp"

namespace mqscope {
namespace {

TEST(CoreTimestamp, TotalNanosecondsCombinesBothParts) {
  EXPECT_EQ((Timestamp{2, 5}).total_ns(), 2'000'000'005);
  EXPECT_EQ((Timestamp{0, 999'999'999}).total_ns(), 999'999'999);
  EXPECT_EQ((Timestamp{1'700'000'000, 1}).total_ns(), 1'700'000'000'000'000'001);
}

TEST(CoreTimestamp, EqualityComparesSecondsAndNanoseconds) {
  EXPECT_EQ((Timestamp{1, 2}), (Timestamp{1, 2}));
  EXPECT_NE((Timestamp{1, 2}), (Timestamp{1, 3}));
  EXPECT_NE((Timestamp{1, 2}), (Timestamp{2, 2}));
}

TEST(CoreFormatRelative, SameTimeIsZeroWithNineDecimals) {
  Timestamp t{1573538601, 141353000};
  EXPECT_EQ(format_relative(t, t), "0.000000000");
}

// The golden frame 4: 0.037120000 s after the first frame.
TEST(CoreFormatRelative, PrintsNanosecondsAfterTheBase) {
  Timestamp base{1573538601, 104233000};
  Timestamp t{1573538601, 141353000};
  EXPECT_EQ(format_relative(t, base), "0.037120000");
}

TEST(CoreFormatRelative, BorrowsAcrossTheSecondBoundary) {
  Timestamp base{100, 900'000'000};
  Timestamp t{102, 100'000'001};
  EXPECT_EQ(format_relative(t, base), "1.200000001");
}

TEST(CoreFormatRelative, LargeGapsKeepAllSeconds) {
  Timestamp base{0, 0};
  Timestamp t{86400 * 365, 5};
  EXPECT_EQ(format_relative(t, base), "31536000.000000005");
}

TEST(CoreFormatRelative, TimeBeforeTheBaseIsNegative) {
  Timestamp base{10, 0};
  Timestamp t{8, 750'000'000};
  EXPECT_EQ(format_relative(t, base), "-1.250000000");
  EXPECT_EQ(format_relative(Timestamp{9, 999'999'999}, base), "-0.000000001");
}

// Fewer decimals drop the trailing digits (truncate, as Wireshark's time columns do).
TEST(CoreFormatRelative, FewerDecimalsTruncate) {
  Timestamp base{0, 0};
  Timestamp t{1, 234'567'899};
  EXPECT_EQ(format_relative(t, base, 6), "1.234567");
  EXPECT_EQ(format_relative(t, base, 3), "1.234");
  EXPECT_EQ(format_relative(t, base, 1), "1.2");
  EXPECT_EQ(format_relative(Timestamp{0, 1'000}, base, 6), "0.000001");
  EXPECT_EQ(format_relative(Timestamp{0, 999}, base, 6), "0.000000");
}

TEST(CoreFormatRelative, ZeroDecimalsPrintsWholeSecondsOnly) {
  Timestamp base{0, 0};
  EXPECT_EQ(format_relative(Timestamp{7, 999'999'999}, base, 0), "7");
  EXPECT_EQ(format_relative(Timestamp{0, 0}, Timestamp{3, 0}, 0), "-3");
}

TEST(CoreFormatRelative, DecimalsOutsideZeroToNineAreClamped) {
  Timestamp base{0, 0};
  Timestamp t{2, 123'456'789};
  EXPECT_EQ(format_relative(t, base, 12), "2.123456789");
  EXPECT_EQ(format_relative(t, base, -4), "2");
}

// The fraction is written two digits at a time: every count of decimals, odd and even, with
// digits that differ in every place, against printf's truncated reading of the same value.
TEST(CoreFormatRelative, EveryCountOfDecimalsMatchesPrintf) {
  const std::int64_t fractions[] = {
      0, 1, 9, 10, 99, 100, 123'456'789, 987'654'321, 999'999'999, 500'000'000, 10'203'040};
  for (int decimals = 1; decimals <= 9; ++decimals) {
    std::int64_t scale = 1;
    for (int i = decimals; i < 9; ++i) scale *= 10;
    for (std::int64_t fraction : fractions) {
      char expected[64];
      std::snprintf(expected, sizeof expected, "42.%0*lld", decimals,
                    static_cast<long long>(fraction / scale));
      EXPECT_EQ(format_relative(Timestamp{42, fraction}, Timestamp{0, 0}, decimals), expected)
          << decimals << " decimals of " << fraction;
    }
  }
}

// Times saturate at about ±2^63 ns, so two of them can be up to 2^64 ns apart: the distance
// is computed without overflow (2^63 ns is 9223372036.854775808 s).
TEST(CoreFormatRelative, DistancesBeyondTheRangeOfASignedNanosecondCount) {
  Timestamp early{-9'223'372'036, 0};  // saturates to -9223372035 s
  Timestamp late{1, 854'775'808};
  EXPECT_EQ(format_relative(late, early), "9223372036.854775808");
  EXPECT_EQ(format_relative(early, late), "-9223372036.854775808");
  Timestamp latest{9'223'372'036, 999'999'999};  // saturates to 9223372035 s
  EXPECT_EQ(format_relative(latest, early, 3), "18446744070.999");
}

// The summary appends the time to the frame number already in its buffer.
TEST(CoreFormatRelative, AppendKeepsWhatIsThere) {
  std::string out = "12 ";
  append_relative(out, Timestamp{3, 40'000}, Timestamp{1, 50'000}, 6);
  EXPECT_EQ(out, "12 1.999990");
}

std::string format_arrival(Timestamp t) {
  TextBuffer out;
  append_arrival(out, t);
  return out.str();
}

// The golden file's Arrival Time line.
// Wireshark's relative times ("0.002000000 seconds"): whole seconds, then nine decimals with
// their leading zeros, up to the largest count of nanoseconds.
TEST(CoreWriteSeconds, NineDecimalsForEveryNanosecondCount) {
  auto text = [](std::uint64_t ns) {
    char out[kSecondsTextMax];
    return std::string(out, write_seconds(out, ns));
  };
  EXPECT_EQ(text(0), "0.000000000");
  EXPECT_EQ(text(2'000'000), "0.002000000");
  EXPECT_EQ(text(1'000'000'000), "1.000000000");
  EXPECT_EQ(text(1'573'538'601'141'353'000), "1573538601.141353000");
  EXPECT_EQ(text(UINT64_MAX), "18446744073.709551615");
  for (std::uint64_t ns = 1; ns < UINT64_MAX / 7; ns = ns * 7 + 3) {
    char expected[64];
    std::snprintf(expected, sizeof expected, "%llu.%09llu",
                  static_cast<unsigned long long>(ns / 1'000'000'000),
                  static_cast<unsigned long long>(ns % 1'000'000'000));
    EXPECT_EQ(text(ns), expected) << ns;
  }
}

TEST(CoreFormatArrival, MatchesTsharkArrivalTimeInUtc) {
  EXPECT_EQ(format_arrival(Timestamp{1573538601, 141353000}),
            "Nov 12, 2019 06:03:21.141353000 UTC");
}

// "%2d": a one-digit day is padded with a space, not a zero.
TEST(CoreFormatArrival, OneDigitDayIsSpacePadded) {
  EXPECT_EQ(format_arrival(Timestamp{1562027045, 7}), "Jul  2, 2019 00:24:05.000000007 UTC");
}

TEST(CoreFormatArrival, EpochLeapDayAndMidnight) {
  EXPECT_EQ(format_arrival(Timestamp{0, 0}), "Jan  1, 1970 00:00:00.000000000 UTC");
  EXPECT_EQ(format_arrival(Timestamp{1709251199, 999'999'999}),
            "Feb 29, 2024 23:59:59.999999999 UTC");
  EXPECT_EQ(format_arrival(Timestamp{946684800, 500'000'000}),
            "Jan  1, 2000 00:00:00.500000000 UTC");
}

// The date is made once per second and reused: a change of second, in either direction, and
// the same second again after another must each show their own date.
TEST(CoreFormatArrival, EachSecondShowsItsOwnDate) {
  EXPECT_EQ(format_arrival(Timestamp{1573538601, 1}), "Nov 12, 2019 06:03:21.000000001 UTC");
  EXPECT_EQ(format_arrival(Timestamp{1573538601, 2}), "Nov 12, 2019 06:03:21.000000002 UTC");
  EXPECT_EQ(format_arrival(Timestamp{1573538602, 0}), "Nov 12, 2019 06:03:22.000000000 UTC");
  EXPECT_EQ(format_arrival(Timestamp{1573538600, 0}), "Nov 12, 2019 06:03:20.000000000 UTC");
  EXPECT_EQ(format_arrival(Timestamp{1573538601, 3}), "Nov 12, 2019 06:03:21.000000003 UTC");
}

// A pcap record may claim more than a second of microseconds; the fraction is shown whole
// rather than cut to nine digits.
TEST(CoreFormatArrival, FractionOutOfRangeIsShownAsItIs) {
  EXPECT_EQ(format_arrival(Timestamp{0, 4'294'967'295'000}),
            "Jan  1, 1970 00:00:00.4294967295000 UTC");
  // libpcap reads a record's microseconds as signed: 0xffffffff arrives as -1.
  EXPECT_EQ(format_arrival(Timestamp{0, -1000}), "Jan  1, 1970 00:00:00.-00001000 UTC");
}

}  // namespace
}  // namespace mqscope

namespace mqscope {
namespace {

// A pcapng timestamp may hold any 64-bit number of seconds: total_ns() saturates instead of
// overflowing (found by the pipeline fuzz target with UBSan: 3325755393912 s × 10^9).
TEST(Timestamp, TotalNanosecondsSaturatesFarFromTheEpoch) {
  EXPECT_EQ((Timestamp{1700000000, 5}.total_ns()), 1700000000'000000005);
  Timestamp far{3325755393912, 0};
  Timestamp farther{INT64_MAX, 999999999};
  EXPECT_GT(far.total_ns(), (Timestamp{1700000000, 0}.total_ns()));
  EXPECT_EQ(far.total_ns(), farther.total_ns() - 999999999);
  EXPECT_LT((Timestamp{INT64_MIN, 0}.total_ns()), 0);
}

}  // namespace
}  // namespace mqscope
