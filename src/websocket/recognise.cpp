#include "mqscope/websocket/recognise.hpp"

#include <algorithm>

namespace mqscope::ws {

bool plausible_first_byte(std::uint8_t b0, bool rsv1_allowed) {
  std::uint8_t rsv = (b0 >> 4) & 0x7;
  std::uint8_t opcode = b0 & 0x0f;
  if (rsv != 0 && !(rsv1_allowed && rsv == 0x4 && !is_control(opcode))) return false;
  if (!is_known_opcode(opcode)) return false;
  return !is_control(opcode) || (b0 & 0x80) != 0;  // §5.5: control frames are not fragmented
}

bool plausible_start(std::uint8_t b0, std::uint8_t b1, bool from_client, bool rsv1_allowed) {
  if (!plausible_first_byte(b0, rsv1_allowed)) return false;
  if (((b1 & 0x80) != 0) != from_client) return false;
  return !is_control(b0 & 0x0f) || (b1 & 0x7f) <= 125;
}

bool plausible_header(const FrameHeader& h) {
  if (h.length_not_minimal || h.length_top_bit) return false;
  if (h.payload_length > 0xffffffffu) return false;  // 4 GiB frames: garbage, not MQTT traffic
  return !is_control(h.opcode) || h.payload_length <= 125;
}

FrameGuess recognise_frames(Bytes bytes, bool from_client, std::size_t keep) {
  FrameGuess guess;
  bool data_frame_with_payload = false;
  bool payload_kept = false;
  std::size_t pos = 0;
  while (bytes.size() - pos >= 2) {
    if (!plausible_start(bytes[pos], bytes[pos + 1], from_client, false)) return {};
    std::size_t hl = header_length_for(bytes[pos], bytes[pos + 1]);
    if (bytes.size() - pos < hl) break;
    FrameHeader h;
    parse_header(bytes.subspan(pos, hl), h);
    if (!plausible_header(h)) return {};
    std::size_t available = bytes.size() - pos - hl;
    if (!is_control(h.opcode) && !payload_kept) {
      payload_kept = true;
      auto n =
          static_cast<std::size_t>(std::min<std::uint64_t>({h.payload_length, available, keep}));
      Bytes payload = bytes.subspan(pos + hl, n);
      guess.first_payload.assign(payload.begin(), payload.end());
      if (h.masked) apply_mask(guess.first_payload.data(), n, h.mask_key, 0);
    }
    if (h.payload_length > available) break;
    ++guess.frames;
    if (!is_control(h.opcode) && h.payload_length > 0) data_frame_with_payload = true;
    pos += hl + static_cast<std::size_t>(h.payload_length);
  }
  guess.match = (data_frame_with_payload || guess.frames >= 2) ? Match::Yes : Match::NeedMore;
  return guess;
}

}  // namespace mqscope::ws
