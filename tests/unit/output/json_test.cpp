// JSON as RFC 8259 requires it: valid UTF-8, escaped control characters, typed values.
#include <gtest/gtest.h>

#include "json.hpp"
#include "mqscope/mqtt/fields.hpp"
#include "mqscope/output/json.hpp"

namespace mqscope::output {
namespace {

TEST(JsonMembers, ValuesAreTypedAndRepeatedKeysBecomeArrays) {
  std::string topic_a = "a/b";
  std::string topic_b = "c";
  field::Tree tree;
  field::NodeIndex top = tree.add(&mqtt::hf::mqtt, 0, 0);
  {
    field::Subtree sub(tree, top);
    field::NodeIndex flags = tree.add(&mqtt::hf::hdrflags, 0, 1, 0x82);
    {
      field::Subtree bits(tree, flags);
      tree.add(&mqtt::hf::msgtype, 0, 1, 0x82);
    }
    tree.add(&mqtt::hf::conflag_uname, 0, 1, 0x80);
    tree.add_source(as_bytes(topic_a), "a");
    tree.add(&mqtt::hf::topic, 0, 3);
    tree.add_source(as_bytes(topic_b), "b");
    tree.add(&mqtt::hf::topic, 0, 1);
  }
  std::string members;
  append_members(tree, top + 1, tree.subtree_end(top), JsonStyle{}, "mqtt", members);
  std::string error;
  test::Json json = test::Json::parse("{" + members + "}", error);
  ASSERT_TRUE(error.empty()) << error << ": " << members;
  EXPECT_EQ(json["mqtt.hdrflags"].integer(), 0x82);
  EXPECT_EQ(json["mqtt.hdrflags_tree"]["mqtt.msgtype"].integer(), 8);
  EXPECT_TRUE(json["mqtt.conflag.uname"].boolean());
  ASSERT_EQ(json["mqtt.topic"].array().size(), 2u);
  EXPECT_EQ(json["mqtt.topic"].array()[1].string(), "c");

  std::string flat;
  append_members(tree, top + 1, tree.subtree_end(top), JsonStyle{true, false}, "mqtt", flat);
  json = test::Json::parse("{" + flat + "}", error);
  ASSERT_TRUE(error.empty()) << error;
  EXPECT_EQ(json["mqtt_mqtt_msgtype"].integer(), 8);  // tshark -T ek's key style, no nesting
}

TEST(JsonMembers, RawBytesGiveHexOffsetAndLength) {
  std::string topic = "xyz";
  field::Tree tree;
  tree.add_source(as_bytes(topic), "packet");
  tree.add(&mqtt::hf::topic, 0, 3);
  std::string members;
  append_members(tree, 0, 1, JsonStyle{false, true}, "mqtt", members);
  EXPECT_EQ(members, "\"mqtt.topic\":\"xyz\",\"mqtt.topic_raw\":[\"78797a\",0,3]");
}

// A line of text is its own key (tshark's HTTP request line): it is escaped, quote and CR LF
// included, both when it holds children and when it is a leaf; abbreviations are written as
// they are.
TEST(JsonMembers, TextLinesAsKeysAreEscaped) {
  field::Tree tree;
  field::NodeIndex line = tree.add_text("GET /\"q\" HTTP/1.1\r\n");
  {
    field::Subtree sub(tree, line);
    tree.add(&mqtt::hf::msgtype, 0, 1, 0x30);
  }
  tree.add_text("Host: x\r\n");
  std::string members;
  append_members(tree, 0, static_cast<field::NodeIndex>(tree.size()), JsonStyle{}, "http", members);
  EXPECT_EQ(members,
            "\"GET /\\\"q\\\" HTTP/1.1\\u000d\\u000a\":{\"mqtt.msgtype\":3},"
            "\"Host: x\\u000d\\u000a\":\"\"");
  std::string error;
  test::Json json = test::Json::parse("{" + members + "}", error);
  EXPECT_TRUE(error.empty()) << error << ": " << members;
}

}  // namespace
}  // namespace mqscope::output
