// A connection whose start was not captured (no SYN, or bytes lost before its content was
// recognised): WebSocket is recognised from frame structure (client frames masked, server
// frames not, RFC 6455 §5.1; plausible headers; a payload that frames as MQTT), plain MQTT
// from packet structure. Without the upgrade or the CONNECT, the MQTT version is taken to
// be 3.1.1.
#include <fmt/format.h>

#include "connection.hpp"
#include "mqscope/mqtt/recognise.hpp"
#include "mqscope/websocket/recognise.hpp"
#include "provenance.hpp"

namespace mqscope::app {

namespace {

constexpr std::size_t kPayloadLooked = 256;  // of the first WebSocket payload, for MQTT

// Which side sent these packets, from the types only one side sends (MQTT 3.1.1 §3): 1 the
// sender is the client, 0 the server, -1 unknown.
int sender_is_client(Bytes packets) {
  if (packets.empty()) return -1;
  switch (packets[0] >> 4) {
    case 1:
    case 8:
    case 10:
    case 12:
      return 1;  // CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ
    case 2:
    case 9:
    case 11:
    case 13:
      return 0;  // CONNACK, SUBACK, UNSUBACK, PINGRESP
    default:
      return -1;
  }
}

}  // namespace

bool Connection::started_mid_stream(int direction) const {
  auto d = static_cast<std::size_t>(direction);
  return !flow_.dirs[d].syn_seen() || gap_before_content_[d];
}

Connection::Guess Connection::detect_midstream() {
  const Limits& limits = env_.options.limits;
  bool need_more = false;
  for (int d = 0; d < 2; ++d) {
    Bytes seen(held_[static_cast<std::size_t>(d)].bytes);
    if (seen.empty() || !started_mid_stream(d)) continue;
    for (bool from_client : {true, false}) {
      ws::FrameGuess frames = ws::recognise_frames(seen, from_client, kPayloadLooked);
      Match payload =
          frames.first_payload.empty()
              ? Match::NeedMore
              : mqtt::looks_like_packets(frames.first_payload, limits.mqtt_packet_bytes);
      if (payload == Match::No || frames.match == Match::No) continue;
      if (frames.match == Match::Yes && !frames.first_payload.empty()) {
        start_midstream(Mode::WebSocket, from_client ? d : 1 - d);
        return Guess::Decided;
      }
      need_more = true;
    }
    Match packets = mqtt::looks_like_packets(seen, limits.mqtt_packet_bytes);
    if (packets == Match::Yes) {
      int client = sender_is_client(seen);
      start_midstream(Mode::Mqtt, client < 0 ? client_direction_ : client == 1 ? d : 1 - d);
      return Guess::Decided;
    }
    if (packets == Match::NeedMore) need_more = true;
  }
  bool room = held_[0].bytes.size() < limits.midstream_sniff_bytes &&
              held_[1].bytes.size() < limits.midstream_sniff_bytes;
  return need_more && room ? Guess::NeedMore : Guess::No;
}

void Connection::start_midstream(Mode mode, int client_direction) {
  client_direction_ = client_direction;
  mode_ = mode;
  const Limits& limits = env_.options.limits;
  for (int role : {kClient, kServer}) {
    auto r = static_cast<std::size_t>(role);
    int direction = role == kClient ? client_direction : 1 - client_direction;
    // A direction with bytes in hand was recognised from its first byte on; one without any
    // yet is looked at when its first bytes come (judge_start).
    unjudged_[r] = held_[static_cast<std::size_t>(direction)].bytes.empty();
    framers_[r] = std::make_unique<mqtt::Framer>(limits, mqtt_routes_[r]);
    if (mode != Mode::WebSocket) continue;
    start_frame_parser(role, ws::ParserOptions{role == kClient, false});
  }
  mqtt_over_ws_ = mode == Mode::WebSocket;
  name_warm_memory();
  if (session_.version == 0) session_.version = mqtt::kVersion311;
  const NoteInfo& note = mode == Mode::WebSocket ? notes::upgrade_not_seen : notes::start_not_seen;
  env_.diagnostics.message(fmt::format("tcp.stream {} ({} \u2192 {}): {} [{}]", flow_.stream,
                                       endpoint_text(kClient), endpoint_text(kServer), note.message,
                                       note.name));
  emit_note(kClient, &note, {});
  std::array<Held, 2> held = std::move(held_);
  held_ = {};
  replay(held[static_cast<std::size_t>(client_direction)], kClient);
  replay(held[static_cast<std::size_t>(1 - client_direction)], kServer);
}

// The first bytes of a direction of a connection recognised mid-stream from the other one:
// parsed from here if they start like a frame (or packet), else searched for the first one.
void Connection::judge_start(int role, Bytes data) {
  auto r = static_cast<std::size_t>(role);
  unjudged_[r] = false;
  std::size_t max_packet = env_.options.limits.mqtt_packet_bytes;
  if (mode_ == Mode::WebSocket) {
    ws::FrameGuess frames = ws::recognise_frames(data, role == kClient, kPayloadLooked);
    if (frames.match == Match::No) {
      ws_[r]->start_searching();
      framers_[r]->start_searching();
    } else if (!frames.first_payload.empty() &&
               mqtt::looks_like_packets(frames.first_payload, max_packet) == Match::No) {
      framers_[r]->start_searching();
    }
    return;
  }
  if (mqtt::looks_like_packets(data, max_packet) == Match::No) framers_[r]->start_searching();
}

}  // namespace mqscope::app
