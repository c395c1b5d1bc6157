#include "mqscope/mqtt/recognise.hpp"

#include <initializer_list>
#include <vector>

#include "mqscope/core/cursor.hpp"
#include "mqscope/mqtt/decoder.hpp"
#include "mqscope/mqtt/session.hpp"
#include "mqscope/mqtt/varint.hpp"

namespace mqscope::mqtt {

namespace {

// MQTT-1.5.4: UTF-8 without U+0000, and (5.0 §1.5.4, "SHOULD NOT") without the control
// characters U+0001..U+001F and U+007F; a topic name has no wildcards (MQTT-3.3.2-2).
bool plausible_text(Bytes text, bool topic_name) {
  for (std::size_t i = 0; i < text.size();) {
    std::uint8_t c = text[i];
    if (c < 0x20 || c == 0x7f || (topic_name && (c == '+' || c == '#'))) return false;
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xe  ? 3
                    : (c >> 3) == 0x1e ? 4
                                       : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((text[i + k] & 0xc0) != 0x80) return false;
    i += n;
  }
  return true;
}

// How an element of a body checked: fine, cut short by the end of the bytes at hand (fine if
// the body is not whole), or impossible.
enum class Fit : std::uint8_t { Ok, Short, Bad };

bool fits(Fit f, bool complete) {
  return f == Fit::Ok || (f == Fit::Short && !complete);
}

Fit nonzero_id(Cursor& c) {
  auto id = c.u16();
  if (!id) return Fit::Short;
  return *id != 0 ? Fit::Ok : Fit::Bad;  // MQTT-2.3.1-1: packet identifiers are non-zero
}

// MQTT 5.0 §2.2.2: a Property Length (shortest form) and that many bytes, inside the body of
// `declared` bytes.
Fit skip_properties(Cursor& c, std::size_t declared) {
  Varint v = read_varint(c.rest());
  if (v.status == VarintStatus::NeedMore) return Fit::Short;
  if (v.status == VarintStatus::TooLong || v.not_minimal) return Fit::Bad;
  if (c.pos() + v.length + std::size_t{v.value} > declared) return Fit::Bad;
  c.skip(v.length);
  return c.skip(v.value) ? Fit::Ok : Fit::Short;
}

// A list of (two-byte length, text, `option_bytes` bytes) up to the end of the body.
bool topic_list(Cursor c, std::size_t option_bytes, bool complete, std::size_t declared) {
  bool any = false;
  while (!c.at_end()) {
    auto len = c.u16();
    if (!len) return !complete;
    if (*len == 0 || c.pos() + *len + option_bytes > declared) return false;
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

bool plausible_publish(std::uint8_t flags, Bytes body, bool complete, std::size_t declared) {
  Cursor c(body);
  auto len = c.u16();
  if (!len) return !complete;
  std::size_t id_bytes = (flags & 0x06) != 0 ? 2 : 0;
  if (2u + *len + id_bytes > declared) return false;
  if (*len == 0) {
    // MQTT 5.0 §3.3.2.3.4: an empty name only with a Topic Alias, among properties that must
    // be there and fit.
    if ((flags & 0x06) != 0) {
      Fit id = nonzero_id(c);
      if (id != Fit::Ok) return fits(id, complete);
    }
    Varint v = read_varint(c.rest());
    if (v.status == VarintStatus::NeedMore) return !complete;
    return v.status == VarintStatus::Complete && !v.not_minimal && v.value >= 3 &&
           (!complete || v.length + std::size_t{v.value} <= c.remaining());
  }
  auto topic = c.take(*len);
  if (!topic) return !complete && plausible_text(c.rest(), true);
  if (!plausible_text(*topic, true)) return false;
  if ((flags & 0x06) == 0) return true;
  return fits(nonzero_id(c), complete);
}

bool one_of(std::uint8_t v, std::initializer_list<std::uint8_t> set) {
  for (std::uint8_t x : set)
    if (x == v) return true;
  return false;
}

// MQTT 5.0 §2.4: the reason codes the acknowledgements, CONNACK, DISCONNECT and AUTH use.
bool reason_code(std::uint8_t type, std::uint8_t rc) {
  switch (static_cast<PacketType>(type)) {
    case PacketType::Puback:
    case PacketType::Pubrec:
      return one_of(rc, {0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99});
    case PacketType::Pubrel:
    case PacketType::Pubcomp:
      return one_of(rc, {0x00, 0x92});
    case PacketType::Connack:
      return rc == 0x00 || (rc >= 0x80 && rc <= 0x9f);
    case PacketType::Disconnect:
      return rc == 0x00 || rc == 0x04 || (rc >= 0x80 && rc <= 0xa2);
    case PacketType::Auth:
      return one_of(rc, {0x00, 0x18, 0x19});
    default:
      return false;
  }
}

// What follows a reason code in 5.0: nothing, or a Property Length covering the rest of the
// `declared` bytes exactly.
bool properties_to_the_end(Cursor c, std::size_t declared) {
  if (c.pos() >= declared) return true;
  Varint v = read_varint(c.rest());
  if (v.status == VarintStatus::NeedMore) return c.size() < declared;
  if (v.status != VarintStatus::Complete || v.not_minimal) return false;
  return c.pos() + v.length + std::size_t{v.value} == declared;
}

// 3.1.1: nothing more; 5.0: a reason code, then properties.
bool v3_or_v5_tail(std::uint8_t type, Cursor c, std::size_t declared) {
  if (c.pos() >= declared) return true;
  auto rc = c.u8();
  if (!rc) return true;  // not at hand yet
  return reason_code(type, *rc) && properties_to_the_end(c, declared);
}

bool plausible_ack_list(Cursor c, bool complete, std::size_t declared) {
  // MQTT 3.1.1 §3.9.3: 0, 1, 2 or 0x80; 5.0 §3.9.3: reason codes after the properties.
  Cursor v311 = c;
  bool ok = !v311.at_end();
  while (!v311.at_end()) {
    std::uint8_t rc = *v311.u8();
    if (rc > 2 && rc != 0x80) ok = false;
  }
  if (ok) return true;
  Fit properties = skip_properties(c, declared);
  if (properties != Fit::Ok) return fits(properties, complete);
  bool any = false;
  while (!c.at_end()) {
    any = true;
    if (!one_of(*c.u8(), {0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8f, 0x91, 0x97, 0x9e, 0xa1, 0xa2}))
      return false;
  }
  return any || !complete;
}

}  // namespace

bool plausible_first_byte(std::uint8_t b0) {
  std::uint8_t type = b0 >> 4, flags = b0 & 0x0f;
  switch (static_cast<PacketType>(type)) {
    case PacketType::Reserved:
      return false;
    case PacketType::Publish:
      return (flags & 0x06) != 0x06;  // MQTT-3.3.1-4: no QoS 3
    case PacketType::Pubrel:
    case PacketType::Subscribe:
    case PacketType::Unsubscribe:
      return flags == 0x2;
    default:
      return flags == 0;
  }
}

bool plausible_body(std::uint8_t b0, Bytes body, std::size_t declared) {
  Cursor c(body);
  std::size_t n = body.size();
  bool complete = n >= declared;
  switch (static_cast<PacketType>(b0 >> 4)) {
    case PacketType::Connect: {
      // Rebuild enough of the fixed header for looks_like_connect.
      std::uint8_t head[2] = {0x10, static_cast<std::uint8_t>(n > 127 ? 127 : n)};
      std::vector<std::uint8_t> bytes(head, head + 2);
      bytes.insert(bytes.end(), body.begin(),
                   body.begin() + static_cast<std::ptrdiff_t>(n < 8 ? n : 8));
      Match m = looks_like_connect(Bytes(bytes));
      return m == Match::Yes || (m == Match::NeedMore && !complete);
    }
    case PacketType::Connack:
      if (n < 2) return !complete;
      if (body[0] > 1) return false;  // MQTT-3.2.2-1: reserved flag bits
      if (n == 2) return body[1] <= 5 || reason_code(2, body[1]);  // 3.1.1 return codes
      c.skip(2);
      return reason_code(2, body[1]) && properties_to_the_end(c, declared);
    case PacketType::Publish:
      return plausible_publish(b0 & 0x0f, body, complete, declared);
    case PacketType::Puback:
    case PacketType::Pubrec:
    case PacketType::Pubrel:
    case PacketType::Pubcomp:
      if (n < 2) return !complete;
      return nonzero_id(c) == Fit::Ok &&
             v3_or_v5_tail(static_cast<std::uint8_t>(b0 >> 4), c, declared);
    case PacketType::Unsuback: {
      if (n < 2) return !complete;
      if (nonzero_id(c) != Fit::Ok) return false;
      if (c.at_end()) return true;  // 3.1.1: the identifier alone
      Fit properties = skip_properties(c, declared);
      if (properties != Fit::Ok) return fits(properties, complete);
      bool any = false;
      while (!c.at_end()) {
        any = true;
        if (!one_of(*c.u8(), {0x00, 0x11, 0x80, 0x83, 0x87, 0x8f, 0x91})) return false;
      }
      return any || !complete;
    }
    case PacketType::Subscribe:
    case PacketType::Unsubscribe: {
      if (n < 2) return !complete;
      if (nonzero_id(c) != Fit::Ok) return false;
      std::size_t options = (b0 >> 4) == 8 ? 1 : 0;  // SUBSCRIBE: an options byte per filter
      Cursor v5 = c;
      if (topic_list(c, options, complete, declared)) return true;
      Fit properties = skip_properties(v5, declared);
      if (properties != Fit::Ok) return fits(properties, complete);
      return topic_list(v5, options, complete, declared);
    }
    case PacketType::Suback:
      if (n < 3) return !complete;
      return nonzero_id(c) == Fit::Ok && plausible_ack_list(c, complete, declared);
    case PacketType::Pingreq:
    case PacketType::Pingresp:
      return n == 0;
    case PacketType::Disconnect:
    case PacketType::Auth:
      return v3_or_v5_tail(static_cast<std::uint8_t>(b0 >> 4), c, declared);
    case PacketType::Reserved:
      return false;
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
    Bytes body =
        bytes.subspan(pos + 1 + v.length, complete ? v.value : bytes.size() - pos - 1 - v.length);
    if (!plausible_body(bytes[pos], body, v.value)) return Match::No;
    if (!complete) break;
    ++whole;
    pos += total;
  }
  return whole > 0 ? Match::Yes : Match::NeedMore;
}

}  // namespace mqscope::mqtt
