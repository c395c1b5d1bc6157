// MQTT 3.1.1 packets for the benchmark generator, encoded by the specification (§2, §3).
#pragma once

#include <cstdint>
#include <string_view>

#include "marked_bytes.hpp"

namespace mqscope::bench {

enum Type : std::uint8_t {
  kConnect = 1,
  kConnack,
  kPublish,
  kPuback,
  kPubrec,
  kPubrel,
  kPubcomp,
  kSubscribe,
  kSuback,
  kUnsubscribe,
  kUnsuback,
  kPingreq,
  kPingresp,
  kDisconnect
};

const char* type_name(std::uint8_t type);

// Fixed header (type, flags, Remaining Length varint) and body.
Bytes packet(std::uint8_t type, std::uint8_t flags, const Bytes& body);
void put_string(Bytes& out, std::string_view s);
void put_u16(Bytes& out, std::uint16_t v);
// The packet with its fixed header marked as header number `header_number`.
MarkedBytes mark_packet(const Bytes& packet, std::uint32_t header_number);

Bytes connect(std::string_view client_id, std::uint16_t keepalive);
Bytes connack();
Bytes subscribe(std::uint16_t id, std::string_view filter, std::uint8_t qos);
Bytes suback(std::uint16_t id, std::uint8_t qos);
Bytes publish(std::string_view topic, std::uint8_t qos, std::uint16_t id, const Bytes& payload);
Bytes ack(std::uint8_t type, std::uint16_t id);  // PUBACK, PUBREC, PUBREL, PUBCOMP
Bytes empty(std::uint8_t type);                  // PINGREQ, PINGRESP, DISCONNECT

}  // namespace mqscope::bench
