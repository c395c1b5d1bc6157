#include "mqscope/core/limit_names.hpp"

#include <array>
#include <charconv>
#include <limits>

namespace mqscope {

namespace {

// Each limit is a std::size_t or a std::uint32_t member.
struct Member {
  std::string_view name;
  std::size_t Limits::*size;
  std::uint32_t Limits::*u32;
};

constexpr std::array kMembers = {
    Member{"capture_block_bytes", &Limits::capture_block_bytes, nullptr},
    Member{"ip_fragment_bytes", &Limits::ip_fragment_bytes, nullptr},
    Member{"ip_fragment_datagrams", &Limits::ip_fragment_datagrams, nullptr},
    Member{"ip_fragment_timeout_s", nullptr, &Limits::ip_fragment_timeout_s},
    Member{"max_flows", &Limits::max_flows, nullptr},
    Member{"flow_idle_timeout_s", nullptr, &Limits::flow_idle_timeout_s},
    Member{"flow_closed_linger_s", nullptr, &Limits::flow_closed_linger_s},
    Member{"tcp_out_of_order_bytes", &Limits::tcp_out_of_order_bytes, nullptr},
    Member{"tcp_out_of_order_segments", &Limits::tcp_out_of_order_segments, nullptr},
    Member{"tcp_hole_wait_segments", nullptr, &Limits::tcp_hole_wait_segments},
    Member{"tcp_recent_bytes", &Limits::tcp_recent_bytes, nullptr},
    Member{"tcp_recent_runs", &Limits::tcp_recent_runs, nullptr},
    Member{"recall_frames", &Limits::recall_frames, nullptr},
    Member{"recall_copy_bytes", &Limits::recall_copy_bytes, nullptr},
    Member{"http_head_bytes", &Limits::http_head_bytes, nullptr},
    Member{"upgrade_hold_bytes", &Limits::upgrade_hold_bytes, nullptr},
    Member{"midstream_sniff_bytes", &Limits::midstream_sniff_bytes, nullptr},
    Member{"ws_control_payload_bytes", &Limits::ws_control_payload_bytes, nullptr},
    Member{"ws_message_bytes_kept", &Limits::ws_message_bytes_kept, nullptr},
    Member{"ws_inflated_bytes", &Limits::ws_inflated_bytes, nullptr},
    Member{"ws_inflate_ratio", nullptr, &Limits::ws_inflate_ratio},
    Member{"ws_resync_window_bytes", &Limits::ws_resync_window_bytes, nullptr},
    Member{"mqtt_packet_bytes", &Limits::mqtt_packet_bytes, nullptr},
    Member{"mqtt_properties", &Limits::mqtt_properties, nullptr},
    Member{"mqtt_topic_aliases", &Limits::mqtt_topic_aliases, nullptr},
    Member{"mqtt_resync_window_bytes", &Limits::mqtt_resync_window_bytes, nullptr},
    Member{"summary_payload_chars", &Limits::summary_payload_chars, nullptr},
    Member{"ws_frame_packets_held", &Limits::ws_frame_packets_held, nullptr},
    Member{"latency_samples", &Limits::latency_samples, nullptr},
    Member{"open_exchanges", &Limits::open_exchanges, nullptr},
    Member{"stats_sessions", &Limits::stats_sessions, nullptr},
    Member{"stats_topics", &Limits::stats_topics, nullptr},
    Member{"flow_packets", &Limits::flow_packets, nullptr},
    Member{"regex_match_steps", nullptr, &Limits::regex_match_steps},
    Member{"regex_heap_bytes", &Limits::regex_heap_bytes, nullptr},
};

constexpr std::array<LimitName, kMembers.size()> make_names() {
  std::array<LimitName, kMembers.size()> names{};
  for (std::size_t i = 0; i < kMembers.size(); ++i) {
    names[i] = {kMembers[i].name, kMembers[i].size ? std::numeric_limits<std::size_t>::max()
                                                   : std::numeric_limits<std::uint32_t>::max()};
  }
  return names;
}

constexpr auto kNames = make_names();

const Member* find(std::string_view name) {
  for (const Member& m : kMembers)
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace

std::span<const LimitName> limit_names() {
  return kNames;
}

bool set_limit(Limits& limits, std::string_view name, std::uint64_t value, std::string& error) {
  const Member* m = find(name);
  if (m == nullptr) {
    error = "unknown limit '" + std::string(name) + "' (the names: README, Limits)";
    return false;
  }
  std::uint64_t max =
      m->size ? std::numeric_limits<std::size_t>::max() : std::numeric_limits<std::uint32_t>::max();
  if (value < 1 || value > max) {
    error = "limit " + std::string(name) + " must be from 1 to " + std::to_string(max);
    return false;
  }
  if (m->size)
    limits.*(m->size) = static_cast<std::size_t>(value);
  else
    limits.*(m->u32) = static_cast<std::uint32_t>(value);
  return true;
}

bool set_limit(Limits& limits, std::string_view assignment, std::string& error) {
  std::size_t equals = assignment.find('=');
  std::uint64_t value = 0;
  std::string_view digits = equals == std::string_view::npos ? "" : assignment.substr(equals + 1);
  auto [end, problem] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (equals == std::string_view::npos || digits.empty() || problem != std::errc{} ||
      end != digits.data() + digits.size()) {
    error = "--limit takes NAME=N (a decimal number), not '" + std::string(assignment) + "'";
    return false;
  }
  return set_limit(limits, assignment.substr(0, equals), value, error);
}

std::uint64_t limit_value(const Limits& limits, std::string_view name) {
  const Member* m = find(name);
  if (m == nullptr) return 0;
  return m->size ? std::uint64_t{limits.*(m->size)} : std::uint64_t{limits.*(m->u32)};
}

}  // namespace mqscope
