// Live capture from a network interface (-i): the same pipeline as for a file, fed as packets
// arrive, with output flushed per frame, the frames saved (-w, -b) and a clean stop on SIGINT
// or SIGTERM.
#pragma once

#include <cstdio>

#include "mqscope/app/options.hpp"
#include "mqscope/app/pipeline.hpp"
#include "mqscope/output/sink.hpp"
#include "mqscope/output/writer.hpp"

namespace mqscope::app {

class StatisticsReport;

inline bool is_live(const Options& options) {
  return !options.live.interface.empty();
}

// Captures on `options.live.interface` into `sink` until a signal, the packet count (-c), the
// end of the output or an error stops it. Messages (the start, libpcap's counts, errors a
// person can act on) go to `err`. Returns the exit status.
// Statistics (-z) are printed through `report`.
int run_live(const Options& options, output::Sink& sink, output::Writer& writer,
             StatisticsReport& report, std::FILE* out, std::FILE* err, Statistics* stats);

// -D: prints the interfaces one can capture on, numbered like tshark's list.
int list_interfaces(std::FILE* out, std::FILE* err);

}  // namespace mqscope::app
