// Request/response pairing (MQTT 3.1.1 §4.3 and §4.6; 5.0 §4.3): CONNECT→CONNACK,
// SUBSCRIBE→SUBACK, UNSUBSCRIBE→UNSUBACK, PUBLISH(QoS 1)→PUBACK, PUBLISH(QoS 2)→PUBREC,
// PUBREL→PUBCOMP, PINGREQ→PINGRESP. Requests wait, keyed by connection, direction, kind and
// packet identifier; a response closes the oldest matching one.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <tuple>

#include "mqscope/analyze/facts.hpp"

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

class Pairing {
 public:
  explicit Pairing(std::size_t max_open = 65536) : max_open_(max_open) {}

  PairEvent on_packet(const PacketFacts& packet);
  // Exchanges still waiting for their response.
  std::size_t open() const { return open_.size(); }
  // Those of one kind.
  std::size_t open(Exchange e) const;
  std::uint64_t dropped() const { return dropped_; }  // forgotten when over max_open

 private:
  struct Key {
    std::uint32_t stream;
    bool from_client;
    Exchange exchange;
    std::uint32_t id;  // packet identifier, 0 where there is none
    bool operator<(const Key& o) const {
      return std::tie(stream, from_client, exchange, id) <
             std::tie(o.stream, o.from_client, o.exchange, o.id);
    }
  };
  struct Waiting {
    std::uint32_t frame;
    std::uint32_t index;
    Timestamp time;
  };

  std::size_t max_open_;
  std::multimap<Key, Waiting> open_;
  std::uint64_t dropped_ = 0;
};

}  // namespace mqscope::analyze
