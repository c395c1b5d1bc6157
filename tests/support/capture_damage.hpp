// Damaged and re-encapsulated variants of a real capture, built in code: the disorder, loss
// and link layers real captures have (reordered, repeated, dropped or cut segments; `-i any`,
// a Mac's loopback, VLANs, IPv6, IP fragments). Input records are Ethernet II / IPv4 / TCP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "pcap_file.hpp"

namespace mqscope::test {

// Where a record's TCP segment lies (Ethernet II / IPv4 or IPv6, no VLAN).
struct SegmentInfo {
  bool tcp = false;
  bool syn = false;
  bool fin = false;
  bool has_ack = false;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::size_t payload_offset = 0;
  std::size_t payload_length = 0;
};
SegmentInfo segment_of(const ByteVector& ethernet_frame);

// Indices of the records that carry TCP payload.
std::vector<std::size_t> data_records(const PcapFile& file);
// Whether the loss of record `index` shows in the rest of the capture: a later segment of its
// direction (data or FIN) lies beyond it, or the peer acknowledges its bytes.
bool loss_is_visible(const PcapFile& file, std::size_t index);

PcapFile swapped(PcapFile file, std::size_t a, std::size_t b);
PcapFile duplicated(PcapFile file, std::size_t index, std::size_t copy_at);
PcapFile dropped(PcapFile file, std::size_t index);
// Record `index` cut to its first `keep` bytes (as a snapshot length would).
PcapFile truncated(PcapFile file, std::size_t index, std::size_t keep);
PcapFile reversed(PcapFile file);
// Without the records of TCP handshakes (SYN, SYN-ACK and the ACK right after).
PcapFile without_handshakes(PcapFile file);

// Link layers: Linux cooked v2 (`tcpdump -i any`), BSD loopback (NULL, host order; LOOP,
// network order), raw IP, 802.1Q VLAN (one tag, or QinQ with two).
PcapFile as_sll2(PcapFile file);
PcapFile as_null(PcapFile file, bool network_order);
PcapFile as_raw(PcapFile file);
PcapFile with_vlan_tags(PcapFile file, int tags);
// IPv4 → IPv6 (2001:db8::<IPv4 address>), same TCP segments.
PcapFile as_ipv6(PcapFile file);
// Every IP packet whose payload is longer than `size` (a multiple of 8) split into fragments
// (RFC 791 §3.2 for IPv4, RFC 8200 §4.5 for IPv6), in order or each datagram's last first.
PcapFile fragmented(PcapFile file, std::size_t size, bool last_first = false);

}  // namespace mqscope::test
