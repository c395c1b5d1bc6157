// IP fragment reassembly: RFC 791 §3.2 (IPv4) and RFC 8200 §4.5 (IPv6), overlaps refused as
// RFC 5722 asks, bounded by Limits::ip_fragment_bytes / ip_fragment_datagrams and given up after
// Limits::ip_fragment_timeout_s.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "frames.hpp"
#include "mqscope/net/defragment.hpp"
#include "mqscope/net/notes.hpp"

namespace mqscope::net {
namespace {

using namespace net_test;

using Status = Defragmenter::Status;

ByteVector payload_of(std::size_t n) {
  ByteVector p(n);
  std::iota(p.begin(), p.end(), std::uint8_t{1});
  return p;
}

// A whole IPv4/TCP packet (no DF, not a fragment) and its fragments of `size` data bytes.
ByteVector whole_ipv4(const ByteVector& payload) {
  return concat({ipv4(6, 20 + payload.size(), {}, 0), tcp(7, 9, kAckPsh), payload});
}

std::vector<ByteVector> fragment_ipv4(const ByteVector& packet, std::size_t size) {
  std::size_t ihl = (packet[0] & 0x0fu) * 4u;
  ByteVector data(packet.begin() + static_cast<long>(ihl), packet.end());
  std::vector<ByteVector> out;
  for (std::size_t at = 0; at < data.size(); at += size) {
    std::size_t n = std::min(size, data.size() - at);
    bool more = at + n < data.size();
    auto flags = static_cast<std::uint16_t>((more ? 0x2000 : 0) | (at / 8));
    ByteVector f = ipv4(6, n, {}, flags);
    f.insert(f.end(), data.begin() + static_cast<long>(at),
             data.begin() + static_cast<long>(at + n));
    out.push_back(f);
  }
  return out;
}

// A whole IPv6 packet with a hop-by-hop header (unfragmentable) before TCP, and its fragments:
// each repeats the IPv6 and hop-by-hop headers, then a Fragment header and `size` data bytes.
ByteVector hop_by_hop() {
  return ipv6_extension(6, 0);
}

ByteVector whole_ipv6(const ByteVector& payload) {
  ByteVector body = concat({tcp(7, 9, kAckPsh), payload});
  return concat({ipv6(0, 8 + body.size()), hop_by_hop(), body});
}

std::vector<ByteVector> fragment_ipv6(const ByteVector& payload, std::size_t size) {
  ByteVector data = concat({tcp(7, 9, kAckPsh), payload});
  std::vector<ByteVector> out;
  for (std::size_t at = 0; at < data.size(); at += size) {
    std::size_t n = std::min(size, data.size() - at);
    ByteVector hbh = hop_by_hop();
    hbh[0] = 44;  // the hop-by-hop header now names the Fragment header
    ByteVector f =
        concat({ipv6(0, 8 + 8 + n), hbh,
                ipv6_fragment(6, static_cast<std::uint16_t>(at / 8), at + n < data.size())});
    f.insert(f.end(), data.begin() + static_cast<long>(at),
             data.begin() + static_cast<long>(at + n));
    out.push_back(f);
  }
  return out;
}

struct Harness {
  Limits limits;
  Defragmenter defrag{limits};
  std::int64_t ms = 0;

  Defragmenter::Result add(const ByteVector& raw, std::uint32_t frame) {
    Packet p = decode_packet(raw, kLinkRaw, size32(raw));
    EXPECT_TRUE(p.ip.is_fragment);
    return defrag.add(p, raw, frame, Timestamp{0, ms++ * 1'000'000});
  }
};

// RFC 791 §3.2: fragments put back by offset give the original datagram, with the total
// length of the whole and the fragment fields cleared; each byte keeps its frame and offset.
TEST(NetDefragment, Ipv4FragmentsInEveryOrderGiveTheOriginalDatagram) {
  ByteVector whole = whole_ipv4(payload_of(45));  // 20 + 20 + 45 bytes
  std::vector<ByteVector> frags = fragment_ipv4(whole, 16);
  ASSERT_EQ(frags.size(), 5u);
  std::vector<std::uint32_t> order(frags.size());
  std::iota(order.begin(), order.end(), 0u);
  int orders = 0;
  do {
    Harness h;
    for (std::size_t i = 0; i < order.size(); ++i) {
      auto r = h.add(frags[order[i]], order[i] + 1);
      ASSERT_EQ(r.status, i + 1 == order.size() ? Status::Complete : Status::Held);
    }
    const Datagram& d = h.defrag.datagram();
    ASSERT_EQ(d.bytes, whole) << "order #" << orders;
    // The header and the first data come from frame 1 (one run: they follow each other in
    // it), each later run of data from its own fragment.
    ASSERT_EQ(d.pieces.size(), 5u);
    EXPECT_EQ(d.pieces[0].origin.frame, 1u);
    EXPECT_EQ(d.pieces[0].origin.frame_offset, 0u);
    EXPECT_EQ(d.pieces[0].length, 36u);
    for (std::uint32_t k = 1; k < 5; ++k) {
      EXPECT_EQ(d.pieces[k].offset, 20 + 16 * k);
      EXPECT_EQ(d.pieces[k].origin.frame, k + 1);
      EXPECT_EQ(d.pieces[k].origin.frame_offset, 20u);
    }
    EXPECT_EQ(h.defrag.datagrams_in_progress(), 0u);
    EXPECT_EQ(h.defrag.held_bytes(), 0u);
    ++orders;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(orders, 120);
}

// The reassembled datagram decodes as the TCP segment it carried.
TEST(NetDefragment, ReassembledDatagramDecodesAsTcp) {
  ByteVector whole = whole_ipv4(payload_of(45));
  Harness h;
  for (const ByteVector& f : fragment_ipv4(whole, 24)) h.add(f, 1);
  const Datagram& d = h.defrag.datagram();
  Packet p = decode_packet(d.bytes, kLinkRaw, size32(d.bytes));
  ASSERT_TRUE(p.has_tcp);
  EXPECT_EQ(p.tcp.payload_length, 45u);
  EXPECT_EQ(p.tcp.seq, 7u);
}

// RFC 8200 §4.5: the unfragmentable part (IPv6 header and hop-by-hop) comes from the first
// fragment, its last Next Header takes the Fragment header's value, the Payload Length is
// recomputed and the Fragment header disappears.
TEST(NetDefragment, Ipv6FragmentsGiveTheOriginalPacket) {
  ByteVector payload = payload_of(70);
  std::vector<ByteVector> frags = fragment_ipv6(payload, 32);
  ASSERT_EQ(frags.size(), 3u);
  Harness h;
  EXPECT_EQ(h.add(frags[2], 3).status, Status::Held);
  EXPECT_EQ(h.add(frags[0], 1).status, Status::Held);
  EXPECT_EQ(h.add(frags[1], 2).status, Status::Complete);
  EXPECT_EQ(h.defrag.datagram().bytes, whole_ipv6(payload));
  EXPECT_EQ(h.defrag.datagram().fragments.size(), 3u);
  Packet p = decode_packet(h.defrag.datagram().bytes, kLinkRaw, 0);
  EXPECT_TRUE(p.has_tcp);
}

// A repeated fragment (the same frame captured twice) is harmless.
TEST(NetDefragment, ExactDuplicateFragmentIsIgnored) {
  std::vector<ByteVector> frags = fragment_ipv4(whole_ipv4(payload_of(28)), 16);
  ASSERT_EQ(frags.size(), 3u);
  Harness h;
  EXPECT_EQ(h.add(frags[0], 1).status, Status::Held);
  EXPECT_EQ(h.add(frags[0], 2).status, Status::Held);
  EXPECT_EQ(h.add(frags[1], 3).status, Status::Held);
  EXPECT_EQ(h.add(frags[2], 4).status, Status::Complete);
  EXPECT_EQ(h.defrag.datagram().bytes, whole_ipv4(payload_of(28)));
}

// RFC 5722 §4: "if any of the fragments being reassembled overlap with any other fragments ...
// the entire datagram ... MUST be silently discarded" (and noted here).
TEST(NetDefragment, OverlappingFragmentsDropTheDatagram) {
  ByteVector whole = whole_ipv4(payload_of(44));
  std::vector<ByteVector> by16 = fragment_ipv4(whole, 16);
  std::vector<ByteVector> by8 = fragment_ipv4(whole, 8);
  Harness h;
  EXPECT_EQ(h.add(by16[0], 1).status, Status::Held);
  auto r = h.add(by8[1], 2);  // bytes 8..16, inside the first fragment, other bounds
  EXPECT_EQ(r.status, Status::Dropped);
  EXPECT_EQ(r.note, &notes::fragment_overlap);
  EXPECT_EQ(h.defrag.datagrams_in_progress(), 0u);
  EXPECT_EQ(h.defrag.held_bytes(), 0u);
  // A changed copy of a held fragment is an overlap too.
  ByteVector changed = by16[0];
  changed.back() ^= 0xff;
  h.add(by16[0], 3);
  EXPECT_EQ(h.add(changed, 4).note, &notes::fragment_overlap);
}

// RFC 791 §3.2 / RFC 8200 §4.5: fragments other than the last carry multiples of 8 bytes, and
// nothing lies beyond the last.
TEST(NetDefragment, InconsistentFragmentsDropTheDatagram) {
  std::vector<ByteVector> frags = fragment_ipv4(whole_ipv4(payload_of(44)), 16);
  {
    Harness h;
    ByteVector odd = ipv4(6, 12, {}, 0x2000);
    odd.resize(odd.size() + 12, 0xaa);
    EXPECT_EQ(h.add(odd, 1).note, &notes::fragment_invalid);
  }
  {
    Harness h;
    h.add(frags[1], 1);
    ByteVector early_last = ipv4(6, 8, {}, 0x0001);  // last fragment ending at 16, before 32
    early_last.resize(early_last.size() + 8, 0xbb);
    EXPECT_EQ(h.add(early_last, 2).note, &notes::fragment_invalid);
    EXPECT_EQ(h.defrag.datagrams_in_progress(), 0u);
  }
}

TEST(NetDefragment, DatagramOver65535BytesIsDropped) {
  Harness h;
  ByteVector last = ipv4(6, 16, {}, 0x1fff);  // offset 65528 + 16 bytes
  last.resize(last.size() + 16, 0);
  EXPECT_EQ(h.add(last, 1).note, &notes::fragment_too_large);
}

// A fragment cut by the snapshot length cannot complete its datagram.
TEST(NetDefragment, TruncatedFragmentIsDropped) {
  std::vector<ByteVector> frags = fragment_ipv4(whole_ipv4(payload_of(44)), 16);
  ByteVector cut = frags[1];
  cut.resize(cut.size() - 3);
  Harness h;
  Packet p = decode_packet(cut, kLinkRaw, size32(frags[1]));
  EXPECT_EQ(h.defrag.add(p, cut, 1, {}).note, &notes::fragment_truncated);
}

// Only TCP is worth holding: fragments of UDP are ignored, not buffered.
TEST(NetDefragment, FragmentsOfOtherProtocolsAreNotHeld) {
  ByteVector udp = ipv4(17, 16, {}, 0x2000);
  udp.resize(udp.size() + 16, 0);
  Harness h;
  EXPECT_EQ(h.add(udp, 1).status, Status::Ignored);
  EXPECT_EQ(h.defrag.datagrams_in_progress(), 0u);
}

// Limits::ip_fragment_datagrams and ip_fragment_bytes bound what is held; going past them is a
// note, and the fragment is not kept.
TEST(NetDefragment, LimitsBoundDatagramsAndBytes) {
  Harness h;
  h.limits.ip_fragment_datagrams = 2;
  h.limits.ip_fragment_bytes = 40;
  auto first_fragment = [](std::uint16_t id, std::size_t n) {
    ByteVector f = ipv4(6, n, {}, 0x2000);
    f[4] = static_cast<std::uint8_t>(id >> 8);
    f[5] = static_cast<std::uint8_t>(id);
    f.resize(f.size() + n, 0);
    return f;
  };
  EXPECT_EQ(h.add(first_fragment(1, 16), 1).status, Status::Held);
  EXPECT_EQ(h.add(first_fragment(2, 16), 2).status, Status::Held);
  EXPECT_EQ(h.add(first_fragment(3, 8), 3).note, &notes::fragment_limit);  // third datagram
  EXPECT_EQ(h.defrag.datagrams_in_progress(), 2u);
  Harness b;
  b.limits.ip_fragment_bytes = 40;
  EXPECT_EQ(b.add(first_fragment(1, 32), 1).status, Status::Held);
  EXPECT_EQ(b.add(first_fragment(2, 16), 2).note, &notes::fragment_limit);  // 48 bytes > 40
  EXPECT_LE(b.defrag.held_bytes(), 40u);
}

// Datagrams older than Limits::ip_fragment_timeout_s (RFC 791's reassembly timer) are given up
// and reported; so is everything still held at the end.
TEST(NetDefragment, IncompleteDatagramsExpire) {
  std::vector<ByteVector> frags = fragment_ipv4(whole_ipv4(payload_of(44)), 16);
  Harness h;
  h.add(frags[0], 7);
  h.add(frags[2], 9);
  EXPECT_TRUE(h.defrag.expire(Timestamp{29, 0}).empty());
  auto expired = h.defrag.expire(Timestamp{31, 0});
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].first_frame, 7u);
  EXPECT_EQ(expired[0].fragments, 2u);
  EXPECT_EQ(expired[0].bytes, 32u);
  EXPECT_EQ(h.defrag.held_bytes(), 0u);
  h.add(frags[1], 10);
  EXPECT_EQ(h.defrag.expire_all().size(), 1u);
  EXPECT_EQ(h.defrag.datagrams_in_progress(), 0u);
}

}  // namespace
}  // namespace mqscope::net
