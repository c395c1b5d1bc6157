// JSON as RFC 8259 requires it: valid UTF-8, escaped control characters, typed values.
#include <gtest/gtest.h>

#include "json.hpp"
#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/fields_v5.hpp"
#include "mqscope/output/json.hpp"

namespace mqscope::output {
namespace {

// The fixed header's flags byte with its message type under it (MQTT 3.1.1 §2.2).
void add_header_flags(field::Tree& tree, std::uint64_t byte) {
  field::NodeIndex flags = tree.add(&mqtt::hf::hdrflags, 0, 1, byte);
  field::Subtree bits(tree, flags);
  tree.add(&mqtt::hf::msgtype, 0, 1, byte);
}

TEST(JsonMembers, ValuesAreTypedAndRepeatedKeysBecomeArrays) {
  std::string topic_a = "a/b";
  std::string topic_b = "c";
  field::Tree tree;
  field::NodeIndex top = tree.add(&mqtt::hf::mqtt, 0, 0);
  {
    field::Subtree sub(tree, top);
    add_header_flags(tree, 0x82);
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

// Objects are written as their nodes are visited when no key repeats, and collected first when
// one does; both kinds nest in each other. Here the properties repeat an ID, and one of their
// members has a subtree of its own; in the flat style the two header-flag bytes repeat too.
TEST(JsonMembers, ObjectsWithRepeatedKeysNestInsideObjectsWithout) {
  field::Tree tree;
  field::NodeIndex top = tree.add(&mqtt::hf::mqtt, 0, 0);
  {
    field::Subtree sub(tree, top);
    add_header_flags(tree, 0x30);
    field::NodeIndex properties = tree.add(&mqtt::hf::properties, 0, 0);
    field::Subtree props(tree, properties);
    tree.add(&mqtt::hf::property_id, 0, 1, 17);
    tree.add(&mqtt::hf::property_id, 0, 1, 38);
    add_header_flags(tree, 0x20);
  }
  std::string nested;
  append_members(tree, top + 1, tree.subtree_end(top), JsonStyle{}, "mqtt", nested);
  EXPECT_EQ(nested,
            "\"mqtt.hdrflags\":48,\"mqtt.hdrflags_tree\":{\"mqtt.msgtype\":3},"
            "\"mqtt.properties\":{\"mqtt.property_id\":[17,38],\"mqtt.hdrflags\":32,"
            "\"mqtt.hdrflags_tree\":{\"mqtt.msgtype\":2}}");
  std::string flat;
  append_members(tree, top + 1, tree.subtree_end(top), JsonStyle{true, false}, "mqtt", flat);
  EXPECT_EQ(flat,
            "\"mqtt_mqtt_hdrflags\":[48,32],\"mqtt_mqtt_msgtype\":[3,2],"
            "\"mqtt_mqtt_property_id\":[17,38]");
}

// Keys are compared as they are written: "test.a.b" and "test.a_b" are one key in the flat
// style (both "x_test_a_b"), and a node's "<abbrev>_tree" is the same key as a field named so.
TEST(JsonMembers, KeysRepeatAsWrittenNotAsFields) {
  static constexpr field::FieldInfo kDotted{"Dotted", "test.a.b", field::Type::UInt8};
  static constexpr field::FieldInfo kUnderscore{"Underscore", "test.a_b", field::Type::UInt8};
  static constexpr field::FieldInfo kParent{"Parent", "test.c", field::Type::UInt8};
  static constexpr field::FieldInfo kTreeNamed{"Tree", "test.c_tree", field::Type::UInt8};
  field::Tree tree;
  tree.add(&kDotted, 0, 0, 1);
  tree.add(&kUnderscore, 0, 0, 2);
  field::NodeIndex parent = tree.add(&kParent, 0, 0, 3);
  {
    field::Subtree sub(tree, parent);
    tree.add(&kDotted, 0, 0, 4);
  }
  tree.add(&kTreeNamed, 0, 0, 5);
  auto end = static_cast<field::NodeIndex>(tree.size());
  std::string nested;
  append_members(tree, 0, end, JsonStyle{}, "x", nested);
  EXPECT_EQ(nested,
            "\"test.a.b\":1,\"test.a_b\":2,\"test.c\":3,"
            "\"test.c_tree\":[{\"test.a.b\":4},5]");
  std::string flat;
  append_members(tree, 0, end, JsonStyle{true, false}, "x", flat);
  EXPECT_EQ(flat, "\"x_test_a_b\":[1,2,4],\"x_test_c\":3,\"x_test_c_tree\":5");
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
