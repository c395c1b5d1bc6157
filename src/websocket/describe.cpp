#include "mqscope/websocket/describe.hpp"

#include <fmt/format.h>

#include "mqscope/websocket/fields.hpp"

namespace mqscope::ws {

namespace {

using field::NodeIndex;
using field::Subtree;
using field::Tree;

void describe_length(Tree& tree, const FrameHeader& h) {
  NodeIndex len = tree.add(&hf::payload_length, 1, 1, h.length7);
  if (h.length7 == 126) {
    tree.append_text(len, " Extended Payload Length (16 bits)");
    tree.add(&hf::payload_length_16, 2, 2, h.payload_length);
  } else if (h.length7 == 127) {
    tree.append_text(len, " Extended Payload Length (64 bits)");
    tree.add(&hf::payload_length_64, 2, 8, h.payload_length);
  }
}

void describe_close(Tree& tree, const FrameRecord& frame, std::uint16_t payload_source) {
  NodeIndex close = tree.add(&hf::close, 0, frame.preview_length);
  Subtree sub(tree, close);
  if (frame.preview_length < 2) {
    // A one-byte payload is malformed; a status code cut by a capture hole is not.
    if (frame.header.payload_length == 1) tree.add_note(&notes::close_payload_short);
    return;
  }
  auto code = static_cast<std::uint16_t>(frame.preview[0] << 8 | frame.preview[1]);
  tree.set_current_source(payload_source);
  tree.add(&hf::close_status, 0, 2, code);
  if (!is_valid_close_code(code)) tree.add_note(&notes::close_invalid_code);
  if (frame.preview_length > 2)
    tree.add(&hf::close_reason, 2, static_cast<std::uint32_t>(frame.preview_length - 2));
}

void describe_payload(Tree& tree, const FrameRecord& frame) {
  const FrameHeader& h = frame.header;
  if (h.payload_length == 0) {
    // RFC 6455 §7.1.5: a Close without a body means status 1005, "No Status Rcvd".
    if (h.opcode == static_cast<std::uint8_t>(Opcode::Close))
      tree.add_text("[Close without a status code (1005: No Status Rcvd)]");
    return;
  }
  auto shown = static_cast<std::uint32_t>(frame.preview_length);
  if (h.masked) {
    tree.add_source(Bytes(frame.preview_masked.data(), shown), "masked payload");
    tree.add(&hf::masked_payload, 0, shown);
  }
  std::uint16_t payload_source = tree.add_source(Bytes(frame.preview.data(), shown), "payload");
  NodeIndex payload = tree.add(&hf::payload, 0, shown);
  if (h.payload_length > shown && shown <= 36)
    tree.append_text(payload, fmt::format(" ({} of {} bytes shown)", shown, h.payload_length));
  Subtree sub(tree, payload);
  switch (static_cast<Opcode>(h.opcode)) {
    case Opcode::Close: describe_close(tree, frame, payload_source); break;
    case Opcode::Ping: tree.add(&hf::ping, 0, shown); break;
    case Opcode::Pong: tree.add(&hf::pong, 0, shown); break;
    default: break;
  }
}

}  // namespace

bool is_valid_close_code(std::uint16_t code) {
  if (code >= 3000 && code <= 4999) return true;  // registered and private use
  if (code < 1000 || code > 1014) return false;
  // 1004 is reserved; 1005 and 1006 must never be sent in a Close frame.
  return code != 1004 && code != 1005 && code != 1006;
}

void describe_frame(Tree& tree, const FrameRecord& frame) {
  const FrameHeader& h = frame.header;
  tree.add_source(Bytes(frame.header_bytes.data(), h.header_length), "WebSocket header");
  NodeIndex top = tree.add(&hf::websocket, 0, h.header_length);
  Subtree sub(tree, top);
  std::uint8_t b0 = frame.header_bytes[0];
  std::uint8_t b1 = frame.header_bytes[1];
  tree.add(&hf::fin, 0, 1, b0);
  tree.add(&hf::rsv, 0, 1, b0);
  tree.add(&hf::opcode, 0, 1, b0);
  tree.add(&hf::mask, 1, 1, b1);
  describe_length(tree, h);
  if (h.masked) tree.add(&hf::masking_key, static_cast<std::uint32_t>(h.header_length - 4), 4);
  if (frame.header_origin.frame != frame.last_capture_frame) {
    std::string span = fmt::format("#{}-{}", frame.header_origin.frame, frame.last_capture_frame);
    tree.add_generated_text(&hf::frame_span, span);
  }
  describe_payload(tree, frame);
  for (std::uint8_t i = 0; i < frame.note_count; ++i) {
    const bool skip_note = frame.notes[i] == &notes::resynchronised;
    tree.add_note(frame.notes[i],
                  skip_note ? fmt::format("{} bytes skipped", frame.skipped_before) : "");
  }
  if (frame.payload_missing > 0)
    tree.add_text(fmt::format("[{} payload bytes not captured]", frame.payload_missing));
}

}  // namespace mqscope::ws
