#include "provenance.hpp"

#include <cstdint>
#include <string_view>

#include <fmt/compile.h>

#include "mqscope/core/bare_format.hpp"

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

}  // namespace

void add_provenance(field::Tree& tree, const Pieces& pieces, bool websocket,
                    std::size_t packet_bytes) {
  std::uint64_t groups = 0;
  for_each_group(pieces, websocket, [&](const Group&) { ++groups; });
  field::NodeIndex line = tree.add(&hf::reassembled, 0, 0);
  // The label is all text, written in place (append_format): this runs for every MQTT packet,
  // and a label built in a buffer of its own, a piece at a time, cost 2 % of -V.
  tree.set_label(line, {});
  tree.append_text_by(line, [&](TextBuffer& out) {
    append_format(out, FMT_COMPILE("[{} {}{} ({} bytes): "), groups,
                  websocket ? "WebSocket frame" : "TCP segment", groups == 1 ? "" : "s",
                  std::uint64_t{packet_bytes});
    bool first = true;
    for_each_group(pieces, websocket, [&](const Group& g) {
      if (!first) out += ", ";
      first = false;
      std::string_view inflated = g.inflated ? " inflated" : "";
      if (g.first_frame != g.last_frame)
        append_format(out, FMT_COMPILE("#{}-#{}({}{})"), g.first_frame, g.last_frame, g.bytes,
                      inflated);
      else
        append_format(out, FMT_COMPILE("#{}({}{})"), g.first_frame, g.bytes, inflated);
    });
    out += ']';
  });
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
