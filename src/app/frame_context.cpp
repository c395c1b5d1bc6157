#include "frame_context.hpp"

#include "mqscope/capture/fields.hpp"

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
  flow_ = nullptr;
  built_ = false;
  packets_ = 0;
}

void CurrentFrame::set_flow(const tcp::Flow* flow, int direction) {
  flow_ = flow;
  direction_ = direction;
}

void CurrentFrame::detach() {
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
  net::describe_packet(tree_, frame_.data, packet_, context);
  return tree_;
}

}  // namespace mqscope::app
