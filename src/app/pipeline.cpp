#include "mqscope/app/pipeline.hpp"

#include <span>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "capture_statistics.hpp"
#include "connection.hpp"
#include "frame_context.hpp"
#include "mqscope/app/tcp_segment.hpp"
#include "mqscope/capture/frame_recall.hpp"
#include "mqscope/capture/pcap_source.hpp"
#include "mqscope/net/defragment.hpp"
#include "mqscope/net/notes.hpp"
#include "mqscope/net/packet.hpp"
#include "mqscope/tcp/notes.hpp"
#include "mqscope/tcp/tracker.hpp"

namespace mqscope::app {

class Pipeline::Impl : public tcp::FlowObserver {
 public:
  Impl(const Options& options, output::Sink& sink, Diagnostics& diagnostics, Statistics& stats)
      : options_(options),
        env_{options_, sink, diagnostics, frame_, stats},
        recall_(options_.limits),
        tracker_(options_.limits, *this),
        defragmenter_(options_.limits) {
    tracker_.set_recall(&recall_);
    // Pairing feeds the per-packet fields of every detailed output, and the statistics.
    bool detailed = options_.mode != OutputMode::Summary || !options_.display_filter.empty() ||
                    options_.two_pass;
    if (detailed || !options_.statistics.empty()) {
      std::string error;
      analyzer_ = analyze::Analyzer::create(analyzer_statistics(options_.statistics), options_.flow_mermaid,
                                            options_.limits, error);
      // Without per-packet output only statistics read the pairing.
      analyzer_->set_pairs_wanted(detailed);
      env_.analyzer = analyzer_.get();
    }
    keeps_frame_bytes_ = sink.wants_layer_trees() || sink.packet_detail() == field::Detail::Full;
    frame_.set_field_labels(sink.shows_lower_labels());
  }

  const analyze::Analyzer* analyzer() const { return analyzer_.get(); }
  Env& env() { return env_; }
  capture::FrameRecall& recall() { return recall_; }

  bool process(const capture::Frame& frame);
  bool process_frame(const capture::Frame& frame);
  void finish();

  void on_flow_open(tcp::Flow& flow) override {
    connections_[flow.stream] = std::make_unique<Connection>(env_, flow);
  }
  void on_flow_close(tcp::Flow& flow, tcp::CloseReason reason) override {
    env_.stats.tcp_gap_bytes += flow.dirs[0].gap_bytes() + flow.dirs[1].gap_bytes();
    if (reason == tcp::CloseReason::Evicted) note_eviction(flow);
    auto it = connections_.find(flow.stream);
    if (it == connections_.end()) return;
    it->second->close(reason);
    connections_.erase(it);
  }
  void on_segment_assessed(const tcp::SegmentResult& result) override {
    frame_.set_segment(result.disposition, result.overlap_conflict);
  }

 private:
  void report_undecodable(const capture::Frame& frame, const net::Packet& packet);
  void note_eviction(const tcp::Flow& flow);
  void count(tcp::Disposition disposition) {
    ++env_.stats.tcp_dispositions[static_cast<std::size_t>(disposition)];
  }
  bool feed_segment(const capture::Frame& frame, const net::Packet& packet, Bytes data,
                    std::span<const Piece> runs);
  bool reassemble(const capture::Frame& frame, const net::Packet& packet);
  void report_fragments(const std::vector<net::ExpiredDatagram>& expired);

  Options options_;
  std::unique_ptr<analyze::Analyzer> analyzer_;
  CurrentFrame frame_;
  Env env_;
  capture::FrameRecall recall_;  // TCP compares retransmitted copies through it
  tcp::Tracker tracker_;
  net::Defragmenter defragmenter_;
  std::unordered_map<std::uint32_t, std::unique_ptr<Connection>> connections_;
  std::unordered_set<int> unsupported_link_types_;
  bool keeps_frame_bytes_ = true;
};

void Pipeline::Impl::report_undecodable(const capture::Frame& frame, const net::Packet& packet) {
  ++env_.stats.frames_not_decoded;
  if (packet.problem == nullptr || packet.problem->name != "frame.link_unsupported") return;
  if (!unsupported_link_types_.insert(frame.link_type).second) return;
  env_.diagnostics.message(fmt::format("frame {}: link type {} ({}) is not supported; "
                                       "its frames are skipped",
                                       frame.number, frame.link_type,
                                       capture::link_type_name(frame.link_type)));
}

void Pipeline::Impl::note_eviction(const tcp::Flow& flow) {
  if (env_.stats.flows_evicted++ > 0) return;  // said once; the statistics count them all
  env_.diagnostics.message(fmt::format(
      "tcp.stream {}: {} (limit {}) [{}]", flow.stream, tcp::notes::flow_evicted.message,
      options_.limits.max_flows, tcp::notes::flow_evicted.name));
}

void Pipeline::Impl::report_fragments(const std::vector<net::ExpiredDatagram>& expired) {
  for (const net::ExpiredDatagram& e : expired) {
    ++env_.stats.ip_fragments_dropped;
    env_.diagnostics.message(fmt::format(
        "frame {}: IPv{} datagram of {} fragment(s), {} bytes: {} [{}]", e.first_frame, e.version,
        e.fragments, e.bytes, net::notes::fragment_expired.message,
        net::notes::fragment_expired.name));
  }
}

bool Pipeline::Impl::process(const capture::Frame& frame) {
  recall_.note(frame);
  bool go_on = process_frame(frame);
  // The reader reuses or frees the frame's buffer when the next frame is asked for, and the
  // end of the capture (finish()) still shows this frame: its bytes are kept now, before that,
  // if an output may read them (copying every frame cost 4 % of a -q run).
  frame_.detach(keeps_frame_bytes_);
  return go_on;
}

bool Pipeline::Impl::process_frame(const capture::Frame& frame) {
  ++env_.stats.frames;
  env_.stats.bytes += frame.data.size();
  net::Packet packet = net::decode_packet(frame.data, frame.link_type, frame.wire_length);
  frame_.start(frame, packet);
  if (defragmenter_.datagrams_in_progress() > 0) report_fragments(defragmenter_.expire(frame.time));
  if (packet.has_ip && packet.ip.is_fragment) return reassemble(frame, packet);
  if (!packet.has_tcp) {
    report_undecodable(frame, packet);
    count(tcp::Disposition::NotTcp);
    return !env_.limit_reached();
  }
  const Piece whole[] = {
      Piece{0, static_cast<std::uint32_t>(frame.data.size()), Origin{frame.number, 0}}};
  return feed_segment(frame, packet, frame.data, whole);
}

// RFC 791 §3.2 / RFC 8200 §4.5: a fragment is held; the one completing its datagram carries
// the whole TCP segment, whose bytes keep the frames they came from.
bool Pipeline::Impl::reassemble(const capture::Frame& frame, const net::Packet& packet) {
  ++env_.stats.ip_fragments;
  net::Defragmenter::Result r = defragmenter_.add(packet, frame.data, frame.number, frame.time);
  if (r.status == net::Defragmenter::Status::Dropped) {
    ++env_.stats.ip_fragments_dropped;
    env_.diagnostics.message(
        fmt::format("frame {}: {} [{}]", frame.number, r.note->message, r.note->name));
  }
  if (r.status != net::Defragmenter::Status::Complete) {
    if (r.status == net::Defragmenter::Status::Ignored) ++env_.stats.frames_not_decoded;
    count(tcp::Disposition::NotTcp);
    return !env_.limit_reached();
  }
  const net::Datagram& datagram = defragmenter_.datagram();
  auto size = static_cast<std::uint32_t>(datagram.bytes.size());
  int link = datagram.version == 4 ? net::kLinkIPv4 : net::kLinkIPv6;
  net::Packet whole = net::decode_packet(datagram.bytes, link, size);
  frame_.set_reassembled(datagram, whole);
  ++env_.stats.ip_datagrams_reassembled;
  if (!whole.has_tcp) {
    ++env_.stats.frames_not_decoded;
    count(tcp::Disposition::NotTcp);
    return !env_.limit_reached();
  }
  return feed_segment(frame, whole, datagram.bytes, datagram.pieces);
}

// `data` holds the segment at the offsets `packet` gives; `runs` say which capture frames its
// bytes came from.
bool Pipeline::Impl::feed_segment(const capture::Frame& frame, const net::Packet& packet,
                                  Bytes data, std::span<const Piece> runs) {
  ++env_.stats.tcp_segments;
  // The frame context learns the connection before its bytes are delivered, so that outputs
  // printing the frame's tree during delivery see its stream number.
  tcp::SegmentHeader segment = tcp_segment_of(packet);
  tcp::SegmentResult result = tracker_.locate(segment, frame.time);
  if (!data.empty()) tcp::warm(*result.flow, result.direction);
  frame_.set_flow(result.flow, result.direction);
  tracker_.feed(result, segment, data, runs);
  count(result.disposition);
  env_.stats.tcp_overlap_conflicts += result.overlap_conflict ? 1 : 0;
  return !env_.limit_reached();
}

void Pipeline::Impl::finish() {
  tracker_.finish();
  if (analyzer_) analyzer_->finish(frame_.first_time());
  report_fragments(defragmenter_.expire_all());
  env_.stats.flows_timed_out = tracker_.flows_timed_out();
  env_.stats.peak_flows = tracker_.peak_flows();
  if (env_.stats.flows_evicted > 1)
    env_.diagnostics.message(fmt::format("{} connections were evicted at the flow limit [{}]",
                                         env_.stats.flows_evicted, tcp::notes::flow_evicted.name));
  env_.sink.finish();
}

Pipeline::Pipeline(const Options& options, output::Sink& sink, Diagnostics& diagnostics)
    : impl_(std::make_unique<Impl>(options, sink, diagnostics, stats_)) {}

Pipeline::~Pipeline() = default;

bool Pipeline::process(const capture::Frame& frame) { return impl_->process(frame); }

void Pipeline::finish() { impl_->finish(); }

void Pipeline::read_again_from(const capture::PcapSource& source) {
  impl_->recall().read_from(&source);
}

void Pipeline::use_response_links(ResponseLinks& links, bool learning) {
  impl_->env().links = &links;
  impl_->env().learning_links = learning;
}

const analyze::Analyzer* Pipeline::analyzer() const { return impl_->analyzer(); }

}  // namespace mqscope::app
