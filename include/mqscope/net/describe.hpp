// The link, IP and TCP subtrees of a frame, for `-V`.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "mqscope/field/tree.hpp"
#include "mqscope/net/packet.hpp"

namespace mqscope::net {

// What the TCP layer knows about the connection that the header alone does not.
struct TcpContext {
  std::uint32_t stream = 0;       // tcp.stream
  std::uint32_t seq_base = 0;     // initial sequence numbers, for relative numbers
  std::uint32_t ack_base = 0;
  bool relative = false;
  std::string_view disposition;  // what reassembly made of the segment ("in order", ...)
  NoteId note = nullptr;         // a reassembly note on the segment (an overlap conflict)
};

// Adds the subtrees to `tree`, whose current source must be the frame's captured bytes.
void describe_packet(field::Tree& tree, Bytes data, const Packet& packet,
                     const TcpContext& context);

// For a frame that completed an IP datagram: the line naming its fragments, then the
// reassembled IP and TCP headers from `datagram` (a new byte source of the tree).
// `fragments` are (capture frame, payload bytes) in offset order.
void describe_reassembled(field::Tree& tree, Bytes datagram, const Packet& packet,
                          std::span<const std::pair<std::uint32_t, std::uint32_t>> fragments,
                          const TcpContext& context);

}  // namespace mqscope::net
