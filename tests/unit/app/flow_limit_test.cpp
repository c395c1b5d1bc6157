// Bounded connection state through the whole pipeline: a flood of connections of one SYN each
// never keeps more than Limits::max_flows, evictions are said once and counted, and every
// frame's disposition is counted (the figures for 100,000 connections come from
// bench/flows_bench.cpp).
#include <gtest/gtest.h>

#include "mqscope/app/run.hpp"
#include "pcap_builder.hpp"

namespace mqscope::test {
namespace {

TEST(PipelineBounds, SynFloodStaysWithinTheFlowLimit) {
  PcapBuilder capture;
  for (std::uint16_t i = 0; i < 2000; ++i) {
    TcpConversation c({{10, 1, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)},
                       static_cast<std::uint16_t>(20000 + i)},
                      {{10, 0, 0, 1}, 1883});
    capture.add(c.handshake()[0]);
  }
  TempFile file(capture.bytes());
  app::Options options;
  options.input = file.path();
  options.limits.max_flows = 50;
  app::RunResult r = app::run_to_string(options);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.stats.peak_flows, 50u);
  EXPECT_EQ(r.stats.flows_evicted, 1950u);
  EXPECT_EQ(r.stats.tcp_dispositions[static_cast<std::size_t>(tcp::Disposition::NoPayload)], 2000u);
  // tcp.flow_evicted is said once when it first happens, and the count at the end.
  EXPECT_NE(r.messages.find("[tcp.flow_evicted]"), std::string::npos) << r.messages;
  EXPECT_NE(r.messages.find("1950 connections were evicted"), std::string::npos) << r.messages;
  EXPECT_LT(r.messages.size(), 1000u) << "one message per eviction would flood";
}

// Every frame gets a disposition that statistics count: here a handshake, data in order, a
// retransmission, an out-of-order segment and a frame that is not TCP.
TEST(PipelineBounds, EveryFrameIsCountedByItsDisposition) {
  PcapBuilder capture;
  TcpConversation c({{10, 0, 0, 2}, 40000}, {{10, 0, 0, 1}, 1883});
  for (const ByteVector& f : c.handshake()) capture.add(f);
  ByteVector connect = from_hex("100c00044d5154540402003c0000");
  ByteVector first = c.client_data(connect);
  ByteVector ping = c.client_data(from_hex("c000"));
  ByteVector disconnect = c.client_data(from_hex("e000"));
  capture.add(first);
  capture.add(disconnect);  // ahead of the PINGREQ: buffered
  capture.add(ping);
  capture.add(first);                                            // again: a retransmission
  capture.add(from_hex("ffffffffffff 020000000001 0806 0001"));  // ARP: not TCP
  TempFile file(capture.bytes());
  app::Options options;
  options.input = file.path();
  app::RunResult r = app::run_to_string(options);
  auto count = [&](tcp::Disposition d) {
    return r.stats.tcp_dispositions[static_cast<std::size_t>(d)];
  };
  EXPECT_EQ(count(tcp::Disposition::NoPayload), 3u);
  EXPECT_EQ(count(tcp::Disposition::InOrder), 2u);
  EXPECT_EQ(count(tcp::Disposition::Buffered), 1u);
  EXPECT_EQ(count(tcp::Disposition::Retransmission), 1u);
  EXPECT_EQ(count(tcp::Disposition::NotTcp), 1u);
  EXPECT_EQ(r.stats.mqtt_packets, 3u);
}

}  // namespace
}  // namespace mqscope::test
