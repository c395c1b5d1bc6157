#include "mqscope/websocket/describe.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include "mqscope/field/format.hpp"
#include "mqscope/websocket/fields.hpp"
#include "mqscope/websocket/utf8.hpp"

namespace mqscope::ws {

namespace {

using field::NodeIndex;
using field::Subtree;
using field::Tree;

constexpr std::size_t kLabelBytes = 36;  // Wireshark's label limit for byte fields

bool is_text(std::uint8_t opcode) { return opcode == static_cast<std::uint8_t>(Opcode::Text); }

// The bytes of the current source as text, up to the last whole character; "…" when that
// is not all of `total`. Nothing when not one character can be shown.
void add_text(Tree& tree, Bytes shown, std::uint64_t total) {
  std::size_t n = valid_utf8_prefix(shown);
  if (n == 0 && !shown.empty()) return;
  NodeIndex text = tree.add(&hf::text, 0, static_cast<std::uint32_t>(n));
  if (n < total) tree.append_text(text, "\u2026");
}

void add_count_suffix(Tree& tree, NodeIndex node, std::size_t shown, std::uint64_t total) {
  if (total > shown && shown <= kLabelBytes)
    field::append_formatted(tree, node, FMT_COMPILE(" ({} of {} bytes shown)"), shown, total);
}

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

// The notes about a Close body are shown with the fields they concern.
bool is_close_note(NoteId note) {
  return note == &notes::close_invalid_code || note == &notes::close_payload_short ||
         note == &notes::close_reason_invalid_utf8;
}

void add_note_if(Tree& tree, const FrameRecord& frame, NoteId note) {
  if (frame.has_note(note)) tree.add_note(note);
}

void describe_close(Tree& tree, const FrameRecord& frame, std::uint16_t payload_source) {
  NodeIndex close = tree.add(&hf::close, 0, frame.preview_length);
  Subtree sub(tree, close);
  add_note_if(tree, frame, &notes::close_payload_short);
  if (frame.preview_length < 2) return;
  auto code = static_cast<std::uint16_t>(frame.preview[0] << 8 | frame.preview[1]);
  tree.set_current_source(payload_source);
  tree.add(&hf::close_status, 0, 2, code);
  add_note_if(tree, frame, &notes::close_invalid_code);
  if (frame.preview_length > 2) {
    Bytes reason(frame.preview.data() + 2, frame.preview_length - 2u);
    std::size_t n = valid_utf8_prefix(reason);
    NodeIndex line = tree.add(&hf::close_reason, 2, static_cast<std::uint32_t>(n));
    if (n < reason.size()) tree.append_text(line, "\u2026");
  }
  add_note_if(tree, frame, &notes::close_reason_invalid_utf8);
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
  Bytes bytes(frame.preview.data(), shown);
  std::uint16_t payload_source = tree.add_source(bytes, "payload");
  NodeIndex payload = tree.add(&hf::payload, 0, shown);
  add_count_suffix(tree, payload, shown, h.payload_length);
  Subtree sub(tree, payload);
  switch (static_cast<Opcode>(h.opcode)) {
    case Opcode::Close: describe_close(tree, frame, payload_source); break;
    case Opcode::Ping: tree.add(&hf::ping, 0, shown); break;
    case Opcode::Pong: tree.add(&hf::pong, 0, shown); break;
    default:
      if (frame.is_data() && !frame.compressed && is_text(frame.message_opcode))
        add_text(tree, bytes, h.payload_length);
      break;
  }
}

// RFC 7692 §7.2.2: what the compressed payload of this frame inflated to.
void describe_inflated(Tree& tree, const FrameRecord& frame) {
  NodeIndex length = tree.add(&hf::inflated_length, 0, 0, frame.inflated_length);
  tree.set_flags(length, field::kGenerated);
  if (frame.inflated_preview_length == 0) return;
  Bytes bytes(frame.inflated_preview.data(), frame.inflated_preview_length);
  tree.add_source(bytes, "inflated payload");
  NodeIndex payload = tree.add(&hf::inflated_payload, 0, frame.inflated_preview_length);
  tree.set_flags(payload, field::kGenerated);
  add_count_suffix(tree, payload, bytes.size(), frame.inflated_length);
  if (!is_text(frame.message_opcode)) return;
  Subtree sub(tree, payload);
  add_text(tree, bytes, frame.inflated_length);
}

}  // namespace

void describe_frame(Tree& tree, const FrameRecord& frame, bool hide_payload) {
  const FrameHeader& h = frame.header;
  tree.add_source(Bytes(frame.header_bytes.data(), h.header_length), "WebSocket header");
  NodeIndex top = tree.add(&hf::websocket, 0, h.header_length);
  Subtree sub(tree, top);
  std::uint8_t b0 = frame.header_bytes[0];
  std::uint8_t b1 = frame.header_bytes[1];
  tree.add(&hf::fin, 0, 1, b0);
  tree.add(&hf::rsv, 0, 1, b0);
  if (frame.permessage_deflate) tree.add(&hf::pmc, 0, 1, b0);
  tree.add(&hf::opcode, 0, 1, b0);
  tree.add(&hf::mask, 1, 1, b1);
  describe_length(tree, h);
  if (h.masked) tree.add(&hf::masking_key, static_cast<std::uint32_t>(h.header_length - 4), 4);
  if (frame.header_origin.frame != frame.last_capture_frame) {
    std::string span;
    append_format(span, FMT_COMPILE("#{}-{}"), frame.header_origin.frame, frame.last_capture_frame);
    tree.add_generated_text(&hf::frame_span, span);
  }
  if (hide_payload && h.payload_length > 0) {
    tree.add_text("[Payload hidden: it carries credentials (--hide-secrets)]");
  } else {
    describe_payload(tree, frame);
    if (frame.compressed) describe_inflated(tree, frame);
  }
  for (std::uint8_t i = 0; i < frame.note_count; ++i) {
    if (is_close_note(frame.notes[i])) continue;
    const bool skip_note = frame.notes[i] == &notes::resynchronised;
    tree.add_note(frame.notes[i],
                  skip_note ? fmt::format("{} bytes skipped", frame.skipped_before) : "");
  }
  if (frame.payload_missing > 0)
    tree.add_text(fmt::format("[{} payload bytes not captured]", frame.payload_missing));
}

namespace {

std::string opcode_name(std::uint8_t opcode) {
  std::string_view name = field::value_name(hf::opcode, opcode);
  return name.empty() ? fmt::format("Opcode {}", opcode) : std::string(name);
}

std::string message_label(const MessageRecord& m) {
  std::string label = fmt::format("WebSocket message {}: {}, {} bytes", m.index,
                                  opcode_name(m.opcode), m.data_bytes);
  if (m.compressed) label += fmt::format(" inflated from {}", m.payload_bytes);
  label += fmt::format(" in {} frame{}", m.frames, m.frames == 1 ? "" : "s");
  if (m.first_capture_frame == m.last_capture_frame)
    label += fmt::format(" (#{})", m.first_capture_frame);
  else
    label += fmt::format(" (#{}-#{})", m.first_capture_frame, m.last_capture_frame);
  if (!m.data_complete) label += ", incomplete";
  return label;
}

}  // namespace

void describe_message(Tree& tree, const MessageRecord& m) {
  tree.add_source(m.kept, "WebSocket message");
  NodeIndex top = tree.add(&hf::message, 0, 0, m.index);
  tree.set_label(top, message_label(m));
  tree.set_flags(top, field::kGenerated);
  Subtree sub(tree, top);
  tree.set_flags(tree.add(&hf::message_opcode, 0, 0, m.opcode), field::kHidden);
  tree.set_flags(tree.add(&hf::message_frames, 0, 0, m.frames), field::kHidden);
  tree.set_flags(tree.add(&hf::message_length, 0, 0, m.data_bytes), field::kHidden);
  if (m.compressed)
    tree.set_flags(tree.add(&hf::message_compressed_length, 0, 0, m.payload_bytes),
                   field::kHidden);
  if (m.kept.empty()) return;
  auto kept = static_cast<std::uint32_t>(m.kept.size());
  if (is_text(m.opcode)) {
    add_text(tree, m.kept, m.data_bytes);
    return;
  }
  NodeIndex binary = tree.add(&hf::binary, 0, kept);
  add_count_suffix(tree, binary, kept, m.data_bytes);
}

void append_message_summary(const MessageRecord& m, TextBuffer& out, const Limits& limits) {
  out += opcode_name(m.opcode);
  out += fmt::format(" len={}", m.data_bytes);
  if (m.compressed) out += fmt::format(" deflated={}", m.payload_bytes);
  if (!m.kept.empty()) {
    Bytes head = m.kept.first(std::min(m.kept.size(), limits.summary_payload_chars));
    if (is_text(m.opcode)) {
      std::size_t n = valid_utf8_prefix(head);
      out += " \"";
      out += field::escape_text(as_text(head.first(n)));
      out += '"';
      if (n < m.data_bytes) out += "\u2026";
    } else {
      std::size_t n = std::min<std::size_t>(head.size(), 24);  // as MQTT payloads are shown
      out += ' ';
      out += to_hex(head.first(n));
      if (n < m.data_bytes) out += "\u2026";
    }
  }
  if (!m.text_valid) out += fmt::format(" [{}]", notes::text_invalid_utf8.name);
  if (!m.data_complete) out += " (incomplete)";
}

}  // namespace mqscope::ws
