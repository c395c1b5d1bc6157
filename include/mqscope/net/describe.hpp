// The link, IP and TCP subtrees of a frame, for `-V`.
#pragma once

#include <cstdint>

#include "mqscope/field/tree.hpp"
#include "mqscope/net/packet.hpp"

namespace mqscope::net {

// What the TCP layer knows about the connection that the header alone does not.
struct TcpContext {
  std::uint32_t stream = 0;       // tcp.stream
  std::uint32_t seq_base = 0;     // initial sequence numbers, for relative numbers
  std::uint32_t ack_base = 0;
  bool relative = false;
};

// Adds the subtrees to `tree`, whose current source must be the frame's captured bytes.
void describe_packet(field::Tree& tree, Bytes data, const Packet& packet,
                     const TcpContext& context);

}  // namespace mqscope::net
