// -z mqtt,sessions and -z mqtt,keepalive.
#include <fmt/format.h>

#include "mqscope/analyze/modules.hpp"
#include "mqscope/analyze/table.hpp"
#include "mqscope/core/json_text.hpp"

namespace mqscope::analyze {

namespace {

constexpr std::uint8_t kConnect = 1, kConnack = 2, kDisconnect = 14;

std::uint64_t ns_between(Timestamp a, Timestamp b) {
  std::int64_t d = b.total_ns() - a.total_ns();
  return d < 0 ? 0 : static_cast<std::uint64_t>(d);
}

std::string version_name(std::uint8_t v) {
  return v == 3 ? "3.1" : v == 4 ? "3.1.1" : v == 5 ? "5.0" : "?";
}

std::string quoted(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

}  // namespace

const char* end_reason_name(EndReason reason) {
  switch (reason) {
    case EndReason::Open: return "open";
    case EndReason::Disconnect: return "DISCONNECT";
    case EndReason::Fin: return "TCP FIN";
    case EndReason::Reset: return "TCP RST";
    case EndReason::Idle: return "idle";
    case EndReason::Evicted: return "evicted";
    case EndReason::CaptureEnd: return "capture end";
  }
  return "?";
}

SessionStats::Session* SessionStats::find(std::uint32_t stream, Timestamp time) {
  auto it = sessions_.find(stream);
  if (it != sessions_.end()) return &it->second;
  if (sessions_.size() >= limits_->stats_sessions) {
    ++not_listed_;
    return nullptr;
  }
  Session& s = sessions_[stream];
  s.connection.stream = stream;
  s.start = s.end = time;
  return &s;
}

void SessionStats::on_connection(const ConnectionFacts& c) {
  auto it = sessions_.find(c.stream);
  if (it == sessions_.end()) {
    if (sessions_.size() >= limits_->stats_sessions) return;
    it = sessions_.emplace(c.stream, Session{}).first;
  }
  it->second.connection = c;
}

void SessionStats::on_packet(const PacketFacts& p, const PairEvent&) {
  Session* s = find(p.stream, p.time);
  if (!s) return;
  if (s->packets[0] + s->packets[1] == 0) s->start = p.time;
  std::size_t d = p.from_client ? 0 : 1;
  ++s->packets[d];
  s->bytes[d] += p.packet_bytes;
  s->end = p.time;
  s->notes += p.notes.size();
  if (p.type == kConnect && p.from_client) {
    s->version = p.version;
    s->client_id = p.client_id;
    s->username = p.username;
    s->clean_start = p.clean_start;
    s->session_expiry = p.session_expiry;
    s->keepalive = p.keepalive;
  } else if (p.type == kConnack && p.server_keepalive) {
    s->keepalive = p.server_keepalive;  // MQTT 5.0 §3.2.2.3.14: the server's value wins
  } else if (p.type == kDisconnect) {
    s->ended = EndReason::Disconnect;
    s->disconnect_reason = p.reason_code;
    s->disconnect_by_client = p.from_client;
  }
}

void SessionStats::on_connection_end(std::uint32_t stream, EndReason reason, Timestamp time) {
  auto it = sessions_.find(stream);
  if (it == sessions_.end()) return;
  Session& s = it->second;
  if (ns_between(s.end, time) > 0) s.end = time;
  if (s.ended == EndReason::Open) s.ended = reason;
}

void SessionStats::write_text(std::string& out) const {
  write_heading(out, name(), "one row per MQTT connection");
  Table table({"stream", "client", "broker", "via", "MQTT", "client id", "user", "clean",
               "keep-alive", "start", "duration", "packets c→b", "bytes c→b", "packets b→c",
               "bytes b→c", "ended by", "notes"});
  for (const auto& [stream, s] : sessions_) {
    std::string via = s.connection.transport;
    if (!s.connection.subprotocol.empty()) via += "/" + s.connection.subprotocol;
    std::string ended = end_reason_name(s.ended);
    if (s.ended == EndReason::Disconnect) {
      ended = fmt::format("DISCONNECT{}{}", s.disconnect_by_client ? "" : " (broker)",
                          s.disconnect_reason ? fmt::format(" 0x{:02x}", *s.disconnect_reason) : "");
    }
    table.add({std::to_string(stream), s.connection.client, s.connection.broker, via,
               version_name(s.version), s.client_id, s.username,
               s.clean_start ? (*s.clean_start ? "yes" : "no") : "",
               s.keepalive ? std::to_string(*s.keepalive) : "", seconds(ns_between(first_, s.start)), seconds(ns_between(s.start, s.end)), std::to_string(s.packets[0]),
               std::to_string(s.bytes[0]), std::to_string(s.packets[1]), std::to_string(s.bytes[1]),
               ended, std::to_string(s.notes)});
  }
  if (table.empty()) out += "  no MQTT connections\n";
  else table.write(out);
  if (not_listed_ > 0) out += fmt::format("  ({} packets of further connections not listed: limit)\n", not_listed_);
}

void SessionStats::write_json(std::string& out) const {
  out += "[";
  bool first = true;
  for (const auto& [stream, s] : sessions_) {
    out += first ? "" : ",";
    first = false;
    out += fmt::format(
        "{{\"stream\":{},\"client\":{},\"broker\":{},\"transport\":{},\"subprotocol\":{},"
        "\"version\":{},\"client_id\":{},\"username\":{},\"keepalive\":{},\"start\":{:.9f},"
        "\"duration\":{:.9f},\"packets_c2s\":{},\"bytes_c2s\":{},\"packets_s2c\":{},"
        "\"bytes_s2c\":{},\"ended_by\":{},\"notes\":{}}}",
        stream, quoted(s.connection.client), quoted(s.connection.broker),
        quoted(s.connection.transport), quoted(s.connection.subprotocol),
        quoted(version_name(s.version)), quoted(s.client_id), quoted(s.username),
        s.keepalive ? std::to_string(*s.keepalive) : "null",
        static_cast<double>(ns_between(first_, s.start)) / 1e9,
        static_cast<double>(ns_between(s.start, s.end)) / 1e9, s.packets[0], s.bytes[0],
        s.packets[1], s.bytes[1], quoted(end_reason_name(s.ended)), s.notes);
  }
  out += "]";
}

void KeepAliveStats::check(std::uint32_t stream, State& s, Timestamp now, bool until_end) {
  if (s.keepalive == 0 || !s.seen_client) return;  // keep-alive 0: the mechanism is off
  std::uint64_t allowed = std::uint64_t{s.keepalive} * 1'500'000'000ull;
  if (ns_between(s.last, now) > allowed)
    silences_.push_back({stream, s.client_id, s.keepalive, s.last_frame, s.last, now, until_end});
}

void KeepAliveStats::on_packet(const PacketFacts& p, const PairEvent&) {
  State& s = states_[p.stream];
  if (p.type == kConnect && p.from_client) {
    s.client_id = p.client_id;
    s.keepalive = p.keepalive.value_or(0);
  }
  if (p.type == kConnack && p.server_keepalive) s.keepalive = *p.server_keepalive;
  if (!p.from_client) return;
  check(p.stream, s, p.time, false);
  s.seen_client = true;
  s.last = p.time;
  s.last_frame = p.frame;
  if (p.type == kDisconnect) s.disconnected = true;
}

void KeepAliveStats::on_connection_end(std::uint32_t stream, EndReason, Timestamp time) {
  auto it = states_.find(stream);
  if (it == states_.end()) return;
  if (!it->second.disconnected) check(stream, it->second, time, true);
  states_.erase(it);
}

void KeepAliveStats::finish(Timestamp first, Timestamp last) {
  first_ = first;
  for (auto& [stream, s] : states_)
    if (!s.disconnected) check(stream, s, last, true);
  states_.clear();
}

void KeepAliveStats::write_text(std::string& out) const {
  write_heading(out, name(), "clients silent longer than 1.5 x keep-alive");
  if (silences_.empty()) {
    out += "  none\n";
    return;
  }
  Table table({"stream", "client id", "keep-alive", "silent for", "after frame", "from", "to"});
  for (const Silence& s : silences_)
    table.add({std::to_string(s.stream), s.client_id, std::to_string(s.keepalive),
               seconds(ns_between(s.from, s.to)), fmt::format("#{}", s.after_frame),
               seconds(ns_between(first_, s.from)),
               s.until_end ? "end" : seconds(ns_between(first_, s.to))});
  table.write(out);
}

void KeepAliveStats::write_json(std::string& out) const {
  out += "[";
  for (std::size_t i = 0; i < silences_.size(); ++i) {
    const Silence& s = silences_[i];
    out += fmt::format("{}{{\"stream\":{},\"client_id\":{},\"keepalive\":{},\"silent\":{:.9f},"
                       "\"after_frame\":{},\"until_end\":{}}}",
                       i ? "," : "", s.stream, quoted(s.client_id), s.keepalive,
                       static_cast<double>(ns_between(s.from, s.to)) / 1e9, s.after_frame,
                       s.until_end ? "true" : "false");
  }
  out += "]";
}

}  // namespace mqscope::analyze
