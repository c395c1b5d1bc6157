// Differential test against tshark, run live: every bundled capture is decoded by tshark
// (4.0, with the captures/ws-mqtt.lua shim and `-d tcp.port==N,http`, as captures/README.md
// does it) and by mqscope, and the MQTT fields of `-T fields` are compared frame by frame on
// the packets tshark gets right, so that a regression in a field tshark already knows is
// caught. Skipped, with a message, when tshark is not installed.
//
// tshark prints one row per frame (several packets of a frame aggregated with ','); mqscope
// one row per packet, joined here the same way. Compared are the frames where tshark shows
// MQTT, did not flag the frame as cut short (_ws.short) or malformed, and where every packet
// mqscope completed in the frame came from a single WebSocket frame: tshark decodes each
// WebSocket message alone, so it cannot rebuild packets split across messages (README,
// captures/README.md "MQTT packets split across WebSocket messages are not reassembled").
// Where tshark did not see the connection's CONNECT, the fields that depend on the version
// are left out.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "capture_support.hpp"
#include "mqscope/app/run.hpp"

namespace mqscope::test {
namespace {

// Fields both tools know; tcp.stream is one value per frame, the others per packet.
const std::vector<std::string> kFields = {
    "tcp.stream", "mqtt.hdrflags", "mqtt.msgtype", "mqtt.dupflag", "mqtt.qos", "mqtt.retain",
    "mqtt.len", "mqtt.msgid", "mqtt.topic", "mqtt.msg", "mqtt.protoname", "mqtt.ver",
    "mqtt.conflags", "mqtt.kalive", "mqtt.clientid", "mqtt.willtopic", "mqtt.willmsg",
    "mqtt.username", "mqtt.passwd",
    // From here on, how a packet is read depends on the connection's version (MQTT 5.0 added
    // reason codes, properties and subscription options).
    "mqtt.conack.flags", "mqtt.conack.val", "mqtt.sub.qos", "mqtt.suback.qos",
    "mqtt.connack.reason_code", "mqtt.puback.reason_code", "mqtt.pubrec.reason_code",
    "mqtt.pubrel.reason_code", "mqtt.pubcomp.reason_code", "mqtt.suback.reason_code",
    "mqtt.unsuback.reason_code", "mqtt.disconnect.reason_code", "mqtt.property_id",
    "mqtt.property.topic_alias", "mqtt.property.content_type", "mqtt.prop_key", "mqtt.prop_value",
    "mqtt.subscription_options"};
// Fields before this index are read the same way in every version.
constexpr std::size_t kFirstVersionDependent = 19;

struct Case {
  std::string capture;
  int websocket_port;    // 0: plain MQTT on 1883, which tshark knows without help
  bool out_of_order;     // tshark needs tcp.reassemble_out_of_order (captures/README.md)
  bool tshark_complete;  // captures/README.md: tshark shows every packet correctly
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.capture;
}

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, separator)) cells.push_back(cell);
  if (!line.empty() && line.back() == separator) cells.emplace_back();
  return cells;
}

// The values of one field in one frame, as one text: empty values and tshark's "<MISSING>"
// (an empty byte field) left out, the rest joined with ','.
std::string join_values(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    for (const std::string& v : split(value, ',')) {
      if (v.empty() || v == "<MISSING>") continue;
      out += (out.empty() ? "" : ",") + v;
    }
  }
  return out;
}

struct FrameRow {
  std::vector<std::string> values;  // one per kFields entry
  bool single_websocket_frames = true;
  bool tshark_flagged = false;
  bool version_unknown = false;  // tshark saw no CONNECT on this connection
};

bool tshark_available() {
  std::FILE* p = popen("tshark --version 2>/dev/null", "r");
  if (!p) return false;
  char buffer[256];
  bool got = std::fgets(buffer, sizeof buffer, p) != nullptr;
  return pclose(p) == 0 && got;
}

std::map<std::uint32_t, FrameRow> run_tshark(const Case& c) {
  std::string command = fmt::format("tshark -r '{}'", capture_path(c.capture));
  if (c.websocket_port) {
    command += fmt::format(" -X lua_script:'{}' -d tcp.port=={},http", capture_path("ws-mqtt.lua"),
                           c.websocket_port);
  }
  if (c.out_of_order) command += " -o tcp.reassemble_out_of_order:TRUE";
  command +=
      " -Y mqtt -T fields -E occurrence=a -E aggregator=, -e frame.number -e _ws.short"
      " -e _ws.malformed -e mqtt.unknown_version";
  for (const std::string& f : kFields) command += " -e " + f;
  std::map<std::uint32_t, FrameRow> rows;
  std::FILE* p = popen((command + " 2>/dev/null").c_str(), "r");
  if (!p) return rows;
  std::string text;
  char buffer[65536];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, p)) text.append(buffer, n);
  pclose(p);
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells = split(line, '\t');
    cells.resize(4 + kFields.size());
    FrameRow& row = rows[static_cast<std::uint32_t>(std::stoul(cells[0]))];
    row.tshark_flagged = !cells[1].empty() || !cells[2].empty();
    row.version_unknown = !cells[3].empty();
    for (std::size_t i = 0; i < kFields.size(); ++i)
      row.values.push_back(join_values({cells[4 + i]}));
  }
  return rows;
}

std::map<std::uint32_t, FrameRow> run_mqscope(const Case& c) {
  app::Options options;
  options.input = capture_path(c.capture);
  options.mode = app::OutputMode::Fields;
  options.fields.fields = {"frame.number", "mqscope.ws_frame_count"};
  options.fields.fields.insert(options.fields.fields.end(), kFields.begin(), kFields.end());
  app::RunResult result = app::run_to_string(options);
  EXPECT_EQ(result.status, 0) << result.messages;
  std::map<std::uint32_t, std::vector<std::vector<std::string>>> packets;
  std::istringstream in(result.output);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells = split(line, '\t');
    cells.resize(2 + kFields.size());
    packets[static_cast<std::uint32_t>(std::stoul(cells[0]))].push_back(cells);
  }
  std::map<std::uint32_t, FrameRow> rows;
  for (const auto& [frame, list] : packets) {
    FrameRow& row = rows[frame];
    for (const auto& cells : list)
      row.single_websocket_frames =
          row.single_websocket_frames && (cells[1].empty() || cells[1] == "1");
    for (std::size_t i = 0; i < kFields.size(); ++i) {
      std::vector<std::string> values;
      for (const auto& cells : list) values.push_back(cells[2 + i]);
      // A frame's own field: every packet of the frame repeats it.
      if (kFields[i] == "tcp.stream") values.resize(1);
      row.values.push_back(join_values(values));
    }
  }
  return rows;
}

class TsharkFields : public ::testing::TestWithParam<Case> {};

TEST_P(TsharkFields, MqttFieldsEqualTsharksOnThePacketsTsharkGetsRight) {
  if (!tshark_available()) GTEST_SKIP() << "tshark is not installed: the comparison is skipped";
  const Case& c = GetParam();
  std::map<std::uint32_t, FrameRow> theirs = run_tshark(c);
  std::map<std::uint32_t, FrameRow> ours = run_mqscope(c);
  ASSERT_FALSE(theirs.empty()) << "tshark decoded no MQTT in " << c.capture;
  std::size_t compared = 0;
  for (const auto& [frame, row] : theirs) {
    auto mine = ours.find(frame);
    if (row.tshark_flagged) continue;
    if (mine == ours.end()) {
      EXPECT_FALSE(c.tshark_complete) << "frame " << frame << ": MQTT in tshark, not in mqscope";
      continue;
    }
    if (!mine->second.single_websocket_frames) continue;
    ++compared;
    // Without the CONNECT (split across WebSocket messages, or before the capture began)
    // tshark guesses the version; only what every version reads alike is compared.
    std::size_t fields = row.version_unknown ? kFirstVersionDependent : kFields.size();
    for (std::size_t i = 0; i < fields; ++i) {
      EXPECT_EQ(mine->second.values[i], row.values[i]) << "frame " << frame << ", " << kFields[i];
    }
  }
  if (c.tshark_complete) {
    for (const auto& [frame, row] : ours)
      EXPECT_TRUE(theirs.count(frame)) << "frame " << frame << ": MQTT in mqscope, not in tshark";
  }
  EXPECT_GT(compared, 0u);
  std::printf("[ compared ] %zu frames of %s\n", compared, c.capture.c_str());
}

INSTANTIATE_TEST_SUITE_P(
    Captures, TsharkFields,
    ::testing::Values(
        Case{"seed-replica.pcap", 8083, false, false},
        Case{"seed-replica-onesegment.pcap", 8083, false, false},
        Case{"ws-mqttjs-aedes-v311-split.pcap", 18083, false, false},
        Case{"ws-mqttjs-aedes-v311.pcap", 18083, false, true},
        Case{"ws-mqttjs-aedes-v311-pcapng.pcapng", 18083, false, true},
        Case{"ws-mqttjs-v5-bridge-mosquitto.pcap", 18084, false, true},
        Case{"ws-deflate-context-takeover.pcap", 18085, false, true},
        Case{"ws-large-payloads.pcap", 18087, false, true},
        Case{"ws-fragmented-control.pcap", 18088, false, false},
        Case{"tcp-mosquitto-v31.pcap", 0, false, true},
        Case{"tcp-mosquitto-v311.pcap", 0, false, true},
        Case{"tcp-mosquitto-v5.pcap", 0, false, true},
        // tshark cannot know stream 0 is WebSocket: its upgrade is not in the capture.
        Case{"ws-midstream-cut.pcap", 18083, false, false},
        Case{"ws-out-of-order.pcap", 18083, true, true},
        Case{"ws-retransmission.pcap", 18083, false, true}),
    [](const ::testing::TestParamInfo<Case>& param_info) {
      std::string n = param_info.param.capture.substr(0, param_info.param.capture.find('.'));
      for (char& ch : n)
        if (ch == '-') ch = '_';
      return n;
    });

}  // namespace
}  // namespace mqscope::test
