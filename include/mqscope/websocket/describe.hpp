// The WebSocket subtree of one frame, in Wireshark's words, from a FrameRecord.
#pragma once

#include "mqscope/field/tree.hpp"
#include "mqscope/websocket/frame_parser.hpp"

namespace mqscope::ws {

// `frame` must outlive the tree's use: the tree points into its header and preview bytes.
// `hide_payload`: show "<hidden>" instead of the payload bytes (they may hold credentials).
void describe_frame(field::Tree& tree, const FrameRecord& frame, bool hide_payload = false);

// Whether a close status code may be sent in a Close frame (RFC 6455 §7.4.1, §7.4.2).
bool is_valid_close_code(std::uint16_t code);

}  // namespace mqscope::ws
