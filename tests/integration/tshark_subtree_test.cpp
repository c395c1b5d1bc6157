// Where tshark decodes an MQTT packet correctly, mqscope's MQTT subtree in `-V` equals
// tshark's, line for line (captures/NAME.tshark.txt, tshark 4.0.17 with the ws-mqtt.lua shim),
// once the differences mqscope makes on purpose are applied to tshark's lines by the rewrite
// table below (README, "Where mqscope differs from tshark on purpose"). tshark's blocks for the
// pieces of packets split across WebSocket messages are wrong (see captures/README.md) and are
// skipped: only blocks that also appear in mqscope's output in the same order count, and on
// captures where tshark gets everything right, all of them must.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>
#include <regex>
#include <sstream>

#include "capture_support.hpp"
#include "json.hpp"
#include "mqscope/app/run.hpp"
#include "mqscope/core/bytes.hpp"

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

// ---- The rewrite table: mqscope's deliberate differences ------------------------------------

// How mqscope shows a property value that tshark 4.0 shows as a generic "Value: ..." line.
enum class Shown { Number, Seconds, Flag, PayloadFormat, SessionExpiry, Text, Hex, Pair };

struct PropertyRewrite {
  unsigned id;
  const char* name;  // the property's name in Wireshark's list, now the value line's label
  Shown shown;
};

// MQTT 5.0 §2.2.2.2. Content Type (0x03), Topic Alias (0x23) and Maximum QoS (0x24) are not
// here: tshark already gives them typed lines of their own, and mqscope keeps those.
constexpr PropertyRewrite kPropertyRewrites[] = {
    {0x01, "Payload Format Indicator", Shown::PayloadFormat},
    {0x02, "Publication Expiry Interval", Shown::Seconds},
    {0x08, "Response Topic", Shown::Text},
    {0x09, "Correlation Data", Shown::Hex},
    {0x0b, "Subscription Identifier", Shown::Number},
    {0x11, "Session Expiry Interval", Shown::SessionExpiry},
    {0x12, "Assigned Client Identifier", Shown::Text},
    {0x13, "Server Keep Alive", Shown::Seconds},
    {0x15, "Authentication Method", Shown::Text},
    {0x16, "Authentication Data", Shown::Hex},
    {0x17, "Request Problem Information", Shown::Flag},
    {0x18, "Will Delay Interval", Shown::Seconds},
    {0x19, "Request Response Information", Shown::Flag},
    {0x1a, "Response Information", Shown::Text},
    {0x1c, "Server Reference", Shown::Text},
    {0x1f, "Reason String", Shown::Text},
    {0x21, "Receive Maximum", Shown::Number},
    {0x22, "Topic Alias Maximum", Shown::Number},
    {0x25, "Retain Available", Shown::Flag},
    {0x26, "User Property", Shown::Pair},
    {0x27, "Maximum Packet Size", Shown::Number},
    {0x28, "Wildcard Subscription Available", Shown::Flag},
    {0x29, "Subscription Identifier Available", Shown::Flag},
    {0x2a, "Shared Subscription Available", Shown::Flag},
};

// The seconds values of the captures with their durations, written out here so that the test
// does not repeat the code it checks. A value missing here fails the test loudly.
const std::map<std::string, std::string> kDurations = {
    {"0", "0"},
    {"5", "5 (5 seconds)"},
    {"30", "30 (30 seconds)"},
    {"60", "60 (1 minute)"},
    {"120", "120 (2 minutes)"},
    {"300", "300 (5 minutes)"},
    {"3600", "3600 (1 hour)"},
};

// One line mqscope must print: exactly `text`, or (`prefix`) a line that starts with it.
struct Expected {
  std::string text;
  bool prefix = false;
};

std::string indent_of(const std::string& line) { return line.substr(0, line.find_first_not_of(' ')); }

std::string after(const std::string& line, std::string_view label) {
  std::size_t at = line.find(label);
  return at == std::string::npos ? std::string() : line.substr(at + label.size());
}

std::string typed_number(Shown shown, const std::string& v) {
  auto duration = [&](const std::string& value) {
    auto it = kDurations.find(value);
    if (it == kDurations.end()) ADD_FAILURE() << "add the duration of " << value << " to kDurations";
    return it == kDurations.end() ? value : it->second;
  };
  switch (shown) {
    case Shown::Seconds: return duration(v);
    case Shown::SessionExpiry:
      if (v == "0") return "0 (ends with the connection)";
      if (v == "4294967295") return "4294967295 (never expires)";
      return duration(v);
    case Shown::Flag: return (v == "1" ? "True (" : v == "0" ? "False (" : "Unknown (") + v + ")";
    case Shown::PayloadFormat:
      return (v == "1" ? "UTF-8 Encoded Character Data (" : v == "0" ? "Unspecified bytes (" : "Unknown (") + v + ")";
    default: return v;
  }
}

// RFC 3629: the length of the well-formed UTF-8 prefix of `bytes` (an oracle of its own).
std::size_t utf8_prefix(const std::string& bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    auto b = static_cast<unsigned char>(bytes[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 && b >= 0xc2 ? 2 : (b >> 4) == 0xe ? 3
                    : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n == 0 || i + n > bytes.size()) break;
    bool ok = true;
    for (std::size_t k = 1; k < n; ++k) ok = ok && (static_cast<unsigned char>(bytes[i + k]) >> 6) == 2;
    auto b1 = n > 1 ? static_cast<unsigned char>(bytes[i + 1]) : 0x80;
    if (!ok || (b == 0xe0 && b1 < 0xa0) || (b == 0xed && b1 > 0x9f) || (b == 0xf0 && b1 < 0x90) ||
        (b == 0xf4 && b1 > 0x8f))
      break;
    i += n;
  }
  return i;
}

// "Message: <hex>" gets a generated "[Text: ...]" line under it when the payload is text
// (well-formed UTF-8 without control characters but TAB, LF and CR). tshark shows at most 36
// bytes ("…" after them): the text line must then begin with their text.
void add_text_line(const std::string& line, const std::string& label, std::vector<Expected>& out) {
  std::string hex = after(line, label);
  bool cut = hex.ends_with("\u2026");
  if (cut) hex.resize(hex.size() - std::string("\u2026").size());
  // An empty payload is "<MISSING>" and has no text.
  if (hex.find_first_not_of("0123456789abcdef") != std::string::npos) return;
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  std::size_t valid = utf8_prefix(bytes);
  if (bytes.empty() || (!cut && valid != bytes.size()) || bytes.size() - valid > 3) return;
  std::string text;
  for (char c : bytes.substr(0, valid)) {
    if (c == '\n') text += "\\n";
    else if (c == '\r') text += "\\r";
    else if (c == '\t') text += "\\t";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return;
    else text += c;
  }
  out.push_back({indent_of(line) + "    [Text: " + text + (cut ? "" : "]"), cut});
}

const PropertyRewrite* rewrite_of(const std::string& id_line) {
  static const std::regex kId(R"(^\s*ID: .* \(0x([0-9a-f]{2})\)$)");
  std::smatch m;
  if (!std::regex_match(id_line, m, kId)) return nullptr;
  unsigned id = static_cast<unsigned>(std::stoul(m[1], nullptr, 16));
  for (const PropertyRewrite& r : kPropertyRewrites) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

// The lines after an "ID:" line that mqscope shows differently; returns how many tshark lines
// were consumed.
std::size_t rewrite_property(const PropertyRewrite& r, const Block& b, std::size_t i,
                             std::vector<Expected>& out) {
  const std::string ind = indent_of(b[i]);
  auto at = [&](std::size_t k) { return k < b.size() ? b[k] : std::string(); };
  switch (r.shown) {
    case Shown::Text:
    case Shown::Hex: {  // "Length: n" stays; "Value: v" becomes "<Name>: v" (hex for binary)
      std::string value = after(at(i + 1), "Value: ");
      EXPECT_EQ(value.find('\\'), std::string::npos) << "escaped binary in " << at(i + 1);
      out.push_back({at(i)});
      out.push_back({ind + r.name + ": " +
                     (r.shown == Shown::Hex ? to_hex(as_bytes(value)) : value)});
      return 2;
    }
    case Shown::Pair: {  // "<Name>: key = value" above the four element lines, indented
      out.push_back({ind + r.name + ": " + after(at(i + 1), "Key: ") + " = " +
                     after(at(i + 3), "Value: ")});
      for (std::size_t k = 0; k < 4; ++k) out.push_back({"    " + at(i + k)});
      return 4;
    }
    default:  // "Value: v" becomes "<Name>: <v typed>"
      out.push_back({ind + r.name + ": " + typed_number(r.shown, after(at(i), "Value: "))});
      return 1;
  }
}

std::vector<Expected> expected_from_tshark(const Block& block) {
  std::vector<Expected> out;
  for (std::size_t i = 0; i < block.size(); ++i) {
    const std::string& line = block[i];
    out.push_back({line});
    if (const PropertyRewrite* r = rewrite_of(line)) {
      i += rewrite_property(*r, block, i + 1, out);
      continue;
    }
    for (const char* label : {"    Message: ", "    Will Message: "}) {
      if (line.starts_with(label)) add_text_line(line, label, out);
    }
  }
  return out;
}

bool same(const std::vector<Expected>& want, const Block& got) {
  if (want.size() != got.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].prefix ? !got[i].starts_with(want[i].text) : got[i] != want[i].text) return false;
  }
  return true;
}

std::string show(const std::vector<Expected>& lines) {
  std::string out;
  for (const Expected& e : lines) out += e.text + (e.prefix ? "…(prefix)\n" : "\n");
  return out;
}

// ---- The comparison -------------------------------------------------------------------------

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
    std::vector<Expected> block = expected_from_tshark(without_unknown_version(raw));
    std::size_t found = next;
    while (found < ours.size() && !same(block, ours[found])) ++found;
    if (found == ours.size()) {
      EXPECT_FALSE(c.tshark_complete)
          << "tshark block (rewritten) not in mqscope's output (in order):\n" << show(block)
          << "--- mqscope's next block ---\n"
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

// The rewrite table itself: a tshark block with every kind of difference becomes the lines
// mqscope prints, and nothing else changes.
TEST(TsharkRewrites, EachDifferenceBecomesMqscopesLineAndOthersStay) {
  Block tshark = {"MQ Telemetry Transport Protocol, Publish Message",
                  "    Topic: a",
                  "    Properties",
                  "        ID: Session Expiry Interval (0x11)",
                  "        Value: 120",
                  "        ID: Correlation Data (0x09)",
                  "        Length: 2",
                  "        Value: cd",
                  "        ID: User Property (0x26)",
                  "        Key Length: 1",
                  "        Key: k",
                  "        Value Length: 1",
                  "        Value: v",
                  "        ID: Topic Alias (0x23)",
                  "        Topic Alias: 1",
                  "    Message: 6869"};
  std::vector<Expected> want = expected_from_tshark(tshark);
  Block mqscope = {"MQ Telemetry Transport Protocol, Publish Message",
                   "    Topic: a",
                   "    Properties",
                   "        ID: Session Expiry Interval (0x11)",
                   "        Session Expiry Interval: 120 (2 minutes)",
                   "        ID: Correlation Data (0x09)",
                   "        Length: 2",
                   "        Correlation Data: 6364",
                   "        ID: User Property (0x26)",
                   "        User Property: k = v",
                   "            Key Length: 1",
                   "            Key: k",
                   "            Value Length: 1",
                   "            Value: v",
                   "        ID: Topic Alias (0x23)",
                   "        Topic Alias: 1",
                   "    Message: 6869",
                   "        [Text: hi]"};
  EXPECT_TRUE(same(want, mqscope)) << show(want);
  // Binary payloads and payloads cut by tshark.
  EXPECT_TRUE(same(expected_from_tshark({"    Message: 00ff"}), {"    Message: 00ff"}));
  std::vector<Expected> cut = expected_from_tshark({"    Message: 6869\u2026"});
  EXPECT_TRUE(same(cut, {"    Message: 6869\u2026", "        [Text: hi there]"})) << show(cut);
}

INSTANTIATE_TEST_SUITE_P(
    Captures, TsharkSubtrees,
    ::testing::Values(
        Case{"ws-mqttjs-aedes-v311.pcap", "ws-mqttjs-aedes-v311.tshark.txt", true},
        Case{"ws-mqttjs-aedes-v311-pcapng.pcapng", "ws-mqttjs-aedes-v311-pcapng.tshark.txt", true},
        Case{"ws-retransmission.pcap", "ws-retransmission.tshark.txt", true},
        Case{"ws-large-payloads.pcap", "ws-large-payloads.tshark.txt", true},
        Case{"tcp-mosquitto-v311.pcap", "tcp-mosquitto-v311.tshark.txt", true},
        Case{"tcp-mosquitto-v31.pcap", "tcp-mosquitto-v31.tshark.txt", true},
        Case{"tcp-mosquitto-v5.pcap", "tcp-mosquitto-v5.tshark.txt", true},
        Case{"ws-mqttjs-v5-bridge-mosquitto.pcap", "ws-mqttjs-v5-bridge-mosquitto.tshark.txt",
             true},
        Case{"ws-out-of-order.pcap", "ws-out-of-order.tshark.txt", true},
        // tshark does not decode the connection that starts mid-stream (18 of 44 packets);
        // mqscope does, so only tshark's 18 are compared.
        Case{"ws-midstream-cut.pcap", "ws-midstream-cut.tshark.txt", false},
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
