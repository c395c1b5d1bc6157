// Follows TCP connections: assigns stream numbers in order of first appearance (like tshark's
// tcp.stream), decides which side is the client, feeds each direction's reassembler and tells
// an observer when connections open and end.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "mqscope/core/limits.hpp"
#include "mqscope/core/timestamp.hpp"
#include "mqscope/net/packet.hpp"
#include "mqscope/tcp/flow_key.hpp"
#include "mqscope/tcp/reassembler.hpp"

namespace mqscope::tcp {

enum class CloseReason : std::uint8_t { Fin, Reset, PortReused, Evicted, CaptureEnd };
const char* close_reason_name(CloseReason reason);

// Direction 0 runs client → server, direction 1 server → client.
inline constexpr int kClientToServer = 0;
inline constexpr int kServerToClient = 1;

struct Flow {
  explicit Flow(const Limits& limits) : dirs{Reassembler(limits), Reassembler(limits)} {}

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
};

class FlowObserver {
 public:
  virtual ~FlowObserver() = default;
  // A new connection: set the listeners of flow.dirs here.
  virtual void on_flow_open(Flow& flow) = 0;
  // The connection has ended; its reassemblers have been flushed.
  virtual void on_flow_close(Flow& flow, CloseReason reason) = 0;
};

struct SegmentResult {
  Flow* flow = nullptr;
  int direction = kClientToServer;
  Disposition disposition = Disposition::NoPayload;
};

class Tracker {
 public:
  Tracker(const Limits& limits, FlowObserver& observer) : limits_(limits), observer_(observer) {}

  // Finds (or opens) the connection of a segment and its direction.
  SegmentResult locate(const net::Packet& packet, Timestamp time);
  // Feeds the segment located by `result` to its direction's reassembler; sets the
  // disposition. `data` are the frame's captured bytes.
  void feed(SegmentResult& result, const net::Packet& packet, Bytes data,
            std::uint32_t frame_number);
  SegmentResult on_segment(const net::Packet& packet, Bytes data, std::uint32_t frame_number,
                           Timestamp time) {
    SegmentResult result = locate(packet, time);
    feed(result, packet, data, frame_number);
    return result;
  }
  // End of capture: flush and close every connection still open.
  void finish();

  std::uint32_t streams_seen() const { return next_stream_; }
  std::size_t open_flows() const { return flows_.size(); }

 private:
  Flow& open_flow(const FlowKey& key, const net::Packet& packet, Timestamp time);
  void end_flow(Flow& flow, CloseReason reason);

  const Limits& limits_;
  FlowObserver& observer_;
  std::unordered_map<FlowKey, std::unique_ptr<Flow>, FlowKeyHash> flows_;
  std::uint32_t next_stream_ = 0;
};

}  // namespace mqscope::tcp
