// Fuzz target: the WebSocket frame parser of one direction (ws::FrameParser), with and without
// permessage-deflate: headers cut anywhere, unmasking, fragmentation, control frames, UTF-8,
// inflation with every window size and with or without context takeover, capture gaps.
//
// Input: two option bytes, then the direction's bytes.
//   byte 0: bit 0 client (masked) side, bit 1 permessage-deflate negotiated, bits 2-4 window
//           bits (8 + value), bit 5 no context takeover, bit 6 keep message bytes, bit 7 small
//           inflation limits;
//   byte 1: chunking seed; its low nibble, when set, also places a capture gap of
//           (nibble * 37) bytes at (high nibble / 16) of the input.
// The events must not depend on the chunking (RFC 6455 §5.4: frames and messages are what they
// are however TCP cut them), and every unmasked byte must XOR back to the captured one.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "fuzz_support.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/websocket/describe.hpp"
#include "mqscope/websocket/frame_parser.hpp"

namespace {

using namespace mqscope;

struct Setup {
  ws::ParserOptions options;
  Limits limits;
  std::uint32_t seed = 0;
  std::size_t gap_at = 0;
  std::uint64_t gap_length = 0;
};

// Logs every event; runs of message data and of gaps are merged, so that only chunking-free
// facts remain. With `describe`, every frame and message is also put into a tree and printed.
class Log : public ws::FrameListener {
 public:
  Log(Bytes wire, const Limits& limits, bool describe)
      : wire_(wire), limits_(limits), describe_(describe) {}

  std::string text;

  void on_frame_start(const ws::FrameRecord& f) override {
    end_runs();
    text += fmt::format("start #{} op={} fin={} rsv={} masked={} len={} msg={}/{} z={}\n", f.index,
                        f.header.opcode, f.header.fin, f.header.rsv, f.header.masked,
                        f.header.payload_length, f.message_index, f.message_opcode, f.compressed);
    fuzz::check(f.header.header_length >= 2 && f.header.header_length <= ws::kMaxHeaderLength,
                "header length outside RFC 6455 §5.2's 2 to 14");
  }
  void on_frame_data(const ws::FrameRecord& f, Bytes payload, const Piece& piece) override {
    fuzz::check(piece.length == payload.size() && piece.carrier == f.index, "bad payload piece");
    check_unmasked(payload, piece);
    frame_bytes_ += payload.size();
  }
  void on_frame_gap(const ws::FrameRecord& f, std::uint64_t length) override {
    end_runs();
    text += fmt::format("frame gap #{} {}\n", f.index, length);
  }
  void on_frame_end(const ws::FrameRecord& f) override {
    end_runs();
    text += fmt::format("end #{} got={} missing={} ends={} inflated={} preview={} notes=", f.index,
                        f.payload_received, f.payload_missing, f.message_ends, f.inflated_length,
                        to_hex(Bytes(f.preview.data(), f.preview_length)));
    for (std::uint8_t i = 0; i < f.note_count; ++i) text += fmt::format("{},", f.notes[i]->name);
    text += "\n";
    fuzz::check(f.payload_received == frame_bytes_, "frame data does not add up");
    fuzz::check(f.payload_received + f.payload_missing <= f.header.payload_length,
                "more payload than the header announced");
    frame_bytes_ = 0;
    if (describe_) {
      field::Tree tree;
      ws::describe_frame(tree, f, f.index % 2 == 0);
      print(tree);
    }
  }
  void on_message_data(const ws::FrameRecord& f, Bytes data, const Piece& piece) override {
    (void)f;
    fuzz::check(piece.length == data.size(), "bad message piece");
    if (!piece.inflated) check_unmasked(data, piece);
    if (in_gap_) end_runs();
    data_.insert(data_.end(), data.begin(), data.end());
  }
  void on_message_gap(const ws::FrameRecord& f, std::uint64_t length) override {
    (void)f;
    if (!in_gap_) end_runs();
    in_gap_ = true;
    gap_ += length;
  }
  void on_message_end(const ws::MessageRecord& m) override {
    end_runs();
    text += fmt::format(
        "message {} op={} z={} frames={} first={} payload={} missing={} data={} "
        "complete={} text_valid={} kept={}\n",
        m.index, m.opcode, m.compressed, m.frames, m.first_frame, m.payload_bytes,
        m.payload_missing, m.data_bytes, m.data_complete, m.text_valid, to_hex(m.kept));
    if (describe_) {
      field::Tree tree;
      ws::describe_message(tree, m);
      print(tree);
      TextBuffer summary;
      ws::append_message_summary(m, summary, limits_);
    }
  }
  void on_sync_lost(std::uint64_t bytes) override {
    end_runs();
    text += fmt::format("sync lost {}\n", bytes);
  }
  void end_runs() {
    if (!data_.empty()) text += "data " + to_hex(Bytes(data_)) + "\n";
    if (in_gap_) text += fmt::format("message gap {}\n", gap_);
    data_.clear();
    in_gap_ = false;
    gap_ = 0;
  }

 private:
  // RFC 6455 §5.3: payload XOR the key, from the piece's key phase, is what was captured.
  void check_unmasked(Bytes payload, const Piece& piece) {
    fuzz::check(std::uint64_t{piece.origin.frame_offset} + payload.size() <= wire_.size(),
                "payload piece outside the input");
    for (std::size_t i = 0; i < payload.size(); ++i) {
      auto shift = static_cast<std::uint32_t>(8 * (3 - ((piece.xor_phase + i) & 3)));
      auto key = static_cast<std::uint8_t>(piece.xored ? piece.xor_key >> shift : 0u);
      fuzz::check(wire_[piece.origin.frame_offset + i] == (payload[i] ^ key),
                  "unmasked byte does not match the captured one");
    }
  }
  static void print(const field::Tree& tree) {
    for (field::NodeIndex i = 0; i < tree.size(); ++i) field::format_label(tree, i);
  }

  Bytes wire_;
  const Limits& limits_;
  bool describe_;
  std::size_t frame_bytes_ = 0;
  std::vector<std::uint8_t> data_;
  bool in_gap_ = false;
  std::uint64_t gap_ = 0;
};

Setup read_setup(fuzz::Input& in, std::size_t data_size) {
  Setup s;
  std::uint8_t a = in.byte();
  std::uint8_t b = in.byte();
  s.options = ws::ParserOptions((a & 1) != 0, (a & 2) != 0);
  s.options.deflate.window_bits = static_cast<std::uint8_t>(8 + ((a >> 2) & 7));
  s.options.deflate.no_context_takeover = (a & 0x20) != 0;
  s.options.message_bytes_kept = (a & 0x40) ? 300 : 0;
  if (a & 0x80) {
    s.limits.ws_inflated_bytes = 5000;
    s.limits.ws_inflate_ratio = 7;
  }
  s.seed = b;
  if (b & 0x0f) {
    s.gap_length = std::uint64_t{b & 0x0fu} * 37;
    s.gap_at = data_size * (b >> 4) / 16;
  }
  return s;
}

std::string run(Bytes data, const Setup& s, std::uint32_t seed, bool describe) {
  Log log(data, s.limits, describe);
  ws::FrameParser parser(s.limits, s.options, log);
  // The capture gap splits the input: bytes before it, the gap, bytes after it (which still
  // carry their own capture offsets).
  std::size_t cut = s.gap_length ? s.gap_at : data.size();
  for (Bytes chunk : fuzz::chunked(data.first(cut), seed))
    parser.feed(chunk, Origin{1, static_cast<std::uint32_t>(chunk.data() - data.data())});
  if (s.gap_length) {
    parser.gap(s.gap_length);
    for (Bytes chunk : fuzz::chunked(data.subspan(cut), seed))
      parser.feed(chunk, Origin{1, static_cast<std::uint32_t>(chunk.data() - data.data())});
  }
  parser.finish();
  log.end_runs();
  return log.text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in(data, size);
  Setup setup = read_setup(in, size > 2 ? size - 2 : 0);
  Bytes wire = in.rest();
  std::string whole = run(wire, setup, 0, true);
  std::string split = run(wire, setup, setup.seed | 1u, false);
  fuzz::check(whole == split, "WebSocket events depend on the chunking",
              fuzz::first_difference(whole, split));
  return 0;
}
