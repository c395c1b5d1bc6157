// Hand-built link, IP and TCP headers for the net layer tests. Checksums are left zero: the
// decoder does not verify them.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "bytes.hpp"

namespace mqscope::net_test {

using test::ByteVector;
using test::concat;
using test::from_hex;

inline void put16(ByteVector& out, std::uint32_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
inline void put32(ByteVector& out, std::uint32_t v) {
  put16(out, v >> 16);
  put16(out, v & 0xffff);
}

// Ethernet II (IEEE 802.3 clause 3.2.6 / RFC 894): dst 02:00:00:00:00:02, src
// 02:00:00:00:00:01, then the EtherType.
inline ByteVector ethernet(std::uint16_t ethertype) {
  ByteVector f = from_hex("020000000002 020000000001");
  put16(f, ethertype);
  return f;
}

// RFC 791 §3.1, 192.168.1.46 → 103.61.37.192, DF set, TTL 64. `payload_length` counts the
// bytes after the header (options included in IHL).
inline ByteVector ipv4(std::uint8_t protocol, std::size_t payload_length,
                       const ByteVector& options = {}, std::uint16_t flags_fragment = 0x4000) {
  ByteVector h;
  std::size_t header = 20 + options.size();
  h.push_back(static_cast<std::uint8_t>(0x40 | (header / 4)));
  h.push_back(0x00);
  put16(h, static_cast<std::uint32_t>(header + payload_length));
  put16(h, 0x4d24);
  put16(h, flags_fragment);
  h.push_back(64);
  h.push_back(protocol);
  put16(h, 0);
  h.insert(h.end(), {192, 168, 1, 46, 103, 61, 37, 192});
  h.insert(h.end(), options.begin(), options.end());
  return h;
}

// RFC 8200 §3, 2001:db8::1 → 2001:db8::2, hop limit 64.
inline ByteVector ipv6(std::uint8_t next_header, std::size_t payload_length) {
  ByteVector h = from_hex("60000000");
  put16(h, static_cast<std::uint32_t>(payload_length));
  h.push_back(next_header);
  h.push_back(64);
  ByteVector addrs = from_hex("20010db8000000000000000000000001 20010db8000000000000000000000002");
  h.insert(h.end(), addrs.begin(), addrs.end());
  return h;
}

// A generic IPv6 extension header in the RFC 8200 §4 layout (hop-by-hop, routing, destination
// options): next header, length in 8-octet units not counting the first, then padding.
inline ByteVector ipv6_extension(std::uint8_t next_header, std::uint8_t length_units) {
  ByteVector h(8u * (length_units + 1u), 0x00);
  h[0] = next_header;
  h[1] = length_units;
  if (h.size() > 2) h[2] = 0x01;  // PadN option (RFC 8200 §4.2)
  if (h.size() > 3) h[3] = static_cast<std::uint8_t>(h.size() - 4);
  return h;
}

// RFC 8200 §4.5 fragment header: offset in 8-octet units, M flag.
inline ByteVector ipv6_fragment(std::uint8_t next_header, std::uint16_t offset_units,
                                bool more) {
  ByteVector h{next_header, 0x00};
  put16(h, static_cast<std::uint32_t>(offset_units << 3 | (more ? 1 : 0)));
  put32(h, 0xcafef00d);
  return h;
}

// RFC 9293 §3.1: ports 52144 → 8083, data offset from the options, window 250.
inline ByteVector tcp(std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                      const ByteVector& options = {}) {
  ByteVector h;
  put16(h, 52144);
  put16(h, 8083);
  put32(h, seq);
  put32(h, ack);
  h.push_back(static_cast<std::uint8_t>((20 + options.size()) / 4 << 4));
  h.push_back(flags);
  put16(h, 250);
  put32(h, 0);
  h.insert(h.end(), options.begin(), options.end());
  return h;
}

inline constexpr std::uint8_t kAckPsh = 0x18;
inline constexpr std::uint8_t kSyn = 0x02;

// IPv4 + TCP + payload, without a link header.
inline ByteVector ipv4_tcp(const ByteVector& payload, const ByteVector& ip_options = {}) {
  return concat({ipv4(6, 20 + payload.size(), ip_options), tcp(523934786, 2346848382u, kAckPsh),
                 payload});
}

inline ByteVector ipv6_tcp(const ByteVector& payload) {
  return concat({ipv6(6, 20 + payload.size()), tcp(1, 2, kAckPsh), payload});
}

inline ByteVector eth_ipv4_tcp(const ByteVector& payload) {
  return concat({ethernet(0x0800), ipv4_tcp(payload)});
}

inline std::uint32_t size32(const ByteVector& bytes) {
  return static_cast<std::uint32_t>(bytes.size());
}

}  // namespace mqscope::net_test
