// Request/response pairing (MQTT 3.1.1 §4.3 and §4.6; 5.0 §4.3): CONNECT→CONNACK,
// SUBSCRIBE→SUBACK, UNSUBSCRIBE→UNSUBACK, PUBLISH(QoS 1)→PUBACK, PUBLISH(QoS 2)→PUBREC,
// PUBREL→PUBCOMP, PINGREQ→PINGRESP. Requests wait, keyed by connection, direction, kind and
// packet identifier; a response closes the oldest matching one. At most max_open wait: past
// that, the oldest request of all is forgotten (counted in dropped()).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "mqscope/analyze/facts.hpp"
#include "mqscope/core/probing_index.hpp"

namespace mqscope::analyze {

enum class Exchange : std::uint8_t {
  Connect,      // CONNECT → CONNACK
  Subscribe,    // SUBSCRIBE → SUBACK
  Unsubscribe,  // UNSUBSCRIBE → UNSUBACK
  PublishQos1,  // PUBLISH (QoS 1) → PUBACK
  PublishQos2,  // PUBLISH (QoS 2) → PUBREC
  Release,      // PUBREL → PUBCOMP
  Ping,         // PINGREQ → PINGRESP
};
inline constexpr int kExchangeKinds = 7;
std::string_view exchange_name(Exchange e);

struct PairEvent {
  enum class Kind : std::uint8_t {
    None,        // neither request nor response (DISCONNECT, QoS 0 PUBLISH, AUTH)
    Request,     // opens an exchange
    Response,    // closes one: request_frame and latency are set
    Unsolicited, // a response nothing asked for
  };
  Kind kind = Kind::None;
  Exchange exchange = Exchange::Connect;
  std::uint32_t request_frame = 0;
  std::uint32_t request_index = 0;  // of the request among the packets of its frame
  std::uint64_t latency_ns = 0;
  bool id_reused = false;    // a request whose packet id was still in flight
  bool duplicate = false;    // a PUBLISH with DUP set (a redelivery)
};

// Waiting requests live in a pool of slots found through core's ProbingIndex, so that pairing
// allocates nothing per packet once the pool has grown to the most requests open at once (at
// most max_open).
class Pairing {
 public:
  // At most 2^32 - 2 requests wait whatever `max_open` says: slots are 32-bit indices.
  explicit Pairing(std::size_t max_open = 65536)
      : max_open_(std::min<std::size_t>(max_open, kNone - 1)) {}

  PairEvent on_packet(const PacketFacts& packet);
  // Exchanges still waiting for their response.
  std::size_t open() const { return live_; }
  // Those of one kind.
  std::size_t open(Exchange e) const { return open_by_kind_[static_cast<std::size_t>(e)]; }
  // Forgotten, the oldest first, to stay within max_open.
  std::uint64_t dropped() const { return dropped_; }

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  struct Key {
    std::uint32_t stream;
    bool from_client;
    Exchange exchange;
    std::uint32_t id;  // packet identifier, 0 where there is none
    bool operator==(const Key&) const = default;
  };
  struct Request {  // a request waiting for its response
    Key key;
    std::uint32_t frame;
    std::uint32_t index;
    Timestamp time;
    std::uint32_t next_same_key;  // the next newer request with this key (or the next free slot)
    std::uint32_t older;          // neighbours in the order of arrival, whatever their key
    std::uint32_t newer;
  };
  struct Bucket {  // the requests of one key, oldest to newest; Bucket{} is no bucket
    std::uint32_t oldest = kNone;
    std::uint32_t newest = kNone;
    bool operator==(const Bucket&) const = default;
  };

  static std::uint64_t hash_of(const Key& key);
  Bucket* find(const Key& key);
  void open_request(const Key& key, const PacketFacts& packet, Bucket* same);
  void close_oldest(const Key& key, Bucket& bucket);

  std::size_t max_open_;
  std::vector<Request> requests_;
  std::uint32_t free_ = kNone;  // first free slot of requests_
  ProbingIndex<Bucket> buckets_;  // by key
  std::uint32_t oldest_ = kNone;  // arrival order
  std::uint32_t newest_ = kNone;
  std::size_t live_ = 0;
  std::array<std::size_t, kExchangeKinds> open_by_kind_{};
  std::uint64_t dropped_ = 0;
};

}  // namespace mqscope::analyze
