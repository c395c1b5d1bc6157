#include "mqscope/analyze/analyzer.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mqscope/analyze/modules.hpp"

namespace mqscope::analyze {

const std::vector<std::string>& statistic_names() {
  static const std::vector<std::string> kNames = {
      "mqtt,sessions", "mqtt,types", "mqtt,topics", "mqtt,qos",
      "mqtt,latency",  "mqtt,keepalive", "mqtt,notes", "mqtt,flow"};
  return kNames;
}

namespace {

std::unique_ptr<Module> make_module(std::string_view name, bool mermaid, const Limits& limits) {
  if (name == "mqtt,sessions") return std::make_unique<SessionStats>(limits);
  if (name == "mqtt,types") return std::make_unique<TypeStats>();
  if (name == "mqtt,topics") return std::make_unique<TopicStats>(limits);
  if (name == "mqtt,qos") return std::make_unique<ExchangeStats>(false, limits);
  if (name == "mqtt,latency") return std::make_unique<ExchangeStats>(true, limits);
  if (name == "mqtt,keepalive") return std::make_unique<KeepAliveStats>();
  if (name == "mqtt,notes") return std::make_unique<NoteStats>();
  if (name == "mqtt,flow") return std::make_unique<FlowDiagram>(mermaid, limits);
  return nullptr;
}

}  // namespace

std::unique_ptr<Analyzer> Analyzer::create(const std::vector<std::string>& names, bool mermaid,
                                           const Limits& limits, std::string& error) {
  std::unique_ptr<Analyzer> analyzer(new Analyzer(limits));
  std::vector<std::string> seen;
  for (const std::string& name : names) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    auto module = make_module(name, mermaid, limits);
    if (!module) {
      error = fmt::format("unknown statistic '{}' (known: {})", name,
                          fmt::join(statistic_names(), ", "));
      return nullptr;
    }
    seen.push_back(name);
    analyzer->modules_.push_back(std::move(module));
  }
  return analyzer;
}

void Analyzer::on_connection(const ConnectionFacts& connection) {
  for (auto& m : modules_) m->on_connection(connection);
}

void Analyzer::set_pairs_wanted(bool wanted) {
  pairing_on_ = wanted || std::any_of(modules_.begin(), modules_.end(),
                                      [](const auto& m) { return m->uses_pairs(); });
}

PairEvent Analyzer::on_packet(const PacketFacts& packet) {
  if (!seen_) first_ = packet.time;
  seen_ = true;
  last_ = packet.time;
  PairEvent pair = pairing_on_ ? pairing_.on_packet(packet) : PairEvent{};
  for (auto& m : modules_) m->on_packet(packet, pair);
  return pair;
}

void Analyzer::on_connection_end(std::uint32_t stream, EndReason reason, Timestamp time) {
  if (time.total_ns() > last_.total_ns()) last_ = time;
  for (auto& m : modules_) m->on_connection_end(stream, reason, time);
}

void Analyzer::finish(Timestamp capture_start) {
  for (auto& m : modules_) m->finish(seen_ ? capture_start : first_, last_);
}

void Analyzer::write_text(std::string& out) const {
  for (const auto& m : modules_) m->write_text(out);
}

void Analyzer::write_json_members(std::string& out) const {
  for (std::size_t i = 0; i < modules_.size(); ++i) {
    out += fmt::format("{}\"mqtt,{}\":", i ? "," : "", modules_[i]->name());
    modules_[i]->write_json(out);
  }
}

}  // namespace mqscope::analyze
