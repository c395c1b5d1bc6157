// Flow keys: RFC 9293 §3.3.2 identifies a connection by its pair of sockets (address, port);
// both directions of one connection must find the same key.
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <unordered_map>
#include <unordered_set>

#include "mqscope/tcp/flow_key.hpp"

namespace mqscope::tcp {
namespace {

Endpoint v4(std::initializer_list<std::uint8_t> ip, std::uint16_t port) {
  Endpoint e;
  e.address.family = 4;
  std::size_t i = 0;
  for (std::uint8_t b : ip) e.address.bytes[i++] = b;
  e.port = port;
  return e;
}

Endpoint v6(std::uint8_t last, std::uint16_t port) {
  Endpoint e;
  e.address.family = 6;
  e.address.bytes[0] = 0x20;
  e.address.bytes[1] = 0x01;
  e.address.bytes[15] = last;
  e.port = port;
  return e;
}

// RFC 9293 §3.3.2: a connection is the pair of sockets, whichever side sends.
TEST(FlowKey, BothDirectionsGiveTheSameKeyAndOppositeDirections) {
  Endpoint client = v4({192, 168, 1, 20}, 51000);
  Endpoint server = v4({10, 0, 0, 1}, 1883);
  bool forward = false;
  bool backward = false;
  FlowKey a = make_flow_key(client, server, forward);
  FlowKey b = make_flow_key(server, client, backward);
  EXPECT_EQ(a, b);
  EXPECT_NE(forward, backward);
  EXPECT_EQ(FlowKeyHash{}(a), FlowKeyHash{}(b));
}

// The canonical order puts the lower address first, whatever the ports.
TEST(FlowKey, LowerAddressComesFirst) {
  Endpoint low = v4({10, 0, 0, 1}, 60000);
  Endpoint high = v4({10, 0, 0, 2}, 80);
  bool low_to_high = false;
  FlowKey key = make_flow_key(high, low, low_to_high);
  EXPECT_EQ(key.low, low);
  EXPECT_EQ(key.high, high);
  EXPECT_FALSE(low_to_high);
  key = make_flow_key(low, high, low_to_high);
  EXPECT_EQ(key.low, low);
  EXPECT_TRUE(low_to_high);
}

// Two endpoints on one host (loopback capture) are ordered by port.
TEST(FlowKey, SameAddressIsOrderedByPort) {
  Endpoint a = v4({127, 0, 0, 1}, 1883);
  Endpoint b = v4({127, 0, 0, 1}, 40000);
  bool low_to_high = false;
  FlowKey key = make_flow_key(b, a, low_to_high);
  EXPECT_EQ(key.low.port, 1883);
  EXPECT_EQ(key.high.port, 40000);
  EXPECT_FALSE(low_to_high);
}

// RFC 9293 §3.3.2: a different port on either side is a different connection.
TEST(FlowKey, DifferentSocketsGiveDifferentKeys) {
  Endpoint server = v4({10, 0, 0, 1}, 1883);
  bool d = false;
  FlowKey k1 = make_flow_key(v4({10, 0, 0, 2}, 50000), server, d);
  FlowKey k2 = make_flow_key(v4({10, 0, 0, 2}, 50001), server, d);
  FlowKey k3 = make_flow_key(v4({10, 0, 0, 3}, 50000), server, d);
  FlowKey k4 = make_flow_key(v4({10, 0, 0, 2}, 50000), v4({10, 0, 0, 1}, 8883), d);
  EXPECT_NE(k1, k2);
  EXPECT_NE(k1, k3);
  EXPECT_NE(k1, k4);
  std::unordered_set<FlowKey, FlowKeyHash> set{k1, k2, k3, k4};
  EXPECT_EQ(set.size(), 4u);
}

// An IPv6 address whose leading bytes equal an IPv4 one is still another address.
TEST(FlowKey, AddressFamilyIsPartOfTheKey) {
  Endpoint a4 = v4({0x20, 0x01, 0, 0}, 1883);
  Endpoint a6 = v6(0, 1883);
  a6.address.bytes[15] = 0;
  Endpoint peer = v4({10, 0, 0, 9}, 50000);
  Endpoint peer6 = v6(9, 50000);
  bool d = false;
  EXPECT_NE(make_flow_key(a4, peer, d), make_flow_key(a6, peer6, d));
  EXPECT_NE(a4, a6);
}

// IPv6 endpoints are compared on all 16 bytes.
TEST(FlowKey, Ipv6DirectionsShareOneKeyAndDifferInTheLastByte) {
  bool forward = false;
  bool backward = false;
  FlowKey a = make_flow_key(v6(1, 443), v6(2, 50000), forward);
  FlowKey b = make_flow_key(v6(2, 50000), v6(1, 443), backward);
  EXPECT_EQ(a, b);
  EXPECT_NE(forward, backward);
  FlowKey c = make_flow_key(v6(3, 443), v6(2, 50000), forward);
  EXPECT_NE(a, c);
}

// Many connections to one server (the usual broker capture) keep distinct map entries, and
// each can be found from either direction.
TEST(FlowKeyHash, WorksAsAnUnorderedMapKeyFromBothDirections) {
  Endpoint broker = v4({10, 0, 0, 1}, 1883);
  std::unordered_map<FlowKey, int, FlowKeyHash> flows;
  bool d = false;
  for (int i = 0; i < 500; ++i) {
    Endpoint client =
        v4({10, 0, static_cast<std::uint8_t>(i % 3), 7}, static_cast<std::uint16_t>(40000 + i));
    flows[make_flow_key(client, broker, d)] = i;
  }
  EXPECT_EQ(flows.size(), 500u);
  std::unordered_set<std::size_t> hashes;
  for (int i = 0; i < 500; ++i) {
    Endpoint client =
        v4({10, 0, static_cast<std::uint8_t>(i % 3), 7}, static_cast<std::uint16_t>(40000 + i));
    FlowKey key = make_flow_key(broker, client, d);
    ASSERT_EQ(flows.count(key), 1u) << i;
    EXPECT_EQ(flows[key], i);
    hashes.insert(FlowKeyHash{}(key));
  }
  EXPECT_GT(hashes.size(), 490u);  // the hash spreads ports, not just addresses
}

// Connections from one client host to one broker differ only in the client's port: their keys
// must spread over a hash table's buckets, or finding a flow walks long chains. Of 4,000 such
// keys in 16,384 buckets, uniform hashing puts 89 % in buckets of their own; 80 % is required.
TEST(FlowKey, KeysOfOneServerSpreadOverBuckets) {
  FlowKeyHash hash;
  std::unordered_set<std::size_t> buckets;
  bool forward = false;
  for (std::uint16_t port = 0; port < 4000; ++port) {
    Endpoint client = v4({10, 0, 0, 2}, static_cast<std::uint16_t>(20000 + port));
    buckets.insert(hash(make_flow_key(client, v4({10, 0, 0, 1}, 8083), forward)) & 16383);
  }
  EXPECT_GT(buckets.size(), 4000u * 80 / 100);
}

}  // namespace
}  // namespace mqscope::tcp
