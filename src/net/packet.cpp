#include "mqscope/net/packet.hpp"

#include <arpa/inet.h>

#include <algorithm>

#include "mqscope/core/cursor.hpp"
#include "mqscope/net/notes.hpp"

namespace mqscope::net {

namespace {

constexpr std::uint16_t kEtherIPv4 = 0x0800;
constexpr std::uint16_t kEtherIPv6 = 0x86dd;
constexpr std::uint16_t kEtherVlan = 0x8100;
constexpr std::uint16_t kEtherQinQ = 0x88a8;
constexpr std::uint16_t kEtherQinQOld = 0x9100;
constexpr std::uint8_t kProtoTcp = 6;

bool is_vlan(std::uint16_t ethertype) {
  return ethertype == kEtherVlan || ethertype == kEtherQinQ || ethertype == kEtherQinQOld;
}

// Ethernet II with any number of 802.1Q / 802.1ad tags.
bool decode_ethernet(Bytes data, LinkHeader& link) {
  if (data.size() < 14) return false;
  std::uint32_t pos = 12;
  std::uint16_t type = load_be16(&data[pos]);
  while (is_vlan(type)) {
    if (data.size() < pos + 6) return false;
    pos += 4;
    ++link.vlan_tags;
    type = load_be16(&data[pos]);
  }
  link.length = pos + 2;
  link.ethertype = type;
  return true;
}

// BSD loopback: a 4-byte address family, host order for NULL, network order for LOOP.
bool decode_bsd_loopback(Bytes data, LinkHeader& link, bool network_order) {
  if (data.size() < 4) return false;
  std::uint32_t family = network_order ? load_be32(&data[0])
                                       : (std::uint32_t{data[0]} | std::uint32_t{data[1]} << 8 |
                                          std::uint32_t{data[2]} << 16 | std::uint32_t{data[3]} << 24);
  if (!network_order && family > 0xffff) family = load_be32(&data[0]);  // written big-endian
  link.length = 4;
  // AF_INET is 2 everywhere; AF_INET6 is 24, 28 or 30 depending on the BSD.
  if (family == 2) link.ethertype = kEtherIPv4;
  else if (family == 24 || family == 28 || family == 30) link.ethertype = kEtherIPv6;
  else link.ethertype = 0;
  return true;
}

bool decode_raw(Bytes data, LinkHeader& link) {
  if (data.empty()) return false;
  link.length = 0;
  std::uint8_t version = data[0] >> 4;
  link.ethertype = version == 4 ? kEtherIPv4 : version == 6 ? kEtherIPv6 : 0;
  return true;
}

bool decode_link(Bytes data, int link_type, LinkHeader& link) {
  link.type = link_type;
  switch (link_type) {
    case kLinkEthernet: return decode_ethernet(data, link);
    case kLinkNull: return decode_bsd_loopback(data, link, false);
    case kLinkLoop: return decode_bsd_loopback(data, link, true);
    case kLinkRaw: return decode_raw(data, link);
    case kLinkIPv4:
      link.ethertype = kEtherIPv4;
      return true;
    case kLinkIPv6:
      link.ethertype = kEtherIPv6;
      return true;
    case kLinkLinuxSll:  // 16-byte cooked header, protocol in its last two bytes
      if (data.size() < 16) return false;
      link.length = 16;
      link.ethertype = load_be16(&data[14]);
      return true;
    case kLinkLinuxSll2:  // 20-byte cooked header v2, protocol first
      if (data.size() < 20) return false;
      link.length = 20;
      link.ethertype = load_be16(&data[0]);
      return true;
    default: return false;
  }
}

bool decode_ipv4(Bytes data, std::uint32_t offset, IpHeader& ip) {
  if (data.size() < offset + 20) return false;
  const std::uint8_t* p = &data[offset];
  std::uint32_t ihl = (p[0] & 0x0fu) * 4u;
  if ((p[0] >> 4) != 4 || ihl < 20 || data.size() < offset + ihl) return false;
  ip.version = 4;
  ip.offset = offset;
  ip.header_length = ihl;
  ip.total_length = load_be16(p + 2);
  ip.id = load_be16(p + 4);
  ip.flags_fragment = load_be16(p + 6);
  ip.ttl = p[8];
  ip.protocol = p[9];
  ip.is_fragment = (ip.flags_fragment & 0x3fff) != 0;  // MF set or a non-zero offset
  ip.fragment_id = ip.id;
  ip.fragment_offset = (ip.flags_fragment & 0x1fffu) * 8u;
  ip.more_fragments = (ip.flags_fragment & 0x2000) != 0;
  ip.fragmentable_offset = offset + ihl;
  ip.src.family = ip.dst.family = 4;
  std::copy_n(p + 12, 4, ip.src.bytes.begin());
  std::copy_n(p + 16, 4, ip.dst.bytes.begin());
  return ip.total_length >= ihl;
}

bool is_ipv6_extension(std::uint8_t next) {
  return next == 0 || next == 43 || next == 44 || next == 60;
}

bool decode_ipv6(Bytes data, std::uint32_t offset, IpHeader& ip) {
  if (data.size() < offset + 40) return false;
  const std::uint8_t* p = &data[offset];
  if ((p[0] >> 4) != 6) return false;
  ip.version = 6;
  ip.offset = offset;
  ip.total_length = 40u + load_be16(p + 4);
  ip.ttl = p[7];
  ip.src.family = ip.dst.family = 6;
  std::copy_n(p + 8, 16, ip.src.bytes.begin());
  std::copy_n(p + 24, 16, ip.dst.bytes.begin());
  std::uint8_t next = p[6];
  std::uint32_t pos = offset + 40;
  std::uint32_t next_field = offset + 6;  // the byte that names the header at `pos`
  // RFC 8200 §4: hop-by-hop, routing, fragment and destination options precede the payload.
  for (int guard = 0; is_ipv6_extension(next) && guard < 16; ++guard) {
    if (data.size() < pos + 8) return false;
    std::uint8_t following = data[pos];
    std::uint32_t ext_len = next == 44 ? 8u : (data[pos + 1] + 1u) * 8u;
    bool later_fragment = false;
    if (next == 44) {
      ip.flags_fragment = load_be16(&data[pos + 2]);
      ip.is_fragment = (ip.flags_fragment & 0xfff9) != 0;  // offset or M flag
      later_fragment = (ip.flags_fragment & 0xfff8) != 0;  // §4.5: data, not headers, follow
      ip.fragment_id = load_be32(&data[pos + 4]);
      ip.fragment_offset = ip.flags_fragment & 0xfff8u;  // 13-bit offset in 8-byte units
      ip.more_fragments = (ip.flags_fragment & 0x1) != 0;
      ip.fragment_header_offset = pos;
      ip.next_header_field = next_field;
      ip.fragment_next_header = following;
      ip.fragmentable_offset = pos + 8;
    }
    next_field = pos;
    pos += ext_len;
    next = following;
    if (later_fragment) break;
  }
  ip.protocol = next;
  ip.header_length = pos - offset;
  return data.size() >= pos;
}

bool decode_tcp(Bytes data, const IpHeader& ip, std::uint32_t wire_length, TcpHeader& tcp) {
  std::uint32_t offset = ip.offset + ip.header_length;
  if (data.size() < offset + 20) return false;
  const std::uint8_t* p = &data[offset];
  std::uint32_t header_length = (p[12] >> 4) * 4u;
  if (header_length < 20 || data.size() < offset + header_length) return false;
  tcp.offset = offset;
  tcp.header_length = header_length;
  tcp.src_port = load_be16(p);
  tcp.dst_port = load_be16(p + 2);
  tcp.seq = load_be32(p + 4);
  tcp.ack = load_be32(p + 8);
  tcp.flags = static_cast<std::uint16_t>(load_be16(p + 12) & 0x0fff);
  tcp.window = load_be16(p + 14);
  tcp.payload_offset = offset + header_length;
  // The IP length says how much payload the segment carried; Ethernet padding is not payload.
  std::uint32_t ip_end = ip.offset + ip.total_length;
  std::uint32_t segment_end = ip_end > tcp.payload_offset ? ip_end : tcp.payload_offset;
  std::uint32_t captured_end = std::min<std::uint32_t>(segment_end,
                                                       static_cast<std::uint32_t>(data.size()));
  tcp.payload_length = captured_end - tcp.payload_offset;
  std::uint32_t wire_end = std::min(segment_end, wire_length);
  tcp.payload_missing = wire_end > captured_end ? wire_end - captured_end : 0;
  return true;
}

}  // namespace

std::string Address::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(family == 4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

bool is_supported_link_type(int link_type) {
  switch (link_type) {
    case kLinkNull:
    case kLinkEthernet:
    case kLinkRaw:
    case kLinkLoop:
    case kLinkLinuxSll:
    case kLinkIPv4:
    case kLinkIPv6:
    case kLinkLinuxSll2: return true;
    default: return false;
  }
}

Packet decode_packet(Bytes data, int link_type, std::uint32_t wire_length) {
  Packet packet;
  if (!is_supported_link_type(link_type)) {
    packet.problem = &notes::link_unsupported;
    return packet;
  }
  if (!decode_link(data, link_type, packet.link)) {
    packet.problem = &notes::link_truncated;
    return packet;
  }
  std::uint32_t ip_offset = packet.link.offset + packet.link.length;
  bool ok = false;
  if (packet.link.ethertype == kEtherIPv4) ok = decode_ipv4(data, ip_offset, packet.ip);
  else if (packet.link.ethertype == kEtherIPv6) ok = decode_ipv6(data, ip_offset, packet.ip);
  else {
    packet.problem = &notes::not_ip;
    return packet;
  }
  if (!ok) {
    packet.problem = &notes::ip_truncated;
    return packet;
  }
  packet.has_ip = true;
  if (packet.ip.is_fragment) {
    packet.problem = &notes::ip_fragment;
    return packet;
  }
  if (packet.ip.protocol != kProtoTcp) {
    packet.problem = &notes::not_tcp;
    return packet;
  }
  if (!decode_tcp(data, packet.ip, wire_length, packet.tcp)) {
    packet.problem = &notes::tcp_truncated;
    return packet;
  }
  packet.has_tcp = true;
  return packet;
}

}  // namespace mqscope::net
