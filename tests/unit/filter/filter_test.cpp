// Display filters: Wireshark's syntax (wireshark-filter(4)) over mqscope's field registry.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "mqscope/app/registry.hpp"
#include "mqscope/filter/filter.hpp"
#include "mqscope/mqtt/fields.hpp"
#include "mqscope/net/fields.hpp"

namespace mqscope::filter {
namespace {

// A PUBLISH QoS 1 to "sensors/kitchen/temp" with payload "21.5" (or another), from 10.1.2.3.
struct Publish {
  std::string payload;
  std::string topic = "sensors/kitchen/temp";
  std::uint8_t address[4] = {10, 1, 2, 3};
  field::Tree tree;
  field::Tree lower;

  explicit Publish(std::string message = "21.5") : payload(std::move(message)) {
    tree.add_source(as_bytes(topic), "topic");
    tree.add(&mqtt::hf::hdrflags, 0, 1, 0x32);
    tree.add(&mqtt::hf::msgtype, 0, 1, 0x32);
    tree.add(&mqtt::hf::qos, 0, 1, 0x32);
    tree.add(&mqtt::hf::retain, 0, 1, 0x32);
    tree.add(&mqtt::hf::topic, 0, static_cast<std::uint32_t>(topic.size()));
    tree.add_source(as_bytes(payload), "payload");
    tree.add(&mqtt::hf::msg, 0, static_cast<std::uint32_t>(payload.size()));
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

// `matches` takes PCRE2 patterns, as Wireshark's display filters do: possessive quantifiers
// ("a++"), lazy ones ("+?"), non-capturing groups and inline flags are patterns; a pattern
// PCRE2 refuses is an error that says where.
TEST(FilterRegex, PatternsArePcre2Syntax) {
  EXPECT_TRUE(matches("mqtt.topic matches \"^sen.+?/temp$\""));
  EXPECT_TRUE(matches("mqtt.topic matches \"^sensors/[a-z+*]+/(temp)?\""));
  EXPECT_FALSE(matches("mqtt.topic matches \"\\\\+\\\\+\""));
  EXPECT_TRUE(matches("mqtt.topic matches \"(?:sensors)/k{1}i\""));
  EXPECT_TRUE(matches("mqtt.topic matches \"^s[a-z]++/\""));
  EXPECT_FALSE(matches("mqtt.topic matches \"^s.*+/\""));  // possessive: no backtracking
  EXPECT_FALSE(matches("mqtt.topic matches \"12345678901234\""));
  for (const char* pattern : {"a{99999999999}", "(?<", "a**", "\\\\C"}) {
    std::string filter = std::string("mqtt.topic matches \"") + pattern + "\"";
    EXPECT_NE(error_of(filter).message.find("invalid regular expression"), std::string::npos)
        << pattern;
  }
}

// Values are matched byte by byte (no UTF-8 mode, as in Wireshark): a payload that is not
// UTF-8 is still searched.
TEST(FilterRegex, BytesThatAreNotUtf8AreMatched) {
  Publish p("\xff\xfe\x80temp");
  EXPECT_TRUE(matches("mqtt.msg matches \"\\\\xfe\\\\x80t\"", p));
  EXPECT_TRUE(matches("mqtt.msg matches \"^...temp$\"", p));
}

// std::regex recursed once per byte of the value and overflowed the stack on a 100 KiB
// payload even for ".*x". PCRE2 backtracks within Limits::regex_heap_bytes (on the JIT's
// stack of that size, or the interpreter's heap): a group repeated a million times needs more
// than that and gives up (counted); nothing crashes.
TEST(FilterRegex, LongValuesDoNotExhaustTheStack) {
  Publish huge(std::string(1u << 20, 'a') + "x");
  EXPECT_TRUE(matches("mqtt.msg matches \".*x\"", huge));
  EXPECT_TRUE(matches("mqtt.msg matches \"a*x$\"", huge));
  Error error;
  auto grouped = Filter::compile("mqtt.msg matches \"(a|b)*x\"", app::registry(), error);
  ASSERT_TRUE(grouped.has_value()) << error.message;
  EXPECT_FALSE(grouped->matches(huge.target()));
  EXPECT_EQ(grouped->regex_tests_given_up(), 1u);
  EXPECT_TRUE(grouped->matches(Publish(std::string(10000, 'b') + "x").target()));
  EXPECT_FALSE(matches("mqtt.msg matches \"(a|b)*y\"", Publish(std::string(10000, 'a'))));
}

// A pattern that backtracks exponentially gives up at Limits::regex_match_steps: the test
// counts as not matching and is counted, so the run can say so.
TEST(FilterRegex, CatastrophicBacktrackingGivesUpAndIsCounted) {
  Publish p(std::string(40, 'a') + "!");
  Limits limits;
  limits.regex_match_steps = 100000;
  Error error;
  auto f = Filter::compile("mqtt.msg matches \"^(a|aa)+$\"", app::registry(), error, limits);
  ASSERT_TRUE(f.has_value()) << error.message;
  EXPECT_FALSE(f->matches(p.target()));
  EXPECT_EQ(f->regex_tests_given_up(), 1u);
  EXPECT_FALSE(f->matches(p.target()));
  EXPECT_EQ(f->regex_tests_given_up(), 2u);
  // The same pattern over a value it settles quickly is not counted.
  auto g = Filter::compile("mqtt.msg matches \"^(a|aa)+$\"", app::registry(), error, limits);
  ASSERT_TRUE(g.has_value());
  EXPECT_TRUE(g->matches(Publish(std::string(40, 'a')).target()));
  EXPECT_EQ(g->regex_tests_given_up(), 0u);
}

// Parentheses and "not" nest at most 256 deep: the parser and the evaluation recurse, and
// 4,000 opening parentheses (found by the filter fuzz target) exhausted the stack.
TEST(FilterErrors, NestingIsBounded) {
  auto nested = [](std::size_t depth, const std::string& open, const std::string& close) {
    std::string text;
    for (std::size_t i = 0; i < depth; ++i) text += open;
    text += "mqtt.qos == 1";
    for (std::size_t i = 0; i < depth; ++i) text += close;
    return text;
  };
  EXPECT_TRUE(matches(nested(256, "(", ")")));
  EXPECT_TRUE(matches(nested(128, "not not ", "")));  // 256 times "not"
  Error error;
  EXPECT_EQ(Filter::compile(nested(128, "not not ", ""), app::registry(), error)->depth(), 257u);
  Error deep = error_of(nested(257, "(", ")"));
  EXPECT_NE(deep.message.find("nest more than 256 deep"), std::string::npos) << deep.message;
  EXPECT_EQ(deep.column, 257u);
  EXPECT_NE(error_of(nested(5000, "!", "")).message.find("nest more than"), std::string::npos);
  EXPECT_NE(error_of(nested(100000, "(", "")).message.find("nest more than"), std::string::npos);
}

// A long chain of alternatives is a balanced tree: 100,000 of them compile and evaluate
// without deep recursion, and mean what they say wherever the true one stands.
TEST(FilterErrors, LongChainsAreShallow) {
  for (std::size_t position : {0u, 49999u, 99999u}) {
    std::string text;
    for (std::size_t i = 0; i < 100000; ++i) {
      if (i > 0) text += " or ";
      text += i == position ? "mqtt.qos == 1" : "mqtt.qos == 2";
    }
    EXPECT_TRUE(matches(text)) << position;
    EXPECT_FALSE(matches("not (" + text + ")")) << position;
    Error error;
    auto f = Filter::compile(text, app::registry(), error);
    ASSERT_TRUE(f.has_value());
    EXPECT_LE(f->depth(), 18u);  // log2(100,000) levels of "or" and the comparisons
  }
  std::string all;
  for (std::size_t i = 0; i < 100000; ++i) all += i > 0 ? " && mqtt.retain == 0" : "mqtt.qos == 1";
  EXPECT_TRUE(matches(all));
  EXPECT_FALSE(matches(all + " && mqtt.qos == 2"));
}

// Times are held as 64-bit nanoseconds: a number of seconds beyond that, "nan" or "inf" is
// not a time (converting it was undefined behaviour, found by the filter fuzz target).
TEST(FilterErrors, SecondsBeyondSixtyFourBitNanosecondsAreRefused) {
  for (const char* value : {"1e300", "18446744074", "nan", "inf", "-0.5"}) {
    std::string filter = std::string("mqtt.response_time > ") + value;
    EXPECT_NE(error_of(filter).message.find("is not a value of mqtt.response_time"),
              std::string::npos)
        << value;
  }
  EXPECT_FALSE(matches("mqtt.response_time > 18446744072"));
}

// A pattern that gave up on one value of an item is not tried on the item's other values
// (a SUBSCRIBE of thousands of topic filters would cost a give-up each): the item does not
// match, every value skipped is counted, and the next item is tried afresh.
TEST(FilterRegex, AfterGivingUpTheRestOfTheItemIsSkipped) {
  std::string hard = std::string(40, 'a') + "!";
  std::string easy = "aa";
  auto item = [](std::vector<const std::string*> topics) {
    auto tree = std::make_unique<field::Tree>();
    for (const std::string* t : topics) {
      tree->add_source(as_bytes(*t), "topic");
      tree->add(&mqtt::hf::topic, 0, static_cast<std::uint32_t>(t->size()));
    }
    return tree;
  };
  Limits limits;
  limits.regex_match_steps = 100000;
  Error error;
  auto f = Filter::compile("mqtt.topic matches \"^(a|aa)+$\"", app::registry(), error, limits);
  ASSERT_TRUE(f.has_value()) << error.message;
  auto both = item({&hard, &easy, &easy});
  EXPECT_FALSE(f->matches(Target{both.get(), {}}));
  EXPECT_EQ(f->regex_tests_given_up(), 3u);
  auto alone = item({&easy});
  EXPECT_TRUE(f->matches(Target{alone.get(), {}}));
  EXPECT_EQ(f->regex_tests_given_up(), 3u);
}

TEST(FilterErrors, DescribeErrorDrawsACaretUnderTheColumn) {
  Error e{5, "unknown field"};
  EXPECT_EQ(describe_error("a or b", e), "a or b\n    ^ unknown field");
}

}  // namespace
}  // namespace mqscope::filter
