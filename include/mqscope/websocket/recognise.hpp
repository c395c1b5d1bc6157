// Telling WebSocket frames from other bytes without having seen the handshake: after bytes
// were lost (where does the next frame start?) and for a connection captured after its HTTP
// upgrade. RFC 6455 §5.2 gives frames no marker, but a sender follows rules that random bytes
// rarely do: a known opcode, reserved bits clear, the mask bit set on exactly the client's
// frames (§5.1), the shortest length encoding, control frames whole and short (§5.5).
#pragma once

#include <cstdint>
#include <vector>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/status.hpp"
#include "mqscope/websocket/frame.hpp"

namespace mqscope::ws {

// The first header byte could start a frame: known opcode, reserved bits clear (RSV1 may be
// set where permessage-deflate allows it), control frames with FIN.
bool plausible_first_byte(std::uint8_t b0, bool rsv1_allowed);
// ... and the second agrees with the direction (masked exactly when from the client).
bool plausible_start(std::uint8_t b0, std::uint8_t b1, bool from_client, bool rsv1_allowed);
// A whole header a sender could have written: minimal length, length below 2^32, control
// payloads of at most 125 bytes.
bool plausible_header(const FrameHeader& header);

struct FrameGuess {
  Match match = Match::No;
  std::size_t frames = 0;                   // complete frames seen
  std::vector<std::uint8_t> first_payload;  // unmasked start of the first data frame's payload
};

// Whether `bytes` begin with WebSocket frames sent by the client (`from_client`) or the server:
// Yes when they hold a complete data frame with a payload, or two complete frames, and every
// header seen is plausible; NeedMore when the first frame is not complete yet. Keeps up to
// `keep` bytes of the first data frame's payload, unmasked, for the caller to recognise.
FrameGuess recognise_frames(Bytes bytes, bool from_client, std::size_t keep);

}  // namespace mqscope::ws
