// Describe each field once. A FieldInfo says how a protocol field is named (for people and in
// Wireshark's filter syntax), what type it has, how it is displayed and which bits of its
// integer it covers. The tree, bit lines, hex annotation, JSON, `-T fields`, filters and
// statistics all read these descriptions; nothing else spells a field's name.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace mqscope::field {

enum class Type : std::uint8_t {
  None,      // a label or subtree head without a value
  Protocol,  // a protocol's subtree head ("MQ Telemetry Transport Protocol")
  Boolean,
  UInt8,
  UInt16,
  UInt24,
  UInt32,
  UInt64,
  String,    // UTF-8 text taken from the bytes (or a generated text)
  Bytes,     // shown as hex
  Ether,     // 6-byte MAC address
  IPv4,
  IPv6,
  FrameNum,  // a capture frame number
  RelTime,   // nanoseconds, shown as seconds
};

// Seconds: a decimal count of seconds followed by its meaning, "3600 (1 hour)": the value's
// name when it has one (special values such as "never expires"), else the duration.
enum class Base : std::uint8_t { None, Dec, Hex, DecHex, HexDec, Seconds };

// How an integer field is laid out on the wire, for outputs that explain bytes.
enum class Encoding : std::uint8_t {
  BigEndian,  // fixed size, network byte order
  Varint,     // seven bits per byte, low group first, high bit = more (MQTT §1.5.5)
};

struct ValueString {
  std::uint64_t value;
  std::string_view text;
};

struct TrueFalse {
  std::string_view true_text;
  std::string_view false_text;
};

inline constexpr TrueFalse kSetNotSet{"Set", "Not set"};
inline constexpr TrueFalse kTrueFalse{"True", "False"};

struct FieldInfo {
  std::string_view name;    // "User Name Flag"
  std::string_view abbrev;  // "mqtt.conflag.uname"
  Type type = Type::None;
  Base base = Base::None;
  std::uint64_t bitmask = 0;                 // bits of the containing integer; 0 = all
  std::span<const ValueString> values = {};  // value names, if any
  const TrueFalse* tfs = nullptr;            // for booleans; defaults to True/False
  std::uint8_t bit_width = 0;                // width of bit lines; 0 = the type's width
  std::string_view description = {};
  // Short names a display filter accepts for values, besides the value names
  // ("PUBLISH" for mqtt.msgtype 3, where the value name is "Publish Message").
  std::span<const ValueString> symbols = {};
  Encoding encoding = Encoding::BigEndian;
  bool secret = false;  // a password or credential: masked by --hide-secrets
};

using FieldId = const FieldInfo*;

// Width of the type in bits (0 for non-integers).
unsigned type_bits(Type type);
bool is_integer(Type type);

// Whether `text` could be an abbreviation: only letters, digits, '.', '_' and '-'. Display
// filters name fields so, and JSON writes abbreviations as keys without escaping them.
bool is_abbreviation_text(std::string_view text);

// The value of the masked bits, shifted down (a field without a mask: the value itself).
std::uint64_t masked_value(const FieldInfo& field, std::uint64_t raw);

// The value name for `value`, or empty when there is none.
std::string_view value_name(const FieldInfo& field, std::uint64_t value);

// The value whose name or symbol is `name` (ASCII case-insensitive), if any.
std::optional<std::uint64_t> value_of_name(const FieldInfo& field, std::string_view name);

}  // namespace mqscope::field
