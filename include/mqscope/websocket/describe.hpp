// The WebSocket subtree of one frame, in Wireshark's words, from a FrameRecord; and a whole
// data message, for connections whose payload is not decoded further.
#pragma once

#include <string>

#include "mqscope/core/limits.hpp"
#include "mqscope/core/text_buffer.hpp"
#include "mqscope/field/tree.hpp"
#include "mqscope/websocket/frame_parser.hpp"

namespace mqscope::ws {

// `frame` must outlive the tree's use: the tree points into its header and preview bytes.
// `hide_payload`: show "<hidden>" instead of the payload bytes (they may hold credentials).
void describe_frame(field::Tree& tree, const FrameRecord& frame, bool hide_payload = false);

// "[WebSocket message 3: Text, 13 bytes in 2 frames]" with the message's text or bytes.
// `message.kept` must outlive the tree's use.
void describe_message(field::Tree& tree, const MessageRecord& message);

// One line of key values for the summary: "Text len=13 \"hello, world!\"".
void append_message_summary(const MessageRecord& message, TextBuffer& out, const Limits& limits);

}  // namespace mqscope::ws
