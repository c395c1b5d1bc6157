#include "mqscope/mqtt/recognise.hpp"

#include <vector>

#include "mqscope/core/cursor.hpp"
#include "mqscope/mqtt/decoder.hpp"
#include "mqscope/mqtt/session.hpp"
#include "mqscope/mqtt/varint.hpp"

namespace mqscope::mqtt {

namespace {

// MQTT-1.5.4: UTF-8 without U+0000; a topic name has no wildcards (MQTT-3.3.2-2).
bool plausible_text(Bytes text, bool topic_name) {
  for (std::size_t i = 0; i < text.size();) {
    std::uint8_t c = text[i];
    if (c == 0 || (topic_name && (c == '+' || c == '#'))) return false;
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((text[i + k] & 0xc0) != 0x80) return false;
    i += n;
  }
  return true;
}

bool nonzero_id(Cursor& c) {
  auto id = c.u16();
  return id && *id != 0;  // MQTT-2.3.1-1: packet identifiers are non-zero
}

// MQTT 5.0 §2.2.2: a Property Length and that many bytes.
bool skip_properties(Cursor& c) {
  Varint v = read_varint(c.rest());
  return v.status == VarintStatus::Complete && c.skip(v.length) && c.skip(v.value);
}

// A list of (two-byte length, text, `option_bytes` bytes) up to the end of the body.
bool topic_list(Cursor c, std::size_t option_bytes, bool complete) {
  bool any = false;
  while (!c.at_end()) {
    auto len = c.u16();
    if (!len) return !complete;
    if (*len == 0) return false;
    auto text = c.take(*len);
    if (!text) return !complete && plausible_text(c.rest(), false);
    if (!plausible_text(*text, false)) return false;
    for (std::size_t k = 0; k < option_bytes; ++k) {
      auto o = c.u8();
      if (!o) return !complete;
      if ((*o & 0xc0) != 0 || (*o & 0x03) == 3) return false;  // reserved bits, QoS 3
    }
    any = true;
  }
  return any || !complete;
}

bool plausible_publish(std::uint8_t flags, Bytes body, bool complete) {
  Cursor c(body);
  auto len = c.u16();
  if (!len) return !complete;
  if (*len == 0) return false;  // without a Topic Alias (5.0 only), a name is required
  auto topic = c.take(*len);
  if (!topic) return !complete && plausible_text(c.rest(), true);
  if (!plausible_text(*topic, true)) return false;
  if ((flags & 0x06) == 0) return true;
  return c.remaining() < 2 ? !complete : nonzero_id(c);
}

bool plausible_ack_list(Cursor c, bool complete) {
  // MQTT 3.1.1 §3.9.3: 0, 1, 2 or 0x80; 5.0 §3.9.3: reason codes after the properties.
  Cursor v311 = c;
  bool ok = !v311.at_end();
  while (!v311.at_end()) {
    std::uint8_t rc = *v311.u8();
    if (rc > 2 && rc != 0x80) ok = false;
  }
  if (ok) return true;
  return skip_properties(c) && (!c.at_end() || !complete);
}

}  // namespace

bool plausible_first_byte(std::uint8_t b0) {
  std::uint8_t type = b0 >> 4, flags = b0 & 0x0f;
  switch (static_cast<PacketType>(type)) {
    case PacketType::Reserved: return false;
    case PacketType::Publish: return (flags & 0x06) != 0x06;  // MQTT-3.3.1-4: no QoS 3
    case PacketType::Pubrel:
    case PacketType::Subscribe:
    case PacketType::Unsubscribe: return flags == 0x2;
    default: return flags == 0;
  }
}

bool plausible_body(std::uint8_t b0, Bytes body, bool complete) {
  Cursor c(body);
  std::size_t n = body.size();
  switch (static_cast<PacketType>(b0 >> 4)) {
    case PacketType::Connect: {
      // Rebuild enough of the fixed header for looks_like_connect.
      std::uint8_t head[2] = {0x10, static_cast<std::uint8_t>(n > 127 ? 127 : n)};
      std::vector<std::uint8_t> bytes(head, head + 2);
      bytes.insert(bytes.end(), body.begin(), body.begin() + static_cast<std::ptrdiff_t>(n < 8 ? n : 8));
      Match m = looks_like_connect(Bytes(bytes));
      return m == Match::Yes || (m == Match::NeedMore && !complete);
    }
    case PacketType::Connack:
      if (n < 2) return !complete;
      return body[0] <= 1 && (n > 2 || body[1] <= 5);
    case PacketType::Publish: return plausible_publish(b0 & 0x0f, body, complete);
    case PacketType::Puback:
    case PacketType::Pubrec:
    case PacketType::Pubrel:
    case PacketType::Pubcomp:
    case PacketType::Unsuback:
      if (n < 2) return !complete;
      return nonzero_id(c);
    case PacketType::Subscribe: {
      if (n < 2) return !complete;
      if (!nonzero_id(c)) return false;
      Cursor v5 = c;
      return topic_list(c, 1, complete) || (skip_properties(v5) && topic_list(v5, 1, complete));
    }
    case PacketType::Unsubscribe: {
      if (n < 2) return !complete;
      if (!nonzero_id(c)) return false;
      Cursor v5 = c;
      return topic_list(c, 0, complete) || (skip_properties(v5) && topic_list(v5, 0, complete));
    }
    case PacketType::Suback:
      if (n < 3) return !complete;
      return nonzero_id(c) && plausible_ack_list(c, complete);
    case PacketType::Pingreq:
    case PacketType::Pingresp: return n == 0;
    case PacketType::Disconnect:
    case PacketType::Auth: return n == 0 || body[0] == 0 || body[0] >= 0x04;  // 5.0 reason codes
    case PacketType::Reserved: return false;
  }
  return false;
}

Match looks_like_packets(Bytes bytes, std::size_t max_packet) {
  std::size_t pos = 0;
  std::size_t whole = 0;
  while (pos < bytes.size()) {
    if (!plausible_first_byte(bytes[pos])) return Match::No;
    Varint v = read_varint(bytes.subspan(pos + 1));
    if (v.status == VarintStatus::TooLong || v.not_minimal) return Match::No;
    if (v.status == VarintStatus::NeedMore) break;
    std::size_t total = 1u + v.length + std::size_t{v.value};
    if (total > max_packet) return Match::No;
    bool complete = bytes.size() - pos >= total;
    Bytes body = bytes.subspan(pos + 1 + v.length, complete ? v.value : bytes.size() - pos - 1 - v.length);
    if (!plausible_body(bytes[pos], body, complete)) return Match::No;
    if (!complete) break;
    ++whole;
    pos += total;
  }
  return whole > 0 ? Match::Yes : Match::NeedMore;
}

}  // namespace mqscope::mqtt
