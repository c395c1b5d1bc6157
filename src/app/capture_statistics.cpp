#include "capture_statistics.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mqscope/analyze/analyzer.hpp"

namespace mqscope::app {

std::vector<std::string> analyzer_statistics(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& name : names) {
    if (name != kTcpReassemblyStatistic) out.push_back(name);
  }
  return out;
}

bool wants_tcp_reassembly(const std::vector<std::string>& names) {
  return std::find(names.begin(), names.end(), kTcpReassemblyStatistic) != names.end();
}

bool check_statistic_names(const std::vector<std::string>& names, std::string& error) {
  const std::vector<std::string>& mqtt = analyze::statistic_names();
  for (const std::string& name : names) {
    if (name == kTcpReassemblyStatistic) continue;
    if (std::find(mqtt.begin(), mqtt.end(), name) != mqtt.end()) continue;
    error = fmt::format("unknown statistic '{}' (known: {}, {})", name, fmt::join(mqtt, ", "),
                        kTcpReassemblyStatistic);
    return false;
  }
  return true;
}

namespace {

struct Counter {
  const char* label;
  const char* key;
  std::uint64_t value;
};

std::vector<Counter> counters(const Statistics& s) {
  return {
      {"frames read", "frames", s.frames},
      {"TCP segments", "tcp_segments", s.tcp_segments},
      {"overlaps whose bytes differ (first copy kept)", "overlap_conflicts",
       s.tcp_overlap_conflicts},
      {"bytes never captured (reported as gaps)", "gap_bytes", s.tcp_gap_bytes},
      {"connections open at once, at most", "peak_flows", s.peak_flows},
      {"connections evicted at the flow limit", "flows_evicted", s.flows_evicted},
      {"connections closed after the idle timeout", "flows_timed_out", s.flows_timed_out},
      {"IP fragments", "ip_fragments", s.ip_fragments},
      {"IP datagrams reassembled", "ip_datagrams_reassembled", s.ip_datagrams_reassembled},
      {"IP fragments dropped", "ip_fragments_dropped", s.ip_fragments_dropped},
      {"frames not decoded (not IP/TCP, unknown link type)", "frames_not_decoded",
       s.frames_not_decoded},
  };
}

}  // namespace

void write_tcp_reassembly_text(const Statistics& stats, std::string& out) {
  out += "\n== tcp,reassembly: what reassembly made of each frame, and what was lost ==\n";
  for (std::size_t d = 0; d < tcp::kDispositionCount; ++d) {
    auto disposition = static_cast<tcp::Disposition>(d);
    out += fmt::format("  {:<52} {:>10}\n", tcp::disposition_name(disposition),
                       stats.tcp_dispositions[d]);
  }
  out += "  --\n";
  for (const Counter& c : counters(stats))
    out += fmt::format("  {:<52} {:>10}\n", c.label, c.value);
}

void write_tcp_reassembly_json(const Statistics& stats, std::string& out) {
  out += fmt::format("\"{}\":{{\"dispositions\":{{", kTcpReassemblyStatistic);
  for (std::size_t d = 0; d < tcp::kDispositionCount; ++d) {
    auto disposition = static_cast<tcp::Disposition>(d);
    out += fmt::format("{}\"{}\":{}", d ? "," : "", tcp::disposition_name(disposition),
                       stats.tcp_dispositions[d]);
  }
  out += "}";
  for (const Counter& c : counters(stats)) out += fmt::format(",\"{}\":{}", c.key, c.value);
  out += "}";
}

}  // namespace mqscope::app
