// What the user asked for, independent of how it was asked (CLI, tests).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mqscope/capture/live.hpp"
#include "mqscope/capture/save_file.hpp"
#include "mqscope/core/limits.hpp"
#include "mqscope/output/sinks.hpp"

namespace mqscope::app {

enum class OutputMode : std::uint8_t { Summary, Tree, Fields, Json, Ek, Explain };

// tshark's "-d tcp.port==N,PROTOCOL": what a connection to (or from) ports first..last carries,
// decided by the port instead of by the bytes.
enum class PortProtocol : std::uint8_t { Mqtt, Http, WebSocket };
struct PortRule {
  std::uint16_t first = 0;
  std::uint16_t last = 0;
  PortProtocol protocol = PortProtocol::Mqtt;
};

// Reads "tcp.port==N,mqtt" (or N-M, and http or websocket) into `rule`; on failure says why.
bool parse_decode_as(std::string_view spec, PortRule& rule, std::string& error);

struct Options {
  std::string input;                       // file, or "-" for standard input
  capture::LiveOptions live;               // -i, -f, -s, -p, --immediate: capture instead
  capture::SaveOptions save;               // -w, -b: save what is captured live
  OutputMode mode = OutputMode::Summary;
  output::FieldsOptions fields;
  bool hex = false;                        // -x: annotated bytes (and raw bytes in JSON)
  bool colour = false;                     // ANSI colours in summary lines
  bool progress = false;                   // progress of the read on stderr
  bool hide_secrets = false;               // mask passwords and authentication data
  std::vector<std::string> statistics;     // -z mqtt,NAME
  bool quiet = false;                      // -q: statistics only, no per-packet output
  bool flow_mermaid = false;               // --flow-format=mermaid
  std::uint32_t stats_interval_s = 0;      // --stats-interval: also print statistics every N s
  bool two_pass = false;                   // -2: read a file twice, to link requests to responses
  std::uint64_t max_packets = 0;           // -c: stop after this many MQTT packets (0 = all)
  std::string display_filter;              // -Y: only items matching it are shown
  std::string topic_filter;                // --topic: only packets with a matching topic
  std::vector<std::uint16_t> mqtt_ports{1883};  // plain MQTT without looking at the bytes
  std::vector<PortRule> decode_as;         // -d: checked before mqtt_ports; the last match wins
  std::uint8_t mqtt_version = 0;           // --mqtt-version: 3, 4 or 5 for every connection
  Limits limits;
};

}  // namespace mqscope::app
