#include "frame_context.hpp"

#include "mqscope/capture/fields.hpp"
#include "mqscope/tcp/notes.hpp"

namespace mqscope::app {

void CurrentFrame::start(const capture::Frame& frame, const net::Packet& packet) {
  if (!have_first_) {
    first_ = frame.time;
    current_ = frame.time;
    have_first_ = true;
  }
  previous_ = current_;
  current_ = frame.time;
  frame_ = frame;
  packet_ = packet;
  packet_gone_ = false;
  flow_ = nullptr;
  has_disposition_ = false;
  overlap_conflict_ = false;
  reassembled_ = false;
  built_ = false;
}

void CurrentFrame::set_segment(tcp::Disposition disposition, bool overlap_conflict) {
  has_disposition_ = true;
  disposition_ = disposition;
  overlap_conflict_ = overlap_conflict;
  built_ = false;
}

void CurrentFrame::set_reassembled(const net::Datagram& datagram, const net::Packet& packet) {
  reassembled_ = true;
  datagram_ = datagram;  // a copy: the defragmenter reuses its buffer
  datagram_packet_ = packet;
  built_ = false;
  packets_ = 0;
}

void CurrentFrame::set_flow(const tcp::Flow* flow, int direction) {
  flow_ = flow;
  direction_ = direction;
}

void CurrentFrame::detach(bool keep_bytes) {
  if (frame_.data.data() == owned_.data()) return;  // kept already
  if (!keep_bytes) {
    frame_.data = Bytes();
    packet_gone_ = true;  // its views are of the bytes gone (clearing it was a memset per frame)
    reassembled_ = false;
    built_ = false;
    return;
  }
  owned_.assign(frame_.data.begin(), frame_.data.end());
  frame_.data = Bytes(owned_);
  built_ = false;
}

const field::Tree& CurrentFrame::lower_tree() {
  if (built_) return tree_;
  built_ = true;
  tree_.clear();
  tree_.add_source(frame_.data, "frame");
  capture::describe_frame(tree_, frame_, first_, previous_);
  net::TcpContext context;
  if (flow_ != nullptr) {
    context.stream = flow_->stream;
    context.relative = true;
    auto mine = static_cast<std::size_t>(direction_);
    context.seq_base = flow_->dirs[mine].initial_seq();
    context.ack_base = flow_->dirs[1 - mine].initial_seq();
  }
  if (has_disposition_) context.disposition = tcp::disposition_name(disposition_);
  if (overlap_conflict_) context.note = &tcp::notes::overlap_conflict;
  static const net::Packet kNoPacket{};
  const net::Packet& packet = packet_gone_ ? kNoPacket : packet_;
  if (!reassembled_) {
    net::describe_packet(tree_, frame_.data, packet, context);
    return tree_;
  }
  net::describe_packet(tree_, frame_.data, packet, net::TcpContext{});
  net::describe_reassembled(tree_, datagram_.bytes, datagram_packet_, datagram_.fragments, context);
  return tree_;
}

}  // namespace mqscope::app
