// Link, network and transport headers of one captured frame: where each header starts, what
// it says, and where the TCP payload lies. Decoding never reads past the captured bytes.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/notes.hpp"

namespace mqscope::net {

// LINKTYPE_* values from the pcap link-type registry.
enum LinkType : int {
  kLinkNull = 0,
  kLinkEthernet = 1,
  kLinkRaw = 101,
  kLinkLoop = 108,
  kLinkLinuxSll = 113,
  kLinkIPv4 = 228,
  kLinkIPv6 = 229,
  kLinkLinuxSll2 = 276,
};

struct Address {
  std::uint8_t family = 0;  // 4 or 6
  std::array<std::uint8_t, 16> bytes{};

  Bytes view() const { return Bytes(bytes.data(), family == 4 ? 4 : 16); }
  std::string to_string() const;
  friend bool operator==(const Address&, const Address&) = default;
};

struct LinkHeader {
  int type = 0;
  std::uint32_t offset = 0;
  std::uint32_t length = 0;       // header bytes, including VLAN tags
  std::uint16_t ethertype = 0;    // of the network layer it carries
  std::uint8_t vlan_tags = 0;
};

struct IpHeader {
  std::uint8_t version = 0;
  std::uint32_t offset = 0;        // in the frame
  std::uint32_t header_length = 0; // including IPv6 extension headers
  std::uint32_t total_length = 0;  // as the header claims (IPv4 total / IPv6 40 + payload)
  std::uint8_t protocol = 0;       // after extension headers
  std::uint8_t ttl = 0;
  std::uint16_t id = 0;
  std::uint16_t flags_fragment = 0;
  bool is_fragment = false;
  // Fragments (RFC 791 §3.1; RFC 8200 §4.5), set when is_fragment: what reassembly needs.
  std::uint32_t fragment_id = 0;            // IPv4 Identification or IPv6 fragment Identification
  std::uint32_t fragment_offset = 0;        // in bytes
  bool more_fragments = false;
  std::uint32_t fragmentable_offset = 0;    // in the frame: where this fragment's data starts
  std::uint32_t fragment_header_offset = 0; // IPv6: the Fragment header, in the frame
  std::uint32_t next_header_field = 0;      // IPv6: the byte naming the Fragment header
  std::uint8_t fragment_next_header = 0;    // IPv6: the Fragment header's Next Header
  Address src;
  Address dst;
};

struct TcpHeader {
  std::uint32_t offset = 0;
  std::uint32_t header_length = 0;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint16_t flags = 0;  // the 12 bits below the data offset (reserved, AE, CWR ... FIN)
  std::uint16_t window = 0;
  std::uint32_t payload_offset = 0;   // in the frame
  std::uint32_t payload_length = 0;   // bytes captured
  std::uint32_t payload_missing = 0;  // bytes on the wire but cut by the snapshot length

  bool syn() const { return flags & 0x002; }
  bool fin() const { return flags & 0x001; }
  bool rst() const { return flags & 0x004; }
  bool has_ack() const { return flags & 0x010; }
};

struct Packet {
  LinkHeader link;
  IpHeader ip;
  TcpHeader tcp;
  bool has_ip = false;
  bool has_tcp = false;
  NoteId problem = nullptr;  // why decoding stopped early, if it did
};

// Decodes the headers of `data` (captured bytes of a frame of `wire_length` bytes).
Packet decode_packet(Bytes data, int link_type, std::uint32_t wire_length);

bool is_supported_link_type(int link_type);

}  // namespace mqscope::net
