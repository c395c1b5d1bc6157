#include "statistics_report.hpp"

#include <csignal>
#include <string>

#include "mqscope/analyze/analyzer.hpp"

#include "capture_statistics.hpp"

namespace mqscope::app {

namespace {

volatile std::sig_atomic_t statistics_requested = 0;
void request_statistics(int) { statistics_requested = 1; }

}  // namespace

StatisticsReport::StatisticsReport(const Options& options, output::Writer& writer)
    : options_(options),
      writer_(writer),
      interval_(options.stats_interval_s),
      next_report_(std::chrono::steady_clock::now() + interval_) {
  std::signal(SIGUSR1, request_statistics);
}

void StatisticsReport::poll(const Pipeline& pipeline) {
  bool due = options_.stats_interval_s > 0 && std::chrono::steady_clock::now() >= next_report_;
  if (!statistics_requested && !due) return;
  statistics_requested = 0;
  next_report_ = std::chrono::steady_clock::now() + interval_;
  writer_.flush();
  write(pipeline);
}

void StatisticsReport::write_final(const Pipeline& pipeline) { write(pipeline); }

void StatisticsReport::write(const Pipeline& pipeline) {
  const analyze::Analyzer* analyzer = pipeline.analyzer();
  bool mqtt = analyzer && analyzer->has_statistics();
  bool tcp = wants_tcp_reassembly(options_.statistics);
  if (!mqtt && !tcp) return;
  std::string text;
  if (options_.mode == OutputMode::Json || options_.mode == OutputMode::Ek) {
    // One object for all: the analyzer's members, then the pipeline's.
    text = "{";
    if (mqtt) analyzer->write_json_members(text);
    if (mqtt && tcp) text += ",";
    if (tcp) write_tcp_reassembly_json(pipeline.statistics(), text);
    text += "}\n";
  } else {
    if (mqtt) analyzer->write_text(text);
    if (tcp) write_tcp_reassembly_text(pipeline.statistics(), text);
  }
  writer_.write(text);
  writer_.flush();
}

}  // namespace mqscope::app
