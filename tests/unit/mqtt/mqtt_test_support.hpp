// Helpers for the MQTT unit tests: build packets from their parts, decode one into the tree
// and print it the way tshark -V prints a subtree (4 spaces per depth).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "bytes.hpp"
#include "mqscope/core/limits.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/field/tree.hpp"
#include "mqscope/mqtt/decoder.hpp"
#include "mqscope/mqtt/session.hpp"
#include "mqscope/mqtt/varint.hpp"

namespace mqscope::mqtt::testing {

using test::ByteVector;

// The minimal Variable Byte Integer encoding of `value` (MQTT 5.0 §1.5.5).
inline ByteVector varint(std::uint32_t value) {
  ByteVector out;
  do {
    auto byte = static_cast<std::uint8_t>(value % 128);
    value /= 128;
    if (value > 0) byte |= 0x80;
    out.push_back(byte);
  } while (value > 0);
  return out;
}

inline ByteVector u16(std::uint16_t v) {
  return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v & 0xff)};
}

inline ByteVector u32(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>((v >> 16) & 0xff),
          static_cast<std::uint8_t>((v >> 8) & 0xff), static_cast<std::uint8_t>(v & 0xff)};
}

// A UTF-8 string or binary data: two-byte length, then the bytes (MQTT-1.5.4, 1.5.6).
inline ByteVector str(std::string_view text) {
  ByteVector out;
  test::append_mqtt_string(out, text);
  return out;
}

inline ByteVector cat(std::initializer_list<ByteVector> parts) {
  return test::concat(parts);
}

// A property list: its length as a Variable Byte Integer, then the properties (§2.2.2).
inline ByteVector props(std::initializer_list<ByteVector> list = {}) {
  ByteVector body = test::concat(list);
  return cat({varint(static_cast<std::uint32_t>(body.size())), body});
}

// A control packet: `byte0` (type and flags), the minimal Remaining Length, then `body`.
inline ByteVector packet(std::uint8_t byte0, const ByteVector& body) {
  return cat({ByteVector{byte0}, varint(static_cast<std::uint32_t>(body.size())), body});
}

struct Decoded {
  std::string text;                // every label of the subtree, one line each
  std::vector<std::string> notes;  // note names, in tree order
  std::string summary;             // append_summary's line
  bool in_bounds = true;           // every node lies inside the packet bytes
  std::size_t nodes = 0;           // in the tree, provenance aside
};

// A direction for decode(): the one the packet's type is sent in (MQTT 3.1.1 §2.2.1): the
// server's for CONNACK, SUBACK, UNSUBACK and PINGRESP, the client's for everything else.
inline constexpr int kUsualDirection = -1;

inline int usual_direction(std::uint8_t byte0) {
  switch (static_cast<PacketType>(byte0 >> 4)) {
    case PacketType::Connack:
    case PacketType::Suback:
    case PacketType::Unsuback:
    case PacketType::Pingresp: return kFromServer;
    default: return kFromClient;
  }
}

// Decodes one complete packet (fixed header included) the way the pipeline does. The bytes
// are copied into a buffer of exactly their size, so a read past the end is a read outside
// the allocation (which AddressSanitizer builds report).
inline Decoded decode(const ByteVector& bytes, Session& session,
                      int direction = kUsualDirection, field::Detail detail = field::Detail::Full) {
  if (direction == kUsualDirection) direction = usual_direction(bytes.at(0));
  Decoded out;
  ByteVector exact(bytes.begin(), bytes.end());
  Varint length = read_varint(Bytes(exact).subspan(1));
  PacketView view;
  view.bytes = Bytes(exact);
  view.header_length = static_cast<std::uint8_t>(1 + length.length);
  view.remaining_length = length.value;
  view.length_not_minimal = length.not_minimal;
  Pieces pieces;
  view.pieces = &pieces;

  field::Tree tree;
  tree.set_detail(detail);
  tree.add_source(view.bytes, "MQTT packet");
  field::NodeIndex top = decode_packet(tree, view, session, direction);
  out.nodes = tree.size();
  for (field::NodeIndex i = top; i < tree.subtree_end(top); ++i) {
    const field::Node& node = tree[i];
    if (!(node.flags & field::kHidden)) {
      out.text += std::string(4u * (node.depth - tree[top].depth), ' ');
      out.text += field::format_label(tree, i) + "\n";
    }
    if (node.note) out.notes.emplace_back(node.note->name);
    if (!(node.flags & field::kValueInText) &&
        std::size_t{node.offset} + node.length > exact.size())
      out.in_bounds = false;
  }
  TextBuffer summary;
  append_summary(tree, top, summary, Limits{});
  out.summary = summary.str();
  return out;
}

// The same, with a session that has already seen a CONNECT of `version` and its CONNACK, so
// that neither side's packets are out of order; a CONNECT is decoded as the connection's first.
inline Decoded decode_as(std::uint8_t version, const ByteVector& bytes,
                         int direction = kUsualDirection,
                         field::Detail detail = field::Detail::Full) {
  Session session;
  session.version = version;
  bool connect = bytes.at(0) >> 4 == static_cast<std::uint8_t>(PacketType::Connect);
  session.connect_seen = !connect;
  session.connack_seen = !connect;
  return decode(bytes, session, direction, detail);
}

inline bool has_note(const Decoded& d, std::string_view name) {
  for (const std::string& n : d.notes) {
    if (n == name) return true;
  }
  return false;
}

}  // namespace mqscope::mqtt::testing
