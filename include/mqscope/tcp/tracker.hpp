// Follows TCP connections: assigns stream numbers in order of first appearance (like tshark's
// tcp.stream), decides which side is the client, feeds each direction's reassembler and tells
// an observer when connections open and end. State is bounded: at most Limits::max_flows
// connections are known at once (the least recently seen is evicted), a connection silent for
// Limits::flow_idle_timeout_s of capture time is closed, and a closed one is forgotten after
// Limits::flow_closed_linger_s.
#pragma once

#include <array>
#include <cstdint>
#include <list>
#include <memory>
#include <span>

#include "mqscope/core/limits.hpp"
#include "mqscope/core/origin.hpp"
#include "mqscope/core/timestamp.hpp"
#include "mqscope/tcp/flow_key.hpp"
#include "mqscope/tcp/flow_table.hpp"
#include "mqscope/tcp/reassembler.hpp"
#include "mqscope/tcp/segment_header.hpp"

namespace mqscope::tcp {

enum class CloseReason : std::uint8_t { Fin, Reset, PortReused, Evicted, IdleTimeout, CaptureEnd };
const char* close_reason_name(CloseReason reason);

// Direction 0 runs client → server, direction 1 server → client.
inline constexpr int kClientToServer = 0;
inline constexpr int kServerToClient = 1;

// Memory the owner of a flow touches for a segment of it, named so that it can be asked for
// as soon as the segment's flow is known (warm()).
struct WarmRange {
  const void* at = nullptr;
  std::uint32_t bytes = 0;
};

struct Flow {
  explicit Flow(const Limits& limits) : dirs{Reassembler(limits), Reassembler(limits)} {
    Reassembler::pair(dirs[0], dirs[1]);
  }
  Flow(const Flow&) = delete;
  Flow& operator=(const Flow&) = delete;

  std::uint32_t stream = 0;
  std::array<Endpoint, 2> endpoints;  // [0] client, [1] server
  std::array<Reassembler, 2> dirs;
  bool roles_from_handshake = false;  // false: the client was guessed from ports
  std::array<bool, 2> fin_seen{};
  bool reset = false;
  bool ended = false;
  Timestamp first_seen;
  Timestamp last_seen;
  std::uint64_t segments = 0;
  // Bookkeeping of the tracker.
  FlowKey key;
  std::int64_t activity_ns = 0;  // capture clock at the last segment (never goes back)
  std::int64_t placed_ns = 0;    // capture clock when last put at the end of its list
  std::list<Flow*>::iterator place;
  // Set by the flow's owner: per direction, what a segment of it touches besides the flow.
  std::array<std::array<WarmRange, 3>, 2> warm{};
};

// Asks for the memory a segment of `direction` will touch: what the owner named, and where
// the reassembler keeps the next bytes. A hint that reads nothing else: with thousands of
// connections each of these is a cache miss, and asked for together they overlap instead of
// following one another as the segment's way through the layers reaches them.
void warm(const Flow& flow, int direction);

struct SegmentResult {
  Flow* flow = nullptr;
  int direction = kClientToServer;
  Disposition disposition = Disposition::NoPayload;
  bool overlap_conflict = false;
};

class FlowObserver {
 public:
  virtual ~FlowObserver() = default;
  // A new connection: set the listeners of flow.dirs here.
  virtual void on_flow_open(Flow& flow) = 0;
  // The connection has ended; its reassemblers have been flushed.
  virtual void on_flow_close(Flow& flow, CloseReason reason) = 0;
  // What a segment is, said before any of its bytes is delivered.
  virtual void on_segment_assessed(const SegmentResult& result) { (void)result; }
};

class Tracker {
 public:
  Tracker(const Limits& limits, FlowObserver& observer) : limits_(limits), observer_(observer) {}
  ~Tracker();
  Tracker(const Tracker&) = delete;
  Tracker& operator=(const Tracker&) = delete;

  // Where connections opened from now on read delivered bytes again (Reassembler::set_recall).
  void set_recall(const Recall* recall) { recall_ = recall; }

  // Finds (or opens) the connection of a segment and its direction.
  SegmentResult locate(const SegmentHeader& segment, Timestamp time);
  // Feeds the segment located by `result` to its direction's reassembler; sets the
  // disposition. `data` are the frame's captured bytes.
  void feed(SegmentResult& result, const SegmentHeader& segment, Bytes data,
            std::uint32_t frame_number);
  // The same for a segment whose bytes come from several capture frames (a reassembled IP
  // datagram): `runs` give the capture position of each run of `data`.
  void feed(SegmentResult& result, const SegmentHeader& segment, Bytes data,
            std::span<const Piece> runs);
  SegmentResult on_segment(const SegmentHeader& segment, Bytes data, std::uint32_t frame_number,
                           Timestamp time) {
    SegmentResult result = locate(segment, time);
    feed(result, segment, data, frame_number);
    return result;
  }
  // End of capture: flush and close every connection still open.
  void finish();

  std::uint32_t streams_seen() const { return next_stream_; }
  std::size_t open_flows() const { return active_.size(); }  // not ended
  std::size_t known_flows() const { return flows_.size(); }  // open and lately closed
  std::size_t peak_flows() const { return peak_flows_; }
  std::uint64_t flows_evicted() const { return evicted_; }
  std::uint64_t flows_timed_out() const { return timed_out_; }

 private:
  Flow& open_flow(const FlowKey& key, const SegmentHeader& segment, Timestamp time);
  void end_flow(Flow& flow, CloseReason reason);
  void forget(Flow& flow);
  void expire(std::int64_t now_ns);
  void make_room();
  bool refresh_front();
  bool is_late_syn(const Flow& flow, const SegmentHeader& segment) const;
  static bool rst_in_sequence(const Flow& flow, int direction, const SegmentHeader& segment);

  const Limits& limits_;
  FlowObserver& observer_;
  const Recall* recall_ = nullptr;
  FlowTable flows_;
  // Open connections in the order they were last placed at the end (placed_ns). A flow is not
  // moved on every segment: one seen since it was placed (activity_ns later) goes to the end
  // again when it reaches the front, so the front is the least recently seen once it is
  // "fresh" (refresh_front), and both idle timeouts and evictions stay exact.
  std::list<Flow*> active_;
  std::list<Flow*> closed_;  // ended connections, earliest closed first
  std::uint32_t next_stream_ = 0;
  std::int64_t clock_ns_ = 0;
  bool clock_started_ = false;
  std::size_t peak_flows_ = 0;
  std::uint64_t evicted_ = 0;
  std::uint64_t timed_out_ = 0;
};

}  // namespace mqscope::tcp
