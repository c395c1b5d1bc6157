// What the pipeline hands to an output, in capture order: decoded MQTT packets (the unit of
// the summary and of `-T fields`), and, for outputs that show trees, the subtrees of the other
// layers (HTTP heads, WebSocket frames). Outputs know fields and trees, not protocols.
#pragma once

#include <cstdint>
#include <string_view>

#include "mqscope/core/origin.hpp"
#include "mqscope/core/timestamp.hpp"
#include "mqscope/field/tree.hpp"

namespace mqscope::output {

// The capture frame an item was completed in.
class FrameContext {
 public:
  virtual ~FrameContext() = default;
  virtual std::uint32_t number() const = 0;
  virtual Timestamp time() const = 0;
  virtual Timestamp first_time() const = 0;  // of the capture's first frame
  // The frame, link, IP and TCP subtrees, built on first use.
  virtual const field::Tree& lower_tree() = 0;
};

struct PacketRecord {
  const field::Tree* tree = nullptr;  // provenance line(s) and the packet's subtree
  field::NodeIndex top = 0;           // the packet's subtree in `tree`
  std::uint32_t stream = 0;           // tcp.stream
  bool from_client = true;
  std::string_view source;            // "192.168.1.46:52144"
  std::string_view destination;
  std::string_view transport;         // "WS" or "TCP"
  std::string_view info;              // the packet's key values, for summaries
  bool is_packet = true;              // false: a report of bytes that could not be decoded,
                                      // or a WebSocket message (below)
  bool is_ws_message = false;         // a data message of a WebSocket connection whose
                                      // subprotocol is not MQTT (not a row of -T fields)
  const Pieces* pieces = nullptr;     // where the packet's bytes were captured, in order
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Whether on_layer_tree is wanted (building those trees costs time).
  virtual bool wants_layer_trees() const { return false; }
  // Whether PacketRecord::info is wanted.
  virtual bool wants_info() const { return false; }
  // How much of each packet's tree is needed: all of it for a tree view, JSON or a filter;
  // a summary reads key values only.
  virtual field::Detail packet_detail() const { return field::Detail::Full; }
  // Whether it shows the labels of the frame's lower layers (a tree view does; JSON and field
  // columns show values only): without, those labels are not made (Tree::set_field_labels).
  virtual bool shows_lower_labels() const { return true; }
  virtual void on_packet(FrameContext& frame, const PacketRecord& packet) = 0;
  virtual void on_layer_tree(FrameContext& frame, const field::Tree& tree) {
    (void)frame;
    (void)tree;
  }
  virtual void finish() {}
  // True once the sink wants no more input (a count of packets has been shown).
  virtual bool satisfied() const { return false; }
};

}  // namespace mqscope::output
