// Byte helpers: hex as Wireshark prints FT_BYTES, its 36-byte label limit, text views, and the
// names of note severities and groups.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/notes.hpp"

namespace mqscope {
namespace {

const std::string kEllipsis = "\u2026";

TEST(CoreToHex, EmptyInputGivesEmptyText) { EXPECT_EQ(to_hex(Bytes{}), ""); }

TEST(CoreToHex, LowerCaseWithoutSeparators) {
  const std::uint8_t key[] = {0x0c, 0x3c, 0xb5, 0x39};
  EXPECT_EQ(to_hex(Bytes(key)), "0c3cb539");
}

TEST(CoreToHex, EveryByteValueIsTwoDigits) {
  std::vector<std::uint8_t> all(256);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
  std::string hex = to_hex(Bytes(all));
  ASSERT_EQ(hex.size(), 512u);
  EXPECT_EQ(hex.substr(0, 8), "00010203");
  EXPECT_EQ(hex.substr(2 * 0x0f, 4), "0f10");
  EXPECT_EQ(hex.substr(2 * 0x9f, 4), "9fa0");
  EXPECT_EQ(hex.substr(508), "feff");
  std::string separated;
  append_hex(separated, Bytes(all), ':');
  ASSERT_EQ(separated.size(), 256u * 3 - 1);
  for (std::size_t i = 0; i < all.size(); ++i) {
    char expected[3] = {"0123456789abcdef"[i >> 4], "0123456789abcdef"[i & 15], 0};
    ASSERT_EQ(hex.substr(2 * i, 2), expected) << i;
    ASSERT_EQ(separated.substr(3 * i, 2), expected) << i;
    if (i + 1 < all.size()) {
      ASSERT_EQ(separated[3 * i + 2], ':') << i;
    }
  }
}

// Sixteen bytes are written at a time and the rest one by one: every length up to three
// blocks and a bit, at every start within a block, against the digits byte by byte.
TEST(CoreToHex, EveryLengthAndStartAgreesWithByteByByteDigits) {
  std::vector<std::uint8_t> data(64 + 16);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 151 + 7);
  for (std::size_t start = 0; start < 16; ++start) {
    for (std::size_t length = 0; start + length <= data.size(); ++length) {
      Bytes bytes = Bytes(data).subspan(start, length);
      std::string expected;
      for (std::uint8_t b : bytes) {
        expected += "0123456789abcdef"[b >> 4];
        expected += "0123456789abcdef"[b & 15];
      }
      ASSERT_EQ(to_hex(bytes), expected) << "start " << start << ", length " << length;
    }
  }
}

TEST(CoreToHexAbbrev, ShortInputIsPrintedWhole) {
  const std::uint8_t b[] = {0xde, 0xad, 0xbe, 0xef};
  EXPECT_EQ(to_hex_abbrev(Bytes(b), 36), "deadbeef");
  EXPECT_EQ(to_hex_abbrev(Bytes{}, 36), "");
}

TEST(CoreToHexAbbrev, InputOfExactlyTheLimitHasNoEllipsis) {
  std::vector<std::uint8_t> b(36, 0x5a);
  std::string out = to_hex_abbrev(Bytes(b), 36);
  EXPECT_EQ(out.size(), 72u);
  EXPECT_EQ(out.find(kEllipsis), std::string::npos);
}

// Wireshark cuts byte fields in labels at 36 bytes and appends "…" (U+2026).
TEST(CoreToHexAbbrev, OneByteOverTheLimitIsCutWithAnEllipsis) {
  std::vector<std::uint8_t> b(37, 0x5a);
  b[35] = 0x01;
  b[36] = 0xff;
  std::string expected;
  for (int i = 0; i < 35; ++i) expected += "5a";
  expected += "01" + kEllipsis;  // byte 36 (0xff) is cut
  EXPECT_EQ(to_hex_abbrev(Bytes(b), 36), expected);
}

TEST(CoreToHexAbbrev, SmallLimits) {
  const std::uint8_t b[] = {0x01, 0x02, 0x03};
  EXPECT_EQ(to_hex_abbrev(Bytes(b), 2), "0102" + kEllipsis);
  EXPECT_EQ(to_hex_abbrev(Bytes(b), 0), kEllipsis);
}

TEST(CoreBytes, TextAndByteViewsShareStorage) {
  std::string_view text = "MQTT";
  Bytes bytes = as_bytes(text);
  ASSERT_EQ(bytes.size(), 4u);
  EXPECT_EQ(bytes[0], 'M');
  EXPECT_EQ(static_cast<const void*>(bytes.data()), static_cast<const void*>(text.data()));
  EXPECT_EQ(as_text(bytes), "MQTT");
}

// Wireshark's expert info: "[Expert Info (Warning/Malformed): ...]".
TEST(CoreNotes, SeverityAndGroupNamesMatchWiresharkExpertInfo) {
  EXPECT_EQ(severity_name(Severity::Chat), "Chat");
  EXPECT_EQ(severity_name(Severity::Note), "Note");
  EXPECT_EQ(severity_name(Severity::Warning), "Warning");
  EXPECT_EQ(severity_name(Severity::Error), "Error");
  EXPECT_EQ(group_name(NoteGroup::Sequence), "Sequence");
  EXPECT_EQ(group_name(NoteGroup::Protocol), "Protocol");
  EXPECT_EQ(group_name(NoteGroup::Malformed), "Malformed");
  EXPECT_EQ(group_name(NoteGroup::Undecoded), "Undecoded");
  EXPECT_EQ(group_name(NoteGroup::Limit), "Limit");
  EXPECT_EQ(group_name(NoteGroup::Comment), "Comment");
}

}  // namespace
}  // namespace mqscope
