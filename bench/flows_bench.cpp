// Connection-tracking state under a flood: a capture of N distinct connections of one SYN each
// (generated here, N = 100,000 by default) through the whole pipeline. Prints how many flows
// were kept at most, how many were evicted, the time taken and the peak resident memory, and
// fails (exit status 1) when the flows exceed Limits::max_flows or the memory the ceiling.
//
//   mqscope_flows_bench [CONNECTIONS [MAX_FLOWS [CEILING_MIB]]]
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "mqscope/app/pipeline.hpp"
#include "mqscope/output/sink.hpp"

namespace {

using namespace mqscope;

class NullSink : public output::Sink {
 public:
  void on_packet(output::FrameContext&, const output::PacketRecord&) override {}
};

class QuietDiagnostics : public app::Diagnostics {
 public:
  void message(const std::string& text) override { messages.push_back(text); }
  std::vector<std::string> messages;
};

// Ethernet II / IPv4 / TCP SYN from 10.a.b.c:port to 10.255.0.1:1883 (the MQTT port, so that
// each connection gets its MQTT state too: the heavier case).
std::vector<std::uint8_t> syn_frame(std::uint32_t n) {
  std::uint32_t host = n / 50000, port = 10000 + n % 50000;
  std::vector<std::uint8_t> f = {0x02,
                                 0,
                                 0,
                                 0,
                                 0,
                                 2,
                                 0x02,
                                 0,
                                 0,
                                 0,
                                 0,
                                 1,
                                 0x08,
                                 0x00,
                                 0x45,
                                 0,
                                 0,
                                 40,
                                 0,
                                 1,
                                 0x40,
                                 0,
                                 64,
                                 6,
                                 0,
                                 0,
                                 10,
                                 static_cast<std::uint8_t>(host >> 8),
                                 static_cast<std::uint8_t>(host),
                                 static_cast<std::uint8_t>(n % 251 + 1),
                                 10,
                                 255,
                                 0,
                                 1,
                                 static_cast<std::uint8_t>(port >> 8),
                                 static_cast<std::uint8_t>(port),
                                 0x07,
                                 0x5b,
                                 0x12,
                                 0x34,
                                 0x56,
                                 0x78,
                                 0,
                                 0,
                                 0,
                                 0,
                                 0x50,
                                 0x02,
                                 0xff,
                                 0xff,
                                 0,
                                 0,
                                 0,
                                 0};
  return f;
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

}  // namespace

int main(int argc, char** argv) {
  std::uint32_t connections = argc > 1 ? static_cast<std::uint32_t>(std::atol(argv[1])) : 100000;
  app::Options options;
  if (argc > 2) options.limits.max_flows = static_cast<std::size_t>(std::atol(argv[2]));
  long ceiling_mib = argc > 3 ? std::atol(argv[3]) : 256;

  long rss_before = peak_rss_kib();
  NullSink sink;
  QuietDiagnostics diagnostics;
  auto start = std::chrono::steady_clock::now();
  std::uint64_t bytes = 0;
  {
    app::Pipeline pipeline(options, sink, diagnostics);
    for (std::uint32_t n = 0; n < connections; ++n) {
      std::vector<std::uint8_t> data = syn_frame(n);
      capture::Frame frame;
      frame.number = n + 1;
      frame.time = Timestamp{1700000000 + n / 1000, static_cast<std::int64_t>(n % 1000) * 1000000};
      frame.wire_length = static_cast<std::uint32_t>(data.size());
      frame.link_type = 1;
      frame.data = Bytes(data);
      bytes += data.size();
      pipeline.process(frame);
    }
    pipeline.finish();
    const app::Statistics& s = pipeline.statistics();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    long rss_after = peak_rss_kib();
    double growth_mib = static_cast<double>(rss_after - rss_before) / 1024.0;
    std::printf("connections (one SYN each)   %u\n", connections);
    std::printf("Limits::max_flows            %zu\n", options.limits.max_flows);
    std::printf("flows kept at most           %llu\n",
                static_cast<unsigned long long>(s.peak_flows));
    std::printf("flows evicted                %llu\n",
                static_cast<unsigned long long>(s.flows_evicted));
    std::printf("time                         %.3f s (%.0f frames/s, %.1f MB/s)\n", seconds,
                connections / seconds, static_cast<double>(bytes) / seconds / 1e6);
    std::printf("peak resident memory         %.1f MiB (%.1f MiB before the capture)\n",
                static_cast<double>(rss_after) / 1024.0, static_cast<double>(rss_before) / 1024.0);
    std::printf(
        "growth                       %.1f MiB (ceiling %ld MiB), %.0f bytes per kept flow\n",
        growth_mib, ceiling_mib,
        s.peak_flows ? growth_mib * 1048576.0 / static_cast<double>(s.peak_flows) : 0.0);
    bool within =
        s.peak_flows <= options.limits.max_flows && growth_mib <= static_cast<double>(ceiling_mib);
    std::printf("%s\n", within ? "within the flow limit and the memory ceiling"
                               : "OVER the flow limit or the memory ceiling");
    return within ? 0 : 1;
  }
}
