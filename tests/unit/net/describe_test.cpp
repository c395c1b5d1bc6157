// describe_packet: the Ethernet, IP and TCP subtrees of `-V`, line for line as tshark prints
// them (compare tests/golden/seed-replica.verbose.txt).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "frames.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/net/describe.hpp"
#include "mqscope/net/fields.hpp"

namespace mqscope::net {
namespace {

using namespace net_test;

// "    label" lines, four spaces per depth, like the tree output.
std::vector<std::string> lines(const field::Tree& tree) {
  std::vector<std::string> out;
  for (field::NodeIndex i = 0; i < tree.size(); ++i) {
    out.push_back(std::string(tree[i].depth * 4u, ' ') + field::format_label(tree, i));
  }
  return out;
}

std::vector<std::string> describe(const ByteVector& frame, int link_type,
                                  const TcpContext& context, std::uint32_t wire = 0,
                                  field::Tree* keep = nullptr) {
  field::Tree local;
  field::Tree& tree = keep ? *keep : local;
  tree.add_source(Bytes(frame), "frame");
  Packet packet = decode_packet(Bytes(frame), link_type, wire ? wire : size32(frame));
  describe_packet(tree, Bytes(frame), packet, context);
  return lines(tree);
}

const ByteVector kTimestamps = from_hex("0101080a 00000001 00000002");  // NOP NOP TS

// Ethernet II / IPv4 (RFC 791 §3.1) / TCP (RFC 9293 §3.1) with relative sequence numbers.
TEST(NetDescribe, EthernetIPv4TcpMatchesTsharkLabels) {
  ByteVector payload(10, 0x61);
  ByteVector frame = concat({ethernet(0x0800), ipv4(6, 32 + payload.size()),
                             tcp(523934786, 2346848382u, kAckPsh, kTimestamps), payload});
  TcpContext context;
  context.stream = 3;
  context.seq_base = 523934785;
  context.ack_base = 2346848381u;
  context.relative = true;
  std::vector<std::string> expected = {
      "Ethernet II, Src: 02:00:00:00:00:01, Dst: 02:00:00:00:00:02",
      "    Destination: 02:00:00:00:00:02",
      "    Source: 02:00:00:00:00:01",
      "    Type: IPv4 (0x0800)",
      "Internet Protocol Version 4, Src: 192.168.1.46, Dst: 103.61.37.192",
      "    0100 .... = Version: 4",
      "    .... 0101 = Header Length: 5 (20 bytes)",
      "    Total Length: 62",
      "    Identification: 0x4d24 (19748)",
      "    010. .... = Flags: 0x2, Don't fragment",
      "        0... .... = Reserved bit: Not set",
      "        .1.. .... = Don't fragment: Set",
      "        ..0. .... = More fragments: Not set",
      "    ...0 0000 0000 0000 = Fragment Offset: 0",
      "    Time to Live: 64",
      "    Protocol: TCP (6)",
      "    Source Address: 192.168.1.46",
      "    Destination Address: 103.61.37.192",
      "Transmission Control Protocol, Src Port: 52144, Dst Port: 8083, Seq: 1, Ack: 1, Len: 10",
      "    Source Port: 52144",
      "    Destination Port: 8083",
      "    [Stream index: 3]",
      "    [TCP Segment Len: 10]",
      "    Sequence Number: 1    (relative sequence number)",
      "    Sequence Number (raw): 523934786",
      "    Acknowledgment Number: 1    (relative ack number)",
      "    Acknowledgment number (raw): 2346848382",
      "    1000 .... = Header Length: 8 (32 bytes)",
      "    0000 0001 1000 = Flags: 0x018 (PSH, ACK)",
      "        000. .... .... = Reserved: Not set",
      "        ...0 .... .... = Accurate ECN: Not set",
      "        .... 0... .... = Congestion Window Reduced: Not set",
      "        .... .0.. .... = ECN-Echo: Not set",
      "        .... ..0. .... = Urgent: Not set",
      "        .... ...1 .... = Acknowledgment: Set",
      "        .... .... 1... = Push: Set",
      "        .... .... .0.. = Reset: Not set",
      "        .... .... ..0. = Syn: Not set",
      "        .... .... ...0 = Fin: Not set",
      "    Window: 250",
      "    TCP payload (10 bytes)",
  };
  EXPECT_EQ(describe(frame, kLinkEthernet, context), expected);
}

// What reassembly made of the segment, and a note on it, end the TCP subtree.
TEST(NetDescribe, TcpSubtreeEndsWithTheDispositionAndItsNote) {
  static constexpr NoteInfo kNote{"tcp.test_note", NoteGroup::Malformed, Severity::Warning,
                                  "A test note"};
  ByteVector frame = concat({ethernet(0x0800), ipv4(6, 20 + 3), tcp(1, 1, kAckPsh), from_hex("616263")});
  TcpContext context;
  context.disposition = "retransmission";
  context.note = &kNote;
  std::vector<std::string> out = describe(frame, kLinkEthernet, context);
  ASSERT_GE(out.size(), 2u);
  EXPECT_EQ(out[out.size() - 2], "    [Reassembly: retransmission]");
  EXPECT_NE(out.back().find("A test note"), std::string::npos) << out.back();
}

// A frame that completes an IP datagram names its fragments (as Wireshark does) and shows the
// reassembled headers from the reassembled bytes.
TEST(NetDescribe, ReassembledDatagramNamesItsFragments) {
  ByteVector datagram = concat({ipv4(6, 20 + 3, {}, 0), tcp(1, 1, kAckPsh), from_hex("616263")});
  Packet packet = decode_packet(Bytes(datagram), kLinkIPv4, size32(datagram));
  field::Tree tree;
  std::pair<std::uint32_t, std::uint32_t> fragments[] = {{4, 16}, {9, 7}};
  describe_reassembled(tree, Bytes(datagram), packet, fragments, TcpContext{});
  std::vector<std::string> out = lines(tree);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0], "[2 IPv4 Fragments (23 bytes): #4(16), #9(7)]");
  EXPECT_EQ(out[1], "Internet Protocol Version 4, Src: 192.168.1.46, Dst: 103.61.37.192");
  EXPECT_NE(std::find(out.begin(), out.end(), "    TCP payload (3 bytes)"), out.end());
}

TEST(NetDescribe, NodesCoverTheirHeaderBytes) {
  ByteVector payload(10, 0x61);
  ByteVector frame = concat({ethernet(0x0800), ipv4(6, 32 + payload.size()),
                             tcp(523934786, 2346848382u, kAckPsh, kTimestamps), payload});
  field::Tree tree;
  describe(frame, kLinkEthernet, TcpContext{}, 0, &tree);
  field::NodeIndex eth = tree.find(&hf::eth);
  field::NodeIndex ip = tree.find(&hf::ip);
  field::NodeIndex tcp_node = tree.find(&hf::tcp);
  field::NodeIndex src = tree.find(&hf::ip_src);
  ASSERT_NE(eth, field::kNoNode);
  ASSERT_NE(ip, field::kNoNode);
  ASSERT_NE(tcp_node, field::kNoNode);
  ASSERT_NE(src, field::kNoNode);
  EXPECT_EQ(tree[eth].offset, 0u);
  EXPECT_EQ(tree[eth].length, 14u);
  EXPECT_EQ(tree[ip].offset, 14u);
  EXPECT_EQ(tree[ip].length, 20u);
  EXPECT_EQ(tree[src].offset, 26u);
  EXPECT_EQ(tree[src].length, 4u);
  EXPECT_EQ(tree[tcp_node].offset, 34u);
  EXPECT_EQ(tree[tcp_node].length, 32u);
  EXPECT_EQ(field::format_field_value(tree, tree[tree.find(&hf::tcp_seq)]), "523934786");
  EXPECT_EQ(field::format_field_value(tree, tree[tree.find(&hf::eth_type)]), "0x0800");
}

// Without a known connection, numbers are raw and carry no "(relative ...)" note; a SYN has
// no acknowledgment number lines and no payload line.
TEST(NetDescribe, SynWithRawNumbersHasNoAckLines) {
  ByteVector frame = concat({ethernet(0x0800), ipv4(6, 20), tcp(1000, 0, kSyn)});
  std::vector<std::string> got = describe(frame, kLinkEthernet, TcpContext{});
  ASSERT_GE(got.size(), 19u);
  EXPECT_EQ(got[18],
            "Transmission Control Protocol, Src Port: 52144, Dst Port: 8083, Seq: 1000, Len: 0");
  EXPECT_EQ(got[23], "    Sequence Number: 1000");
  EXPECT_EQ(got[24], "    Sequence Number (raw): 1000");
  EXPECT_EQ(got[25], "    0101 .... = Header Length: 5 (20 bytes)");
  EXPECT_EQ(got[26], "    0000 0000 0010 = Flags: 0x002 (SYN)");
  EXPECT_EQ(got.back(), "    Window: 250");
  for (const std::string& line : got) {
    EXPECT_EQ(line.find("Acknowledgment Number"), std::string::npos) << line;
    EXPECT_EQ(line.find("TCP payload"), std::string::npos) << line;
  }
}

// The snapshot length cut 70 bytes: Len counts them, the payload line shows what was kept.
TEST(NetDescribe, SnapshotCutIsShownAsMissingPayload) {
  ByteVector frame = eth_ipv4_tcp(ByteVector(100, 0x61));
  ByteVector captured(frame.begin(), frame.begin() + 84);
  std::vector<std::string> got = describe(captured, kLinkEthernet, TcpContext{}, size32(frame));
  ASSERT_GE(got.size(), 2u);
  EXPECT_EQ(got[got.size() - 2], "    TCP payload (30 bytes)");
  EXPECT_EQ(got.back(), "    [70 bytes of payload not captured (snapshot length)]");
  EXPECT_NE(got[18].find(", Len: 100"), std::string::npos) << got[18];
}

// RFC 8200 §3 fixed header; other link types show their header as bytes.
TEST(NetDescribe, LinuxCookedIPv6ShowsLinkHeaderBytesAndIPv6Fields) {
  ByteVector sll = from_hex("0000 0001 0006 020000000001 0000 86dd");
  ByteVector frame = concat({sll, ipv6_tcp(from_hex("0102"))});
  std::vector<std::string> got = describe(frame, kLinkLinuxSll, TcpContext{});
  ASSERT_GE(got.size(), 8u);
  EXPECT_EQ(got[0], "Link-layer header: 000000010006020000000001000086dd");
  EXPECT_EQ(got[1], "Internet Protocol Version 6, Src: 2001:db8::1, Dst: 2001:db8::2");
  EXPECT_EQ(got[2], "    0110 .... = Version: 6");
  EXPECT_EQ(got[3], "    Payload Length: 22");
  EXPECT_EQ(got[4], "    Next Header: TCP (6)");
  EXPECT_EQ(got[5], "    Hop Limit: 64");
  EXPECT_EQ(got[6], "    Source Address: 2001:db8::1");
  EXPECT_EQ(got[7], "    Destination Address: 2001:db8::2");
}

// A frame without TCP (or even a complete link header) must not produce nodes that reach
// outside the captured bytes.
TEST(NetDescribe, UndecodableFramesStayInsideTheCapturedBytes) {
  ByteVector full = eth_ipv4_tcp(ByteVector(4, 0x61));
  for (std::size_t n = 0; n <= full.size(); ++n) {
    SCOPED_TRACE(n);
    ByteVector frame(full.begin(), full.begin() + static_cast<long>(n));
    field::Tree tree;
    describe(frame, kLinkEthernet, TcpContext{}, size32(full), &tree);
    for (const field::Node& node : tree.nodes()) {
      EXPECT_LE(std::size_t{node.offset} + node.length, n)
          << (node.field ? node.field->abbrev : "text");
    }
    EXPECT_EQ(tree.find(&hf::tcp) != field::kNoNode, n >= 54);
    EXPECT_EQ(tree.find(&hf::ip) != field::kNoNode, n >= 34);
  }
}

}  // namespace
}  // namespace mqscope::net
