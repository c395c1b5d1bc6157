// What one MQTT connection remembers between packets: the protocol version (learnt from the
// CONNECT, used for both directions) and, for MQTT 5.0, each direction's topic aliases.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace mqscope::mqtt {

enum class PacketType : std::uint8_t {
  Reserved = 0,
  Connect = 1,
  Connack = 2,
  Publish = 3,
  Puback = 4,
  Pubrec = 5,
  Pubrel = 6,
  Pubcomp = 7,
  Subscribe = 8,
  Suback = 9,
  Unsubscribe = 10,
  Unsuback = 11,
  Pingreq = 12,
  Pingresp = 13,
  Disconnect = 14,
  Auth = 15,
};

// "CONNECT", "PUBLISH", ... (the names the MQTT specification uses).
const char* type_name(std::uint8_t type);

inline constexpr std::uint8_t kVersion31 = 3;
inline constexpr std::uint8_t kVersion311 = 4;
inline constexpr std::uint8_t kVersion5 = 5;

struct Session {
  std::uint8_t version = 0;     // 0 until a CONNECT says (or an option forces it)
  bool version_forced = false;
  bool connect_seen = false;
  // Topic aliases are per direction (MQTT 5.0 §3.3.2.3.4): index 0 client → server.
  std::array<std::unordered_map<std::uint16_t, std::string>, 2> topic_aliases;
};

}  // namespace mqscope::mqtt
