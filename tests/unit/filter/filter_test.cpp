// Display filters: Wireshark's syntax (wireshark-filter(4)) over mqscope's field registry.
#include <gtest/gtest.h>

#include "mqscope/app/registry.hpp"
#include "mqscope/filter/filter.hpp"
#include "mqscope/mqtt/fields.hpp"
#include "mqscope/net/fields.hpp"

namespace mqscope::filter {
namespace {

// A PUBLISH QoS 1 to "sensors/kitchen/temp" with payload "21.5", from 10.1.2.3.
struct Publish {
  std::uint8_t packet[4] = {'2', '1', '.', '5'};
  std::string topic = "sensors/kitchen/temp";
  std::uint8_t address[4] = {10, 1, 2, 3};
  field::Tree tree;
  field::Tree lower;

  Publish() {
    tree.add_source(as_bytes(topic), "topic");
    tree.add(&mqtt::hf::hdrflags, 0, 1, 0x32);
    tree.add(&mqtt::hf::msgtype, 0, 1, 0x32);
    tree.add(&mqtt::hf::qos, 0, 1, 0x32);
    tree.add(&mqtt::hf::retain, 0, 1, 0x32);
    tree.add(&mqtt::hf::topic, 0, static_cast<std::uint32_t>(topic.size()));
    tree.add_source(Bytes(packet, 4), "payload");
    tree.add(&mqtt::hf::msg, 0, 4);
    tree.add(&mqtt::hf::len, 0, 0, 28);
    lower.add_source(Bytes(address, 4), "ip");
    lower.add(&net::hf::ip_src, 0, 4);
  }
  Target target() const {
    return Target{&tree, [this] { return &lower; }};
  }
};

bool matches(std::string_view text, const Publish& p = Publish{}) {
  Error error;
  auto f = Filter::compile(text, app::registry(), error);
  EXPECT_TRUE(f.has_value()) << text << ": " << error.message << " at " << error.column;
  return f && f->matches(p.target());
}

Error error_of(std::string_view text) {
  Error error;
  EXPECT_FALSE(Filter::compile(text, app::registry(), error).has_value()) << text;
  return error;
}

TEST(Filter, ComparesIntegersWithNumbersValueNamesAndMqttTypeNames) {
  EXPECT_TRUE(matches("mqtt.msgtype == 3"));
  EXPECT_TRUE(matches("mqtt.msgtype == PUBLISH"));
  EXPECT_TRUE(matches("mqtt.msgtype eq publish"));
  EXPECT_TRUE(matches("mqtt.msgtype == \"Publish Message\""));
  EXPECT_FALSE(matches("mqtt.msgtype == CONNECT"));
  EXPECT_TRUE(matches("mqtt.hdrflags == 0x32"));
  EXPECT_TRUE(matches("mqtt.qos >= 1 && mqtt.qos < 2"));
  EXPECT_TRUE(matches("mqtt.len > 27 and mqtt.len <= 28"));
}

TEST(Filter, BooleansAcceptOneZeroTrueFalse) {
  EXPECT_TRUE(matches("mqtt.retain == 0"));
  EXPECT_TRUE(matches("mqtt.retain == false"));
  EXPECT_FALSE(matches("mqtt.retain == true"));
}

TEST(Filter, StringsSupportEqualityContainsAndRegex) {
  EXPECT_TRUE(matches("mqtt.topic == \"sensors/kitchen/temp\""));
  EXPECT_TRUE(matches("mqtt.topic == sensors/kitchen/temp"));
  EXPECT_TRUE(matches("mqtt.topic contains \"kitchen\""));
  EXPECT_TRUE(matches("mqtt.topic matches \"^sensors/[a-z]+/temp$\""));
  EXPECT_TRUE(matches("mqtt.topic ~ \"(?i)KITCHEN\""));
  EXPECT_FALSE(matches("mqtt.topic contains \"garage\""));
}

TEST(Filter, BytesCompareWithHexOrQuotedText) {
  EXPECT_TRUE(matches("mqtt.msg == 32:31:2e:35"));
  EXPECT_TRUE(matches("mqtt.msg == 32312e35"));
  EXPECT_TRUE(matches("mqtt.msg contains \"1.5\""));
}

// Wireshark: "a != b" is "not a == b"; a bare field tests presence.
TEST(Filter, NotEqualNegatesAndBareFieldsTestPresence) {
  EXPECT_TRUE(matches("mqtt.msgtype != 1"));
  EXPECT_FALSE(matches("mqtt.msgtype != 3"));
  EXPECT_TRUE(matches("mqtt.topic"));
  EXPECT_FALSE(matches("mqtt.clientid"));
  EXPECT_TRUE(matches("!mqtt.clientid"));
  EXPECT_TRUE(matches("not (mqtt.clientid or mqtt.username)"));
}

TEST(Filter, PrecedenceIsNotThenAndThenOr) {
  EXPECT_TRUE(matches("mqtt.clientid or mqtt.topic and mqtt.qos == 1"));
  EXPECT_FALSE(matches("(mqtt.clientid or mqtt.topic) and mqtt.qos == 2"));
  EXPECT_TRUE(matches("not mqtt.clientid and not mqtt.username"));
}

TEST(Filter, AddressesAndNetworksLiveInTheFramesLowerTree) {
  EXPECT_TRUE(matches("ip.src == 10.1.2.3"));
  EXPECT_TRUE(matches("ip.src == 10.0.0.0/8"));
  EXPECT_FALSE(matches("ip.src == 10.2.0.0/16"));
  EXPECT_TRUE(matches("ip.src == 10.1.2.3 and mqtt.msgtype == PUBLISH"));
}

TEST(Filter, NotesAreSelectedByTheirStableNames) {
  Publish p;
  static constexpr NoteInfo kNote{"mqtt.qos_invalid", NoteGroup::Protocol, Severity::Error, "QoS 3"};
  p.tree.add_note(&kNote);
  EXPECT_TRUE(matches("mqscope.note == \"mqtt.qos_invalid\"", p));
  EXPECT_TRUE(matches("mqscope.note contains \"qos\"", p));
  EXPECT_TRUE(matches("mqscope.note", p));
  EXPECT_FALSE(matches("mqscope.note"));
}

TEST(FilterErrors, UnknownFieldsPointAtTheirColumn) {
  Error e = error_of("mqtt.qos == 1 and mqtt.nonsense");
  EXPECT_EQ(e.column, 19u);
  EXPECT_NE(e.message.find("unknown field 'mqtt.nonsense'"), std::string::npos) << e.message;
}

TEST(FilterErrors, SyntaxErrorsSayWhatWasExpected) {
  EXPECT_NE(error_of("mqtt.qos ==").message.find("expected a value"), std::string::npos);
  EXPECT_EQ(error_of("mqtt.qos ==").column, 12u);
  EXPECT_NE(error_of("(mqtt.qos == 1").message.find("expected ')'"), std::string::npos);
  EXPECT_NE(error_of("mqtt.qos == 1 mqtt.retain").message.find("unexpected 'mqtt.retain'"),
            std::string::npos);
  EXPECT_NE(error_of("mqtt.topic == \"open").message.find("unterminated string"), std::string::npos);
  EXPECT_NE(error_of("mqtt.qos == $").message.find("unexpected character"), std::string::npos);
  EXPECT_NE(error_of("").message.find("empty"), std::string::npos);
  EXPECT_NE(error_of("and").message.find("expected a field name"), std::string::npos);
}

TEST(FilterErrors, ValuesMustSuitTheFieldsType) {
  EXPECT_NE(error_of("mqtt.qos == banana").message.find("not a value of mqtt.qos"), std::string::npos);
  EXPECT_NE(error_of("mqtt.qos contains 1").message.find("need text or bytes"), std::string::npos);
  EXPECT_NE(error_of("mqtt.topic > 3").message.find("cannot be ordered"), std::string::npos);
  EXPECT_NE(error_of("ip.src == 10.0.0.0/33").message.find("not a value of ip.src"), std::string::npos);
  EXPECT_NE(error_of("mqtt.topic matches \"(\"").message.find("invalid regular expression"),
            std::string::npos);
}

// ECMA-262 §22.2.1: a quantifier cannot repeat a quantifier. std::regex would take such a
// pattern as nested repetitions and take seconds to match a short topic (found by the filter
// fuzz target), so it is refused; a lazy quantifier ("+?"), escaped and bracketed quantifier
// characters, and groups are still patterns.
TEST(FilterErrors, QuantifierRepeatingAQuantifierIsRefused) {
  for (const char* pattern : {"^sen++++t", "a*+", "a+*", "a{2}{3}", "a??+", "(ab)+*"}) {
    std::string filter = std::string("mqtt.topic matches \"") + pattern + "\"";
    EXPECT_NE(error_of(filter).message.find("a quantifier repeats a quantifier"),
              std::string::npos)
        << pattern;
  }
  EXPECT_TRUE(matches("mqtt.topic matches \"^sen.+?/temp$\""));
  EXPECT_TRUE(matches("mqtt.topic matches \"^sensors/[a-z+*]+/(temp)?\""));
  EXPECT_FALSE(matches("mqtt.topic matches \"\\\\+\\\\+\""));
  EXPECT_TRUE(matches("mqtt.topic matches \"(?:sensors)/k{1}i\""));
}

// std::regex reads back-reference and repetition numbers into a long without a bound: one of
// more than nine digits is refused (found by the filter fuzz target with UBSan); long runs of
// literal digits are still patterns.
TEST(FilterErrors, HugeBackReferenceOrRepetitionNumberIsRefused) {
  for (const char* pattern : {"\\\\99999999999999999999", "a{99999999999}", "a{1,99999999999}"}) {
    std::string filter = std::string("mqtt.topic matches \"") + pattern + "\"";
    EXPECT_NE(error_of(filter).message.find("more than nine digits"), std::string::npos)
        << pattern;
  }
  EXPECT_FALSE(matches("mqtt.topic matches \"12345678901234\""));
}

TEST(FilterErrors, DescribeErrorDrawsACaretUnderTheColumn) {
  Error e{5, "unknown field"};
  EXPECT_EQ(describe_error("a or b", e), "a or b\n    ^ unknown field");
}

}  // namespace
}  // namespace mqscope::filter
