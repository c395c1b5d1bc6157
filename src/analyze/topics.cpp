// -z mqtt,topics.
#include <vector>

#include <fmt/format.h>

#include "mqscope/analyze/modules.hpp"
#include "mqscope/analyze/table.hpp"
#include "mqscope/core/json_text.hpp"

namespace mqscope::analyze {

namespace {

constexpr std::uint8_t kConnect = 1, kPublish = 3, kSubscribe = 8;

std::string list(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + (n.empty() ? "(empty)" : n);
  return out;
}

std::string json_list(const std::set<std::string>& names) {
  std::string out = "[";
  for (const std::string& n : names) {
    if (out.size() > 1) out += ",";
    append_json_string(out, n);
  }
  return out + "]";
}

std::uint64_t since(Timestamp from, Timestamp to) {
  std::int64_t d = to.total_ns() - from.total_ns();
  return d < 0 ? 0 : static_cast<std::uint64_t>(d);
}

double rate(std::uint64_t count, Timestamp first, Timestamp last) {
  double seconds = static_cast<double>(last.total_ns() - first.total_ns()) / 1e9;
  return seconds > 0 ? static_cast<double>(count) / seconds : 0;
}

std::vector<std::string> levels(const std::string& topic) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = topic.find('/', start);
    out.push_back(topic.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) return out;
    start = slash + 1;
  }
}

}  // namespace

void TopicStats::on_packet(const PacketFacts& p, const PairEvent&) {
  if (p.type == kConnect && p.from_client) client_ids_[p.stream] = p.client_id;
  const std::string& client = client_ids_[p.stream];
  if (p.type == kSubscribe) {
    for (std::string_view f : p.topics) filters_[std::string(f)].insert(client);
    return;
  }
  if (p.type != kPublish || p.topics.empty()) return;
  auto it = topics_.find(p.topics.front());
  if (it == topics_.end()) {
    if (topics_.size() >= limits_->stats_topics) {
      ++not_listed_;
      return;
    }
    it = topics_.emplace(std::string(p.topics.front()), Topic{}).first;
    it->second.first = p.time;
  }
  Topic& t = it->second;
  ++t.publishes[p.from_client ? 0 : 1];
  t.payload_bytes += p.payload_bytes;
  ++t.qos[p.qos < 3 ? p.qos : 2];
  t.retained += p.retain ? 1 : 0;
  (p.from_client ? t.publishers : t.subscribers).insert(client);
  t.last = p.time;
}

void TopicStats::write_text(std::string& out) const {
  write_heading(out, name(), "PUBLISH traffic per topic, as a tree of topic levels");
  if (topics_.empty()) out += "  no PUBLISH packets\n";
  Table table({"topic", "published", "delivered", "payload bytes", "q0/q1/q2", "retained",
               "publishers", "subscribers", "first", "last", "msg/s"});
  std::vector<std::string> previous;
  for (const auto& [topic, t] : topics_) {
    std::vector<std::string> path = levels(topic);
    // Levels shared with the previous topic are already on screen; new parents get a row.
    std::size_t same = 0;
    while (same + 1 < path.size() && same < previous.size() && path[same] == previous[same]) ++same;
    for (std::size_t d = same; d + 1 < path.size(); ++d)
      table.add({std::string(2 * d, ' ') + path[d] + "/"});
    table.add({std::string(2 * (path.size() - 1), ' ') + path.back(), std::to_string(t.publishes[0]),
               std::to_string(t.publishes[1]), std::to_string(t.payload_bytes),
               fmt::format("{}/{}/{}", t.qos[0], t.qos[1], t.qos[2]), std::to_string(t.retained),
               list(t.publishers), list(t.subscribers), seconds(since(first_, t.first)),
               seconds(since(first_, t.last)),
               fmt::format("{:.2f}", rate(t.publishes[0] + t.publishes[1], t.first, t.last))});
    previous = std::move(path);
  }
  if (!table.empty()) table.write(out);
  if (!filters_.empty()) {
    out += "  subscriptions:\n";
    Table subs({"topic filter", "subscribed by"});
    for (const auto& [filter, clients] : filters_) subs.add({filter, list(clients)});
    subs.write(out);
  }
  if (not_listed_ > 0)
    out += fmt::format("  ({} PUBLISH packets to further topics not listed: limit)\n", not_listed_);
}

void TopicStats::write_json(std::string& out) const {
  out += "{\"topics\":{";
  bool first = true;
  for (const auto& [topic, t] : topics_) {
    out += first ? "" : ",";
    first = false;
    append_json_string(out, topic);
    out += fmt::format(
        ":{{\"published\":{},\"delivered\":{},\"payload_bytes\":{},\"qos\":[{},{},{}],"
        "\"retained\":{},\"publishers\":{},\"subscribers\":{},\"first\":{:.9f},\"last\":{:.9f},"
        "\"rate\":{:.6f}}}",
        t.publishes[0], t.publishes[1], t.payload_bytes, t.qos[0], t.qos[1], t.qos[2],
        t.retained, json_list(t.publishers), json_list(t.subscribers),
        static_cast<double>(since(first_, t.first)) / 1e9,
        static_cast<double>(since(first_, t.last)) / 1e9,
        rate(t.publishes[0] + t.publishes[1], t.first, t.last));
  }
  out += "},\"subscriptions\":{";
  first = true;
  for (const auto& [filter, clients] : filters_) {
    out += first ? "" : ",";
    first = false;
    append_json_string(out, filter);
    out += ':';
    out += json_list(clients);
  }
  out += "}}";
}

}  // namespace mqscope::analyze
