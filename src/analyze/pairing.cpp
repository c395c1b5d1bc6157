#include "mqscope/analyze/pairing.hpp"

#include <algorithm>
#include <optional>

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
  Bucket* waiting = find(key);
  if (rule->request) {
    event.kind = PairEvent::Kind::Request;
    event.duplicate = p.type == 3 && p.dup;
    event.id_reused = has_packet_id(rule->exchange) && waiting != nullptr && !event.duplicate;
    open_request(key, p, waiting);
    return event;
  }
  if (waiting == nullptr) {
    event.kind = PairEvent::Kind::Unsolicited;
    return event;
  }
  // The oldest waiting request with this key.
  const Request& r = requests_[waiting->oldest];
  event.kind = PairEvent::Kind::Response;
  event.request_frame = r.frame;
  event.request_index = r.index;
  std::int64_t ns = p.time.total_ns() - r.time.total_ns();
  event.latency_ns = ns < 0 ? 0 : static_cast<std::uint64_t>(ns);
  close_oldest(key, *waiting);
  return event;
}

std::uint64_t Pairing::hash_of(const Key& key) {
  return mix_hash((std::uint64_t{key.stream} << 32) ^ (std::uint64_t{key.id} << 4) ^
                  (static_cast<std::uint64_t>(key.exchange) << 1) ^ (key.from_client ? 1 : 0));
}

Pairing::Bucket* Pairing::find(const Key& key) {
  return buckets_.find(hash_of(key),
                       [&](const Bucket& b) { return requests_[b.oldest].key == key; });
}

// `same`: the bucket of `key`, if it has one.
void Pairing::open_request(const Key& key, const PacketFacts& p, Bucket* same) {
  if (max_open_ == 0) {
    ++dropped_;
    return;
  }
  if (live_ >= max_open_) {  // bounded: forget the oldest request of all
    Key oldest = requests_[oldest_].key;
    close_oldest(oldest, *find(oldest));
    ++dropped_;
    same = find(key);  // the deletion may have moved it
  }
  std::uint32_t slot = free_;
  if (slot != kNone) {
    free_ = requests_[slot].next_same_key;
  } else {
    slot = static_cast<std::uint32_t>(requests_.size());
    requests_.emplace_back();
  }
  requests_[slot] = Request{key, p.frame, p.index_in_frame, p.time, kNone, newest_, kNone};
  if (newest_ != kNone) requests_[newest_].newer = slot;
  newest_ = slot;
  if (oldest_ == kNone) oldest_ = slot;
  if (same != nullptr) {  // equal keys keep their order of arrival
    requests_[same->newest].next_same_key = slot;
    same->newest = slot;
  } else {
    buckets_.insert(hash_of(key), Bucket{slot, slot});
  }
  ++open_by_kind_[static_cast<std::size_t>(key.exchange)];
  ++live_;
}

// Closes the oldest request of `key` (whose bucket is `bucket`) and frees its slot.
void Pairing::close_oldest(const Key& key, Bucket& bucket) {
  std::uint32_t r = bucket.oldest;
  Request& request = requests_[r];
  if (request.next_same_key == kNone)
    buckets_.erase(hash_of(key), [&](const Bucket& b) { return b.oldest == r; });
  else
    bucket.oldest = request.next_same_key;
  (request.older != kNone ? requests_[request.older].newer : oldest_) = request.newer;
  (request.newer != kNone ? requests_[request.newer].older : newest_) = request.older;
  --open_by_kind_[static_cast<std::size_t>(request.key.exchange)];
  --live_;
  request.next_same_key = free_;
  free_ = r;
}

}  // namespace mqscope::analyze
