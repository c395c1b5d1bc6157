// Labels as Wireshark prints them, derived from field descriptions alone.
#include <gtest/gtest.h>

#include "mqscope/field/format.hpp"
#include "mqscope/field/tree.hpp"

#include <memory>
#include <random>
#include <vector>

#include <fmt/format.h>

namespace mqscope::field {
namespace {

constexpr ValueString kQos[] = {{0, "At most once delivery (Fire and Forget)"},
                                {1, "At least once delivery (Acknowledged deliver)"}};
constexpr FieldInfo kFlags{"Connect Flags", "test.conflags", Type::UInt8, Base::Hex};
constexpr FieldInfo kUser{"User Name Flag", "test.uname", Type::Boolean, Base::None, 0x80, {},
                          &kSetNotSet};
constexpr FieldInfo kQosBits{"QoS Level", "test.qos", Type::UInt8, Base::Dec, 0x18, kQos};
constexpr FieldInfo kReserved{"Reserved", "test.reserved", Type::UInt8, Base::Hex, 0x70};
constexpr FieldInfo kKeepAlive{"Keep Alive", "test.kalive", Type::UInt16, Base::Dec};
constexpr FieldInfo kName{"Client ID", "test.clientid", Type::String};
constexpr FieldInfo kData{"Message", "test.msg", Type::Bytes};
constexpr FieldInfo kProto{"MQ Telemetry Transport Protocol", "test", Type::Protocol};

TEST(BitPattern, MarksOnlyMaskedBits) {
  EXPECT_EQ(bit_pattern(0xc2, 0x80, 8), "1... ....");
  EXPECT_EQ(bit_pattern(0xc2, 0x18, 8), "...0 0...");
  EXPECT_EQ(bit_pattern(0x0018, 0x0fff, 12), "0000 0001 1000");
  EXPECT_EQ(bit_pattern(0x4000, 0x1fff, 16), "...0 0000 0000 0000");
}

constexpr ValueString kExpiry[] = {{0xffffffff, "never expires"}};
constexpr FieldInfo kSeconds{"Session Expiry Interval", "test.expiry", Type::UInt32, Base::Seconds,
                             0, kExpiry};

// The bit line written a bit at a time, as Wireshark's decode_bits_in_field does.
std::string reference_bit_pattern(std::uint64_t value, std::uint64_t mask, unsigned width) {
  std::string out;
  for (unsigned i = 0; i < width; ++i) {
    if (i != 0 && i % 4 == 0) out += ' ';
    std::uint64_t m = std::uint64_t{1} << (width - 1 - i);
    out += (mask & m) ? ((value & m) ? '1' : '0') : '.';
  }
  return out;
}

// Written a nibble at a time; every width from 1 to 64 (groups counted from the left, the
// last one short when the width is not a multiple of four) agrees with the bit-wise line.
TEST(BitPattern, AgreesWithABitByBitLineAtEveryWidth) {
  std::mt19937_64 random(7);
  for (unsigned width = 1; width <= 64; ++width) {
    for (int round = 0; round < 200; ++round) {
      std::uint64_t value = random();
      std::uint64_t mask = random() & random();  // sparse masks, like flag fields
      if (width < 64) mask &= (std::uint64_t{1} << width) - 1;
      ASSERT_EQ(bit_pattern(value, mask, width), reference_bit_pattern(value, mask, width))
          << "width " << width << " value " << value << " mask " << mask;
    }
  }
}

TEST(FormatLabel, HexNumbersHaveTheFieldsWidthOrMore) {
  static constexpr FieldInfo kHex16{"Checksum", "test.sum", Type::UInt16, Base::Hex};
  static constexpr FieldInfo kHex64{"Id", "test.id", Type::UInt64, Base::Hex};
  std::mt19937_64 random(11);
  for (int round = 0; round < 2000; ++round) {
    std::uint64_t v = random() >> (random() % 64);
    Tree tree;
    tree.add(&kHex64, 0, 8, v);
    ASSERT_EQ(format_label(tree, 0), fmt::format("Id: 0x{:016x}", v));
  }
  Tree tree;
  tree.add(&kHex16, 0, 2, 0xab);
  tree.add(&kHex16, 0, 2, 0);
  tree.add(&kHex16, 0, 2, 0xffff);
  EXPECT_EQ(format_label(tree, 0), "Checksum: 0x00ab");
  EXPECT_EQ(format_label(tree, 1), "Checksum: 0x0000");
  EXPECT_EQ(format_label(tree, 2), "Checksum: 0xffff");
  // A value wider than its field (a generated value) shows all its digits.
  tree.add(&kHex16, 0, 2, 0x12345);
  EXPECT_EQ(format_label(tree, 3), "Checksum: 0x12345");
}

// A number of seconds reads with its duration in Wireshark's words (unsigned_time_secs_to_str);
// a value with a name shows the name instead, and 0 stays a bare 0.
TEST(FormatLabel, SecondsShowTheirDurationOrTheirName) {
  const std::pair<std::uint64_t, const char*> cases[] = {
      {0, "Session Expiry Interval: 0"},
      {1, "Session Expiry Interval: 1 (1 second)"},
      {120, "Session Expiry Interval: 120 (2 minutes)"},
      {3600, "Session Expiry Interval: 3600 (1 hour)"},
      {3661, "Session Expiry Interval: 3661 (1 hour, 1 minute, 1 second)"},
      {172800, "Session Expiry Interval: 172800 (2 days)"},
      {0xffffffff, "Session Expiry Interval: 4294967295 (never expires)"}};
  for (auto [value, label] : cases) {
    Tree tree;
    tree.add(&kSeconds, 0, 4, value);
    EXPECT_EQ(format_label(tree, 0), label);
    EXPECT_EQ(format_field_value(tree, tree[0]), std::to_string(value));
  }
}

TEST(FormatLabel, BooleanBitLineUsesTrueFalseStrings) {
  Tree tree;
  tree.add(&kUser, 0, 1, 0xc2);
  EXPECT_EQ(format_label(tree, 0), "1... .... = User Name Flag: Set");
}

TEST(FormatLabel, MaskedValueWithNameShowsNameAndNumber) {
  Tree tree;
  tree.add(&kQosBits, 0, 1, 0x08);
  EXPECT_EQ(format_label(tree, 0), "...0 1... = QoS Level: At least once delivery (Acknowledged deliver) (1)");
}

TEST(FormatLabel, MaskedHexUsesDigitsOfTheMask) {
  Tree tree;
  tree.add(&kReserved, 0, 1, 0x82);
  EXPECT_EQ(format_label(tree, 0), ".000 .... = Reserved: 0x0");
}

TEST(FormatLabel, BitmaskSummaryAppendsSetBooleansAndNamedValues) {
  Tree tree;
  NodeIndex top = tree.add(&kFlags, 0, 1, 0xc2);
  tree.set_flags(top, kBitmaskSummary);
  {
    Subtree sub(tree, top);
    tree.add(&kUser, 0, 1, 0xc2);
    tree.add(&kQosBits, 0, 1, 0xc2);
  }
  EXPECT_EQ(format_label(tree, top),
            "Connect Flags: 0xc2, User Name Flag, QoS Level: At most once delivery (Fire and Forget)");
}

TEST(FormatLabel, StringsBytesAndProtocols) {
  std::uint8_t bytes[] = {'a', 'b', 0x01, 0xff};
  Tree tree;
  tree.add_source(Bytes(bytes, sizeof bytes));
  tree.add(&kName, 0, 3);
  tree.add(&kData, 0, 4);
  tree.add(&kData, 0, 0);
  NodeIndex proto = tree.add(&kProto, 0, 4);
  tree.append_text(proto, ", Connect Command");
  tree.add(&kKeepAlive, 0, 2, 60);
  EXPECT_EQ(format_label(tree, 0), "Client ID: ab\\x01");
  EXPECT_EQ(format_label(tree, 1), "Message: 616201ff");
  EXPECT_EQ(format_label(tree, 2), "Message: <MISSING>");
  EXPECT_EQ(format_label(tree, 3), "MQ Telemetry Transport Protocol, Connect Command");
  EXPECT_EQ(format_label(tree, 4), "Keep Alive: 60");
}

TEST(FormatLabel, LongBytesAreCutAt36BytesLikeWireshark) {
  std::vector<std::uint8_t> bytes(40, 0xab);
  Tree tree;
  tree.add_source(Bytes(bytes));
  tree.add(&kData, 0, 40);
  std::string hex;
  for (int i = 0; i < 36; ++i) hex += "ab";
  EXPECT_EQ(format_label(tree, 0), "Message: " + hex + "\u2026");
}

TEST(FormatFieldValue, FollowsTsharkFieldsConventions) {
  std::uint8_t bytes[] = {'h', 'i'};
  Tree tree;
  tree.add_source(Bytes(bytes, 2));
  tree.add(&kFlags, 0, 1, 0xc2);
  tree.add(&kUser, 0, 1, 0x80);
  tree.add(&kQosBits, 0, 1, 0x08);
  tree.add(&kData, 0, 2);
  EXPECT_EQ(format_field_value(tree, tree[0]), "0xc2");
  EXPECT_EQ(format_field_value(tree, tree[1]), "1");
  EXPECT_EQ(format_field_value(tree, tree[2]), "1");
  EXPECT_EQ(format_field_value(tree, tree[3]), "6869");
}

TEST(Tree, GeneratedNodesAreBracketed) {
  Tree tree;
  NodeIndex n = tree.add(&kKeepAlive, 0, 0, 5);
  tree.set_flags(n, kGenerated);
  EXPECT_EQ(format_label(tree, n), "[Keep Alive: 5]");
}

TEST(Tree, SubtreeEndSkipsDescendants) {
  Tree tree;
  NodeIndex a = tree.add(&kProto, 0, 0);
  {
    Subtree sub(tree, a);
    NodeIndex b = tree.add(&kFlags, 0, 0);
    Subtree sub2(tree, b);
    tree.add(&kUser, 0, 0);
  }
  NodeIndex c = tree.add(&kKeepAlive, 0, 0);
  EXPECT_EQ(tree.subtree_end(a), c);
  EXPECT_EQ(tree[2].depth, 2);
}

// A tree built for a note has no byte source; asking it for one (as -x does for every line)
// gives nothing rather than reading past the list.
TEST(Tree, SourcesItDoesNotHaveAreEmpty) {
  const std::uint8_t bytes[] = {1, 2, 3};
  Tree tree;
  EXPECT_TRUE(tree.source(0).empty());
  EXPECT_TRUE(tree.source_name(0xffff).empty());
  std::uint16_t first = tree.add_source(Bytes(bytes), "packet");
  EXPECT_EQ(tree.source(first).size(), 3u);
  EXPECT_EQ(tree.source_name(first), "packet");
  EXPECT_TRUE(tree.source(static_cast<std::uint16_t>(first + 1)).empty());
  EXPECT_TRUE(tree.source_name(static_cast<std::uint16_t>(first + 1)).empty());
}

}  // namespace
}  // namespace mqscope::field

namespace mqscope::field {
namespace {

// A value composed from the bytes it covers (MQTT 5.0 §3.1.2.11.8: a user property's key and
// value) reads as its text, in the label and in -T fields, and is not bracketed.
TEST(Tree, ComposedTextCoversTheBytesButShowsTheText) {
  const std::uint8_t bytes[] = {0, 1, 'k', 0, 1, 'v'};
  Tree tree;
  tree.add_source(Bytes(bytes), "packet");
  NodeIndex n = tree.add_composed_text(&kName, 0, 6, "k = v\n");
  EXPECT_EQ(format_label(tree, n), "Client ID: k = v\\n");
  EXPECT_EQ(format_field_value(tree, tree[n]), "k = v\\n");
  EXPECT_EQ(tree[n].offset, 0u);
  EXPECT_EQ(tree[n].length, 6u);
}

TEST(DetachedTree, KeepsValuesAfterTheOriginalBytesAreGone) {
  auto bytes = std::make_unique<std::vector<std::uint8_t>>(std::vector<std::uint8_t>{'o', 'k'});
  Tree tree;
  tree.add_source(Bytes(*bytes), "packet");
  tree.add(&kName, 0, 2);
  DetachedTree kept(tree);
  DetachedTree moved = std::move(kept);
  bytes.reset();
  tree.clear();
  EXPECT_EQ(format_label(moved.tree(), 0), "Client ID: ok");
}

// A copy reused for another tree (held packets are): it holds that tree alone, with its own
// bytes, whether the new tree has fewer sources or more than the last.
TEST(DetachedTree, AssignedAgainHoldsOnlyTheNewTree) {
  std::vector<std::uint8_t> first{'f', 'i', 'r', 's', 't'}, second{'x', 'y'}, third{'z'};
  Tree two_sources;
  two_sources.add_source(Bytes(first), "first");
  two_sources.add(&kName, 0, 5);
  two_sources.set_current_source(two_sources.add_source(Bytes(third), "third"));
  two_sources.add(&kName, 0, 1);
  Tree one_source;
  one_source.add_source(Bytes(second), "second");
  one_source.add(&kName, 0, 2);

  DetachedTree copy(two_sources);
  copy.assign(one_source);
  second = {'-', '-'};
  EXPECT_EQ(copy.tree().size(), 1u);
  EXPECT_EQ(copy.tree().source_count(), 1u);
  EXPECT_EQ(format_label(copy.tree(), 0), "Client ID: xy");

  copy.assign(two_sources);
  first.assign(5, '-');
  third = {'-'};
  EXPECT_EQ(copy.tree().size(), 2u);
  EXPECT_EQ(format_label(copy.tree(), 0), "Client ID: first");
  EXPECT_EQ(format_label(copy.tree(), 1), "Client ID: z");
  EXPECT_GE(copy.capacity_bytes(), 6u);  // the bytes of both sources at least
}

// Control characters become escapes wherever they are in the text: first, last, in a row, or
// none at all (then the text is appended as it is).
TEST(FieldAppendEscaped, EscapesControlCharactersAnywhere) {
  auto escaped = [](std::string_view text) {
    std::string out = ">";
    append_escaped(out, text);
    return out;
  };
  EXPECT_EQ(escaped("plain text"), ">plain text");
  EXPECT_EQ(escaped(""), ">");
  EXPECT_EQ(escaped(std::string_view("\x01" "a\r\n\tb\x7f", 7)), ">\\x01a\\r\\n\\tb\\x7f");
  EXPECT_EQ(escaped(std::string_view("\0\0", 2)), ">\\x00\\x00");
  EXPECT_EQ(escaped("caf\xc3\xa9"), ">caf\xc3\xa9");  // UTF-8 is not escaped
}

// Sixteen, then eight bytes are passed over at a time: a control character at any position of a
// long text, beside UTF-8 or not, is escaped as when the text is read a byte at a time.
TEST(FieldAppendEscaped, AgreesWithAByteByByteEscapeAtEveryPosition) {
  auto reference = [](std::string_view text) {
    std::string out;
    for (char c : text) {
      auto u = static_cast<unsigned char>(c);
      if (u == '\r') out += "\\r";
      else if (u == '\n') out += "\\n";
      else if (u == '\t') out += "\\t";
      else if (u < 0x20 || u == 0x7f) out += fmt::format("\\x{:02x}", u);
      else out += c;
    }
    return out;
  };
  const std::string_view specials[] = {std::string_view("\0", 1), "\x1f", "\x7f", "\n",
                                       "\xc3\xa9", "\x80", " ", "\xff",
                                       "\xc3\xa9\n", "\xff\x01\x80", "\x7f\xc3\xa9"};
  std::mt19937 random(5);
  for (std::size_t length = 0; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (std::string_view special : specials) {
        std::string text(length, 'a');
        for (char& c : text) c = static_cast<char>('!' + random() % 90);
        text.replace(at, std::min(special.size(), length - at), special.substr(0, length - at));
        std::string out;
        append_escaped(out, text);
        ASSERT_EQ(out, reference(text)) << "length " << length << " at " << at;
      }
    }
  }
}

}  // namespace
}  // namespace mqscope::field
