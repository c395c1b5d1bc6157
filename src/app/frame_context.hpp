// The capture frame being processed, as outputs see it; its lower-layer tree is built only
// when an output asks for it.
#pragma once

#include <vector>

#include "mqscope/capture/frame.hpp"
#include "mqscope/field/tree.hpp"
#include "mqscope/net/defragment.hpp"
#include "mqscope/net/describe.hpp"
#include "mqscope/net/packet.hpp"
#include "mqscope/output/sink.hpp"
#include "mqscope/tcp/tracker.hpp"

namespace mqscope::app {

class CurrentFrame : public output::FrameContext {
 public:
  void start(const capture::Frame& frame, const net::Packet& packet);
  void set_flow(const tcp::Flow* flow, int direction);
  // What reassembly made of the frame's segment (told before its bytes are delivered).
  void set_segment(tcp::Disposition disposition, bool overlap_conflict);
  // The frame completed an IP datagram: its TCP segment is `packet` in `datagram`.
  void set_reassembled(const net::Datagram& datagram, const net::Packet& packet);
  // The reader's buffer is about to be reused or freed. With `keep_bytes` (an output may still
  // build the frame's lower tree, at the end of the capture) its bytes are copied; otherwise
  // only its number and times remain, and its lower tree would be empty.
  void detach(bool keep_bytes);

  std::uint32_t number() const override { return frame_.number; }
  // Numbers the MQTT packets this frame completes: 0, 1, ...
  std::uint32_t next_packet_index() { return packets_++; }
  Timestamp time() const override { return frame_.time; }
  Timestamp first_time() const override { return first_; }
  const field::Tree& lower_tree() override;
  // Whether the lower tree gets the labels of its fields (a tree view shows them).
  void set_field_labels(bool keep) { tree_.set_field_labels(keep); }

 private:
  capture::Frame frame_;
  std::vector<std::uint8_t> owned_;
  net::Packet packet_;
  bool packet_gone_ = false;  // detached without its bytes: packet_ describes nothing
  const tcp::Flow* flow_ = nullptr;
  int direction_ = 0;
  bool has_disposition_ = false;
  tcp::Disposition disposition_ = tcp::Disposition::NoPayload;
  bool overlap_conflict_ = false;
  bool reassembled_ = false;
  net::Datagram datagram_;
  net::Packet datagram_packet_;
  Timestamp first_;
  Timestamp previous_;
  Timestamp current_;
  bool have_first_ = false;
  bool built_ = false;
  std::uint32_t packets_ = 0;
  field::Tree tree_;
};

}  // namespace mqscope::app
