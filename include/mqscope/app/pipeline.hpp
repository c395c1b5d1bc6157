// The pipeline: the one place that wires each layer to the next. Capture frames go in; link,
// IP and TCP headers are decoded; each TCP connection's byte streams go to HTTP, WebSocket
// and MQTT as the connection's content dictates; decoded items go to an output sink.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "mqscope/app/options.hpp"
#include "mqscope/capture/frame.hpp"
#include "mqscope/output/sink.hpp"
#include "mqscope/tcp/reassembler.hpp"

namespace mqscope::analyze {
class Analyzer;
}

namespace mqscope::capture {
class PcapSource;
}

namespace mqscope::app {

struct Statistics {
  std::uint64_t frames = 0;
  std::uint64_t bytes = 0;
  std::uint64_t tcp_segments = 0;
  std::uint64_t mqtt_packets = 0;
  std::uint64_t frames_not_decoded = 0;  // link type unknown, not IP/TCP, fragments
  // TCP reassembly and connection tracking.
  std::array<std::uint64_t, tcp::kDispositionCount> tcp_dispositions{};  // per frame
  std::uint64_t tcp_overlap_conflicts = 0;
  std::uint64_t tcp_gap_bytes = 0;       // bytes never captured, reported as gaps
  std::uint64_t flows_evicted = 0;       // Limits::max_flows reached
  std::uint64_t flows_timed_out = 0;     // Limits::flow_idle_timeout_s
  std::uint64_t peak_flows = 0;
  // IP fragments.
  std::uint64_t ip_fragments = 0;
  std::uint64_t ip_datagrams_reassembled = 0;
  std::uint64_t ip_fragments_dropped = 0;  // overlap, limit, invalid, expired
};

// Messages for people about things outside any one packet (a stream that is not MQTT, an
// unsupported link type). The CLI prints them on stderr.
class Diagnostics {
 public:
  virtual ~Diagnostics() = default;
  virtual void message(const std::string& text) = 0;
};

// Which frame answered each request, learnt by a first pass over a file (-2), so that the
// second pass can show requests with the frame of their response, as Wireshark does.
class ResponseLinks {
 public:
  void add(std::uint32_t request_frame, std::uint32_t request_index, std::uint32_t response_frame) {
    links_[key(request_frame, request_index)] = response_frame;
  }
  // 0 when the request got no response.
  std::uint32_t response_to(std::uint32_t request_frame, std::uint32_t request_index) const {
    auto it = links_.find(key(request_frame, request_index));
    return it == links_.end() ? 0 : it->second;
  }

 private:
  static std::uint64_t key(std::uint32_t frame, std::uint32_t index) {
    return (std::uint64_t{frame} << 32) | index;
  }
  std::unordered_map<std::uint64_t, std::uint32_t> links_;
};

class Pipeline {
 public:
  Pipeline(const Options& options, output::Sink& sink, Diagnostics& diagnostics);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Processes one frame. Returns false once the packet limit (-c) is reached.
  bool process(const capture::Frame& frame);
  // End of input: flushes every connection and the sink.
  void finish();
  // The frames come from `source`, which can read them again from its file (when it has one)
  // for TCP to compare retransmitted copies with; otherwise the pipeline keeps copies.
  void read_again_from(const capture::PcapSource& source);
  // -2: `learning` fills `links` (first pass); otherwise requests are shown with them.
  void use_response_links(ResponseLinks& links, bool learning);

  const Statistics& statistics() const { return stats_; }
  // The -z statistics (null when none were asked for and no output needs pairing).
  const analyze::Analyzer* analyzer() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  Statistics stats_;
};

}  // namespace mqscope::app
