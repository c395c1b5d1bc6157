// What one MQTT connection remembers between packets: the protocol version (learnt from the
// CONNECT and used for both directions, guessed when the CONNECT was not captured, or forced),
// what each side announced in its CONNECT or CONNACK, each direction's topic aliases (MQTT 5.0)
// and enough of the packet sequence to tell when a peer breaks it.
#pragma once

#include <array>
#include <cstddef>
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

// Directions as the decoder receives them: 0 client → server, 1 server → client.
inline constexpr int kFromClient = 0;
inline constexpr int kFromServer = 1;

// What one side announced about what it accepts (MQTT 5.0 §3.1.2.11, §3.2.2.3): the client in
// its CONNECT, the server in its CONNACK. It bounds what the other side may send.
struct Announcement {
  bool seen = false;                      // the CONNECT or CONNACK was decoded
  std::uint16_t topic_alias_maximum = 0;  // absent = 0: no aliases (§3.1.2.11.5, §3.2.2.3.8)
  std::uint32_t maximum_packet_size = 0;  // absent = 0: no limit beyond the protocol's
};

struct Session {
  std::uint8_t version = 0;     // 0 until a CONNECT says (or an option forces it, or a guess)
  bool version_forced = false;  // set by an option: a CONNECT does not change it
  bool version_guessed = false;
  // The connection was captured from its first byte (TCP handshake or WebSocket upgrade seen):
  // a packet before any CONNECT is then the client's fault, not the capture's.
  bool start_seen = false;
  // Bytes of a direction went missing from the capture ([0] client → server): a packet that
  // seems out of order there may follow one the capture lost, so ordering is not judged.
  std::array<bool, 2> bytes_lost{};
  bool connect_seen = false;
  bool connack_seen = false;
  std::array<Announcement, 2> announced;  // [0] by the client, [1] by the server
  // Topic aliases are per direction (MQTT 5.0 §3.3.2.3.4): index 0 client → server.
  std::array<std::unordered_map<std::uint16_t, std::string>, 2> topic_aliases;
  std::size_t max_topic_aliases = 65535;  // Limits::mqtt_topic_aliases, per direction
  std::size_t max_properties = 1024;      // Limits::mqtt_properties, per packet
};

}  // namespace mqscope::mqtt
