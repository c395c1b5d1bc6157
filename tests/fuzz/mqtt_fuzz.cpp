// Fuzz target: the MQTT framer and decoder (mqtt::Framer, mqtt::decode_packet) for each
// protocol version, with the session state (version, topic aliases) carried between packets,
// the summary line and the text of every tree line.
//
// Input: two option bytes, then one direction's byte stream.
//   byte 0: bits 0-1 the version the session starts with (0 = learnt from a CONNECT, 3 = 3.1,
//           4 = 3.1.1, 5 = 5.0; 3 to 5 are forced, as an option would force them), bit 2
//           small limits, bits 3-7 which packets travel server → client (packet n uses bit
//           3 + n % 5);
//   byte 1: chunking seed; its low nibble, when set, also places a capture gap.
// MQTT-6.0.0-2: packets need not line up with anything below them, so the packets and their
// trees must not depend on the chunking.
#include <string>

#include <fmt/format.h>

#include "fuzz_support.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/mqtt/decoder.hpp"
#include "mqscope/mqtt/framer.hpp"

namespace {

using namespace mqscope;

struct Setup {
  std::uint8_t version = 0;
  Limits limits;
  std::uint8_t directions = 0;
  std::uint32_t seed = 0;
  std::size_t gap_at = 0;
  std::uint64_t gap_length = 0;
};

class Log : public mqtt::FramerListener {
 public:
  Log(Bytes wire, const Setup& setup) : wire_(wire), setup_(setup) {
    session_.version = setup.version;
    session_.version_forced = setup.version != 0;
  }

  std::string text;

  void on_packet(const mqtt::PacketView& p) override {
    fuzz::check(!p.bytes.empty() && p.header_length >= 2 && p.header_length <= 5 &&
                    p.bytes.size() == p.header_length + std::size_t{p.remaining_length},
                "packet size differs from its fixed header");
    fuzz::check(p.bytes.size() <= setup_.limits.mqtt_packet_bytes, "packet above the size limit");
    check_pieces(p);
    int direction = (setup_.directions >> (count_++ % 5)) & 1;
    field::Tree tree;
    tree.add_source(p.bytes, "MQTT packet");
    field::NodeIndex top = mqtt::decode_packet(tree, p, session_, direction);
    TextBuffer summary;
    mqtt::append_summary(tree, top, summary, setup_.limits);
    text += fmt::format("packet {} {}\n", to_hex(p.bytes), summary.view());
    for (field::NodeIndex i = 0; i < tree.size(); ++i) {
      text += field::format_label(tree, i);
      if (tree[i].field) text += " = " + field::format_field_value(tree, tree[i]);
      text += "\n";
    }
  }
  void on_framing_problem(NoteId note, std::uint64_t bytes, Origin where) override {
    (void)where;
    text += fmt::format("problem {} {}\n", note->name, bytes);
  }

 private:
  // Every piece of a packet points at its bytes in the input.
  void check_pieces(const mqtt::PacketView& p) {
    std::size_t covered = 0;
    for (const Piece& piece : *p.pieces) {
      fuzz::check(piece.offset == covered, "pieces leave a hole or overlap");
      for (std::uint32_t i = 0; i < piece.length; ++i) {
        std::size_t at = std::size_t{piece.origin.frame_offset} + i;
        fuzz::check(at < wire_.size() && wire_[at] == p.bytes[piece.offset + i],
                    "packet byte differs from the input byte its piece names");
      }
      covered += piece.length;
    }
    fuzz::check(covered == p.bytes.size(), "pieces do not cover the packet");
  }

  Bytes wire_;
  const Setup& setup_;
  mqtt::Session session_;
  std::uint32_t count_ = 0;
};

Setup read_setup(fuzz::Input& in, std::size_t data_size) {
  Setup s;
  std::uint8_t a = in.byte();
  std::uint8_t b = in.byte();
  static constexpr std::uint8_t kVersions[] = {0, mqtt::kVersion31, mqtt::kVersion311,
                                               mqtt::kVersion5};
  s.version = kVersions[a & 3];
  if (a & 4) {
    s.limits.mqtt_packet_bytes = 64;
    s.limits.mqtt_properties = 3;
    s.limits.mqtt_topic_aliases = 2;
  }
  s.directions = static_cast<std::uint8_t>(a >> 3);
  s.seed = b;
  if (b & 0x0f) {
    s.gap_length = std::uint64_t{b & 0x0fu} * 5;
    s.gap_at = data_size * (b >> 4) / 16;
  }
  return s;
}

std::string run(Bytes data, const Setup& s, std::uint32_t seed) {
  Log log(data, s);
  mqtt::Framer framer(s.limits, log);
  std::size_t cut = s.gap_length ? s.gap_at : data.size();
  auto feed = [&](Bytes part) {
    for (Bytes chunk : fuzz::chunked(part, seed)) {
      Piece piece;
      piece.length = static_cast<std::uint32_t>(chunk.size());
      piece.origin = Origin{1, static_cast<std::uint32_t>(chunk.data() - data.data())};
      framer.feed(chunk, piece);
    }
  };
  feed(data.first(cut));
  if (s.gap_length) {
    framer.gap(s.gap_length);
    feed(data.subspan(cut));
  }
  framer.finish();
  return log.text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in(data, size);
  Setup setup = read_setup(in, size > 2 ? size - 2 : 0);
  Bytes stream = in.rest();
  mqtt::looks_like_connect(stream);
  std::string whole = run(stream, setup, 0);
  std::string split = run(stream, setup, setup.seed | 1u);
  fuzz::check(whole == split, "MQTT events depend on the chunking",
              fuzz::first_difference(whole, split));
  return 0;
}
