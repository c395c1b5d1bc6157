#include "mqscope/analyze/pairing.hpp"

#include <algorithm>
#include <bit>
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
  std::size_t bucket = find(key);
  bool waiting = bucket < buckets_.size();
  if (rule->request) {
    event.kind = PairEvent::Kind::Request;
    event.duplicate = p.type == 3 && p.dup;
    event.id_reused = has_packet_id(rule->exchange) && waiting && !event.duplicate;
    open_request(key, p, bucket);
    return event;
  }
  if (!waiting) {
    event.kind = PairEvent::Kind::Unsolicited;
    return event;
  }
  // The oldest waiting request with this key.
  const Request& r = requests_[buckets_[bucket].oldest];
  event.kind = PairEvent::Kind::Response;
  event.request_frame = r.frame;
  event.request_index = r.index;
  std::int64_t ns = p.time.total_ns() - r.time.total_ns();
  event.latency_ns = ns < 0 ? 0 : static_cast<std::uint64_t>(ns);
  close_oldest(bucket);
  return event;
}

// `bucket`: where find(key) found the key (or buckets_.size()).
void Pairing::open_request(const Key& key, const PacketFacts& p, std::size_t bucket) {
  if (max_open_ == 0) {
    ++dropped_;
    return;
  }
  if (live_ >= max_open_) {  // bounded: forget the oldest request of all
    close_oldest(find(requests_[oldest_].key));
    ++dropped_;
    bucket = find(key);  // the deletion may have moved it
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
  add_to_bucket(key, slot, bucket);
  ++open_by_kind_[static_cast<std::size_t>(key.exchange)];
  ++live_;
}

std::size_t Pairing::home(const Key& key) const {
  std::uint64_t v = (std::uint64_t{key.stream} << 32) ^ (std::uint64_t{key.id} << 4) ^
                    (static_cast<std::uint64_t>(key.exchange) << 1) ^ (key.from_client ? 1 : 0);
  // Fibonacci hashing: the top bits of the product depend on every bit of the key.
  v *= 0x9e3779b97f4a7c15ull;
  return static_cast<std::size_t>(v >> (64 - std::countr_zero(buckets_.size())));
}

std::size_t Pairing::find(const Key& key) const {
  if (buckets_.empty()) return 0;
  std::size_t mask = buckets_.size() - 1;
  for (std::size_t i = home(key); buckets_[i].oldest != kNone; i = (i + 1) & mask)
    if (requests_[buckets_[i].oldest].key == key) return i;
  return buckets_.size();
}

void Pairing::add_to_bucket(const Key& key, std::uint32_t request, std::size_t found) {
  if (found < buckets_.size()) {  // equal keys keep their order of arrival
    requests_[buckets_[found].newest].next_same_key = request;
    buckets_[found].newest = request;
    return;
  }
  if ((keys_ + 1) * 2 > buckets_.size()) grow();
  std::size_t mask = buckets_.size() - 1;
  std::size_t i = home(key);
  while (buckets_[i].oldest != kNone) i = (i + 1) & mask;
  buckets_[i] = Bucket{request, request};
  ++keys_;
}

// Closes the oldest request of the key at `bucket` and frees its slot.
void Pairing::close_oldest(std::size_t bucket) {
  std::uint32_t r = buckets_[bucket].oldest;
  Request& request = requests_[r];
  if (request.next_same_key == kNone)
    erase_bucket(bucket);
  else
    buckets_[bucket].oldest = request.next_same_key;
  (request.older != kNone ? requests_[request.older].newer : oldest_) = request.newer;
  (request.newer != kNone ? requests_[request.newer].older : newest_) = request.older;
  --open_by_kind_[static_cast<std::size_t>(request.key.exchange)];
  --live_;
  request.next_same_key = free_;
  free_ = r;
}

// Backward-shift deletion: the buckets after the emptied one that probed past it move back,
// so that every key stays reachable from its home without tombstones.
void Pairing::erase_bucket(std::size_t bucket) {
  std::size_t mask = buckets_.size() - 1;
  std::size_t hole = bucket;
  for (std::size_t i = (bucket + 1) & mask; buckets_[i].oldest != kNone; i = (i + 1) & mask) {
    std::size_t from_home = (i - home(requests_[buckets_[i].oldest].key)) & mask;
    if (from_home >= ((i - hole) & mask)) {
      buckets_[hole] = buckets_[i];
      hole = i;
    }
  }
  buckets_[hole] = Bucket{};
  --keys_;
}

void Pairing::grow() {
  std::vector<Bucket> old = std::move(buckets_);
  buckets_.assign(std::max<std::size_t>(16, old.size() * 2), Bucket{});
  std::size_t mask = buckets_.size() - 1;
  for (const Bucket& b : old) {
    if (b.oldest == kNone) continue;
    std::size_t i = home(requests_[b.oldest].key);
    while (buckets_[i].oldest != kNone) i = (i + 1) & mask;
    buckets_[i] = b;
  }
}

}  // namespace mqscope::analyze
