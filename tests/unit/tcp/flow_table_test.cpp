// The tracker's flow table (open addressing, linear probing, deletion by shifting back) must
// behave as a map: checked against std::map over long random runs of inserts, erases and
// lookups, small enough that probe runs collide, wrap around the end and are cut by erases.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>

#include "mqscope/tcp/flow_table.hpp"
#include "mqscope/tcp/tracker.hpp"

namespace mqscope::tcp {
namespace {

FlowKey key_of(std::uint32_t n) {
  FlowKey key;
  key.low.address.family = 4;
  key.low.address.bytes = {10, 0, 0, 2};
  key.low.port = static_cast<std::uint16_t>(20000 + n);
  key.high.address.family = 4;
  key.high.address.bytes = {10, 0, 0, 1};
  key.high.port = 8083;
  return key;
}

TEST(FlowTable, BehavesAsAMapUnderRandomInsertsAndErases) {
  Limits limits;
  FlowTable table;
  std::map<std::uint32_t, std::uint32_t> model;  // key number -> stream
  std::mt19937 random(7);
  std::uint32_t next_stream = 0;
  for (int step = 0; step < 40000; ++step) {
    // Up to 300 keys: the table grows to 1024 slots and shrinks nowhere, so it runs from
    // nearly empty to half full and back.
    auto n = static_cast<std::uint32_t>(random() % 300);
    bool present = model.count(n) != 0;
    switch (random() % 3) {
      case 0:
        if (!present) {
          auto flow = std::make_unique<Flow>(limits);
          flow->key = key_of(n);
          flow->stream = next_stream;
          EXPECT_EQ(table.insert(std::move(flow)).stream, next_stream);
          model[n] = next_stream++;
        }
        break;
      case 1:
        table.erase(key_of(n));
        model.erase(n);
        break;
      default: {
        Flow* found = table.find(key_of(n));
        ASSERT_EQ(found != nullptr, present) << "step " << step << " key " << n;
        if (found) {
          EXPECT_EQ(found->stream, model[n]);
        }
      }
    }
    ASSERT_EQ(table.size(), model.size());
  }
  for (std::uint32_t n = 0; n < 300; ++n) {
    Flow* found = table.find(key_of(n));
    ASSERT_EQ(found != nullptr, model.count(n) != 0) << "key " << n;
    if (found) {
      EXPECT_EQ(found->stream, model[n]);
    }
  }
}

TEST(FlowTable, EmptyTableFindsNothingAndErasesNothing) {
  FlowTable table;
  EXPECT_EQ(table.find(key_of(1)), nullptr);
  table.erase(key_of(1));
  EXPECT_EQ(table.size(), 0u);
}

}  // namespace
}  // namespace mqscope::tcp
