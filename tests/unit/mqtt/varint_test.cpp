// The Variable Byte Integer (MQTT 3.1.1 §2.2.3 Remaining Length, MQTT 5.0 §1.5.5): seven
// bits per byte, least significant group first, continuation bit 0x80, at most four bytes.
#include <gtest/gtest.h>

#include "bytes.hpp"
#include "mqscope/mqtt/varint.hpp"
#include "mqtt_test_support.hpp"

namespace mqscope::mqtt {
namespace {

using test::ByteVector;
using test::from_hex;

struct Boundary {
  std::uint32_t value;
  const char* encoding;
};

// MQTT 3.1.1 §2.2.3 Table 2.4 / MQTT 5.0 §1.5.5 Table 1-1: the edges of each length.
constexpr Boundary kBoundaries[] = {{0, "00"},
                                    {127, "7f"},
                                    {128, "80 01"},
                                    {16'383, "ff 7f"},
                                    {16'384, "80 80 01"},
                                    {2'097'151, "ff ff 7f"},
                                    {2'097'152, "80 80 80 01"},
                                    {268'435'455, "ff ff ff 7f"}};

// MQTT 5.0 §1.5.5: each boundary value decodes from its table encoding, using all its bytes.
TEST(ReadVarint, BoundaryValuesDecodeFromTheirTableEncodings) {
  for (const Boundary& b : kBoundaries) {
    ByteVector bytes = from_hex(b.encoding);
    Varint v = read_varint(Bytes(bytes));
    EXPECT_EQ(v.status, VarintStatus::Complete) << b.encoding;
    EXPECT_EQ(v.value, b.value) << b.encoding;
    EXPECT_EQ(v.length, bytes.size()) << b.encoding;
    EXPECT_FALSE(v.not_minimal) << b.encoding;
  }
}

// MQTT 5.0 §1.5.5: the test helper's encoder agrees with the table (it builds later inputs).
TEST(ReadVarint, TestEncoderProducesTheTableEncodings) {
  for (const Boundary& b : kBoundaries)
    EXPECT_EQ(testing::varint(b.value), from_hex(b.encoding)) << b.value;
}

// MQTT 5.0 §1.5.5: decoding stops at the first byte without the continuation bit.
TEST(ReadVarint, BytesAfterTheLastGroupAreNotConsumed) {
  ByteVector bytes = from_hex("80 01 ff ff");
  Varint v = read_varint(Bytes(bytes));
  EXPECT_EQ(v.status, VarintStatus::Complete);
  EXPECT_EQ(v.value, 128u);
  EXPECT_EQ(v.length, 2u);
}

// MQTT-6.0.0-2: a Remaining Length may be cut anywhere, so a proper prefix is "need more".
TEST(ReadVarint, EveryProperPrefixNeedsMore) {
  for (const Boundary& b : kBoundaries) {
    ByteVector bytes = from_hex(b.encoding);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      Varint v = read_varint(Bytes(bytes).first(n));
      EXPECT_EQ(v.status, VarintStatus::NeedMore) << b.encoding << " cut to " << n;
    }
  }
}

// MQTT 5.0 §1.5.5: at most four bytes; a fourth byte with the continuation bit is malformed,
// whether or not the fifth byte has arrived.
TEST(ReadVarint, AFifthByteIsTooLong) {
  for (const char* hex : {"ff ff ff ff", "80 80 80 80", "ff ff ff ff 01", "80 80 80 80 00"}) {
    ByteVector bytes = from_hex(hex);
    EXPECT_EQ(read_varint(Bytes(bytes)).status, VarintStatus::TooLong) << hex;
  }
}

// MQTT 5.0 §1.5.5: three continuation bytes are still a valid prefix of a four-byte value.
TEST(ReadVarint, ThreeContinuationBytesStillNeedMore) {
  ByteVector bytes = from_hex("ff ff ff");
  EXPECT_EQ(read_varint(Bytes(bytes)).status, VarintStatus::NeedMore);
}

// MQTT-1.5.5-1 (5.0): the encoding must use the minimum number of bytes; 0x80 0x00 is zero in
// two bytes. It still decodes, flagged as not minimal.
TEST(ReadVarint, TrailingZeroGroupIsFlaggedNotMinimal) {
  struct Case {
    const char* hex;
    std::uint32_t value;
  };
  for (Case c :
       {Case{"80 00", 0}, Case{"ff 00", 127}, Case{"80 80 00", 0}, Case{"81 80 80 00", 1}}) {
    ByteVector bytes = from_hex(c.hex);
    Varint v = read_varint(Bytes(bytes));
    EXPECT_EQ(v.status, VarintStatus::Complete) << c.hex;
    EXPECT_EQ(v.value, c.value) << c.hex;
    EXPECT_EQ(v.length, bytes.size()) << c.hex;
    EXPECT_TRUE(v.not_minimal) << c.hex;
  }
}

// MQTT-1.5.5-1 (5.0): a single zero byte is the minimal encoding of 0.
TEST(ReadVarint, SingleZeroByteIsMinimal) {
  ByteVector bytes = from_hex("00");
  EXPECT_FALSE(read_varint(Bytes(bytes)).not_minimal);
}

// MQTT 5.0 §1.5.5: the largest value is 268,435,455 (kMaxVarint).
TEST(ReadVarint, MaximumIsTwoHundredSixtyEightMillion) {
  ByteVector bytes = from_hex("ff ff ff 7f");
  EXPECT_EQ(read_varint(Bytes(bytes)).value, kMaxVarint);
}

}  // namespace
}  // namespace mqscope::mqtt
