// Fuzz target: a whole capture file through the program (app::run): libpcap's reader, link,
// IP and TCP headers, connection tracking and reassembly, content detection, the HTTP upgrade,
// WebSocket, permessage-deflate, MQTT, the statistics, display filters and every output.
//
// Input: the bytes of a pcap or pcapng file. Each input is read several times, with the
// options of different uses of the program: the tree with annotated bytes, hidden secrets,
// every statistic and two passes; JSON; EK; one line per packet with colour, a display filter
// and a topic filter; --explain; -T fields; and the summary once more with small limits, so
// that every limit is reached on small inputs.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "mqscope/app/run.hpp"

namespace {

using namespace mqscope;

Limits small_limits() {
  Limits l;
  l.tcp_out_of_order_bytes = 2000;
  l.tcp_out_of_order_segments = 4;
  l.http_head_bytes = 300;
  l.upgrade_hold_bytes = 100;
  l.ws_message_bytes_kept = 50;
  l.ws_inflated_bytes = 3000;
  l.ws_inflate_ratio = 5;
  l.mqtt_packet_bytes = 100;
  l.mqtt_properties = 2;
  l.mqtt_topic_aliases = 2;
  l.latency_samples = 2;
  l.open_exchanges = 2;
  l.stats_sessions = 2;
  l.stats_topics = 2;
  l.flow_packets = 3;
  l.ws_frame_packets_held = 3;
  l.max_flows = 3;
  return l;
}

std::vector<app::Options> uses(const std::string& path) {
  const std::vector<std::string> all_statistics = {
      "mqtt,sessions", "mqtt,types",     "mqtt,topics", "mqtt,qos",
      "mqtt,latency",  "mqtt,keepalive", "mqtt,notes",  "mqtt,flow"};
  std::vector<app::Options> list;
  app::Options o;
  o.input = path;

  app::Options tree = o;
  tree.mode = app::OutputMode::Tree;
  tree.hex = true;
  tree.hide_secrets = true;
  tree.two_pass = true;
  tree.statistics = all_statistics;
  list.push_back(tree);

  app::Options json = o;
  json.mode = app::OutputMode::Json;
  json.hex = true;
  json.statistics = all_statistics;
  json.flow_mermaid = true;
  list.push_back(json);

  app::Options ek = o;
  ek.mode = app::OutputMode::Ek;
  list.push_back(ek);

  app::Options summary = o;
  summary.colour = true;
  summary.progress = true;
  summary.display_filter =
      "mqtt.topic matches \"^[a-z]+/.*\" or websocket.payload.text contains \"a\" or "
      "mqscope.note or mqtt.msg contains 00:01 or not ip.src == 10.0.0.0/8";
  summary.topic_filter = "+/#";
  list.push_back(summary);

  app::Options summary_hex = o;
  summary_hex.hex = true;
  list.push_back(summary_hex);

  app::Options explain = o;
  explain.mode = app::OutputMode::Explain;
  list.push_back(explain);

  app::Options fields = o;
  fields.mode = app::OutputMode::Fields;
  fields.fields.fields = {"frame.number", "tcp.stream",    "mqtt.msgtype", "mqtt.topic",
                          "mqtt.msg",     "mqtt.clientid", "mqtt.len",     "mqtt.response_time",
                          "ip.src",       "ipv6.src",      "mqscope.frame"};
  fields.fields.header = true;
  list.push_back(fields);

  app::Options small = o;
  small.limits = small_limits();
  small.statistics = all_statistics;
  small.quiet = true;
  small.mqtt_ports = {1883, 80, 8080};
  list.push_back(small);
  return list;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The capture lives in memory; libpcap opens it by name like any file.
  static const int fd = memfd_create("mqscope-fuzz-capture", 0);
  static std::FILE* sink = std::fopen("/dev/null", "w");
  fuzz::check(fd >= 0 && sink != nullptr, "cannot set up the input file");
  fuzz::check(ftruncate(fd, 0) == 0 && pwrite(fd, data, size, 0) == static_cast<ssize_t>(size),
              "cannot write the input file");
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  for (const app::Options& options : uses(path)) {
    int status = app::run(options, sink, sink);
    fuzz::check(status == app::kExitOk || status == app::kExitUnreadable,
                "a capture led to a usage error");
  }
  return 0;
}
