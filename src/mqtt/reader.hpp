// Helpers shared by the per-packet decoders: read a wire element, add its node, and stop
// cleanly (with a note) when the packet ends before the element does.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "mqscope/core/notes.hpp"

#include "mqscope/core/cursor.hpp"
#include "mqscope/field/tree.hpp"
#include "mqscope/mqtt/framer.hpp"
#include "mqscope/mqtt/session.hpp"

namespace mqscope::mqtt::detail {

// How a string field's bytes are checked: an MQTT UTF-8 string (MQTT-1.5.4) or binary data
// that Wireshark happens to show as text (the password, MQTT-3.1.3.5).
enum class Text : std::uint8_t { Utf8, Binary };

class Reader {
 public:
  Reader(field::Tree& tree, Bytes packet, std::size_t start)
      : tree_(tree), packet_(packet), cursor_(packet, start) {}

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
  // `n` bytes as field `f` (a string or bytes field). A string field is checked as UTF-8.
  bool bytes(field::FieldId f, std::size_t n, std::string_view* value = nullptr,
             Text text = Text::Utf8);
  // A two-byte length (field `len_field`) followed by that many bytes (`value_field`).
  bool length_prefixed(field::FieldId len_field, field::FieldId value_field,
                       std::string_view* value = nullptr, Text text = Text::Utf8);
  // A two-byte length and that many bytes shown as one field `f` without a length line
  // (Wireshark's FT_UINT_STRING); the node covers the text.
  bool counted_string(field::FieldId f, std::string_view* value = nullptr);
  // A Variable Byte Integer as field `f` (noted when not in its shortest form).
  bool varint(field::FieldId f, std::uint32_t& value);
  // The two-byte integer `ahead` bytes after the current position, if the packet has it.
  std::optional<std::uint16_t> peek_u16(std::size_t ahead) const;
  // Moves to `pos` (within the packet) without adding nodes.
  void skip_to(std::size_t pos);
  // Notes that the packet ended inside the last element and stops further reads.
  void overrun();
  // Adds `note` under `node`, which must be the last node added or end the tree so far.
  void note_on(field::NodeIndex node, NoteId note, std::string_view detail = {});

 private:
  void check_utf8(Bytes text);

  field::Tree& tree_;
  Bytes packet_;
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

// What the decoders and the session need from a property list (MQTT 5.0 §2.2.2).
struct PropertyFacts {
  std::optional<std::uint16_t> topic_alias;
  std::optional<std::uint16_t> topic_alias_maximum;
  std::optional<std::uint32_t> maximum_packet_size;
  bool utf8_payload = false;  // Payload Format Indicator 1
};
// A length and a list; returns false when malformed (the rest of the packet is not read).
// `heading` is hf::properties or hf::will_properties.
bool decode_properties(Context& ctx, field::FieldId heading, PropertyFacts* facts = nullptr);
// Looks ahead over a property list that starts at `bytes` without adding nodes: whether it
// holds a Topic Alias other than 0 (the last one counts). A malformed list holds none.
bool has_topic_alias(Bytes bytes);

// The reason code field for a packet type in MQTT 5.0, or null.
field::FieldId reason_code_field(std::uint8_t type);
// Reads a one-byte code as field `f` and notes a value `f` has no name for.
bool code(Reader& in, field::FieldId f);

// Checks of one decoded element, each noting what is wrong under the element's node (the last
// node added). MQTT-2.3.1-1: a Packet Identifier is non-zero.
bool packet_id(Reader& in);
// A PUBLISH (or will) Topic Name: no wildcards (MQTT-3.3.2-2).
void check_topic_name(Reader& in, std::string_view topic);
// The payload of a PUBLISH or will: `field` (hf::msg or hf::willmsg) for the bytes, with a
// generated text line under it when the payload is text.
void payload(Reader& in, field::FieldId field, field::FieldId text_field, std::size_t n,
             bool declared_utf8);

}  // namespace mqscope::mqtt::detail
