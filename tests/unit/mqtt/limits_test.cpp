// The session's bounds (Limits::mqtt_properties per packet, Limits::mqtt_topic_aliases per
// direction): hitting one is a capture note, never unbounded memory, and decoding goes on.
#include <gtest/gtest.h>

#include "mqtt_test_support.hpp"

namespace mqscope::mqtt {
namespace {

using test::ByteVector;
using testing::cat;
using testing::decode;
using testing::packet;
using testing::props;
using testing::str;
using testing::u16;

Session v5_session() {
  Session s;
  s.version = kVersion5;
  s.connect_seen = true;
  s.connack_seen = true;
  return s;
}

// MQTT 5.0 §2.2.2: a property list may be as long as the packet; past the limit the rest of the
// list is skipped unread and the payload after it is still found.
TEST(SessionLimits, PropertiesPastTheLimitAreSkippedAndThePayloadStillFound) {
  Session s = v5_session();
  s.max_properties = 2;
  ByteVector user = cat({{0x26}, str("k"), str("v")});
  ByteVector bytes = packet(0x30, cat({str("t"), props({user, user, user}), {0x78}}));
  testing::Decoded d = decode(bytes, s, kFromClient);
  EXPECT_EQ(d.notes, std::vector<std::string>{"mqtt.property_limit"}) << d.text;
  std::size_t shown = 0;
  for (std::size_t at = 0; (at = d.text.find("User Property: k = v", at)) != std::string::npos; ++at)
    ++shown;
  EXPECT_EQ(shown, 2u) << d.text;
  EXPECT_TRUE(d.text.ends_with("    Message: 78\n        [Text: x]\n")) << d.text;
}

// MQTT 5.0 §3.3.2.3.4: aliases are remembered up to the limit; one more is noted, not stored.
TEST(SessionLimits, AliasesPastTheLimitAreNotRemembered) {
  Session s = v5_session();
  s.max_topic_aliases = 1;
  auto publish = [](std::string_view topic, std::uint16_t alias) {
    return packet(0x30, cat({str(topic), props({cat({{0x23}, u16(alias)})}), {0x78}}));
  };
  EXPECT_TRUE(decode(publish("a", 1), s, kFromClient).notes.empty());
  testing::Decoded over = decode(publish("b", 2), s, kFromClient);
  EXPECT_EQ(over.notes, std::vector<std::string>{"mqtt.topic_alias_limit"}) << over.text;
  EXPECT_EQ(s.topic_aliases[0].size(), 1u);
  // Re-using a remembered alias for a new topic still works at the limit.
  EXPECT_TRUE(decode(publish("c", 1), s, kFromClient).notes.empty());
  EXPECT_EQ(s.topic_aliases[0].at(1), "c");
}

}  // namespace
}  // namespace mqscope::mqtt
