// MQTT 3.1.1 §4.7 / 5.0 §4.7 topic filter matching, with the specification's own examples.
#include <gtest/gtest.h>

#include "mqscope/mqtt/topic_match.hpp"

namespace mqscope::mqtt {
namespace {

// §4.7.1.2: "sport/tennis/player1/#" matches the parent and every descendant.
TEST(TopicMatch, MultiLevelWildcardMatchesParentAndDescendants) {
  EXPECT_TRUE(topic_matches("sport/tennis/player1/#", "sport/tennis/player1"));
  EXPECT_TRUE(topic_matches("sport/tennis/player1/#", "sport/tennis/player1/ranking"));
  EXPECT_TRUE(topic_matches("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon"));
  EXPECT_TRUE(topic_matches("sport/#", "sport"));
  EXPECT_TRUE(topic_matches("#", "anything/at/all"));
  EXPECT_FALSE(topic_matches("sport/tennis/#", "sport/golf"));
}

// §4.7.1.3: "+" matches exactly one level, including an empty one.
TEST(TopicMatch, SingleLevelWildcardMatchesOneLevel) {
  EXPECT_TRUE(topic_matches("sport/tennis/+", "sport/tennis/player1"));
  EXPECT_FALSE(topic_matches("sport/tennis/+", "sport/tennis/player1/ranking"));
  EXPECT_FALSE(topic_matches("sport/+", "sport"));
  EXPECT_TRUE(topic_matches("sport/+", "sport/"));
  EXPECT_TRUE(topic_matches("+/+", "/finance"));
  EXPECT_TRUE(topic_matches("/+", "/finance"));
  EXPECT_FALSE(topic_matches("+", "/finance"));
  EXPECT_TRUE(topic_matches("sensors/+/temp", "sensors/kitchen/temp"));
}

TEST(TopicMatch, LiteralLevelsMustBeEqual) {
  EXPECT_TRUE(topic_matches("a/b", "a/b"));
  EXPECT_FALSE(topic_matches("a/b", "a/b/c"));
  EXPECT_FALSE(topic_matches("a/b/c", "a/b"));
  EXPECT_FALSE(topic_matches("A/b", "a/b"));
}

// MQTT-4.7.2-1: wildcards at the first level do not match topics starting with '$'.
TEST(TopicMatch, WildcardsDoNotMatchDollarTopicsAtTheFirstLevel) {
  EXPECT_FALSE(topic_matches("#", "$SYS/broker/load"));
  EXPECT_FALSE(topic_matches("+/monitor/Clients", "$SYS/monitor/Clients"));
  EXPECT_TRUE(topic_matches("$SYS/#", "$SYS/broker/load"));
  EXPECT_TRUE(topic_matches("$SYS/monitor/+", "$SYS/monitor/Clients"));
}

}  // namespace
}  // namespace mqscope::mqtt
