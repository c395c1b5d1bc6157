// decode_packet, link layer: every supported LINKTYPE (tcpdump.org/linktypes.html) carrying
// the same IPv4/TCP segment, and the header lengths and EtherTypes each one yields.
#include <gtest/gtest.h>

#include "frames.hpp"
#include "mqscope/net/notes.hpp"
#include "mqscope/net/packet.hpp"

namespace mqscope::net {
namespace {

using namespace net_test;

const ByteVector kPayload = test::from_text("hello");

Packet decode(const ByteVector& frame, int link_type) {
  return decode_packet(Bytes(frame), link_type, size32(frame));
}

// A frame whose link header is `link_length` bytes long and carries kPayload over TCP/IPv4.
void expect_ipv4_tcp_after(const Packet& p, std::uint32_t link_length) {
  EXPECT_EQ(p.problem, nullptr) << (p.problem ? p.problem->name : "");
  EXPECT_EQ(p.link.length, link_length);
  EXPECT_EQ(p.link.ethertype, 0x0800);
  ASSERT_TRUE(p.has_ip);
  EXPECT_EQ(p.ip.version, 4);
  EXPECT_EQ(p.ip.offset, link_length);
  ASSERT_TRUE(p.has_tcp);
  EXPECT_EQ(p.tcp.offset, link_length + 20);
  EXPECT_EQ(p.tcp.payload_offset, link_length + 40);
  EXPECT_EQ(p.tcp.payload_length, 5u);
  EXPECT_EQ(p.tcp.src_port, 52144);
  EXPECT_EQ(p.tcp.dst_port, 8083);
}

TEST(NetLink, EthernetIICarriesIPv4) {
  ByteVector frame = eth_ipv4_tcp(kPayload);
  Packet p = decode(frame, kLinkEthernet);
  EXPECT_EQ(p.link.type, kLinkEthernet);
  EXPECT_EQ(p.link.offset, 0u);
  EXPECT_EQ(p.link.vlan_tags, 0);
  expect_ipv4_tcp_after(p, 14);
}

TEST(NetLink, EthernetIICarriesIPv6) {
  ByteVector frame = concat({ethernet(0x86dd), ipv6_tcp(kPayload)});
  Packet p = decode(frame, kLinkEthernet);
  EXPECT_EQ(p.problem, nullptr);
  EXPECT_EQ(p.link.ethertype, 0x86dd);
  ASSERT_TRUE(p.has_ip);
  EXPECT_EQ(p.ip.version, 6);
  EXPECT_EQ(p.ip.offset, 14u);
  ASSERT_TRUE(p.has_tcp);
  EXPECT_EQ(p.tcp.payload_offset, 74u);
  EXPECT_EQ(p.tcp.payload_length, 5u);
}

// IEEE 802.1Q: TPID 0x8100, 2-byte TCI, then the real EtherType; the header grows by 4.
TEST(NetLink, Ieee8021QTagIsSkipped) {
  ByteVector frame = concat({ethernet(0x8100), from_hex("0064 0800"), ipv4_tcp(kPayload)});
  Packet p = decode(frame, kLinkEthernet);
  EXPECT_EQ(p.link.vlan_tags, 1);
  expect_ipv4_tcp_after(p, 18);
}

// IEEE 802.1ad (QinQ): service tag 0x88a8 outside a customer tag 0x8100.
TEST(NetLink, QinQTagsAreBothSkipped) {
  ByteVector frame =
      concat({ethernet(0x88a8), from_hex("00c8 8100 0064 0800"), ipv4_tcp(kPayload)});
  Packet p = decode(frame, kLinkEthernet);
  EXPECT_EQ(p.link.vlan_tags, 2);
  expect_ipv4_tcp_after(p, 22);
}

// The pre-standard QinQ TPID 0x9100 is still seen in captures.
TEST(NetLink, LegacyQinQTpid9100IsSkipped) {
  ByteVector frame =
      concat({ethernet(0x9100), from_hex("00c8 8100 0064 0800"), ipv4_tcp(kPayload)});
  Packet p = decode(frame, kLinkEthernet);
  EXPECT_EQ(p.link.vlan_tags, 2);
  expect_ipv4_tcp_after(p, 22);
}

TEST(NetLink, VlanTagCutShortIsALinkProblem) {
  ByteVector frame = concat({ethernet(0x8100), from_hex("0064 08")});
  Packet p = decode(frame, kLinkEthernet);
  EXPECT_EQ(p.problem, &notes::link_truncated);
  EXPECT_FALSE(p.has_ip);
}

TEST(NetLink, ArpIsNotIp) {
  ByteVector frame = concat({ethernet(0x0806), ByteVector(28, 0)});
  Packet p = decode(frame, kLinkEthernet);
  EXPECT_EQ(p.problem, &notes::not_ip);
  EXPECT_EQ(p.link.ethertype, 0x0806);
  EXPECT_FALSE(p.has_ip);
  EXPECT_FALSE(p.has_tcp);
}

// IEEE 802.3 length field (< 0x0600) instead of an EtherType: not IP.
TEST(NetLink, Ieee8023LengthFieldIsNotIp) {
  ByteVector frame = concat({ethernet(0x002e), ByteVector(46, 0x42)});
  Packet p = decode(frame, kLinkEthernet);
  EXPECT_EQ(p.problem, &notes::not_ip);
}

// LINKTYPE_LINUX_SLL: packet type, ARPHRD type, address length, 8-byte address, protocol.
TEST(NetLink, LinuxCookedV1HasProtocolInItsLastTwoBytes) {
  ByteVector sll = from_hex("0000 0001 0006 020000000001 0000 0800");
  ASSERT_EQ(sll.size(), 16u);
  Packet p = decode(concat({sll, ipv4_tcp(kPayload)}), kLinkLinuxSll);
  expect_ipv4_tcp_after(p, 16);
}

TEST(NetLink, LinuxCookedV1CarriesIPv6) {
  ByteVector sll = from_hex("0004 0001 0006 020000000001 0000 86dd");
  Packet p = decode(concat({sll, ipv6_tcp(kPayload)}), kLinkLinuxSll);
  EXPECT_EQ(p.problem, nullptr);
  EXPECT_EQ(p.ip.version, 6);
  EXPECT_EQ(p.ip.offset, 16u);
  EXPECT_TRUE(p.has_tcp);
}

TEST(NetLink, LinuxCookedV1CutShortIsALinkProblem) {
  ByteVector sll = from_hex("0000 0001 0006 020000000001 0000 08");
  EXPECT_EQ(decode(sll, kLinkLinuxSll).problem, &notes::link_truncated);
}

// LINKTYPE_LINUX_SLL2: protocol type first, reserved, interface index, ARPHRD type, packet
// type, address length, 8-byte address; 20 bytes in all.
TEST(NetLink, LinuxCookedV2HasProtocolFirst) {
  ByteVector sll2 = from_hex("0800 0000 00000002 0001 00 06 0200000000010000");
  ASSERT_EQ(sll2.size(), 20u);
  Packet p = decode(concat({sll2, ipv4_tcp(kPayload)}), kLinkLinuxSll2);
  expect_ipv4_tcp_after(p, 20);
}

TEST(NetLink, LinuxCookedV2CarriesIPv6) {
  ByteVector sll2 = from_hex("86dd 0000 00000002 0001 04 06 0200000000010000");
  Packet p = decode(concat({sll2, ipv6_tcp(kPayload)}), kLinkLinuxSll2);
  EXPECT_EQ(p.problem, nullptr);
  EXPECT_EQ(p.link.ethertype, 0x86dd);
  EXPECT_EQ(p.ip.offset, 20u);
  EXPECT_TRUE(p.has_tcp);
}

TEST(NetLink, LinuxCookedV2CutShortIsALinkProblem) {
  ByteVector sll2 = from_hex("0800 0000 00000002 0001 00 06 02000000000100");
  ASSERT_EQ(sll2.size(), 19u);
  EXPECT_EQ(decode(sll2, kLinkLinuxSll2).problem, &notes::link_truncated);
}

// LINKTYPE_NULL: a 4-byte AF_ value in the byte order of the host that wrote the file.
TEST(NetLink, BsdNullAfInetInEitherHostByteOrder) {
  for (const char* family : {"02000000", "00000002"}) {
    SCOPED_TRACE(family);
    Packet p = decode(concat({from_hex(family), ipv4_tcp(kPayload)}), kLinkNull);
    expect_ipv4_tcp_after(p, 4);
  }
}

// AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (macOS).
TEST(NetLink, BsdNullAfInet6ValuesOfEveryBsd) {
  for (const char* family :
       {"18000000", "1c000000", "1e000000", "00000018", "0000001c", "0000001e"}) {
    SCOPED_TRACE(family);
    Packet p = decode(concat({from_hex(family), ipv6_tcp(kPayload)}), kLinkNull);
    EXPECT_EQ(p.problem, nullptr);
    EXPECT_EQ(p.link.length, 4u);
    EXPECT_EQ(p.link.ethertype, 0x86dd);
    EXPECT_EQ(p.ip.version, 6);
    EXPECT_EQ(p.ip.offset, 4u);
    EXPECT_TRUE(p.has_tcp);
  }
}

TEST(NetLink, BsdNullOtherFamilyIsNotIp) {
  Packet p = decode(concat({from_hex("07000000"), ipv4_tcp(kPayload)}), kLinkNull);
  EXPECT_EQ(p.problem, &notes::not_ip);
  EXPECT_FALSE(p.has_ip);
}

// LINKTYPE_LOOP: like NULL, but always in network byte order.
TEST(NetLink, BsdLoopFamilyIsNetworkOrder) {
  expect_ipv4_tcp_after(decode(concat({from_hex("00000002"), ipv4_tcp(kPayload)}), kLinkLoop),
                        4);
  Packet v6 = decode(concat({from_hex("0000001e"), ipv6_tcp(kPayload)}), kLinkLoop);
  EXPECT_EQ(v6.ip.version, 6);
  EXPECT_TRUE(v6.has_tcp);
  Packet swapped = decode(concat({from_hex("02000000"), ipv4_tcp(kPayload)}), kLinkLoop);
  EXPECT_EQ(swapped.problem, &notes::not_ip) << "LOOP is never little-endian";
}

TEST(NetLink, BsdLoopbackHeaderCutShortIsALinkProblem) {
  EXPECT_EQ(decode(from_hex("020000"), kLinkNull).problem, &notes::link_truncated);
  EXPECT_EQ(decode(from_hex("000000"), kLinkLoop).problem, &notes::link_truncated);
}

// LINKTYPE_RAW: no link header; the IP version nibble tells v4 from v6.
TEST(NetLink, RawIpTellsVersionsApartByTheFirstNibble) {
  expect_ipv4_tcp_after(decode(ipv4_tcp(kPayload), kLinkRaw), 0);
  Packet v6 = decode(ipv6_tcp(kPayload), kLinkRaw);
  EXPECT_EQ(v6.link.ethertype, 0x86dd);
  EXPECT_EQ(v6.ip.version, 6);
  EXPECT_EQ(v6.ip.offset, 0u);
  EXPECT_TRUE(v6.has_tcp);
}

TEST(NetLink, RawWithUnknownVersionIsNotIp) {
  ByteVector frame = ipv4_tcp(kPayload);
  frame[0] = 0x55;
  EXPECT_EQ(decode(frame, kLinkRaw).problem, &notes::not_ip);
}

TEST(NetLink, RawEmptyFrameIsALinkProblem) {
  EXPECT_EQ(decode(ByteVector{}, kLinkRaw).problem, &notes::link_truncated);
}

// LINKTYPE_IPV4 / LINKTYPE_IPV6: the version is given by the link type.
TEST(NetLink, LinkTypeIPv4AndIPv6NeedNoHeader) {
  expect_ipv4_tcp_after(decode(ipv4_tcp(kPayload), kLinkIPv4), 0);
  Packet v6 = decode(ipv6_tcp(kPayload), kLinkIPv6);
  EXPECT_EQ(v6.problem, nullptr);
  EXPECT_EQ(v6.ip.version, 6);
  EXPECT_TRUE(v6.has_tcp);
}

TEST(NetLink, LinkTypeIPv4WithAnIPv6PacketIsAnIpProblem) {
  Packet p = decode(ipv6_tcp(kPayload), kLinkIPv4);
  EXPECT_EQ(p.problem, &notes::ip_truncated);
  EXPECT_FALSE(p.has_ip);
}

TEST(NetLink, UnsupportedLinkTypeIsReported) {
  ByteVector frame = eth_ipv4_tcp(kPayload);
  for (int type : {105 /* IEEE802_11 */, 127 /* RADIOTAP */, 12, -1}) {
    SCOPED_TRACE(type);
    EXPECT_FALSE(is_supported_link_type(type));
    Packet p = decode(frame, type);
    EXPECT_EQ(p.problem, &notes::link_unsupported);
    EXPECT_FALSE(p.has_ip);
  }
}

TEST(NetLink, EverySupportedLinkTypeIsListed) {
  for (int type : {kLinkNull, kLinkEthernet, kLinkRaw, kLinkLoop, kLinkLinuxSll, kLinkIPv4,
                   kLinkIPv6, kLinkLinuxSll2}) {
    EXPECT_TRUE(is_supported_link_type(type)) << type;
  }
}

}  // namespace
}  // namespace mqscope::net
