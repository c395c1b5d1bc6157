#include "mqtt_packets.hpp"

namespace mqscope::bench {

const char* type_name(std::uint8_t type) {
  static constexpr const char* kNames[] = {"RESERVED",  "CONNECT",  "CONNACK",     "PUBLISH",
                                           "PUBACK",    "PUBREC",   "PUBREL",      "PUBCOMP",
                                           "SUBSCRIBE", "SUBACK",   "UNSUBSCRIBE", "UNSUBACK",
                                           "PINGREQ",   "PINGRESP", "DISCONNECT",  "AUTH"};
  return type < 16 ? kNames[type] : "?";
}

void put_u16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v & 0xff));
}

void put_string(Bytes& out, std::string_view s) {
  put_u16(out, static_cast<std::uint16_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

Bytes packet(std::uint8_t type, std::uint8_t flags, const Bytes& body) {
  Bytes out;
  out.reserve(body.size() + 5);
  out.push_back(static_cast<std::uint8_t>(type << 4 | flags));
  std::size_t n = body.size();
  do {  // MQTT 3.1.1 §2.2.3: seven bits per byte, least significant group first
    auto b = static_cast<std::uint8_t>(n & 0x7f);
    n >>= 7;
    out.push_back(n > 0 ? static_cast<std::uint8_t>(b | 0x80) : b);
  } while (n > 0);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

MarkedBytes mark_packet(const Bytes& packet, std::uint32_t header_number) {
  MarkedBytes out;
  std::size_t length_bytes = 1;
  while (length_bytes < packet.size() && (packet[length_bytes] & 0x80) != 0) ++length_bytes;
  out.append(packet.data(), 1, header_number, Part::MqttType);
  out.append(packet.data() + 1, length_bytes, header_number, Part::MqttLength);
  out.append(packet.data() + 1 + length_bytes, packet.size() - 1 - length_bytes, 0, Part::Body);
  return out;
}

Bytes connect(std::string_view client_id, std::uint16_t keepalive) {
  Bytes body;
  put_string(body, "MQTT");
  body.push_back(4);     // protocol level 3.1.1
  body.push_back(0x02);  // clean session
  put_u16(body, keepalive);
  put_string(body, client_id);
  return packet(kConnect, 0, body);
}

Bytes connack() {
  return packet(kConnack, 0, Bytes{0, 0});
}

Bytes subscribe(std::uint16_t id, std::string_view filter, std::uint8_t qos) {
  Bytes body;
  put_u16(body, id);
  put_string(body, filter);
  body.push_back(qos);
  return packet(kSubscribe, 0x2, body);  // MQTT-3.8.1-1: flags 0010
}

Bytes suback(std::uint16_t id, std::uint8_t qos) {
  Bytes body;
  put_u16(body, id);
  body.push_back(qos);
  return packet(kSuback, 0, body);
}

Bytes publish(std::string_view topic, std::uint8_t qos, std::uint16_t id, const Bytes& payload) {
  Bytes body;
  body.reserve(topic.size() + payload.size() + 4);
  put_string(body, topic);
  if (qos > 0) put_u16(body, id);
  body.insert(body.end(), payload.begin(), payload.end());
  return packet(kPublish, static_cast<std::uint8_t>(qos << 1), body);
}

Bytes ack(std::uint8_t type, std::uint16_t id) {
  Bytes body;
  put_u16(body, id);
  return packet(type, type == kPubrel ? 0x2 : 0, body);  // MQTT-3.6.1-1: PUBREL flags 0010
}

Bytes empty(std::uint8_t type) {
  return packet(type, 0, Bytes{});
}

}  // namespace mqscope::bench
