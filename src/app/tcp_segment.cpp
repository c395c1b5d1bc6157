#include "mqscope/app/tcp_segment.hpp"

namespace mqscope::app {

tcp::SegmentHeader tcp_segment_of(const net::Packet& packet) {
  tcp::SegmentHeader s;
  s.src = packet.ip.src;
  s.dst = packet.ip.dst;
  s.src_port = packet.tcp.src_port;
  s.dst_port = packet.tcp.dst_port;
  s.seq = packet.tcp.seq;
  s.ack = packet.tcp.ack;
  s.flags = packet.tcp.flags;
  s.payload_offset = packet.tcp.payload_offset;
  s.payload_length = packet.tcp.payload_length;
  s.payload_missing = packet.tcp.payload_missing;
  return s;
}

}  // namespace mqscope::app
