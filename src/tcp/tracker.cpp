#include "mqscope/tcp/tracker.hpp"

#include <algorithm>
#include <vector>

#include "mqscope/tcp/seq.hpp"

namespace mqscope::tcp {

namespace {

constexpr std::int64_t kNsPerSecond = 1'000'000'000;

Endpoint source_of(const SegmentHeader& s) {
  return {s.src, s.src_port};
}
Endpoint destination_of(const SegmentHeader& s) {
  return {s.dst, s.dst_port};
}

// Without a handshake the client is the side with the ephemeral (higher) port; servers
// listen on low or well-known ports. Ties go to the sender of the first segment.
bool sender_is_client(const SegmentHeader& s, bool& from_handshake) {
  from_handshake = s.syn();
  if (s.syn()) return !s.has_ack();
  return s.src_port >= s.dst_port;
}

Disposition combine(Disposition a, Disposition b) {
  if (a == b) return a;
  bool a_old = a == Disposition::Retransmission, b_old = b == Disposition::Retransmission;
  if (a_old || b_old) return Disposition::Overlap;  // partly seen before, partly new
  return a == Disposition::NoPayload ? b : a;
}

}  // namespace

const char* close_reason_name(CloseReason reason) {
  switch (reason) {
    case CloseReason::Fin:
      return "FIN";
    case CloseReason::Reset:
      return "RST";
    case CloseReason::PortReused:
      return "port reused";
    case CloseReason::Evicted:
      return "evicted (flow limit)";
    case CloseReason::IdleTimeout:
      return "idle timeout";
    case CloseReason::CaptureEnd:
      return "capture end";
  }
  return "?";
}

Tracker::~Tracker() = default;

Flow& Tracker::open_flow(const FlowKey& key, const SegmentHeader& segment, Timestamp time) {
  make_room();
  auto flow = std::make_unique<Flow>(limits_);
  for (Reassembler& dir : flow->dirs) dir.set_recall(recall_);
  flow->stream = next_stream_++;
  bool from_handshake = false;
  bool client = sender_is_client(segment, from_handshake);
  flow->roles_from_handshake = from_handshake;
  flow->endpoints[0] = client ? source_of(segment) : destination_of(segment);
  flow->endpoints[1] = client ? destination_of(segment) : source_of(segment);
  flow->first_seen = time;
  flow->key = key;
  flow->activity_ns = clock_ns_;
  flow->placed_ns = clock_ns_;
  Flow& ref = flows_.insert(std::move(flow));
  ref.place = active_.insert(active_.end(), &ref);
  peak_flows_ = std::max(peak_flows_, flows_.size());
  observer_.on_flow_open(ref);
  return ref;
}

void Tracker::end_flow(Flow& flow, CloseReason reason) {
  if (flow.ended) return;
  flow.ended = true;
  flow.dirs[0].flush();
  observer_.on_flow_close(flow, reason);
  for (Reassembler& dir : flow.dirs) {
    dir.set_listener(nullptr);  // the observer's listeners are gone with the connection
    dir.release();
  }
  closed_.splice(closed_.end(), active_, flow.place);
  flow.placed_ns = clock_ns_;
}

void Tracker::forget(Flow& flow) {
  (flow.ended ? closed_ : active_).erase(flow.place);
  flows_.erase(flow.key);  // destroys `flow`
}

// Connections silent for flow_idle_timeout_s are closed, closed ones older than
// flow_closed_linger_s forgotten; both lists are in order of time, so only their heads are
// looked at.
void Tracker::expire(std::int64_t now_ns) {
  std::int64_t idle = std::int64_t{limits_.flow_idle_timeout_s} * kNsPerSecond;
  while (!active_.empty()) {
    if (refresh_front()) continue;
    Flow& flow = *active_.front();
    if (now_ns - flow.activity_ns <= idle) break;
    ++timed_out_;
    end_flow(flow, CloseReason::IdleTimeout);
    forget(flow);
  }
  std::int64_t linger = std::int64_t{limits_.flow_closed_linger_s} * kNsPerSecond;
  while (!closed_.empty() && now_ns - closed_.front()->activity_ns > linger)
    forget(*closed_.front());
}

// At the flow limit, a closed connection is forgotten first; else the least recently seen open
// one is evicted (closed, counted, and said so by the observer's close reason).
void Tracker::make_room() {
  std::size_t limit = std::max<std::size_t>(limits_.max_flows, 1);
  while (flows_.size() >= limit) {
    if (!closed_.empty()) {
      forget(*closed_.front());
      continue;
    }
    if (refresh_front()) continue;
    Flow& victim = *active_.front();
    ++evicted_;
    end_flow(victim, CloseReason::Evicted);
    forget(victim);
  }
}

// Puts the front flow at the end again if it was seen since it was placed; false when the
// front is fresh (no flow behind it was seen less recently).
bool Tracker::refresh_front() {
  Flow& front = *active_.front();
  if (front.activity_ns <= front.placed_ns) return false;
  front.placed_ns = clock_ns_;
  active_.splice(active_.end(), active_, front.place);
  return true;
}

// A SYN that arrives after segments of its own connection (a capture in reverse or shuffled
// order): the direction has delivered nothing yet and what it holds lies just after the SYN.
bool Tracker::is_late_syn(const Flow& flow, const SegmentHeader& segment) const {
  if (flow.ended) return false;
  int d = source_of(segment) == flow.endpoints[0] ? kClientToServer : kServerToClient;
  const Reassembler& dir = flow.dirs[static_cast<std::size_t>(d)];
  if (dir.synchronized()) return false;
  if (!dir.holding()) return true;
  std::int64_t ahead = seq_diff(dir.lowest_held_seq(), segment.seq + 1);
  return ahead >= 0 && ahead < Reassembler::kWindow;
}

// RFC 9293 §3.10.7.3: a reset is acceptable when it is in sequence. Here: at or after what its
// direction delivered, or - from a direction whose start is unknown - acknowledging all the
// peer delivered. A reset seen before the data it follows (segments in reverse order) is not.
bool Tracker::rst_in_sequence(const Flow& flow, int direction, const SegmentHeader& segment) {
  const Reassembler& dir = flow.dirs[static_cast<std::size_t>(direction)];
  const Reassembler& peer = flow.dirs[static_cast<std::size_t>(1 - direction)];
  if (dir.synchronized()) {
    std::int64_t ahead = seq_diff(segment.seq, dir.next_seq());
    return ahead >= 0 && ahead < Reassembler::kWindow;
  }
  if (!segment.has_ack() || !peer.synchronized()) return false;
  std::int64_t ahead = seq_diff(segment.ack, peer.next_seq());
  return ahead >= 0 && ahead < Reassembler::kWindow;
}

SegmentResult Tracker::locate(const SegmentHeader& segment, Timestamp time) {
  if (!clock_started_ || time.total_ns() > clock_ns_) clock_ns_ = time.total_ns();
  clock_started_ = true;
  expire(clock_ns_);
  bool low_to_high = false;
  FlowKey key = make_flow_key(source_of(segment), destination_of(segment), low_to_high);
  Flow* found = flows_.find(key);
  if (found != nullptr && segment.syn() && !segment.has_ack()) {
    Flow& old = *found;
    // A new SYN on the same ports after the old connection ended (or with another initial
    // sequence number) starts a new connection: RFC 793 §3.4 port reuse. A SYN captured after
    // its SYN-ACK (the client side has seen nothing yet) belongs to the flow that SYN-ACK opened.
    bool same_syn =
        old.roles_from_handshake && old.endpoints[0] == source_of(segment) &&
        (old.dirs[0].initial_seq() == segment.seq || (!old.ended && !old.dirs[0].synchronized()));
    if (!same_syn && !is_late_syn(old, segment)) {
      bool fin_both_ways = old.fin_seen[0] && old.fin_seen[1];
      end_flow(old, (old.ended || fin_both_ways) ? CloseReason::Fin : CloseReason::PortReused);
      forget(old);
      found = nullptr;
    }
  }
  Flow& flow = found != nullptr ? *found : open_flow(key, segment, time);
  SegmentResult result;
  result.flow = &flow;
  result.direction = source_of(segment) == flow.endpoints[0] ? kClientToServer : kServerToClient;
  flow.last_seen = time;
  ++flow.segments;
  if (!flow.ended) flow.activity_ns = clock_ns_;  // a closed one's linger counts from its close
  return result;
}

void warm(const Flow& flow, int direction) {
  auto d = static_cast<std::size_t>(direction);
  for (const WarmRange& range : flow.warm[d]) {
    const auto* first = static_cast<const char*>(range.at);
    for (std::uint32_t offset = 0; offset < range.bytes; offset += 64)
      __builtin_prefetch(first + offset);
  }
  flow.dirs[d].warm();
}

void Tracker::feed(SegmentResult& result, const SegmentHeader& segment, Bytes data,
                   std::uint32_t frame_number) {
  // One run, on the stack: this is every segment of a capture without IP fragments.
  const Piece whole[] = {Piece{0, static_cast<std::uint32_t>(data.size()), Origin{frame_number, 0}}};
  feed(result, segment, data, whole);
}

void Tracker::feed(SegmentResult& result, const SegmentHeader& segment, Bytes data,
                   std::span<const Piece> runs) {
  Flow& flow = *result.flow;
  if (flow.ended) {
    result.disposition = Disposition::AfterClose;
    observer_.on_segment_assessed(result);
    return;
  }
  auto d = static_cast<std::size_t>(result.direction);
  Reassembler& dir = flow.dirs[d];
  if (segment.syn()) dir.on_syn(segment.seq);
  std::uint32_t data_seq = segment.syn() ? segment.seq + 1 : segment.seq;
  Segment s;
  s.ack = segment.ack;
  s.has_ack = segment.has_ack();
  // One segment per run of the payload that came from one capture frame (one, unless the IP
  // datagram was reassembled from fragments); the last carries the cut tail and the FIN. What
  // the first run is, is told before any byte is delivered.
  std::uint32_t begin = segment.payload_offset, end = segment.payload_offset + segment.payload_length;
  bool first = true;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::uint32_t from = std::max(begin, runs[i].offset);
    std::uint32_t to = std::min(end, runs[i].offset + runs[i].length);
    bool last = i + 1 == runs.size() || runs[i + 1].offset >= end;
    if (from >= to && !last) continue;
    if (from > to) from = to;
    s.seq = data_seq + (from - begin);
    s.payload = data.subspan(from, to - from);
    s.origin = runs[i].origin.advanced(from - runs[i].offset);
    s.missing = last ? segment.payload_missing : 0;
    s.fin = last && segment.fin();
    Assessment a = dir.receive(s);
    result.disposition = first ? a.disposition : combine(result.disposition, a.disposition);
    result.overlap_conflict = result.overlap_conflict || a.overlap_conflict;
    if (first) {
      observer_.on_segment_assessed(result);
      flow.dirs[0].age_hole();
      flow.dirs[1].age_hole();
    }
    first = false;
    dir.settle();
    if (last) break;
  }
  if (segment.fin()) flow.fin_seen[d] = true;
  if (segment.rst() && rst_in_sequence(flow, result.direction, segment)) {
    flow.reset = true;
    end_flow(flow, CloseReason::Reset);
  } else if (flow.dirs[0].closed() && flow.dirs[1].closed()) {
    end_flow(flow, CloseReason::Fin);
  }
}

void Tracker::finish() {
  // In stream order, so that what closing prints does not depend on hashing.
  std::vector<Flow*> open(active_.begin(), active_.end());
  std::sort(open.begin(), open.end(), [](Flow* a, Flow* b) { return a->stream < b->stream; });
  for (Flow* flow : open) end_flow(*flow, CloseReason::CaptureEnd);
}

}  // namespace mqscope::tcp
