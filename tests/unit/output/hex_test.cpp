// The annotated byte view's explanations.
#include <gtest/gtest.h>

#include "mqscope/output/hex.hpp"

namespace mqscope::output {
namespace {

// MQTT 3.1.1 §2.2.3 Table 2.4: 128 is encoded as 0x80 0x01.
TEST(ExplainVarint, ShowsContinuationBitsAndSevenBitGroups) {
  const std::uint8_t one[] = {0x58};
  EXPECT_EQ(explain_varint(Bytes(one, 1)), "58 = 0 1011000 (last) \u2192 88; = 88");
  const std::uint8_t two[] = {0x80, 0x01};
  EXPECT_EQ(explain_varint(Bytes(two, 2)),
            "80 = 1 0000000 (more) \u2192 0, 01 = 0 0000001 (last) \u2192 1 \u00d7 128; = 128");
  const std::uint8_t max[] = {0xff, 0xff, 0xff, 0x7f};
  std::string text = explain_varint(Bytes(max, 4));
  EXPECT_NE(text.find("127 \u00d7 2097152; = 268435455"), std::string::npos) << text;
}

}  // namespace
}  // namespace mqscope::output
