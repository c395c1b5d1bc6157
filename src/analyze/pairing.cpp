#include "mqscope/analyze/pairing.hpp"

namespace mqscope::analyze {

namespace {

struct Rule {
  bool request;  // this packet type opens (true) or closes (false) the exchange
  Exchange exchange;
};

// What a packet does in the exchanges; nullopt for packets outside them.
std::optional<Rule> rule_for(const PacketFacts& p) {
  switch (p.type) {
    case 1: return Rule{true, Exchange::Connect};
    case 2: return Rule{false, Exchange::Connect};
    case 3:
      if (p.qos == 1) return Rule{true, Exchange::PublishQos1};
      if (p.qos == 2) return Rule{true, Exchange::PublishQos2};
      return std::nullopt;
    case 4: return Rule{false, Exchange::PublishQos1};
    case 5: return Rule{false, Exchange::PublishQos2};
    case 6: return Rule{true, Exchange::Release};
    case 7: return Rule{false, Exchange::Release};
    case 8: return Rule{true, Exchange::Subscribe};
    case 9: return Rule{false, Exchange::Subscribe};
    case 10: return Rule{true, Exchange::Unsubscribe};
    case 11: return Rule{false, Exchange::Unsubscribe};
    case 12: return Rule{true, Exchange::Ping};
    case 13: return Rule{false, Exchange::Ping};
    default: return std::nullopt;
  }
}

bool has_packet_id(Exchange e) {
  return e != Exchange::Connect && e != Exchange::Ping;
}

}  // namespace

std::string_view exchange_name(Exchange e) {
  switch (e) {
    case Exchange::Connect: return "CONNECT→CONNACK";
    case Exchange::Subscribe: return "SUBSCRIBE→SUBACK";
    case Exchange::Unsubscribe: return "UNSUBSCRIBE→UNSUBACK";
    case Exchange::PublishQos1: return "PUBLISH(QoS 1)→PUBACK";
    case Exchange::PublishQos2: return "PUBLISH(QoS 2)→PUBREC";
    case Exchange::Release: return "PUBREL→PUBCOMP";
    case Exchange::Ping: return "PINGREQ→PINGRESP";
  }
  return "?";
}

PairEvent Pairing::on_packet(const PacketFacts& p) {
  PairEvent event;
  std::optional<Rule> rule = rule_for(p);
  if (!rule) return event;
  event.exchange = rule->exchange;
  std::uint32_t id = has_packet_id(rule->exchange) && p.packet_id ? *p.packet_id : 0;
  // A response travels the other way from its request.
  Key key{p.stream, rule->request ? p.from_client : !p.from_client, rule->exchange, id};
  if (rule->request) {
    event.kind = PairEvent::Kind::Request;
    event.duplicate = p.type == 3 && p.dup;
    event.id_reused = has_packet_id(rule->exchange) && open_.count(key) > 0 && !event.duplicate;
    if (open_.size() >= max_open_) {
      open_.erase(open_.begin());  // bounded: forget the oldest-keyed exchange
      ++dropped_;
    }
    open_.emplace(key, Waiting{p.frame, p.index_in_frame, p.time});
    return event;
  }
  // The oldest waiting request with this key (equal keys keep their insertion order).
  auto it = open_.lower_bound(key);
  if (it == open_.end() || key < it->first) {
    event.kind = PairEvent::Kind::Unsolicited;
    return event;
  }
  event.kind = PairEvent::Kind::Response;
  event.request_frame = it->second.frame;
  event.request_index = it->second.index;
  std::int64_t ns = p.time.total_ns() - it->second.time.total_ns();
  event.latency_ns = ns < 0 ? 0 : static_cast<std::uint64_t>(ns);
  open_.erase(it);
  return event;
}

std::size_t Pairing::open(Exchange e) const {
  std::size_t n = 0;
  for (const auto& [key, waiting] : open_) n += key.exchange == e ? 1 : 0;
  return n;
}

}  // namespace mqscope::analyze
