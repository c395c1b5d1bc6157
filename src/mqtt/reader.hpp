// Helpers shared by the per-packet decoders: read a wire element, add its node, and stop
// cleanly (with a note) when the packet ends before the element does.
#pragma once

#include <cstdint>
#include <string_view>

#include "mqscope/core/cursor.hpp"
#include "mqscope/field/tree.hpp"
#include "mqscope/mqtt/framer.hpp"
#include "mqscope/mqtt/session.hpp"

namespace mqscope::mqtt::detail {

class Reader {
 public:
  Reader(field::Tree& tree, Bytes packet, std::size_t start) : tree_(tree), cursor_(packet, start) {}

  bool ok() const { return !failed_; }
  std::size_t pos() const { return cursor_.pos(); }
  std::size_t remaining() const { return cursor_.remaining(); }
  field::Tree& tree() { return tree_; }
  field::NodeIndex last() const { return last_; }

  // A big-endian integer of `size` bytes as field `f`.
  bool uint(field::FieldId f, std::size_t size, std::uint64_t& value);
  bool uint(field::FieldId f, std::size_t size) {
    std::uint64_t ignored = 0;
    return uint(f, size, ignored);
  }
  // `n` bytes as field `f` (a string or bytes field).
  bool bytes(field::FieldId f, std::size_t n, std::string_view* value = nullptr);
  // A two-byte length (field `len_field`) followed by that many bytes (`value_field`).
  bool length_prefixed(field::FieldId len_field, field::FieldId value_field,
                       std::string_view* value = nullptr);
  // A two-byte length and that many bytes shown as one field `f` without a length line
  // (Wireshark's FT_UINT_STRING); the node covers the text.
  bool counted_string(field::FieldId f, std::string_view* value = nullptr);
  // A Variable Byte Integer as field `f`.
  bool varint(field::FieldId f, std::uint32_t& value);
  // Notes that the packet ended inside the last element and stops further reads.
  void overrun();

 private:
  field::Tree& tree_;
  Cursor cursor_;
  field::NodeIndex last_ = field::kNoNode;
  bool failed_ = false;
};

struct Context {
  Reader& in;
  const PacketView& packet;
  Session& session;
  int direction;
  std::uint8_t type;
  std::uint8_t flags;
  field::NodeIndex top;
};

void decode_connect(Context& ctx);
void decode_connack(Context& ctx);
void decode_publish(Context& ctx);
void decode_publish_ack(Context& ctx);  // PUBACK, PUBREC, PUBREL, PUBCOMP
void decode_subscribe(Context& ctx);
void decode_suback(Context& ctx);
void decode_unsubscribe(Context& ctx);
void decode_unsuback(Context& ctx);
void decode_disconnect_or_auth(Context& ctx);

// MQTT 5.0 properties (§2.2.2): a length and a list; returns false when malformed.
struct PropertyFacts {
  std::uint32_t topic_alias = 0;
  bool has_topic_alias = false;
};
bool decode_properties(Context& ctx, field::FieldId heading, PropertyFacts* facts = nullptr);
// Looks ahead over a property list that starts at `bytes` without adding nodes: whether it
// holds a Topic Alias other than 0 (the last one counts). A malformed list holds none.
bool has_topic_alias(Bytes bytes);

// The reason code field for a packet type in MQTT 5.0, or null.
field::FieldId reason_code_field(std::uint8_t type);

}  // namespace mqscope::mqtt::detail
