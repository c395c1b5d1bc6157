// A FramerListener that writes what it hears as text, one event a line, so that tests can
// compare whole event logs: packets as hex (a digest when long) with their header_length,
// remaining_length and pieces, and framing problems by note name.
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "bytes.hpp"
#include "mqscope/mqtt/framer.hpp"
#include "split_feed.hpp"

namespace mqscope::mqtt::testing {

using test::ByteVector;

inline std::string describe(const Origin& o) {
  return fmt::format("{}:{}", o.frame, o.frame_offset);
}

inline std::string describe(const Piece& p) {
  std::string out = fmt::format("{}+{}@{}", p.offset, p.length, describe(p.origin));
  if (p.carrier != 0) out += fmt::format("#{}", p.carrier);
  if (p.xored) out += fmt::format("^{:08x}/{}", p.xor_key, p.xor_phase);
  return out;
}

inline std::string describe(const Pieces& pieces) {
  std::string out = "[";
  for (std::size_t i = 0; i < pieces.size(); ++i) out += (i ? " " : "") + describe(pieces[i]);
  return out + "]";
}

// Short packets in full; long ones by size and an FNV-1a digest, to keep logs small.
inline std::string describe_bytes(Bytes bytes) {
  if (bytes.size() <= 48) return to_hex(bytes);
  std::uint64_t h = 14695981039346656037ull;
  for (std::uint8_t b : bytes) h = (h ^ b) * 1099511628211ull;
  return fmt::format("<{} bytes, {}..., fnv {:016x}>", bytes.size(), to_hex(bytes.first(8)), h);
}

class Recorder : public FramerListener {
 public:
  void on_packet(const PacketView& p) override {
    log += fmt::format("packet {} hl={} rl={}{} pieces={}\n", describe_bytes(p.bytes),
                       p.header_length, p.remaining_length,
                       p.length_not_minimal ? " not_minimal" : "", describe(*p.pieces));
    if (!keep) return;
    packets.emplace_back(p.bytes.begin(), p.bytes.end());
    pieces.push_back(*p.pieces);
  }
  void on_framing_problem(NoteId note, std::uint64_t bytes, Origin where) override {
    log += fmt::format("{} bytes={} at={}\n", note->name, bytes, describe(where));
    problems.emplace_back(note->name);
  }

  bool keep = true;  // keep copies of the packets and their pieces, not only the log
  std::string log;
  std::vector<ByteVector> packets;
  std::vector<Pieces> pieces;
  std::vector<std::string> problems;
};

// A piece for bytes captured in frame `frame` from `frame_offset` on.
inline Piece at(std::uint32_t frame, std::uint32_t frame_offset) {
  Piece p;
  p.origin = {frame, frame_offset};
  return p;
}

// Feeds `chunks` as consecutive bytes of one frame starting at offset 0, so that pieces merge
// into the same runs whatever the chunking, and finishes. Returns the event log.
inline std::string feed_stream(const test::Chunks& chunks, const Limits& limits = Limits{},
                               bool finish = true) {
  Recorder rec;
  rec.keep = false;
  Framer framer(limits, rec);
  std::uint32_t offset = 0;
  for (Bytes chunk : chunks) {
    framer.feed(chunk, at(1, offset));
    offset += static_cast<std::uint32_t>(chunk.size());
  }
  if (finish) framer.finish();
  return rec.log;
}

}  // namespace mqscope::mqtt::testing
