// A FrameListener that logs what the parser makes of messages: each frame's notes and
// inflated size, the message data (consecutive pieces of one frame merged, so that any
// chunking of one input gives one log), message gaps and ends. For the message and
// permessage-deflate tests.
#pragma once

#include <string>
#include <vector>

#include <fmt/format.h>

#include "bytes.hpp"
#include "mqscope/core/limits.hpp"
#include "mqscope/websocket/frame_parser.hpp"
#include "recorder.hpp"

namespace mqscope::ws::test {

class MessageRecorder : public FrameListener {
 public:
  std::string log;
  std::vector<FrameRecord> frames;
  std::vector<MessageRecord> messages;
  std::vector<std::vector<std::uint8_t>> kept;  // MessageRecord::kept, copied
  ByteVector data;                              // every message data byte, in order
  std::vector<Piece> pieces;                    // as delivered

  void on_frame_data(const FrameRecord&, Bytes, const Piece&) override {}

  void on_message_data(const FrameRecord& f, Bytes bytes, const Piece& p) override {
    if (p.length != bytes.size()) log += "BAD piece length\n";
    if (p.carrier != f.index) log += "BAD piece carrier\n";
    data.insert(data.end(), bytes.begin(), bytes.end());
    pieces.push_back(p);
    if (!(open_ && p.carrier == carrier_ && p.inflated == inflated_)) {
      flush();
      open_ = true;
      carrier_ = p.carrier;
      inflated_ = p.inflated;
    }
    hex_ += to_hex(bytes);
  }

  void on_message_gap(const FrameRecord& f, std::uint64_t length) override {
    flush();
    log += fmt::format("gap #{} {}\n", f.index, length);
  }

  void on_frame_end(const FrameRecord& f) override {
    flush();
    log += fmt::format("frame #{} op={} msg={} compressed={} inflated={} notes=[{}]\n", f.index,
                       f.header.opcode, f.message_index, int{f.compressed}, f.inflated_length,
                       note_list(f));
    frames.push_back(f);
  }

  void on_message_end(const MessageRecord& m) override {
    flush();
    log += fmt::format(
        "message {} op={} compressed={} frames={} first=#{} payload={} data={} "
        "complete={} text_valid={} kept={}\n",
        m.index, m.opcode, int{m.compressed}, m.frames, m.first_frame, m.payload_bytes,
        m.data_bytes, int{m.data_complete}, int{m.text_valid}, to_hex(m.kept));
    messages.push_back(m);
    kept.emplace_back(m.kept.begin(), m.kept.end());
  }

  void on_sync_lost(std::uint64_t bytes) override {
    flush();
    log += fmt::format("sync_lost {}\n", bytes);
  }

  void flush() {
    if (!open_) return;
    log += fmt::format("data #{}{} {}\n", carrier_, inflated_ ? " inflated" : "", hex_);
    open_ = false;
    hex_.clear();
  }

 private:
  bool open_ = false;
  std::uint32_t carrier_ = 0;
  bool inflated_ = false;
  std::string hex_;
};

// Feeds `chunks` (consecutive parts of capture frame 1), finishes, returns the log.
inline std::string run_messages(const std::vector<Bytes>& chunks, ParserOptions options,
                                MessageRecorder* keep = nullptr, const Limits& limits = {}) {
  MessageRecorder local;
  MessageRecorder& rec = keep ? *keep : local;
  FrameParser parser(limits, options, rec);
  std::uint32_t offset = 0;
  for (Bytes c : chunks) {
    parser.feed(c, Origin{1, offset});
    offset += static_cast<std::uint32_t>(c.size());
  }
  parser.finish();
  rec.flush();
  return rec.log;
}

// Options of a direction with permessage-deflate negotiated.
inline ParserOptions deflate_options(bool from_client, std::uint8_t window_bits = 15,
                                     bool no_context_takeover = false, std::size_t kept = 0) {
  ParserOptions options(from_client, true);
  options.deflate = {window_bits, no_context_takeover};
  options.message_bytes_kept = kept;
  return options;
}

}  // namespace mqscope::ws::test
