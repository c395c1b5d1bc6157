// decode_packet, network layer: IPv4 header fields and options (RFC 791 §3.1), IPv6 and its
// extension headers (RFC 8200 §4), fragments of both, non-TCP protocols, and Address text.
#include <gtest/gtest.h>

#include "frames.hpp"
#include "mqscope/net/notes.hpp"
#include "mqscope/net/packet.hpp"

namespace mqscope::net {
namespace {

using namespace net_test;
using U8s = std::initializer_list<std::uint8_t>;

const ByteVector kPayload = test::from_text("0123456789");

Packet decode_raw(const ByteVector& packet) {
  return decode_packet(Bytes(packet), kLinkRaw, size32(packet));
}

// RFC 791 §3.1: version, IHL, total length, identification, flags, TTL, protocol, addresses.
TEST(NetIPv4, HeaderFieldsAreRead) {
  Packet p = decode_raw(ipv4_tcp(kPayload));
  ASSERT_TRUE(p.has_ip);
  EXPECT_EQ(p.ip.version, 4);
  EXPECT_EQ(p.ip.header_length, 20u);
  EXPECT_EQ(p.ip.total_length, 50u);
  EXPECT_EQ(p.ip.id, 0x4d24);
  EXPECT_EQ(p.ip.flags_fragment, 0x4000);
  EXPECT_FALSE(p.ip.is_fragment) << "DF alone is not a fragment";
  EXPECT_EQ(p.ip.ttl, 64);
  EXPECT_EQ(p.ip.protocol, 6);
  EXPECT_EQ(p.ip.src.family, 4);
  EXPECT_EQ(p.ip.src.to_string(), "192.168.1.46");
  EXPECT_EQ(p.ip.dst.to_string(), "103.61.37.192");
}

// RFC 791 §3.1: IHL counts 32-bit words; options make it larger than 5 and move TCP along.
TEST(NetIPv4, OptionsLengthenTheHeader) {
  ByteVector nops = from_hex("01010100");  // NOP NOP NOP EOL
  Packet p = decode_raw(ipv4_tcp(kPayload, nops));
  ASSERT_TRUE(p.has_tcp) << (p.problem ? p.problem->name : "");
  EXPECT_EQ(p.ip.header_length, 24u);
  EXPECT_EQ(p.tcp.offset, 24u);
  EXPECT_EQ(p.tcp.payload_offset, 44u);
  EXPECT_EQ(p.tcp.payload_length, 10u);
}

TEST(NetIPv4, LargestHeaderOfSixtyBytes) {
  ByteVector options(40, 0x01);
  options.back() = 0x00;
  Packet p = decode_raw(ipv4_tcp(kPayload, options));
  ASSERT_TRUE(p.has_tcp);
  EXPECT_EQ(p.ip.header_length, 60u);
  EXPECT_EQ(p.tcp.payload_offset, 80u);
  EXPECT_EQ(p.tcp.payload_length, 10u);
}

// RFC 791 §3.1: "the minimum value for a correct header is 5".
TEST(NetIPv4, IhlBelowFiveIsAnIpProblem) {
  for (std::uint8_t first : U8s{0x40, 0x41, 0x44}) {
    ByteVector packet = ipv4_tcp(kPayload);
    packet[0] = first;
    Packet p = decode_raw(packet);
    EXPECT_EQ(p.problem, &notes::ip_truncated) << int{first};
    EXPECT_FALSE(p.has_ip);
  }
}

TEST(NetIPv4, OptionsCutByTheCaptureAreAnIpProblem) {
  ByteVector packet = ipv4_tcp(kPayload, ByteVector(40, 0x01));
  packet.resize(30);
  EXPECT_EQ(decode_raw(packet).problem, &notes::ip_truncated);
}

TEST(NetIPv4, TotalLengthSmallerThanTheHeaderIsAnIpProblem) {
  ByteVector packet = ipv4_tcp(kPayload);
  packet[2] = 0x00;
  packet[3] = 19;
  Packet p = decode_raw(packet);
  EXPECT_EQ(p.problem, &notes::ip_truncated);
  EXPECT_FALSE(p.has_ip);
}

TEST(NetIPv4, WrongVersionUnderIPv4EtherTypeIsAnIpProblem) {
  ByteVector frame = eth_ipv4_tcp(kPayload);
  frame[14] = 0x65;
  Packet p = decode_packet(Bytes(frame), kLinkEthernet, size32(frame));
  EXPECT_EQ(p.problem, &notes::ip_truncated);
}

// RFC 791 §3.2 fragmentation: MF set or a non-zero offset makes a fragment; TCP is not
// decoded from it (no reassembly).
TEST(NetIPv4, FragmentsAreFlaggedAndNotDecodedAsTcp) {
  struct Case {
    std::uint16_t flags_fragment;
    bool fragment;
  } cases[] = {{0x2000, true},   // MF, offset 0: first fragment
               {0x0010, true},   // offset 16 × 8, last fragment
               {0x2001, true},   // MF and offset
               {0x4000, false},  // DF only
               {0x8000, false},  // reserved bit only
               {0x0000, false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.flags_fragment);
    ByteVector packet =
        concat({ipv4(6, 30, {}, c.flags_fragment), tcp(1, 2, kAckPsh), kPayload});
    Packet p = decode_raw(packet);
    EXPECT_EQ(p.ip.flags_fragment, c.flags_fragment);
    EXPECT_EQ(p.ip.is_fragment, c.fragment);
    EXPECT_TRUE(p.has_ip);
    EXPECT_EQ(p.has_tcp, !c.fragment);
    EXPECT_EQ(p.problem, c.fragment ? &notes::ip_fragment : nullptr);
  }
}

TEST(NetIPv4, OtherProtocolsAreNotTcp) {
  for (std::uint8_t proto : U8s{1 /* ICMP */, 17 /* UDP */, 47 /* GRE */, 132 /* SCTP */}) {
    ByteVector packet = concat({ipv4(proto, 8), ByteVector(8, 0)});
    Packet p = decode_raw(packet);
    EXPECT_EQ(p.problem, &notes::not_tcp) << int{proto};
    EXPECT_TRUE(p.has_ip);
    EXPECT_FALSE(p.has_tcp);
    EXPECT_EQ(p.ip.protocol, proto);
  }
}

// RFC 8200 §3: payload length excludes the fixed 40-byte header.
TEST(NetIPv6, FixedHeaderFieldsAreRead) {
  Packet p = decode_raw(ipv6_tcp(kPayload));
  ASSERT_TRUE(p.has_tcp);
  EXPECT_EQ(p.ip.version, 6);
  EXPECT_EQ(p.ip.header_length, 40u);
  EXPECT_EQ(p.ip.total_length, 70u);
  EXPECT_EQ(p.ip.ttl, 64) << "hop limit";
  EXPECT_EQ(p.ip.protocol, 6);
  EXPECT_FALSE(p.ip.is_fragment);
  EXPECT_EQ(p.ip.src.family, 6);
  EXPECT_EQ(p.ip.src.to_string(), "2001:db8::1");
  EXPECT_EQ(p.ip.dst.to_string(), "2001:db8::2");
  EXPECT_EQ(p.tcp.offset, 40u);
  EXPECT_EQ(p.tcp.payload_length, 10u);
}

// RFC 8200 §4.3 hop-by-hop (0), §4.4 routing (43), §4.6 destination options (60): length is
// (Hdr Ext Len + 1) × 8 octets; TCP follows the last one.
TEST(NetIPv6, ExtensionHeaderChainIsWalkedToTcp) {
  ByteVector exts = concat({ipv6_extension(43, 0), ipv6_extension(60, 1), ipv6_extension(6, 0)});
  ASSERT_EQ(exts.size(), 32u);
  ByteVector body = concat({tcp(1, 2, kAckPsh), kPayload});
  ByteVector packet = concat({ipv6(0, exts.size() + body.size()), exts, body});
  Packet p = decode_raw(packet);
  ASSERT_TRUE(p.has_tcp) << (p.problem ? p.problem->name : "");
  EXPECT_EQ(p.ip.header_length, 72u);
  EXPECT_EQ(p.ip.protocol, 6);
  EXPECT_EQ(p.tcp.offset, 72u);
  EXPECT_EQ(p.tcp.payload_offset, 92u);
  EXPECT_EQ(p.tcp.payload_length, 10u);
}

TEST(NetIPv6, EachExtensionHeaderAloneIsSkipped) {
  for (std::uint8_t type : U8s{0, 43, 60}) {
    ByteVector ext = ipv6_extension(6, 2);  // 24 bytes
    ByteVector body = concat({tcp(1, 2, kAckPsh), kPayload});
    Packet p = decode_raw(concat({ipv6(type, ext.size() + body.size()), ext, body}));
    ASSERT_TRUE(p.has_tcp) << int{type};
    EXPECT_EQ(p.ip.header_length, 64u);
    EXPECT_EQ(p.tcp.payload_length, 10u);
  }
}

// RFC 8200 §4.5 / RFC 6946: offset 0 with M clear is an atomic fragment, a whole packet.
TEST(NetIPv6, AtomicFragmentHeaderIsNotAFragment) {
  ByteVector body = concat({tcp(1, 2, kAckPsh), kPayload});
  Packet p = decode_raw(concat({ipv6(44, 8 + body.size()), ipv6_fragment(6, 0, false), body}));
  EXPECT_EQ(p.problem, nullptr);
  EXPECT_FALSE(p.ip.is_fragment);
  EXPECT_EQ(p.ip.header_length, 48u);
  EXPECT_TRUE(p.has_tcp);
}

TEST(NetIPv6, FragmentsAreFlaggedAndNotDecodedAsTcp) {
  ByteVector body = concat({tcp(1, 2, kAckPsh), kPayload});
  for (auto [offset, more] : {std::pair<std::uint16_t, bool>{0, true}, {100, false}, {8, true}}) {
    SCOPED_TRACE(offset);
    ByteVector frag = ipv6_fragment(6, offset, more);
    Packet p = decode_raw(concat({ipv6(44, 8 + body.size()), frag, body}));
    EXPECT_TRUE(p.has_ip);
    EXPECT_TRUE(p.ip.is_fragment);
    EXPECT_FALSE(p.has_tcp);
    EXPECT_EQ(p.problem, &notes::ip_fragment);
  }
}

// RFC 8200 §4.5: after the fragment header of a non-first fragment comes fragment data, not
// the next header, even when the next header is an extension header (here destination
// options, part of the fragmentable part). Fragment data must not be parsed as headers.
TEST(NetIPv6, LaterFragmentDataIsNotParsedAsExtensionHeaders) {
  ByteVector data = from_hex("deadbeef");
  Packet p = decode_raw(concat({ipv6(44, 8 + data.size()), ipv6_fragment(60, 185, false), data}));
  EXPECT_TRUE(p.has_ip);
  EXPECT_TRUE(p.ip.is_fragment);
  EXPECT_EQ(p.problem, &notes::ip_fragment);
  EXPECT_EQ(p.ip.header_length, 48u);
}

TEST(NetIPv6, ExtensionHeaderCutShortIsAnIpProblem) {
  ByteVector ext = ipv6_extension(6, 1);  // claims 16 bytes
  ByteVector packet = concat({ipv6(0, 16), ext});
  packet.resize(40 + 12);
  EXPECT_EQ(decode_raw(packet).problem, &notes::ip_truncated);
  packet.resize(40 + 6);
  EXPECT_EQ(decode_raw(packet).problem, &notes::ip_truncated);
}

TEST(NetIPv6, OtherProtocolsAreNotTcp) {
  for (std::uint8_t next : U8s{17 /* UDP */, 58 /* ICMPv6 */, 59 /* No Next Header */}) {
    Packet p = decode_raw(concat({ipv6(next, 8), ByteVector(8, 0)}));
    EXPECT_EQ(p.problem, &notes::not_tcp) << int{next};
    EXPECT_TRUE(p.has_ip);
    EXPECT_EQ(p.ip.protocol, next);
  }
  ByteVector ext = ipv6_extension(17, 0);
  Packet after_ext = decode_raw(concat({ipv6(0, 16), ext, ByteVector(8, 0)}));
  EXPECT_EQ(after_ext.problem, &notes::not_tcp);
  EXPECT_EQ(after_ext.ip.protocol, 17);
}

TEST(NetIPv6, FixedHeaderCutShortOrWrongVersionIsAnIpProblem) {
  ByteVector packet = ipv6_tcp(kPayload);
  EXPECT_EQ(decode_packet(Bytes(packet).first(39), kLinkIPv6, size32(packet)).problem,
            &notes::ip_truncated);
  packet[0] = 0x40;
  EXPECT_EQ(decode_packet(Bytes(packet), kLinkIPv6, size32(packet)).problem,
            &notes::ip_truncated);
}

// RFC 4291 §2.2 / RFC 5952 text forms (inet_ntop).
TEST(NetAddress, ToStringForBothFamilies) {
  Address v4;
  v4.family = 4;
  v4.bytes = {10, 0, 0, 255};
  EXPECT_EQ(v4.to_string(), "10.0.0.255");
  EXPECT_EQ(v4.view().size(), 4u);

  Address v6;
  v6.family = 6;
  v6.bytes = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x1a, 0x2b, 0xff, 0xfe, 0x3c, 0x4d, 0x5e};
  EXPECT_EQ(v6.to_string(), "fe80::21a:2bff:fe3c:4d5e");
  EXPECT_EQ(v6.view().size(), 16u);

  Address any6;
  any6.family = 6;
  EXPECT_EQ(any6.to_string(), "::");

  Address mapped;
  mapped.family = 6;
  mapped.bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1};
  EXPECT_EQ(mapped.to_string(), "::ffff:192.0.2.1");
}

TEST(NetAddress, EqualityComparesFamilyAndBytes) {
  Address a;
  a.family = 4;
  a.bytes = {1, 2, 3, 4};
  Address b = a;
  EXPECT_EQ(a, b);
  b.bytes[3] = 5;
  EXPECT_NE(a, b);
  b = a;
  b.family = 6;
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace mqscope::net
