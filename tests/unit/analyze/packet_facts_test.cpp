// PacketFacts::clear resets every field to what a new PacketFacts has (the facts of every packet
// are read into one reused object, so a field left over would leak into the next packet).
#include <gtest/gtest.h>

#include "mqscope/analyze/facts.hpp"

namespace mqscope::analyze {
namespace {

TEST(PacketFacts, ClearGivesBackANewObject) {
  PacketFacts p;
  p.frame = 9;
  p.index_in_frame = 2;
  p.time = Timestamp{5, 6};
  p.stream = 3;
  p.from_client = false;
  p.type = 3;
  p.qos = 2;
  p.dup = true;
  p.retain = true;
  p.packet_id = 7;
  p.topics = {"a/b", "c"};
  p.payload_bytes = 11;
  p.packet_bytes = 12;
  p.version = 5;
  p.client_id = "a client id longer than the small string buffer";
  p.username = "user";
  p.keepalive = 60;
  p.clean_start = false;
  p.session_expiry = 30;
  p.reason_code = 0x87;
  p.server_keepalive = 20;
  p.notes = {"mqtt.qos_invalid"};
  p.clear();

  const PacketFacts fresh;
  EXPECT_EQ(p.frame, fresh.frame);
  EXPECT_EQ(p.index_in_frame, fresh.index_in_frame);
  EXPECT_EQ(p.time, fresh.time);
  EXPECT_EQ(p.stream, fresh.stream);
  EXPECT_EQ(p.from_client, fresh.from_client);
  EXPECT_EQ(p.type, fresh.type);
  EXPECT_EQ(p.qos, fresh.qos);
  EXPECT_EQ(p.dup, fresh.dup);
  EXPECT_EQ(p.retain, fresh.retain);
  EXPECT_EQ(p.packet_id, fresh.packet_id);
  EXPECT_EQ(p.topics, fresh.topics);
  EXPECT_EQ(p.payload_bytes, fresh.payload_bytes);
  EXPECT_EQ(p.packet_bytes, fresh.packet_bytes);
  EXPECT_EQ(p.version, fresh.version);
  EXPECT_EQ(p.client_id, fresh.client_id);
  EXPECT_EQ(p.username, fresh.username);
  EXPECT_EQ(p.keepalive, fresh.keepalive);
  EXPECT_EQ(p.clean_start, fresh.clean_start);
  EXPECT_EQ(p.session_expiry, fresh.session_expiry);
  EXPECT_EQ(p.reason_code, fresh.reason_code);
  EXPECT_EQ(p.server_keepalive, fresh.server_keepalive);
  EXPECT_EQ(p.notes, fresh.notes);
}

// The storage is kept: reading the next packet's strings allocates nothing.
TEST(PacketFacts, ClearKeepsTheStorage) {
  PacketFacts p;
  p.client_id = "a client id longer than the small string buffer";
  p.topics = {"a", "b", "c"};
  std::size_t client_id_capacity = p.client_id.capacity();
  std::size_t topics_capacity = p.topics.capacity();
  p.clear();
  EXPECT_EQ(p.client_id.capacity(), client_id_capacity);
  EXPECT_EQ(p.topics.capacity(), topics_capacity);
}

}  // namespace
}  // namespace mqscope::analyze
