// -z mqtt,qos and -z mqtt,latency.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "mqscope/analyze/modules.hpp"
#include "mqscope/analyze/table.hpp"

namespace mqscope::analyze {

namespace {

struct Summary {
  std::size_t count = 0;
  std::uint64_t min = 0, median = 0, p95 = 0, max = 0;
};

// Nearest-rank percentiles of the samples.
Summary summarise(std::vector<std::uint64_t> samples) {
  Summary s;
  s.count = samples.size();
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  auto rank = [&](double p) {
    auto r = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size())));
    return samples[std::clamp<std::size_t>(r, 1, samples.size()) - 1];
  };
  s.min = samples.front();
  s.median = rank(0.5);
  s.p95 = rank(0.95);
  s.max = samples.back();
  return s;
}

std::string latency_json(const std::vector<std::uint64_t>& samples) {
  Summary s = summarise(samples);
  auto sec = [](std::uint64_t ns) { return fmt::format("{:.9f}", static_cast<double>(ns) / 1e9); };
  return fmt::format("{{\"count\":{},\"min\":{},\"median\":{},\"p95\":{},\"max\":{}}}", s.count,
                     sec(s.min), sec(s.median), sec(s.p95), sec(s.max));
}

}  // namespace

void ExchangeStats::count(Kind& kind, const PairEvent& pair) const {
  switch (pair.kind) {
    case PairEvent::Kind::Request:
      ++kind.requests;
      kind.duplicates += pair.duplicate ? 1 : 0;
      kind.ids_reused += pair.id_reused ? 1 : 0;
      break;
    case PairEvent::Kind::Response:
      ++kind.completed;
      if (kind.latencies.size() < limits_->latency_samples) kind.latencies.push_back(pair.latency_ns);
      break;
    case PairEvent::Kind::Unsolicited: ++kind.unsolicited; break;
    case PairEvent::Kind::None: break;
  }
}

void ExchangeStats::on_packet(const PacketFacts& p, const PairEvent& pair) {
  if (pair.kind == PairEvent::Kind::None) return;
  auto e = static_cast<std::size_t>(pair.exchange);
  count(kinds_[e], pair);
  if (latency_) count(per_session_[p.stream][e], pair);
}

void ExchangeStats::write_qos_text(std::string& out) const {
  write_heading(out, name(), "request and response pairs");
  Table table({"exchange", "requests", "completed", "open at end", "unsolicited responses",
               "duplicates (DUP)", "ids reused in flight"});
  for (int e = 0; e < kExchangeKinds; ++e) {
    const Kind& k = kinds_[static_cast<std::size_t>(e)];
    if (k.requests + k.unsolicited == 0) continue;
    std::uint64_t open = k.requests > k.completed ? k.requests - k.completed : 0;
    table.add({std::string(exchange_name(static_cast<Exchange>(e))), std::to_string(k.requests),
               std::to_string(k.completed), std::to_string(open), std::to_string(k.unsolicited),
               std::to_string(k.duplicates), std::to_string(k.ids_reused)});
  }
  if (table.empty()) out += "  no exchanges\n";
  else table.write(out);
}

void ExchangeStats::write_latency_text(std::string& out) const {
  write_heading(out, name(), "response times in seconds");
  auto rows = [](Table& table, const std::array<Kind, kExchangeKinds>& kinds, const std::string& who) {
    for (int e = 0; e < kExchangeKinds; ++e) {
      Summary s = summarise(kinds[static_cast<std::size_t>(e)].latencies);
      if (s.count == 0) continue;
      table.add({who, std::string(exchange_name(static_cast<Exchange>(e))), std::to_string(s.count),
                 seconds(s.min), seconds(s.median), seconds(s.p95), seconds(s.max)});
    }
  };
  Table table({"session", "exchange", "count", "min", "median", "p95", "max"});
  rows(table, kinds_, "all");
  for (const auto& [stream, kinds] : per_session_) rows(table, kinds, fmt::format("tcp.stream {}", stream));
  if (table.empty()) out += "  no completed exchanges\n";
  else table.write(out);
}

void ExchangeStats::write_text(std::string& out) const {
  if (latency_) write_latency_text(out);
  else write_qos_text(out);
}

void ExchangeStats::write_json(std::string& out) const {
  out += "{";
  bool first = true;
  for (int e = 0; e < kExchangeKinds; ++e) {
    const Kind& k = kinds_[static_cast<std::size_t>(e)];
    if (k.requests + k.unsolicited == 0) continue;
    out += fmt::format("{}\"{}\":", first ? "" : ",", exchange_name(static_cast<Exchange>(e)));
    first = false;
    if (latency_) {
      out += latency_json(k.latencies);
      continue;
    }
    std::uint64_t open = k.requests > k.completed ? k.requests - k.completed : 0;
    out += fmt::format(
        "{{\"requests\":{},\"completed\":{},\"open\":{},\"unsolicited\":{},\"duplicates\":{},"
        "\"ids_reused\":{}}}",
        k.requests, k.completed, open, k.unsolicited, k.duplicates, k.ids_reused);
  }
  out += "}";
}

}  // namespace mqscope::analyze
