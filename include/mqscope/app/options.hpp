// What the user asked for, independent of how it was asked (CLI, tests).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mqscope/capture/live.hpp"
#include "mqscope/capture/save_file.hpp"
#include "mqscope/core/limits.hpp"
#include "mqscope/output/sinks.hpp"

namespace mqscope::app {

enum class OutputMode : std::uint8_t { Summary, Tree, Fields, Json, Ek, Explain };

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
  std::uint64_t max_packets = 0;           // -c: stop after this many MQTT packets (0 = all)
  std::string display_filter;              // -Y: only items matching it are shown
  std::string topic_filter;                // --topic: only packets with a matching topic
  std::vector<std::uint16_t> mqtt_ports{1883};  // plain MQTT without looking at the bytes
  Limits limits;
};

}  // namespace mqscope::app
