#include "mqscope/tcp/tracker.hpp"

#include <algorithm>
#include <vector>

namespace mqscope::tcp {

namespace {

Endpoint source_of(const net::Packet& p) { return {p.ip.src, p.tcp.src_port}; }
Endpoint destination_of(const net::Packet& p) { return {p.ip.dst, p.tcp.dst_port}; }

// Without a handshake the client is the side with the ephemeral (higher) port; servers
// listen on low or well-known ports. Ties go to the sender of the first segment.
bool sender_is_client(const net::Packet& p, bool& from_handshake) {
  from_handshake = p.tcp.syn();
  if (p.tcp.syn()) return !p.tcp.has_ack();
  return p.tcp.src_port >= p.tcp.dst_port;
}

}  // namespace

const char* close_reason_name(CloseReason reason) {
  switch (reason) {
    case CloseReason::Fin: return "FIN";
    case CloseReason::Reset: return "RST";
    case CloseReason::PortReused: return "port reused";
    case CloseReason::Evicted: return "evicted (flow limit)";
    case CloseReason::CaptureEnd: return "capture end";
  }
  return "?";
}

Flow& Tracker::open_flow(const FlowKey& key, const net::Packet& packet, Timestamp time) {
  auto flow = std::make_unique<Flow>(limits_);
  flow->stream = next_stream_++;
  bool from_handshake = false;
  bool client = sender_is_client(packet, from_handshake);
  flow->roles_from_handshake = from_handshake;
  flow->endpoints[0] = client ? source_of(packet) : destination_of(packet);
  flow->endpoints[1] = client ? destination_of(packet) : source_of(packet);
  flow->first_seen = time;
  Flow& ref = *flow;
  flows_[key] = std::move(flow);
  observer_.on_flow_open(ref);
  return ref;
}

void Tracker::end_flow(Flow& flow, CloseReason reason) {
  if (flow.ended) return;
  flow.ended = true;
  flow.dirs[0].flush();
  flow.dirs[1].flush();
  observer_.on_flow_close(flow, reason);
}

SegmentResult Tracker::locate(const net::Packet& packet, Timestamp time) {
  const net::TcpHeader& tcp = packet.tcp;
  bool low_to_high = false;
  FlowKey key = make_flow_key(source_of(packet), destination_of(packet), low_to_high);
  auto it = flows_.find(key);
  if (it != flows_.end() && tcp.syn() && !tcp.has_ack()) {
    Flow& old = *it->second;
    // A new SYN on the same ports after the old connection ended (or with another initial
    // sequence number) starts a new connection: RFC 793 §3.4 port reuse. A SYN captured after
    // its SYN-ACK (the client side has seen nothing yet) belongs to the flow that SYN-ACK opened.
    bool same_syn = old.roles_from_handshake && old.endpoints[0] == source_of(packet) &&
                    (old.dirs[0].initial_seq() == tcp.seq ||
                     (!old.ended && !old.dirs[0].synchronized()));
    if (!same_syn) {
      bool fin_both_ways = old.fin_seen[0] && old.fin_seen[1];
      end_flow(old, (old.ended || fin_both_ways) ? CloseReason::Fin : CloseReason::PortReused);
      flows_.erase(it);
      it = flows_.end();
    }
  }
  Flow& flow = it != flows_.end() ? *it->second : open_flow(key, packet, time);
  SegmentResult result;
  result.flow = &flow;
  result.direction = source_of(packet) == flow.endpoints[0] ? kClientToServer : kServerToClient;
  flow.last_seen = time;
  ++flow.segments;
  return result;
}

void Tracker::feed(SegmentResult& result, const net::Packet& packet, Bytes data,
                   std::uint32_t frame_number) {
  const net::TcpHeader& tcp = packet.tcp;
  Flow& flow = *result.flow;
  if (flow.ended) {
    result.disposition = Disposition::AfterClose;
    return;
  }
  Reassembler& dir = flow.dirs[static_cast<std::size_t>(result.direction)];
  if (tcp.syn()) dir.on_syn(tcp.seq);
  Bytes payload = data.subspan(tcp.payload_offset, tcp.payload_length);
  std::uint32_t data_seq = tcp.syn() ? tcp.seq + 1 : tcp.seq;
  result.disposition = dir.on_segment(data_seq, payload, Origin{frame_number, tcp.payload_offset},
                                      tcp.payload_missing);
  if (tcp.fin()) {
    flow.fin_seen[static_cast<std::size_t>(result.direction)] = true;
    dir.on_fin(data_seq + tcp.payload_length + tcp.payload_missing);
  }
  if (tcp.rst()) {
    flow.reset = true;
    end_flow(flow, CloseReason::Reset);
  } else if (flow.dirs[0].closed() && flow.dirs[1].closed()) {
    end_flow(flow, CloseReason::Fin);
  }
}

void Tracker::finish() {
  // In stream order, so that what closing prints does not depend on hashing.
  std::vector<Flow*> open;
  for (auto& [key, flow] : flows_) open.push_back(flow.get());
  std::sort(open.begin(), open.end(), [](Flow* a, Flow* b) { return a->stream < b->stream; });
  for (Flow* flow : open) end_flow(*flow, CloseReason::CaptureEnd);
}

}  // namespace mqscope::tcp
