// A FrameListener that writes every event as one line of text, for the WebSocket unit tests.
// Consecutive payload pieces that continue each other (same capture frame, adjacent offsets,
// the mask phase carried on) are merged, so that any chunking of one input gives one log.
// Each piece is checked against the captured bytes: payload XOR key from the piece's phase
// must give back what was fed at the piece's origin.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bytes.hpp"
#include "mqscope/core/limits.hpp"
#include "mqscope/websocket/frame_parser.hpp"

namespace mqscope::ws::test {

using mqscope::test::ByteVector;

inline std::string note_list(const FrameRecord& f) {
  std::string out;
  for (std::uint8_t i = 0; i < f.note_count; ++i) out += (i ? "," : "") + std::string(f.notes[i]->name);
  return out;
}

class Recorder : public FrameListener {
 public:
  std::string log;
  std::vector<FrameRecord> ended;  // each frame as it was at on_frame_end
  std::map<std::uint32_t, Bytes> captured;  // capture frame number → the bytes fed as it

  void on_frame_start(const FrameRecord& f) override {
    flush();
    log += fmt::format("start #{} op={} fin={} masked={} len={} msg={}/{}\n", f.index,
                       f.header.opcode, int{f.header.fin}, int{f.header.masked},
                       f.header.payload_length, f.message_index, f.message_opcode);
  }

  void on_frame_data(const FrameRecord& f, Bytes payload, const Piece& p) override {
    check_piece(payload, p);
    if (open_ && p.carrier == run_.carrier && p.origin.frame == run_.origin.frame &&
        p.origin.frame_offset == run_.origin.frame_offset + run_.length &&
        p.xored == run_.xored && p.xor_key == run_.xor_key &&
        (!p.xored || p.xor_phase == ((run_.xor_phase + run_.length) & 3))) {
      run_.length += p.length;
    } else {
      flush();
      run_ = p;
      open_ = true;
    }
    (void)f;
    run_hex_ += to_hex(payload);
  }

  void on_frame_gap(const FrameRecord& f, std::uint64_t length) override {
    flush();
    log += fmt::format("gap #{} {}\n", f.index, length);
  }

  void on_frame_end(const FrameRecord& f) override {
    flush();
    log += fmt::format("end #{} got={} missing={} msg_end={} notes=[{}]\n", f.index,
                       f.payload_received, f.payload_missing, int{f.message_ends}, note_list(f));
    ended.push_back(f);
  }

  void on_sync_lost(std::uint64_t bytes_missing) override {
    flush();
    log += fmt::format("sync_lost {}\n", bytes_missing);
  }

  void on_resynchronised(std::uint64_t bytes_skipped) override {
    flush();
    log += fmt::format("resync {}\n", bytes_skipped);
  }

  void flush() {
    if (!open_) return;
    log += fmt::format("data #{} @{}:{} phase={} key={:08x} {}\n", run_.carrier, run_.origin.frame,
                       run_.origin.frame_offset, run_.xor_phase, run_.xor_key, run_hex_);
    open_ = false;
    run_hex_.clear();
  }

 private:
  void check_piece(Bytes payload, const Piece& p) {
    if (p.length != payload.size()) log += "BAD piece length\n";
    auto it = captured.find(p.origin.frame);
    if (it == captured.end()) return;
    Bytes wire = it->second;
    for (std::size_t i = 0; i < payload.size(); ++i) {
      std::size_t at = p.origin.frame_offset + i;
      std::uint32_t shift = static_cast<std::uint32_t>(8 * (3 - ((p.xor_phase + i) & 3)));
      auto key = static_cast<std::uint8_t>(p.xored ? p.xor_key >> shift : 0u);
      if (at >= wire.size() || wire[at] != (payload[i] ^ key)) {
        log += fmt::format("BAD piece byte {} of frame {} at {}\n", i, p.origin.frame, at);
        return;
      }
    }
  }

  Piece run_;
  std::string run_hex_;
  bool open_ = false;
};

// Feeds `chunks` (consecutive parts of one capture frame, number 1) and finishes; returns
// the log.
inline std::string run_parser(const std::vector<Bytes>& chunks, ParserOptions options,
                              bool finish = true, Recorder* keep = nullptr) {
  Limits limits;
  Recorder local;
  Recorder& rec = keep ? *keep : local;
  if (!chunks.empty()) {
    std::size_t total = 0;
    for (Bytes c : chunks) total += c.size();
    rec.captured[1] = Bytes(chunks.front().data(), total);
  }
  FrameParser parser(limits, options, rec);
  std::uint32_t offset = 0;
  for (Bytes c : chunks) {
    parser.feed(c, Origin{1, offset});
    offset += static_cast<std::uint32_t>(c.size());
  }
  if (finish) parser.finish();
  rec.flush();
  return rec.log;
}

inline constexpr ParserOptions kClient{true, false};
inline constexpr ParserOptions kServer{false, false};

}  // namespace mqscope::ws::test
