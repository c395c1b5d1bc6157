// The pipeline's hand-over from the network layer to connection tracking: the decoded IP and
// TCP headers of a frame become the segment header the tracker reads.
#pragma once

#include "mqscope/net/packet.hpp"
#include "mqscope/tcp/segment_header.hpp"

namespace mqscope::app {

tcp::SegmentHeader tcp_segment_of(const net::Packet& packet);

}  // namespace mqscope::app
