#include "provenance.hpp"

#include <charconv>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "mqscope/core/text_buffer.hpp"

namespace mqscope::app {

namespace {

struct Group {
  std::uint32_t carrier = 0;
  std::uint32_t first_frame = 0;
  std::uint32_t last_frame = 0;
  std::uint64_t bytes = 0;
  bool inflated = false;  // RFC 7692: the bytes came out of the frame's compressed payload
};

// Calls `use` for each run of consecutive pieces of one carrier (WebSocket frame); without
// carriers (plain TCP) each capture frame is a run. No list is built: this runs once per
// MQTT packet.
template <typename Use>
void for_each_group(const Pieces& pieces, bool websocket, Use use) {
  Group g;
  bool open = false;
  for (const Piece& p : pieces) {
    bool same = open && (websocket ? g.carrier == p.carrier : g.last_frame == p.origin.frame);
    if (!same) {
      if (open) use(g);
      g = Group{p.carrier, p.origin.frame, p.origin.frame, 0, false};
      open = true;
    }
    g.last_frame = p.origin.frame;
    g.bytes += p.length;
    g.inflated = g.inflated || p.inflated;
  }
  if (open) use(g);
}

// The label is written into a buffer on the stack (heap only for packets of very many
// frames), numbers with to_chars: fmt::format here cost a fifth of the decode-only run.
using Label = fmt::memory_buffer;

void put(Label& out, std::string_view text) { out.append(text.data(), text.data() + text.size()); }

void put(Label& out, std::uint64_t value) {
  append_in_place(out, 20, [value](char* at) { return std::to_chars(at, at + 20, value).ptr; });
}

void describe_group(Label& out, const Group& g) {
  put(out, "#");
  put(out, g.first_frame);
  if (g.first_frame != g.last_frame) {
    put(out, "-#");
    put(out, g.last_frame);
  }
  put(out, "(");
  put(out, g.bytes);
  put(out, g.inflated ? " inflated)" : ")");
}

}  // namespace

void add_provenance(field::Tree& tree, const Pieces& pieces, bool websocket,
                    std::size_t packet_bytes) {
  std::uint64_t groups = 0;
  for_each_group(pieces, websocket, [&](const Group&) { ++groups; });
  Label label;
  put(label, "[");
  put(label, groups);
  put(label, websocket ? " WebSocket frame" : " TCP segment");
  put(label, groups == 1 ? " (" : "s (");
  put(label, std::uint64_t{packet_bytes});
  put(label, " bytes): ");
  bool first = true;
  for_each_group(pieces, websocket, [&](const Group& g) {
    if (!first) put(label, ", ");
    first = false;
    describe_group(label, g);
  });
  put(label, "]");
  field::NodeIndex line = tree.add(&hf::reassembled, 0, 0);
  tree.set_label(line, std::string_view(label.data(), label.size()));
  field::Subtree sub(tree, line);
  std::uint32_t previous = 0;
  std::uint32_t frames = 0;
  for (const Piece& p : pieces) {
    if (p.origin.frame == previous) continue;
    previous = p.origin.frame;
    ++frames;
    tree.set_flags(tree.add(&hf::segment, 0, 0, p.origin.frame), field::kHidden);
  }
  tree.set_flags(tree.add(&hf::segment_count, 0, 0, frames), field::kHidden);
  if (websocket) tree.set_flags(tree.add(&hf::ws_frame_count, 0, 0, groups), field::kHidden);
}

}  // namespace mqscope::app
