// -z mqtt,flow: ladder diagrams, as text for the terminal or as Mermaid for slides.
#include <algorithm>

#include <fmt/format.h>

#include "mqscope/analyze/modules.hpp"
#include "mqscope/analyze/table.hpp"
#include "mqscope/core/json_text.hpp"

namespace mqscope::analyze {

namespace {

constexpr std::size_t kLadderWidth = 56;  // characters between the two lifelines
constexpr std::size_t kLabelMax = kLadderWidth - 8;

std::uint64_t since(Timestamp from, Timestamp to) {
  std::int64_t d = to.total_ns() - from.total_ns();
  return d < 0 ? 0 : static_cast<std::uint64_t>(d);
}

std::size_t width(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

std::string cut(std::string s, std::size_t max) {
  if (width(s) <= max) return s;
  std::size_t bytes = 0, chars = 0;
  while (bytes < s.size() && chars + 1 < max) {
    ++bytes;
    while (bytes < s.size() && (static_cast<unsigned char>(s[bytes]) & 0xc0) == 0x80) ++bytes;
    ++chars;
  }
  return s.substr(0, bytes) + "\u2026";
}

// "|---- CONNECT ... --->|" or "|<--- CONNACK rc=0 ----|".
std::string arrow(const std::string& label, bool to_broker) {
  // Appended piece by piece (GCC 12 -O3 misjudged the chain of + as an overlapping copy).
  std::string text = " ";
  text += cut(label, kLabelMax);
  text += ' ';
  std::size_t dashes = kLadderWidth - std::min(kLadderWidth, width(text) + 1);
  std::size_t left = dashes / 2, right = dashes - left;
  std::string out = to_broker ? "|" : "|<";
  out.append(left, '-');
  out += text;
  out.append(right, '-');
  out += to_broker ? ">|" : "|";
  return out;
}

// Mermaid message text: '#' starts an entity and ';' ends a statement.
std::string mermaid_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '#') out += "#35;";
    else if (c == ';') out += "#59;";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

}  // namespace

std::string packet_label(const PacketFacts& p) {
  std::string label(packet_type_name(p.type));
  if (p.type == 1 && !p.client_id.empty()) label += " " + p.client_id;
  if (p.type == 3) label += fmt::format(" q{}{}", p.qos, p.retain ? " retain" : "");
  if (p.packet_id) label += fmt::format(" id={}", *p.packet_id);
  for (std::string_view t : p.topics) {
    label += ' ';
    label += t;
  }
  if (p.reason_code && (p.type == 2 || p.type == 14 || *p.reason_code != 0))
    label += fmt::format(" rc=0x{:02x}", *p.reason_code);
  return label;
}

void FlowDiagram::on_connection(const ConnectionFacts& c) { sessions_[c.stream].connection = c; }

void FlowDiagram::on_packet(const PacketFacts& p, const PairEvent&) {
  Session& s = sessions_[p.stream];
  if (p.type == 1 && p.from_client) s.client_id = p.client_id;
  if (s.arrows.size() >= limits_->flow_packets) {
    ++s.not_drawn;
    return;
  }
  s.arrows.push_back({p.frame, p.time, p.from_client, packet_label(p)});
}

void FlowDiagram::write_text(std::string& out) const {
  if (mermaid_) return write_mermaid(out);
  write_heading(out, name(), "each session as a ladder, client left, broker right");
  for (const auto& [stream, s] : sessions_) {
    std::string via = s.connection.transport;
    if (!s.connection.subprotocol.empty()) via += "/" + s.connection.subprotocol;
    out += fmt::format("\n  tcp.stream {}: client {}{} and broker {}, over {}\n", stream,
                       s.connection.client, s.client_id.empty() ? "" : " (" + s.client_id + ")",
                       s.connection.broker, via);
    out += fmt::format("  {:>10}  {:<7} {:<{}}broker\n", "time", "frame", "client", kLadderWidth - 4);
    for (const Arrow& a : s.arrows)
      out += fmt::format("  {:>10}  {:<7} {}\n", seconds(since(first_, a.time)),
                         fmt::format("#{}", a.frame), arrow(a.label, a.from_client));
    if (s.not_drawn > 0) out += fmt::format("  ({} more packets not drawn: limit)\n", s.not_drawn);
  }
}

void FlowDiagram::write_mermaid(std::string& out) const {
  out += "sequenceDiagram\n";
  std::map<std::string, std::string> brokers;  // endpoint → participant id
  for (const auto& [stream, s] : sessions_) {
    std::string client = s.client_id.empty() ? s.connection.client : s.client_id + " " + s.connection.client;
    out += fmt::format("    participant C{} as {}\n", stream, mermaid_text(client));
    if (brokers.emplace(s.connection.broker, fmt::format("B{}", brokers.size())).second)
      out += fmt::format("    participant {} as broker {}\n", brokers[s.connection.broker],
                         mermaid_text(s.connection.broker));
  }
  struct Line {
    std::uint32_t frame;
    std::string text;
  };
  std::vector<Line> lines;
  for (const auto& [stream, s] : sessions_) {
    std::string client = fmt::format("C{}", stream);
    const std::string& broker = brokers[s.connection.broker];
    for (const Arrow& a : s.arrows)
      lines.push_back({a.frame, fmt::format("    {}{}{}: {} (frame {}, {} s)\n",
                                            a.from_client ? client : broker,
                                            a.from_client ? "->>" : "-->>",
                                            a.from_client ? broker : client, mermaid_text(a.label),
                                            a.frame, seconds(since(first_, a.time)))});
  }
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.frame < b.frame; });
  for (const Line& l : lines) out += l.text;
}

void FlowDiagram::write_json(std::string& out) const {
  out += "[";
  bool first_session = true;
  for (const auto& [stream, s] : sessions_) {
    out += fmt::format("{}{{\"stream\":{},\"client_id\":", first_session ? "" : ",", stream);
    first_session = false;
    append_json_string(out, s.client_id);
    out += ",\"packets\":[";
    for (std::size_t i = 0; i < s.arrows.size(); ++i) {
      const Arrow& a = s.arrows[i];
      out += fmt::format("{}{{\"frame\":{},\"time\":{:.9f},\"direction\":\"{}\",\"label\":", i ? "," : "",
                         a.frame, static_cast<double>(since(first_, a.time)) / 1e9,
                         a.from_client ? "client_to_broker" : "broker_to_client");
      append_json_string(out, a.label);
      out += "}";
    }
    out += "]}";
  }
  out += "]";
}

}  // namespace mqscope::analyze
