#include "mqscope/output/explain.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mqscope/field/format.hpp"
#include "mqscope/output/hex.hpp"
#include "mqscope/output/sinks.hpp"

namespace mqscope::output {

namespace {

using field::NodeIndex;
using field::Tree;

constexpr std::size_t kDataShown = 12;  // bytes of a frame's data shown in the table

// Consecutive pieces of one WebSocket frame (or, without frames, one capture frame).
struct Row {
  std::uint32_t carrier = 0;
  std::uint32_t frame = 0;
  std::uint32_t key = 0;
  bool xored = false;
  bool inflated = false;  // RFC 7692: the bytes came out of the frame's compressed payload
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

std::vector<Row> rows_of(const Pieces& pieces) {
  std::vector<Row> rows;
  for (const Piece& p : pieces) {
    bool websocket = p.carrier != 0;
    bool same = !rows.empty() && (websocket ? rows.back().carrier == p.carrier
                                            : rows.back().frame == p.origin.frame);
    if (!same)
      rows.push_back({p.carrier, p.origin.frame, p.xor_key, p.xored, p.inflated, p.offset, p.offset});
    rows.back().end = p.offset + p.length;
  }
  return rows;
}

std::string spaced_hex(Bytes bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) out += fmt::format("{}{:02x}", i ? " " : "", bytes[i]);
  return out;
}

// "58 → Msg Len: 88" for each field with bytes in [begin, end); a field cut by the row's
// edge says which of its bytes are here.
std::vector<std::string> meanings(const Tree& tree, const std::vector<NodeIndex>& fields,
                                  Bytes packet, std::uint32_t begin, std::uint32_t end) {
  std::vector<std::string> out;
  for (NodeIndex i : fields) {
    const field::Node& n = tree[i];
    std::uint32_t from = std::max(begin, n.offset);
    std::uint32_t to = std::min(end, n.offset + n.length);
    if (from >= to || to > packet.size()) continue;
    std::string part;
    if (from != n.offset || to != n.offset + n.length)
      part = fmt::format(" (bytes {}-{} of {})", from - n.offset + 1, to - n.offset, n.length);
    Bytes here = packet.subspan(from, to - from);
    std::string hex = spaced_hex(here.first(std::min(here.size(), kDataShown)));
    if (here.size() > kDataShown) hex += " \u2026";
    out.push_back(fmt::format("{} \u2192 {}{}", hex, field::format_label(tree, i), part));
  }
  return out;
}

void write_table(const PacketRecord& packet, Writer& out) {
  const Tree& tree = *packet.tree;
  const field::Node& top = tree[packet.top];
  Bytes bytes = tree.bytes_value(top);
  std::vector<Row> rows = rows_of(*packet.pieces);
  bool websocket = !rows.empty() && rows.front().carrier != 0;
  out.line(fmt::format("The packet's {} bytes arrived in {} {}{}:", bytes.size(), rows.size(),
                       websocket ? "WebSocket frame" : "TCP segment", rows.size() == 1 ? "" : "s"));
  out.line("");
  out.line(fmt::format("  {:>3}  {:<7} {:<12} {:<37} {}", "#", "frame", websocket ? "masking key" : "",
                       "data", "meaning"));
  auto fields = byte_fields(tree, packet.top + 1, tree.subtree_end(packet.top), top.source);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const Row& row = rows[r];
    Bytes data = bytes.subspan(row.begin, std::min<std::size_t>(row.end, bytes.size()) - row.begin);
    std::string shown = spaced_hex(data.first(std::min(data.size(), kDataShown)));
    if (data.size() > kDataShown) shown += " \u2026";
    std::string key = row.xored ? fmt::format("{:08x}", row.key) : row.inflated ? "(inflated)" : "";
    auto lines = meanings(tree, fields, bytes, row.begin, row.end);
    for (std::size_t m = 0; m < std::max<std::size_t>(lines.size(), 1); ++m) {
      std::string meaning = m < lines.size() ? lines[m] : "";
      if (m == 0)
        out.line(fmt::format("  {:>3}  {:<7} {:<12} {:<37} {}", r + 1, fmt::format("#{}", row.frame),
                             key, shown, meaning));
      else
        out.line(fmt::format("  {:>3}  {:<7} {:<12} {:<37} {}", "", "", "", "", meaning));
    }
  }
}

}  // namespace

void ExplainSink::on_packet(FrameContext& frame, const PacketRecord& packet) {
  out_.line(fmt::format("Frame {}: {} \u2192 {} over {}: {}", frame.number(), packet.source,
                        packet.destination, packet.transport == "WS" ? "WebSocket" : "TCP",
                        packet.info));
  out_.line("");
  if (packet.is_packet && packet.pieces && !packet.pieces->empty()) {
    write_table(packet, out_);
    out_.line("");
  }
  print_tree(*packet.tree, labels_, out_, packet.top, packet.tree->subtree_end(packet.top));
  out_.line("");
}

}  // namespace mqscope::output
