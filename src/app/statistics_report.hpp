// Statistics (-z) while packets are read and at the end: on SIGUSR1 (as tshark's taps print on
// demand), every --stats-interval seconds, and once when the input ends. Shared by the file
// reader and the live capture, so both behave the same.
#pragma once

#include <chrono>

#include "mqscope/app/options.hpp"
#include "mqscope/app/pipeline.hpp"
#include "mqscope/output/writer.hpp"

namespace mqscope::app {

class StatisticsReport {
 public:
  // Installs the SIGUSR1 handler.
  StatisticsReport(const Options& options, output::Writer& writer);

  // Called between frames (and while a live capture is idle): prints the statistics so far if
  // they were asked for or are due.
  void poll(const Pipeline& pipeline);

  // Called once the pipeline is finished.
  void write_final(const Pipeline& pipeline);

 private:
  void write(const Pipeline& pipeline);

  const Options& options_;
  output::Writer& writer_;
  std::chrono::seconds interval_;
  std::chrono::steady_clock::time_point next_report_;
};

}  // namespace mqscope::app
