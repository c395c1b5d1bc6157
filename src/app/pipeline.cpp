#include "mqscope/app/pipeline.hpp"

#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "connection.hpp"
#include "frame_context.hpp"
#include "mqscope/capture/pcap_source.hpp"
#include "mqscope/net/packet.hpp"
#include "mqscope/tcp/tracker.hpp"

namespace mqscope::app {

class Pipeline::Impl : public tcp::FlowObserver {
 public:
  Impl(const Options& options, output::Sink& sink, Diagnostics& diagnostics, Statistics& stats)
      : options_(options),
        env_{options_, sink, diagnostics, frame_, stats},
        tracker_(options_.limits, *this) {
    // Pairing feeds the per-packet fields of every detailed output, and the statistics.
    bool detailed = options_.mode != OutputMode::Summary || !options_.display_filter.empty() ||
                    options_.two_pass;
    if (detailed || !options_.statistics.empty()) {
      std::string error;
      analyzer_ = analyze::Analyzer::create(options_.statistics, options_.flow_mermaid,
                                            options_.limits, error);
      env_.analyzer = analyzer_.get();
    }
  }

  const analyze::Analyzer* analyzer() const { return analyzer_.get(); }
  Env& env() { return env_; }

  bool process(const capture::Frame& frame);
  void finish();

  void on_flow_open(tcp::Flow& flow) override {
    connections_[flow.stream] = std::make_unique<Connection>(env_, flow);
  }
  void on_flow_close(tcp::Flow& flow, tcp::CloseReason reason) override {
    auto it = connections_.find(flow.stream);
    if (it == connections_.end()) return;
    it->second->close(reason);
    connections_.erase(it);
  }

 private:
  void report_undecodable(const capture::Frame& frame, const net::Packet& packet);

  Options options_;
  std::unique_ptr<analyze::Analyzer> analyzer_;
  CurrentFrame frame_;
  Env env_;
  tcp::Tracker tracker_;
  std::unordered_map<std::uint32_t, std::unique_ptr<Connection>> connections_;
  std::unordered_set<int> unsupported_link_types_;
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

bool Pipeline::Impl::process(const capture::Frame& frame) {
  ++env_.stats.frames;
  env_.stats.bytes += frame.data.size();
  net::Packet packet = net::decode_packet(frame.data, frame.link_type, frame.wire_length);
  frame_.start(frame, packet);
  if (!packet.has_tcp) {
    report_undecodable(frame, packet);
    return !env_.limit_reached();
  }
  ++env_.stats.tcp_segments;
  // The frame context learns the connection before its bytes are delivered, so that outputs
  // printing the frame's tree during delivery see its stream number.
  tcp::SegmentResult result = tracker_.locate(packet, frame.time);
  frame_.set_flow(result.flow, result.direction);
  tracker_.feed(result, packet, frame.data, frame.number);
  return !env_.limit_reached();
}

void Pipeline::Impl::finish() {
  frame_.detach();
  tracker_.finish();
  if (analyzer_) analyzer_->finish(frame_.first_time());
  env_.sink.finish();
}

Pipeline::Pipeline(const Options& options, output::Sink& sink, Diagnostics& diagnostics)
    : impl_(std::make_unique<Impl>(options, sink, diagnostics, stats_)) {}

Pipeline::~Pipeline() = default;

bool Pipeline::process(const capture::Frame& frame) { return impl_->process(frame); }

void Pipeline::finish() { impl_->finish(); }

void Pipeline::use_response_links(ResponseLinks& links, bool learning) {
  impl_->env().links = &links;
  impl_->env().learning_links = learning;
}

const analyze::Analyzer* Pipeline::analyzer() const { return impl_->analyzer(); }

}  // namespace mqscope::app
