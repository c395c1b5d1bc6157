#include "provenance.hpp"

#include <fmt/format.h>

namespace mqscope::app {

namespace {

struct Group {
  std::uint32_t carrier = 0;
  std::uint32_t first_frame = 0;
  std::uint32_t last_frame = 0;
  std::uint64_t bytes = 0;
  bool inflated = false;  // RFC 7692: the bytes came out of the frame's compressed payload
};

// Consecutive pieces of one carrier (WebSocket frame) form one group; without carriers (plain
// TCP) each capture frame is a group.
std::vector<Group> group_pieces(const Pieces& pieces, bool websocket) {
  std::vector<Group> groups;
  for (const Piece& p : pieces) {
    bool same = !groups.empty() &&
                (websocket ? groups.back().carrier == p.carrier
                           : groups.back().last_frame == p.origin.frame);
    if (!same) groups.push_back({p.carrier, p.origin.frame, p.origin.frame, 0});
    groups.back().last_frame = p.origin.frame;
    groups.back().bytes += p.length;
    groups.back().inflated = groups.back().inflated || p.inflated;
  }
  return groups;
}

std::string describe_group(const Group& g) {
  std::string bytes = fmt::format("{}{}", g.bytes, g.inflated ? " inflated" : "");
  if (g.first_frame == g.last_frame) return fmt::format("#{}({})", g.first_frame, bytes);
  return fmt::format("#{}-#{}({})", g.first_frame, g.last_frame, bytes);
}

}  // namespace

void add_provenance(field::Tree& tree, const Pieces& pieces, bool websocket,
                    std::size_t packet_bytes) {
  std::vector<Group> groups = group_pieces(pieces, websocket);
  std::string label = fmt::format(
      "[{} {}{} ({} bytes): ", groups.size(),
      websocket ? "WebSocket frame" : "TCP segment", groups.size() == 1 ? "" : "s", packet_bytes);
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (i) label += ", ";
    label += describe_group(groups[i]);
  }
  label += "]";
  field::NodeIndex line = tree.add(&hf::reassembled, 0, 0);
  tree.set_label(line, label);
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
  if (websocket)
    tree.set_flags(tree.add(&hf::ws_frame_count, 0, 0, groups.size()), field::kHidden);
}

}  // namespace mqscope::app
