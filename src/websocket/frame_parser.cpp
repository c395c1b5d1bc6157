#include "mqscope/websocket/frame_parser.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "mqscope/websocket/fields.hpp"
#include "mqscope/websocket/recognise.hpp"

namespace mqscope::ws {

namespace {

constexpr std::uint8_t kRsv1 = 0x4;

// RFC 6455 §5.5.1: a Close body is a 2-byte status code and a UTF-8 reason; §7.4 says which
// codes may be sent. Only what was captured is judged.
void check_close(FrameRecord& r) {
  if (r.preview_length < 2) {
    // A one-byte payload is malformed; a status code cut by a capture hole is not.
    if (r.header.payload_length == 1) r.add_note(&notes::close_payload_short);
    return;
  }
  auto code = static_cast<std::uint16_t>(r.preview[0] << 8 | r.preview[1]);
  if (!is_valid_close_code(code)) r.add_note(&notes::close_invalid_code);
  Utf8Validator reason;
  bool valid = reason.feed(Bytes(r.preview.data() + 2, r.preview_length - 2u));
  // A reason cut by the capture (or by the preview of an oversized frame) may end mid-character.
  bool whole = r.payload_missing == 0 && r.payload_received == r.preview_length;
  if (!valid || (whole && !reason.at_boundary())) r.add_note(&notes::close_reason_invalid_utf8);
}

void keep_preview(std::array<std::uint8_t, kPreviewBytes>& preview, std::uint8_t& length,
                  Bytes bytes) {
  std::size_t keep = std::min(bytes.size(), kPreviewBytes - length);
  std::copy_n(bytes.begin(), keep, preview.begin() + length);
  length = static_cast<std::uint8_t>(length + keep);
}

}  // namespace

void FrameRecord::add_note(NoteId note) {
  if (note_count < notes.size()) notes[note_count++] = note;
}

bool FrameRecord::has_note(NoteId note) const {
  return std::find(notes.begin(), notes.begin() + note_count, note) != notes.begin() + note_count;
}

FrameParser::FrameParser(const Limits& limits, ParserOptions options, FrameListener& listener)
    : limits_(&limits), options_(options), listener_(&listener) {
  if (options_.permessage_deflate) inflater_ = std::make_unique<Inflater>(limits, options_.deflate);
}

FrameParser::~FrameParser() = default;

void FrameParser::feed(Bytes data, Origin origin) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    Bytes rest = data.subspan(pos);
    Origin at = origin.advanced(static_cast<std::uint32_t>(pos));
    switch (state_) {
      case State::Header: pos += take_header(rest, at); break;
      case State::Payload: pos += take_payload(rest, at); break;
      case State::Search: pos += search(rest, at); break;
    }
  }
}

std::size_t FrameParser::take_header(Bytes data, Origin origin) {
  if (header_fill_ == 0) header_origin_ = origin;
  std::size_t needed = header_fill_ < 2 ? 2 : header_length_for(header_buffer_[0], header_buffer_[1]);
  std::size_t taken = 0;
  while (header_fill_ < needed && taken < data.size()) {
    header_buffer_[header_fill_++] = data[taken++];
    if (header_fill_ == 2) needed = header_length_for(header_buffer_[0], header_buffer_[1]);
  }
  if (header_fill_ < needed) return taken;
  // The header may have started in an earlier capture frame than the one that completes it.
  start_frame(header_origin_, origin.frame);
  return taken;
}

void FrameParser::start_frame(Origin header_origin, std::uint32_t last_capture_frame) {
  FrameRecord& r = record_;
  r.reset();
  r.index = ++frame_count_;
  parse_header(Bytes(header_buffer_.data(), header_fill_), r.header);
  std::copy_n(header_buffer_.begin(), header_fill_, r.header_bytes.begin());
  r.header_origin = header_origin;
  r.last_capture_frame = last_capture_frame;
  r.permessage_deflate = options_.permessage_deflate;
  header_fill_ = 0;
  if (resynced_ && skipped_ > 0) {
    r.skipped_before = skipped_;
    r.add_note(&notes::resynchronised);
  }
  check_rules(r);
  resynced_ = false;
  skipped_ = 0;
  if (r.is_data()) {
    if (r.header.opcode != static_cast<std::uint8_t>(Opcode::Continuation) || !in_message_) {
      if (in_message_) report_unfinished_message();  // interrupted (§5.4): reported as it is
      message_opcode_ = r.header.opcode;
      ++message_count_;
      start_message(r);
    }
    in_message_ = !r.header.fin;
    r.message_opcode = message_opcode_;
    r.message_index = message_count_;
    r.message_ends = r.header.fin;
    r.compressed = message_.record.compressed;
    ++message_.record.frames;
    inflate_origin_ = header_origin;  // what a frame without payload inflates is placed here
  } else {
    r.message_opcode = r.header.opcode;
  }
  if (r.header.opcode == static_cast<std::uint8_t>(Opcode::Close)) close_seen_ = true;
  payload_left_ = r.header.payload_length;
  mask_phase_ = 0;
  listener_->on_frame_start(r);
  state_ = State::Payload;
  if (payload_left_ == 0) end_frame();
}

void FrameParser::start_message(const FrameRecord& first) {
  message_.record = MessageRecord{};
  MessageRecord& m = message_.record;
  m.index = message_count_;
  m.opcode = first.header.opcode;
  m.first_frame = first.index;
  m.first_capture_frame = first.header_origin.frame;
  // RFC 7692 §6: RSV1 on the first frame of a message marks the whole message compressed.
  m.compressed = options_.permessage_deflate && (first.header.rsv & kRsv1) != 0;
  message_.utf8.reset();
  message_.check_utf8 = m.opcode == static_cast<std::uint8_t>(Opcode::Text);
  kept_.clear();
  if (m.compressed) inflater_->begin_message();
}

void FrameParser::check_rules(FrameRecord& r) {
  const FrameHeader& h = r.header;
  if (close_seen_) r.add_note(&notes::data_after_close);
  if (options_.from_client && !h.masked) r.add_note(&notes::client_frame_unmasked);
  if (!options_.from_client && h.masked) r.add_note(&notes::server_frame_masked);
  std::uint8_t allowed_rsv = options_.permessage_deflate ? kRsv1 : 0x0;
  if ((h.rsv & ~allowed_rsv) != 0) r.add_note(&notes::rsv_without_extension);
  bool continuation = h.opcode == static_cast<std::uint8_t>(Opcode::Continuation);
  // RFC 7692 §6.1: RSV1 only on the first frame of a data message.
  if (options_.permessage_deflate && (h.rsv & kRsv1) != 0) {
    if (is_control(h.opcode)) r.add_note(&notes::compressed_control);
    else if (continuation) r.add_note(&notes::compressed_continuation);
  }
  if (!is_known_opcode(h.opcode)) r.add_note(&notes::reserved_opcode);
  if (h.length_top_bit) r.add_note(&notes::length_top_bit);
  if (h.length_not_minimal) r.add_note(&notes::length_not_minimal);
  if (is_control(h.opcode)) {
    if (!h.fin) r.add_note(&notes::control_fragmented);
    if (h.payload_length > 125) r.add_note(&notes::control_too_long);
    return;
  }
  if (resynced_) return;  // whether a message was in progress was lost with the bytes
  if (continuation && !in_message_) r.add_note(&notes::continuation_without_message);
  if (!continuation && in_message_) r.add_note(&notes::message_interrupted);
}

// Masked payload (RFC 6455 §5.3) is unmasked into a buffer on the stack, a part at a time: a
// buffer per parser was written for every segment, and with thousands of connections those
// buffers no longer stay in the cache.
std::size_t FrameParser::take_payload(Bytes data, Origin origin) {
  std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(payload_left_, data.size()));
  if (!record_.header.masked) {
    payload_part(data.first(n), data.first(n), origin, 0);
  } else {
    std::array<std::uint8_t, kUnmaskPartBytes> unmasked;  // each part is written before use
    for (std::size_t done = 0; done < n;) {
      std::size_t part = std::min(n - done, unmasked.size());
      Bytes captured = data.subspan(done, part);
      std::uint8_t phase = mask_phase_;
      mask_phase_ =
          apply_mask(captured.data(), unmasked.data(), part, record_.header.mask_key, phase);
      Origin at = origin.advanced(static_cast<std::uint32_t>(done));
      payload_part(captured, Bytes(unmasked.data(), part), at, phase);
      done += part;
    }
  }
  if (payload_left_ == 0) end_frame();
  return n;
}

// A run of the frame's payload: `captured` as on the wire, `payload` unmasked; `phase` is
// the mask key byte its first byte was XORed with.
void FrameParser::payload_part(Bytes captured, Bytes payload, Origin origin, std::uint8_t phase) {
  FrameRecord& r = record_;
  std::size_t n = payload.size();
  Piece piece;
  piece.length = static_cast<std::uint32_t>(n);
  piece.origin = origin;
  piece.carrier = r.index;
  piece.xored = r.header.masked;
  piece.xor_key = r.header.masked ? r.header.mask_key_value() : 0;
  piece.xor_phase = phase;
  // Keep the first bytes of the payload, masked and not, for display; only up to the first
  // hole, so that later bytes are not shown at the positions of missing ones. Control frames'
  // are also judged (RFC 6455 §5.5.1 Close bodies).
  bool wanted = options_.data_previews || !r.is_data();
  if (wanted && r.payload_missing == 0 && r.payload_received < kPreviewBytes) {
    auto at = static_cast<std::size_t>(r.payload_received);
    std::size_t keep = std::min(n, kPreviewBytes - at);
    std::copy_n(captured.begin(), keep, r.preview_masked.begin() + static_cast<std::ptrdiff_t>(at));
    std::copy_n(payload.begin(), keep, r.preview.begin() + static_cast<std::ptrdiff_t>(at));
    r.preview_length = static_cast<std::uint8_t>(at + keep);
  }
  r.payload_received += n;
  payload_left_ -= n;
  r.last_capture_frame = origin.frame;
  listener_->on_frame_data(r, payload, piece);
  if (r.is_data()) message_payload(payload, piece);
}

// The payload of a data frame, unmasked: the message's data itself, or compressed data.
void FrameParser::message_payload(Bytes payload, const Piece& piece) {
  message_.record.payload_bytes += payload.size();
  if (!message_.record.compressed) {
    message_data(payload, piece);
    return;
  }
  if (inflater_->stopped()) {
    listener_->on_message_gap(record_, payload.size());
    return;
  }
  inflate_origin_ = piece.origin;
  if (!inflater_->feed(payload, [this](Bytes out) { inflated(out); }))
    inflation_stopped(inflater_->lost());
}

void FrameParser::inflated(Bytes data) {
  FrameRecord& r = record_;
  r.inflated_length += data.size();
  if (options_.data_previews) keep_preview(r.inflated_preview, r.inflated_preview_length, data);
  Piece piece;
  piece.length = static_cast<std::uint32_t>(data.size());
  piece.origin = inflate_origin_;
  piece.carrier = r.index;
  piece.inflated = true;
  message_data(data, piece);
}

void FrameParser::inflation_stopped(std::uint64_t compressed_bytes) {
  if (inflater_->problem() != nullptr) record_.add_note(inflater_->problem());
  message_.record.data_complete = false;
  message_.check_utf8 = false;
  listener_->on_message_gap(record_, std::max<std::uint64_t>(compressed_bytes, 1));
}

// The application's bytes of the message, in order.
void FrameParser::message_data(Bytes data, const Piece& piece) {
  Message& m = message_;
  m.record.data_bytes += data.size();
  // RFC 6455 §8.1: a text message must be valid UTF-8 as a whole, whatever its fragmentation.
  if (m.check_utf8 && !m.utf8.feed(data)) {
    record_.add_note(&notes::text_invalid_utf8);
    m.check_utf8 = false;
    m.record.text_valid = false;
  }
  if (kept_.size() < options_.message_bytes_kept) {
    std::size_t keep = std::min(data.size(), options_.message_bytes_kept - kept_.size());
    kept_.insert(kept_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(keep));
  }
  listener_->on_message_data(record_, data, piece);
}

// Bytes of the message's payload were not captured.
void FrameParser::message_lost(std::uint64_t length) {
  message_.record.payload_missing += length;
  message_.record.data_complete = false;
  message_.check_utf8 = false;  // what the missing bytes held is unknown
  if (message_.record.compressed && !inflater_->stopped()) inflater_->abandon_message();
  listener_->on_message_gap(record_, length);
}

// The last frame of a data message ended (before the frame itself is reported, so that what
// the message's end reveals is noted on it).
void FrameParser::end_message() {
  Message& m = message_;
  if (m.record.compressed && !inflater_->stopped()) {
    if (!inflater_->end_message([this](Bytes out) { inflated(out); }))
      inflation_stopped(inflater_->lost());
  }
  if (m.check_utf8 && !m.utf8.at_boundary()) {  // the text ends inside a character
    record_.add_note(&notes::text_invalid_utf8);
    m.record.text_valid = false;
  }
  m.record.kept = Bytes(kept_);
}

void FrameParser::end_frame() {
  if (record_.is_data()) message_.record.last_capture_frame = record_.last_capture_frame;
  bool message_ends = record_.is_data() && record_.header.fin;
  if (message_ends) end_message();
  if (record_.header.opcode == static_cast<std::uint8_t>(Opcode::Close)) check_close(record_);
  listener_->on_frame_end(record_);
  if (message_ends) listener_->on_message_end(message_.record);
  state_ = State::Header;
}

void FrameParser::gap(std::uint64_t length) {
  if (length == 0) return;
  if (state_ == State::Search) {
    try_resync(true);  // decide with what was kept before the hole
    if (state_ == State::Search) {
      skipped_ += window_.size();
      window_.clear();
      listener_->on_sync_lost(length);
      return;
    }
  }
  if (state_ == State::Payload) {
    std::uint64_t inside = std::min(length, payload_left_);
    record_.payload_missing += inside;
    payload_left_ -= inside;
    mask_phase_ = static_cast<std::uint8_t>((mask_phase_ + inside) & 3);
    if (record_.payload_missing == inside) record_.add_note(&notes::payload_gap);
    listener_->on_frame_gap(record_, inside);
    if (record_.is_data() && inside > 0) message_lost(inside);
    length -= inside;
    if (payload_left_ == 0) end_frame();
    if (length == 0) return;
  }
  // Bytes missing where a header was (or would start): where the next frame begins is unknown.
  lose_sync(length);
}

// A data message whose last frame will not come (interrupted by another, or the stream
// ended or lost its frame boundaries) is reported as far as it got, marked incomplete.
void FrameParser::report_unfinished_message() {
  in_message_ = false;
  if (message_.record.compressed) inflater_->abandon_message();
  message_.record.data_complete = false;
  message_.record.kept = Bytes(kept_);
  listener_->on_message_end(message_.record);
}

void FrameParser::lose_sync(std::uint64_t bytes) {
  state_ = State::Search;
  header_fill_ = 0;
  if (in_message_) report_unfinished_message();
  in_message_ = false;
  if (inflater_) inflater_->abandon_message();
  window_.clear();
  listener_->on_sync_lost(bytes);
}

void FrameParser::finish() {
  if (state_ == State::Search) try_resync(true);
  if (state_ == State::Search) return;
  // The capture ended inside this frame: what it still lacked is missing, as after a hole
  // (and noted once, even when an earlier hole already noted it).
  if (state_ == State::Payload && payload_left_ > 0) gap(payload_left_);
  if (header_fill_ > 0) lose_sync(header_fill_);  // the capture ended inside a header
  if (in_message_) report_unfinished_message();
}

}  // namespace mqscope::ws
