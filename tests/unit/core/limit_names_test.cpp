// Limits by name (--limit NAME=N): every member of core/limits.hpp can be set by its own name,
// and what cannot be a limit is refused with a message instead of being half applied.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "mqscope/core/limit_names.hpp"

namespace mqscope {
namespace {

// Each name sets its own member and no other (the names are the members' own, so README's
// table and the option agree).
TEST(LimitNames, EachNameSetsItsOwnMemberOnly) {
  std::set<std::string_view> seen;
  for (const LimitName& limit : limit_names()) {
    EXPECT_TRUE(seen.insert(limit.name).second) << limit.name << " twice";
    Limits limits;
    std::string error;
    ASSERT_TRUE(set_limit(limits, limit.name, 7, error)) << error;
    EXPECT_EQ(error, "");
    for (const LimitName& other : limit_names()) {
      std::uint64_t expected = other.name == limit.name ? 7 : limit_value(Limits{}, other.name);
      EXPECT_EQ(limit_value(limits, other.name), expected) << "setting " << limit.name;
    }
  }
  // Limits members from every layer are there, with their defaults.
  EXPECT_EQ(limit_value(Limits{}, "tcp_out_of_order_bytes"), 1u << 20);
  EXPECT_EQ(limit_value(Limits{}, "ws_inflate_ratio"), 1000u);
  EXPECT_EQ(limit_value(Limits{}, "flow_packets"), 10000u);
  EXPECT_EQ(limit_names().size(), 35u) << "a member of Limits added without its name?";
}

TEST(LimitNames, AssignmentSetsTheLimit) {
  Limits limits;
  std::string error;
  ASSERT_TRUE(set_limit(limits, "max_flows=5000", error)) << error;
  EXPECT_EQ(limits.max_flows, 5000u);
  ASSERT_TRUE(set_limit(limits, "flow_idle_timeout_s=4294967295", error)) << error;
  EXPECT_EQ(limits.flow_idle_timeout_s, 4294967295u);
}

TEST(LimitNames, WhatIsNoLimitIsRefusedWithAMessage) {
  Limits limits;
  std::string error;
  EXPECT_FALSE(set_limit(limits, "no_such_limit=5", error));
  EXPECT_EQ(error, "unknown limit 'no_such_limit' (the names: README, Limits)");
  EXPECT_FALSE(set_limit(limits, "max_flows=0", error));
  EXPECT_EQ(error, "limit max_flows must be from 1 to 18446744073709551615");
  EXPECT_FALSE(set_limit(limits, "flow_idle_timeout_s=4294967296", error));
  EXPECT_EQ(error, "limit flow_idle_timeout_s must be from 1 to 4294967295");
  for (const char* bad : {"max_flows", "max_flows=", "max_flows=12k", "max_flows=-1", "=5"}) {
    EXPECT_FALSE(set_limit(limits, bad, error)) << bad;
    EXPECT_NE(error, "") << bad;
  }
  EXPECT_EQ(limits.max_flows, Limits{}.max_flows);
}

}  // namespace
}  // namespace mqscope
