// Fuzz target: TCP connection tracking and reassembly (tcp::Tracker, tcp::Reassembler) fed a
// sequence of segments with arbitrary sequence numbers, flags, lengths and snapshot cuts, in
// both directions of up to four connections.
//
// Input: one byte choosing the limits, then 8 bytes per segment:
//   flags (bit 0 direction, 1 SYN, 2 FIN, 3 RST, 4 ACK, 5-6 connection), seq (4 bytes),
//   captured length (2 bytes, of which 11 bits count: 0 to 2047), bytes cut by the snapshot
//   length (1 byte).
// A segment's payload byte is a function of its direction and sequence number, so that every
// byte delivered can be checked: whatever the order, overlaps and repeats, the stream must hold
// exactly the byte of each sequence number, once, with gaps for what never came (RFC 9293
// §3.10.7.4: data is delivered in sequence order). Every copy of a byte is the same, so no
// segment may be flagged as an overlap conflict, and what reassembly reads again of the
// "capture" to compare copies with must lie within a segment's captured bytes.
#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <vector>

#include "fuzz_support.hpp"
#include "mqscope/tcp/segment_header.hpp"
#include "mqscope/tcp/tracker.hpp"

namespace {

using namespace mqscope;

std::uint8_t byte_at(int direction, std::uint32_t seq) {
  std::uint32_t h = seq * 2654435761u;
  return static_cast<std::uint8_t>((h >> 24) ^ (h >> 11) ^
                                   static_cast<std::uint32_t>(direction * 0x5a));
}

struct Segment {
  int direction = 0;
  std::uint32_t seq = 0;  // of the first payload byte
  std::uint32_t captured = 0;
};

// Checks one direction's delivered stream byte by byte against the sequence numbers.
class DirectionCheck : public tcp::StreamListener {
 public:
  DirectionCheck(const tcp::Reassembler& reassembler, const std::vector<Segment>& segments,
                 int direction)
      : reassembler_(reassembler), segments_(segments), direction_(direction) {}

  void on_data(Bytes data, Origin origin) override {
    fuzz::check(origin.frame >= 1 && origin.frame <= segments_.size(), "data from no segment");
    const Segment& from = segments_[origin.frame - 1];
    fuzz::check(from.direction == direction_, "data delivered to the wrong direction");
    fuzz::check(std::uint64_t{origin.frame_offset} + data.size() <= from.captured,
                "data beyond the captured bytes of its segment");
    std::uint32_t stream_seq =
        reassembler_.initial_seq() + 1 + static_cast<std::uint32_t>(position_);
    for (std::size_t i = 0; i < data.size(); ++i) {
      auto seq = static_cast<std::uint32_t>(from.seq + origin.frame_offset + i);
      fuzz::check(data[i] == byte_at(direction_, seq), "delivered byte differs from its segment");
      fuzz::check(seq == static_cast<std::uint32_t>(stream_seq + i),
                  "byte delivered at the wrong stream offset");
    }
    position_ += data.size();
  }
  void on_gap(std::uint64_t length) override {
    fuzz::check(length > 0, "empty gap");
    position_ += length;
  }
  std::uint64_t position() const { return position_; }

 private:
  const tcp::Reassembler& reassembler_;
  const std::vector<Segment>& segments_;
  int direction_;
  std::uint64_t position_ = 0;
};

// The capture read again: frame n is segments[n - 1], its bytes made again from their
// sequence numbers.
class SegmentRecall : public Recall {
 public:
  explicit SegmentRecall(const std::vector<Segment>& segments) : segments_(segments) {}
  bool recall(Origin from, std::span<std::uint8_t> out) const override {
    fuzz::check(from.frame >= 1 && from.frame <= segments_.size(), "recall of no segment");
    const Segment& s = segments_[from.frame - 1];
    fuzz::check(std::uint64_t{from.frame_offset} + out.size() <= s.captured,
                "recall beyond the captured bytes of a segment");
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = byte_at(s.direction, static_cast<std::uint32_t>(s.seq + from.frame_offset + i));
    return true;
  }

 private:
  const std::vector<Segment>& segments_;
};

class Observer : public tcp::FlowObserver {
 public:
  explicit Observer(const std::vector<Segment>& segments) : segments_(segments) {}

  void on_flow_open(tcp::Flow& flow) override {
    auto& checks = checks_[&flow];
    for (int d = 0; d < 2; ++d) {
      auto i = static_cast<std::size_t>(d);
      checks[i] = std::make_unique<DirectionCheck>(flow.dirs[i], segments_, d);
      flow.dirs[i].set_listener(checks[i].get());
    }
  }
  void on_flow_close(tcp::Flow& flow, tcp::CloseReason) override {
    auto it = checks_.find(&flow);
    fuzz::check(it != checks_.end(), "close of a flow never opened");
    for (std::size_t d = 0; d < 2; ++d) {
      fuzz::check(flow.dirs[d].buffered_bytes() == 0, "bytes left buffered after the close");
      fuzz::check(it->second[d]->position() == flow.dirs[d].delivered_bytes(),
                  "data and gaps do not add up to the stream length");
    }
    checks_.erase(it);
  }

 private:
  const std::vector<Segment>& segments_;
  std::map<const tcp::Flow*, std::array<std::unique_ptr<DirectionCheck>, 2>> checks_;
};

Limits limits_for(std::uint8_t choice) {
  Limits limits;
  static constexpr std::size_t kBytes[] = {1u << 20, 4096, 65536, 300};
  static constexpr std::size_t kSegments[] = {1024, 4, 64, 2};
  limits.tcp_out_of_order_bytes = kBytes[choice & 3];
  limits.tcp_out_of_order_segments = kSegments[(choice >> 2) & 3];
  static constexpr std::size_t kRecentRuns[] = {64, 1, 3, 1000};
  limits.tcp_recent_runs = kRecentRuns[(choice >> 4) & 3];
  limits.tcp_recent_bytes = (choice >> 6) & 1 ? 100 : 65536;
  return limits;
}

tcp::SegmentHeader segment_for(std::uint8_t flags, std::uint32_t seq, std::uint32_t captured,
                               std::uint32_t cut) {
  tcp::SegmentHeader h;
  h.src.family = h.dst.family = 4;
  int connection = (flags >> 5) & 3;
  bool from_client = (flags & 1) == 0;
  std::uint8_t client[4] = {10, 0, 0, static_cast<std::uint8_t>(2 + connection)};
  std::uint8_t server[4] = {10, 0, 0, 1};
  std::copy_n(from_client ? client : server, 4, h.src.bytes.begin());
  std::copy_n(from_client ? server : client, 4, h.dst.bytes.begin());
  h.src_port = from_client ? 50000 : 1883;
  h.dst_port = from_client ? 1883 : 50000;
  h.seq = seq;
  h.flags = static_cast<std::uint16_t>(
      ((flags >> 1) & 1 ? 0x002 : 0) | ((flags >> 2) & 1 ? 0x001 : 0) |  // SYN, FIN
      ((flags >> 3) & 1 ? 0x004 : 0) | ((flags >> 4) & 1 ? 0x010 : 0));  // RST, ACK
  h.payload_offset = 0;
  h.payload_length = captured;
  h.payload_missing = cut;
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in(data, size);
  Limits limits = limits_for(in.byte());
  std::vector<Segment> segments;
  segments.reserve(in.left() / 8 + 1);
  Observer observer(segments);
  tcp::Tracker tracker(limits, observer);
  SegmentRecall recall(segments);
  tracker.set_recall(&recall);
  std::vector<std::uint8_t> payload;
  std::uint32_t frame = 0;
  while (in.left() >= 8) {
    std::uint8_t flags = in.byte();
    std::uint32_t seq = in.u32();
    std::uint32_t captured = in.u16() & 0x7ffu;
    std::uint32_t cut = in.byte();
    tcp::SegmentHeader segment = segment_for(flags, seq, captured, cut);
    tcp::SegmentResult located = tracker.locate(segment, Timestamp{frame, 0});
    // The payload's first sequence number: one after the SYN's (RFC 9293 §3.4).
    std::uint32_t first = segment.syn() ? seq + 1 : seq;
    segments.push_back({located.direction, first, captured});
    payload.resize(captured);
    for (std::uint32_t i = 0; i < captured; ++i) payload[i] = byte_at(located.direction, first + i);
    tracker.feed(located, segment, Bytes(payload), ++frame);
    fuzz::check(!located.overlap_conflict, "identical copies flagged as a conflict");
    for (const tcp::Reassembler& dir : located.flow->dirs) {
      fuzz::check(dir.buffered_bytes() <= limits.tcp_out_of_order_bytes,
                  "out-of-order bytes above the limit");
    }
  }
  tracker.finish();
  return 0;
}
