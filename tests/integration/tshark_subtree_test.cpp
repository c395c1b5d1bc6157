// Where tshark decodes an MQTT packet correctly, mqscope's MQTT subtree in `-V` equals
// tshark's, line for line (captures/NAME.tshark.txt, tshark 4.0.17 with the ws-mqtt.lua shim).
// tshark's blocks for the pieces of packets split across WebSocket messages are wrong (see
// captures/README.md) and are skipped: only blocks that also appear in mqscope's output in the
// same order count, and on captures where tshark gets everything right, all of them must.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <sstream>

#include "capture_support.hpp"
#include "json.hpp"
#include "mqscope/app/run.hpp"

namespace mqscope::test {
namespace {

using Block = std::vector<std::string>;

// The "MQ Telemetry Transport Protocol" subtrees of a -V text, in order. A block tshark
// could not finish ("[Packet size limited during capture: MQTT truncated]": its reassembly
// gave up on the 300 KiB PUBLISH) is counted in `cut` and left out.
std::vector<Block> mqtt_blocks(const std::string& text, std::size_t* cut = nullptr) {
  std::vector<Block> blocks;
  std::istringstream in(text);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    bool top_level = !line.empty() && line[0] != ' ';
    if (line.starts_with("[Packet size limited during capture: MQTT") && !blocks.empty()) {
      blocks.pop_back();
      if (cut) ++*cut;
    }
    if (top_level) inside = line.starts_with("MQ Telemetry Transport Protocol");
    if (line.empty()) inside = false;
    if (!inside) continue;
    if (top_level) blocks.emplace_back();
    blocks.back().push_back(line);
  }
  return blocks;
}

// tshark says "Unknown version" on every packet of a connection whose CONNECT it could not
// decode (it never sees the CONNECT of a split packet); mqscope reassembled that CONNECT, so
// those four lines are tshark's mistake and are removed before comparing.
Block without_unknown_version(const Block& block) {
  Block out;
  for (std::size_t i = 0; i < block.size(); ++i) {
    if (block[i].find("[Expert Info (Note/Protocol): Unknown version") != std::string::npos) {
      i += 3;
      continue;
    }
    out.push_back(block[i]);
  }
  return out;
}

// mqscope's deliberate additions to the MQTT subtree, listed in the README ("Where mqscope
// differs from tshark on purpose"): the request a response answers and how long it took.
Block without_additions(const Block& block) {
  static constexpr std::string_view kAdded[] = {"    [Response to frame: ", "    [Time since request: ",
                                                "    [Response in frame: "};
  Block out;
  for (const std::string& line : block) {
    bool added = false;
    for (std::string_view prefix : kAdded) added = added || line.starts_with(prefix);
    if (!added) out.push_back(line);
  }
  return out;
}

struct Case {
  std::string capture;
  std::string tshark;
  bool tshark_complete;  // tshark shows every packet correctly (captures/README.md)
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.capture; }

class TsharkSubtrees : public ::testing::TestWithParam<Case> {};

TEST_P(TsharkSubtrees, MqttSubtreesEqualTsharksWhereTsharkIsRight) {
  const Case& c = GetParam();
  app::Options options;
  options.input = capture_path(c.capture);
  options.mode = app::OutputMode::Tree;
  app::RunResult mine = app::run_to_string(options);
  ASSERT_EQ(mine.status, 0) << mine.messages;
  std::vector<Block> ours = mqtt_blocks(mine.output);
  for (Block& block : ours) block = without_additions(block);
  std::size_t cut = 0;
  std::vector<Block> theirs = mqtt_blocks(read_file(capture_path(c.tshark)), &cut);
  ASSERT_FALSE(theirs.empty());

  std::size_t next = 0;
  std::size_t matched = 0;
  for (const Block& raw : theirs) {
    Block block = without_unknown_version(raw);
    std::size_t found = next;
    while (found < ours.size() && ours[found] != block) ++found;
    if (found == ours.size()) {
      EXPECT_FALSE(c.tshark_complete)
          << "tshark block not in mqscope's output (in order):\n" << fmt::format("{}", fmt::join(block, "\n"))
          << "\n--- mqscope's next block ---\n"
          << (next < ours.size() ? fmt::format("{}", fmt::join(ours[next], "\n")) : "(none)");
      continue;
    }
    next = found + 1;
    ++matched;
  }
  if (c.tshark_complete) {
    EXPECT_EQ(matched + cut, ours.size());
  }
  EXPECT_GT(matched, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Foundation, TsharkSubtrees,
    ::testing::Values(
        Case{"ws-mqttjs-aedes-v311.pcap", "ws-mqttjs-aedes-v311.tshark.txt", true},
        Case{"ws-mqttjs-aedes-v311-pcapng.pcapng", "ws-mqttjs-aedes-v311-pcapng.tshark.txt", true},
        Case{"ws-retransmission.pcap", "ws-retransmission.tshark.txt", true},
        Case{"ws-large-payloads.pcap", "ws-large-payloads.tshark.txt", true},
        Case{"tcp-mosquitto-v311.pcap", "tcp-mosquitto-v311.tshark.txt", true},
        Case{"tcp-mosquitto-v31.pcap", "tcp-mosquitto-v31.tshark.txt", true},
        // tshark misses the packets split across WebSocket messages; the rest must match.
        Case{"seed-replica.pcap", "seed-replica.tshark.txt", false},
        Case{"seed-replica-onesegment.pcap", "seed-replica-onesegment.tshark.txt", false},
        Case{"ws-mqttjs-aedes-v311-split.pcap", "ws-mqttjs-aedes-v311-split.tshark.txt", false},
        // permessage-deflate: tshark inflates every message correctly (captures/README.md).
        Case{"ws-deflate-context-takeover.pcap", "ws-deflate-context-takeover.tshark.txt", true},
        // tshark misses the PUBLISH split over two WebSocket messages (captures/README.md).
        Case{"ws-fragmented-control.pcap", "ws-fragmented-control.tshark.txt", false}),
    [](const ::testing::TestParamInfo<Case>& param_info) {
      std::string n = param_info.param.capture.substr(0, param_info.param.capture.find('.'));
      for (char& ch : n) if (ch == '-') ch = '_';
      return n;
    });

}  // namespace
}  // namespace mqscope::test
