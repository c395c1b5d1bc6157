// decode_packet, transport layer: TCP header fields (RFC 9293 §3.1), where the payload lies,
// Ethernet padding, snapshot-length cuts, and frames cut at every possible length.
#include <gtest/gtest.h>

#include <iterator>
#include <random>

#include "frames.hpp"
#include "mqscope/net/notes.hpp"
#include "mqscope/net/packet.hpp"

namespace mqscope::net {
namespace {

using namespace net_test;

const ByteVector kPayload = test::from_text("0123456789");

// Copies `n` bytes into a buffer of exactly that size, so a read past them is a heap
// overflow that sanitizers see.
Packet decode_prefix(const ByteVector& frame, std::size_t n, int link_type,
                     std::uint32_t wire_length) {
  ByteVector prefix(frame.begin(), frame.begin() + static_cast<long>(n));
  return decode_packet(Bytes(prefix), link_type, wire_length);
}

// RFC 9293 §3.1: ports, sequence and acknowledgment numbers, data offset, control bits,
// window.
TEST(NetTcp, HeaderFieldsAreRead) {
  ByteVector frame = concat({ethernet(0x0800), ipv4(6, 20), tcp(0xfffffff0, 7, 0x12)});
  Packet p = decode_packet(Bytes(frame), kLinkEthernet, size32(frame));
  ASSERT_TRUE(p.has_tcp);
  EXPECT_EQ(p.tcp.src_port, 52144);
  EXPECT_EQ(p.tcp.dst_port, 8083);
  EXPECT_EQ(p.tcp.seq, 0xfffffff0u);
  EXPECT_EQ(p.tcp.ack, 7u);
  EXPECT_EQ(p.tcp.header_length, 20u);
  EXPECT_EQ(p.tcp.flags, 0x012);
  EXPECT_TRUE(p.tcp.syn());
  EXPECT_TRUE(p.tcp.has_ack());
  EXPECT_FALSE(p.tcp.fin());
  EXPECT_FALSE(p.tcp.rst());
  EXPECT_EQ(p.tcp.window, 250);
  EXPECT_EQ(p.tcp.payload_offset, 54u);
  EXPECT_EQ(p.tcp.payload_length, 0u);
  EXPECT_EQ(p.tcp.payload_missing, 0u);
}

TEST(NetTcp, FlagHelpersReadTheirOwnBits) {
  TcpHeader h;
  h.flags = 0x001;
  EXPECT_TRUE(h.fin());
  EXPECT_FALSE(h.syn() || h.rst() || h.has_ack());
  h.flags = 0x004;
  EXPECT_TRUE(h.rst());
  EXPECT_FALSE(h.fin() || h.syn() || h.has_ack());
}

// RFC 9293 §3.1 control bits are the 12 bits below the data offset; RFC 9768 puts AE at 0x100.
TEST(NetTcp, FlagsKeepTwelveBitsIncludingAccurateEcn) {
  ByteVector packet = concat({ipv4(6, 20), tcp(1, 1, 0xd1)});
  packet[20 + 12] = 0x51;  // data offset 5, AE set
  Packet p = decode_packet(Bytes(packet), kLinkRaw, size32(packet));
  ASSERT_TRUE(p.has_tcp);
  EXPECT_EQ(p.tcp.flags, 0x1d1);
  EXPECT_EQ(p.tcp.header_length, 20u);
}

TEST(NetTcp, OptionsMoveThePayload) {
  ByteVector options = from_hex("0101080a 00000001 00000002");  // NOP NOP timestamps
  ByteVector packet = concat({ipv4(6, 32 + kPayload.size()), tcp(1, 2, kAckPsh, options),
                              kPayload});
  Packet p = decode_packet(Bytes(packet), kLinkRaw, size32(packet));
  ASSERT_TRUE(p.has_tcp);
  EXPECT_EQ(p.tcp.header_length, 32u);
  EXPECT_EQ(p.tcp.payload_offset, 52u);
  EXPECT_EQ(p.tcp.payload_length, 10u);
}

TEST(NetTcp, DataOffsetBelowFiveIsATcpProblem) {
  ByteVector packet = ipv4_tcp(kPayload);
  packet[20 + 12] = 0x40;
  Packet p = decode_packet(Bytes(packet), kLinkRaw, size32(packet));
  EXPECT_EQ(p.problem, &notes::tcp_truncated);
  EXPECT_TRUE(p.has_ip);
  EXPECT_FALSE(p.has_tcp);
}

TEST(NetTcp, DataOffsetBeyondTheCapturedBytesIsATcpProblem) {
  ByteVector packet = concat({ipv4(6, 20), tcp(1, 2, kSyn)});
  packet[20 + 12] = 0xf0;  // 60-byte header, only 20 present
  EXPECT_EQ(decode_packet(Bytes(packet), kLinkRaw, size32(packet)).problem,
            &notes::tcp_truncated);
}

// IEEE 802.3 minimum frame: 60 bytes before the FCS. A bare ACK (54 bytes) is padded with 6
// zeros that the IP total length excludes; they are not TCP payload.
TEST(NetTcp, EthernetPaddingIsNotPayload) {
  ByteVector frame = concat({ethernet(0x0800), ipv4(6, 20), tcp(1, 2, 0x10)});
  frame.resize(60, 0x00);
  Packet p = decode_packet(Bytes(frame), kLinkEthernet, 60);
  ASSERT_TRUE(p.has_tcp);
  EXPECT_EQ(p.tcp.payload_length, 0u);
  EXPECT_EQ(p.tcp.payload_missing, 0u);

  ByteVector one = concat({ethernet(0x0800), ipv4(6, 21), tcp(1, 2, kAckPsh), from_hex("30")});
  one.resize(60, 0xee);
  Packet q = decode_packet(Bytes(one), kLinkEthernet, 60);
  ASSERT_TRUE(q.has_tcp);
  EXPECT_EQ(q.tcp.payload_length, 1u);
  EXPECT_EQ(q.tcp.payload_missing, 0u);
}

// A snapshot length cuts the frame: what is on the wire but not captured is payload_missing.
TEST(NetTcp, SnapshotLengthCutGivesMissingPayload) {
  ByteVector frame = eth_ipv4_tcp(ByteVector(100, 0x61));
  ASSERT_EQ(frame.size(), 154u);
  Packet p = decode_prefix(frame, 84, kLinkEthernet, size32(frame));
  ASSERT_TRUE(p.has_tcp);
  EXPECT_EQ(p.problem, nullptr);
  EXPECT_EQ(p.tcp.payload_length, 30u);
  EXPECT_EQ(p.tcp.payload_missing, 70u);
}

// Padding cut by the snapshot length is not missing payload either.
TEST(NetTcp, SnapshotCutCountsOnlySegmentBytesAsMissing) {
  ByteVector frame = concat({ethernet(0x0800), ipv4(6, 21), tcp(1, 2, kAckPsh), from_hex("30")});
  frame.resize(60, 0x00);
  Packet p = decode_prefix(frame, 54, kLinkEthernet, 60);
  ASSERT_TRUE(p.has_tcp);
  EXPECT_EQ(p.tcp.payload_length, 0u);
  EXPECT_EQ(p.tcp.payload_missing, 1u);
}

// An IP total length claiming more than was on the wire: missing bytes stop at the wire end.
TEST(NetTcp, MissingPayloadNeverExceedsTheWireLength) {
  ByteVector packet = concat({ipv4(6, 1000), tcp(1, 2, kAckPsh), kPayload});
  Packet p = decode_packet(Bytes(packet), kLinkRaw, size32(packet) + 5);
  ASSERT_TRUE(p.has_tcp);
  EXPECT_EQ(p.tcp.payload_length, 10u);
  EXPECT_EQ(p.tcp.payload_missing, 5u);
}

// Every cut of an Ethernet/IPv4/TCP frame: before 14 bytes the link header is short, before
// 34 the IP header, before 54 the TCP header; after that the payload is what remains and the
// rest of the wire length is missing.
TEST(NetTcp, EthernetIPv4FrameCutAtEveryLength) {
  ByteVector frame = eth_ipv4_tcp(kPayload);
  const std::uint32_t wire = size32(frame);
  for (std::size_t n = 0; n <= frame.size(); ++n) {
    SCOPED_TRACE(n);
    Packet p = decode_prefix(frame, n, kLinkEthernet, wire);
    if (n < 14) {
      EXPECT_EQ(p.problem, &notes::link_truncated);
    } else if (n < 34) {
      EXPECT_EQ(p.problem, &notes::ip_truncated);
    } else if (n < 54) {
      EXPECT_EQ(p.problem, &notes::tcp_truncated);
      EXPECT_TRUE(p.has_ip);
    } else {
      ASSERT_TRUE(p.has_tcp);
      EXPECT_EQ(p.problem, nullptr);
      EXPECT_EQ(p.tcp.payload_length, n - 54);
      EXPECT_EQ(p.tcp.payload_missing, wire - n);
    }
    EXPECT_EQ(p.has_tcp, n >= 54);
  }
}

// The same with VLAN tags, IPv6 extension headers and TCP options: any cut is either reported
// or gives a payload that, with the missing bytes, still adds up to the segment.
TEST(NetTcp, TaggedIPv6FrameCutAtEveryLength) {
  ByteVector options = from_hex("020405b4 01030307");  // MSS, NOP, window scale
  ByteVector body = concat({tcp(1, 2, kAckPsh, options), kPayload});
  ByteVector exts = concat({ipv6_extension(60, 0), ipv6_extension(6, 1)});
  ByteVector frame = concat({ethernet(0x88a8), from_hex("0001 8100 0002 86dd"),
                             ipv6(0, exts.size() + body.size()), exts, body});
  const std::uint32_t wire = size32(frame);
  const std::size_t headers = 22 + 40 + 24 + 28;
  ASSERT_EQ(frame.size(), headers + kPayload.size());
  for (std::size_t n = 0; n <= frame.size(); ++n) {
    SCOPED_TRACE(n);
    Packet p = decode_prefix(frame, n, kLinkEthernet, wire);
    if (n < headers) {
      EXPECT_NE(p.problem, nullptr);
      EXPECT_FALSE(p.has_tcp);
    } else {
      ASSERT_TRUE(p.has_tcp);
      EXPECT_EQ(p.tcp.payload_offset, headers);
      EXPECT_EQ(p.tcp.payload_length + p.tcp.payload_missing, kPayload.size());
      EXPECT_EQ(p.tcp.payload_length, n - headers);
    }
  }
}

// A frame that simply ends early (wire length = captured length, a damaged file) must still
// decode safely: a problem, or a payload shorter than the full one.
TEST(NetTcp, EveryLinkTypeSurvivesEveryCut) {
  struct Case {
    int link_type;
    ByteVector frame;
  } cases[] = {
      {kLinkEthernet, eth_ipv4_tcp(kPayload)},
      {kLinkLinuxSll, concat({from_hex("0000 0001 0006 020000000001 0000 0800"),
                              ipv4_tcp(kPayload)})},
      {kLinkLinuxSll2, concat({from_hex("86dd 0000 00000002 0001 00 06 0200000000010000"),
                               ipv6_tcp(kPayload)})},
      {kLinkNull, concat({from_hex("1e000000"), ipv6_tcp(kPayload)})},
      {kLinkLoop, concat({from_hex("00000002"), ipv4_tcp(kPayload, from_hex("01010100"))})},
      {kLinkRaw, ipv4_tcp(kPayload)},
      {kLinkIPv4, ipv4_tcp(kPayload)},
      {kLinkIPv6, ipv6_tcp(kPayload)},
  };
  for (const Case& c : cases) {
    Packet whole = decode_packet(Bytes(c.frame), c.link_type, size32(c.frame));
    ASSERT_TRUE(whole.has_tcp) << c.link_type;
    ASSERT_EQ(whole.tcp.payload_length, kPayload.size());
    for (std::size_t n = 0; n < c.frame.size(); ++n) {
      SCOPED_TRACE(testing::Message() << "link " << c.link_type << " cut at " << n);
      Packet p = decode_prefix(c.frame, n, c.link_type, static_cast<std::uint32_t>(n));
      if (p.has_tcp) {
        EXPECT_EQ(p.problem, nullptr);
        EXPECT_LT(p.tcp.payload_length, kPayload.size());
        EXPECT_EQ(p.tcp.payload_offset + p.tcp.payload_length, n);
      } else {
        EXPECT_NE(p.problem, nullptr);
      }
    }
  }
}

// Random damage to valid frames: whatever the bytes, the decoder reports a problem exactly
// when it has no TCP header, and every offset it returns lies inside the captured bytes.
TEST(NetTcp, RandomlyDamagedFramesKeepOffsetsInsideTheCapture) {
  std::mt19937 rng(20240611);
  const ByteVector seeds[] = {eth_ipv4_tcp(kPayload),
                              concat({ethernet(0x86dd), ipv6(0, 40), ipv6_extension(44, 0),
                                      ipv6_fragment(6, 0, false), tcp(1, 2, kSyn)})};
  const int links[] = {kLinkEthernet, kLinkLinuxSll, kLinkLinuxSll2, kLinkNull,
                       kLinkLoop,     kLinkRaw,      kLinkIPv4,      kLinkIPv6};
  for (int round = 0; round < 4000; ++round) {
    ByteVector frame = seeds[static_cast<std::size_t>(round) % 2];
    std::size_t flips = 1 + rng() % 6;
    for (std::size_t i = 0; i < flips; ++i) {
      frame[rng() % frame.size()] = static_cast<std::uint8_t>(rng());
    }
    frame.resize(rng() % (frame.size() + 1));
    int link = links[rng() % std::size(links)];
    Packet p = decode_packet(Bytes(frame), link, static_cast<std::uint32_t>(rng() % 200));
    SCOPED_TRACE(round);
    ASSERT_EQ(p.problem == nullptr, p.has_tcp);
    if (p.has_ip) {
      ASSERT_LE(p.ip.offset + p.ip.header_length, frame.size());
    }
    if (p.has_tcp) {
      ASSERT_EQ(p.tcp.offset, p.ip.offset + p.ip.header_length);
      ASSERT_LE(p.tcp.payload_offset + p.tcp.payload_length, frame.size());
    }
  }
}

}  // namespace
}  // namespace mqscope::net
