// Incremental WebSocket frame parser for one direction of a connection. Bytes arrive in
// pieces of any size; a header is consumed only once all of its 2 to 14 bytes are there
// (Boost.Beast's rule), the payload streams through, unmasked with a key phase that survives
// chunk boundaries. Fragments are joined into messages (RFC 6455 §5.4), compressed messages
// inflated (RFC 7692), text checked for UTF-8 (§8.1). Every rule a frame breaks becomes a
// note on that frame.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/limits.hpp"
#include "mqscope/core/notes.hpp"
#include "mqscope/core/origin.hpp"
#include "mqscope/core/search_window.hpp"
#include "mqscope/websocket/frame.hpp"
#include "mqscope/websocket/inflater.hpp"
#include "mqscope/websocket/utf8.hpp"

namespace mqscope::ws {

inline constexpr std::size_t kPreviewBytes = 125;  // the largest control payload
inline constexpr std::size_t kUnmaskPartBytes = 16 * 1024;  // masked payload unmasked at once

// The values of a frame record, set afresh for every frame; its byte arrays (below) are read
// only up to their lengths (header.header_length and those here), so they are not cleared each time (500 bytes per
// frame showed in profiles).
struct FrameValues {
  std::uint32_t index = 0;  // 1-based, per direction
  FrameHeader header;
  Origin header_origin;                // capture position of the first header byte
  std::uint32_t last_capture_frame = 0;
  std::uint8_t message_opcode = 0;     // opcode of the message this frame belongs to
  std::uint32_t message_index = 0;     // 1-based data-message number; 0 for control frames
  bool message_ends = false;           // the last frame of its data message
  bool permessage_deflate = false;     // negotiated: RSV1 means "compressed" (RFC 7692 §6)
  bool compressed = false;             // part of a compressed message
  std::uint64_t payload_received = 0;
  std::uint64_t payload_missing = 0;   // lost in capture gaps
  std::uint8_t preview_length = 0;     // first payload bytes, masked and unmasked
  std::uint64_t inflated_length = 0;   // bytes this frame's payload inflated to
  std::uint8_t inflated_preview_length = 0;
  std::uint64_t skipped_before = 0;    // bytes skipped to find this header after lost bytes
  std::uint8_t note_count = 0;
};

// Everything known about one frame; copyable, so that outputs can describe a frame after its
// bytes are gone.
struct FrameRecord : FrameValues {
  std::array<std::uint8_t, kMaxHeaderLength> header_bytes{};
  std::array<std::uint8_t, kPreviewBytes> preview_masked{};
  std::array<std::uint8_t, kPreviewBytes> preview{};
  std::array<std::uint8_t, kPreviewBytes> inflated_preview{};
  // Room for every note one frame can earn at once (at most 12 can apply to one frame, and a
  // resynchronisation).
  std::array<NoteId, 16> notes{};

  // Starts the record of a new frame.
  void reset() { static_cast<FrameValues&>(*this) = FrameValues{}; }
  void add_note(NoteId note);
  bool has_note(NoteId note) const;
  bool is_data() const { return !is_control(header.opcode); }
};

// A whole data message, reported after its last frame.
struct MessageRecord {
  std::uint32_t index = 0;             // 1-based data-message number, per direction
  std::uint8_t opcode = 0;             // of its first frame: Text, Binary (or reserved)
  bool compressed = false;
  std::uint32_t frames = 0;
  std::uint32_t first_frame = 0;       // index of its first WebSocket frame
  std::uint32_t first_capture_frame = 0;
  std::uint32_t last_capture_frame = 0;
  std::uint64_t payload_bytes = 0;     // received on the wire (compressed, if it is)
  std::uint64_t payload_missing = 0;   // lost in capture gaps
  std::uint64_t data_bytes = 0;        // the application's bytes (inflated, if compressed)
  bool data_complete = true;           // nothing lost to a gap or a stopped inflation
  bool text_valid = true;              // a text message's data is UTF-8 (as far as seen)
  Bytes kept;                          // its first data bytes (ParserOptions::message_bytes_kept)
};

class FrameListener {
 public:
  virtual ~FrameListener() = default;
  virtual void on_frame_start(const FrameRecord& frame) { (void)frame; }
  // Unmasked payload bytes; `piece` says where they were captured and how they were masked.
  virtual void on_frame_data(const FrameRecord& frame, Bytes payload, const Piece& piece) = 0;
  virtual void on_frame_gap(const FrameRecord& frame, std::uint64_t length) {
    (void)frame;
    (void)length;
  }
  virtual void on_frame_end(const FrameRecord& frame) = 0;
  // The application data of a data message, in order: the unmasked payload, or for a
  // compressed message the inflated bytes (Piece::inflated, origin = the compressed bytes
  // they came out of). `frame` is the frame they belong to.
  virtual void on_message_data(const FrameRecord& frame, Bytes data, const Piece& piece) {
    (void)frame;
    (void)data;
    (void)piece;
  }
  // Data of the current message is lost: `length` payload bytes not captured, or compressed
  // bytes that could not be inflated.
  virtual void on_message_gap(const FrameRecord& frame, std::uint64_t length) {
    (void)frame;
    (void)length;
  }
  virtual void on_message_end(const MessageRecord& message) { (void)message; }
  // Frame boundaries were lost (bytes missing where a header was): the parser looks for the
  // next plausible header. `bytes_missing` = what the hole took from the stream.
  virtual void on_sync_lost(std::uint64_t bytes_missing) { (void)bytes_missing; }
  // A plausible header was found after `bytes_skipped` bytes that could not be placed; the
  // frame starting there comes next.
  virtual void on_resynchronised(std::uint64_t bytes_skipped) { (void)bytes_skipped; }
};

struct ParserOptions {
  constexpr ParserOptions(bool client = true, bool deflate_negotiated = false)
      : from_client(client), permessage_deflate(deflate_negotiated) {}

  bool from_client = true;             // client frames must be masked, server frames must not
  bool permessage_deflate = false;     // negotiated (RFC 7692 §6): RSV1 marks compression
  DeflateOptions deflate;              // the sender's negotiated parameters
  std::size_t message_bytes_kept = 0;  // first data bytes of each message kept for display
  bool data_previews = true;           // keep data frames' first bytes (FrameRecord::preview)
};

class FrameParser {
 public:
  FrameParser(const Limits& limits, ParserOptions options, FrameListener& listener);
  ~FrameParser();

  // `origin` is the capture position of data[0].
  void feed(Bytes data, Origin origin);
  void gap(std::uint64_t length);
  void finish();
  // Starts by looking for a plausible header instead of expecting one (a capture that began
  // in the middle of the connection).
  void start_searching();

  std::uint32_t frames() const { return frame_count_; }
  bool sync_lost() const { return state_ == State::Search; }
  bool in_frame() const { return state_ == State::Payload || header_fill_ > 0; }
  const FrameRecord& current() const { return record_; }
  // The leading bytes of this object that every frame touches (for a caller that asks for
  // them ahead of a segment).
  std::size_t hot_state_bytes() const {
    return static_cast<std::size_t>(reinterpret_cast<const char*>(&record_.header_bytes) -
                                    reinterpret_cast<const char*>(this)) +
           sizeof record_.header_bytes;
  }

 private:
  enum class State : std::uint8_t { Header, Payload, Search };

  struct Message {  // the data message in progress
    MessageRecord record;
    Utf8Validator utf8;
    bool check_utf8 = false;  // a text message, every byte seen so far
  };

  std::size_t take_header(Bytes data, Origin origin);
  std::size_t take_payload(Bytes data, Origin origin);
  void payload_part(Bytes captured, Bytes payload, Origin origin, std::uint8_t phase);
  void start_frame(Origin header_origin, std::uint32_t last_capture_frame);
  void start_message(const FrameRecord& first);
  void check_rules(FrameRecord& frame);
  void message_payload(Bytes payload, const Piece& piece);
  void message_data(Bytes data, const Piece& piece);
  void inflated(Bytes data);
  void inflation_stopped(std::uint64_t compressed_bytes);
  void message_lost(std::uint64_t length);
  void end_message();
  void report_unfinished_message();
  void end_frame();
  void lose_sync(std::uint64_t bytes);
  std::size_t search(Bytes data, Origin origin);
  SearchVerdict judge(Bytes window, bool final) const;
  void try_resync(bool final);
  std::size_t window_limit() const;

  // What every frame reads or writes comes first, and the frame record's values last of it
  // (hot_state_bytes()); the record's previews and notes, and what only a lost or compressed
  // stream uses, come after.
  const Limits* limits_;
  ParserOptions options_;
  FrameListener* listener_;
  State state_ = State::Header;
  std::array<std::uint8_t, kMaxHeaderLength> header_buffer_{};
  std::size_t header_fill_ = 0;
  Origin header_origin_;
  std::uint64_t payload_left_ = 0;
  std::uint8_t mask_phase_ = 0;
  std::uint32_t frame_count_ = 0;
  std::uint32_t message_count_ = 0;
  bool in_message_ = false;
  std::uint8_t message_opcode_ = 0;
  bool close_seen_ = false;
  bool resynced_ = false;      // the next frame is the first found after lost bytes
  std::uint64_t skipped_ = 0;  // bytes given up while searching
  Message message_;
  FrameRecord record_;
  std::vector<std::uint8_t> kept_;
  std::unique_ptr<Inflater> inflater_;
  Origin inflate_origin_;  // the compressed bytes being inflated
  SearchWindow window_;
};

}  // namespace mqscope::ws
