#include "mqscope/output/hex.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mqscope/field/format.hpp"

namespace mqscope::output {

namespace {

using field::Node;
using field::NodeIndex;
using field::Tree;

constexpr std::size_t kBytesPerLine = 8;
constexpr std::size_t kLabelColumn = 4 + 6 + 3 * kBytesPerLine + 1;
constexpr std::size_t kXorShown = 4;  // bytes whose XOR is spelled out

std::string hex_bytes(Bytes bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) out += fmt::format("{}{:02x}", i ? " " : "", bytes[i]);
  return out;
}

// "    0004  4d 51 54 54              Protocol Name: MQTT", wrapping long fields.
void write_field(Writer& out, Bytes bytes, std::uint32_t offset, const std::string& label) {
  std::string line;
  for (std::size_t at = 0; at == 0 || at < bytes.size(); at += kBytesPerLine) {
    Bytes part = bytes.subspan(at, std::min(kBytesPerLine, bytes.size() - at));
    line = fmt::format("    {:04x}  {}", offset + at, hex_bytes(part));
    if (at == 0) {
      line.resize(std::max(line.size(), kLabelColumn), ' ');
      line += label;
    }
    out.line(line);
  }
}

void write_note(Writer& out, const std::string& label, unsigned indent) {
  out.line(std::string(kLabelColumn + indent, ' ') + label);
}

bool children_share_bytes(const Tree& tree, NodeIndex i) {
  const Node& n = tree[i];
  NodeIndex end = tree.subtree_end(i);
  for (NodeIndex c = i + 1; c < end; ++c) {
    if (tree[c].depth != n.depth + 1 || tree[c].length == 0) continue;
    if (tree[c].offset != n.offset || tree[c].length != n.length) return false;
  }
  return true;
}

}  // namespace

std::string explain_varint(Bytes bytes) {
  std::string out;
  std::uint64_t total = 0;
  std::uint64_t multiplier = 1;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::uint8_t b = bytes[i];
    std::uint64_t group = b & 0x7fu;
    total += group * multiplier;
    std::string bits;
    for (int k = 6; k >= 0; --k) bits += (group >> k) & 1 ? '1' : '0';
    // The high bit says whether another byte follows; the low seven bits are the next group.
    out += fmt::format("{}{:02x} = {} {} ({}) \u2192 {}", i ? ", " : "", b, (b & 0x80) ? 1 : 0, bits,
                       (b & 0x80) ? "more" : "last",
                       multiplier == 1 ? fmt::format("{}", group)
                                       : fmt::format("{} \u00d7 {}", group, multiplier));
    multiplier <<= 7;
  }
  return out + fmt::format("; = {}", total);
}

std::vector<NodeIndex> byte_fields(const Tree& tree, NodeIndex from, NodeIndex to,
                                   std::uint16_t source) {
  std::vector<NodeIndex> out;
  for (NodeIndex i = from; i < to; ++i) {
    const Node& n = tree[i];
    if (n.length == 0 || n.source != source || (n.flags & field::kHidden)) continue;
    bool leaf = tree.subtree_end(i) == i + 1;
    if (!leaf && !children_share_bytes(tree, i)) continue;
    out.push_back(i);
    if (!leaf) i = tree.subtree_end(i) - 1;
  }
  std::stable_sort(out.begin(), out.end(),
                   [&](NodeIndex a, NodeIndex b) { return tree[a].offset < tree[b].offset; });
  return out;
}

void write_annotated_bytes(const Tree& tree, NodeIndex from, NodeIndex to, std::uint16_t source,
                           Writer& out) {
  Bytes src = tree.source(source);
  unsigned base_depth = from < tree.size() ? tree[from].depth : 0;
  for (NodeIndex i = from; i < to; ++i) {
    const Node& n = tree[i];
    if (n.flags & field::kHidden) continue;
    unsigned indent = 2 * (n.depth - std::min<unsigned>(n.depth, base_depth));
    std::string label = std::string(indent, ' ') + field::format_label(tree, i);
    if (n.length == 0 || n.source != source) {
      if (n.note || (n.flags & field::kGenerated)) write_note(out, label, 0);
      continue;
    }
    bool leaf = tree.subtree_end(i) == i + 1;
    if (!leaf && !children_share_bytes(tree, i)) {
      write_note(out, label, 0);  // a container: its children carry the bytes
      continue;
    }
    Bytes bytes = src.subspan(std::min<std::size_t>(n.offset, src.size()));
    bytes = bytes.first(std::min<std::size_t>(n.length, bytes.size()));
    write_field(out, bytes, n.offset, label);
    if (n.field && n.field->encoding == field::Encoding::Varint)
      write_note(out, std::string(indent + 2, ' ') + explain_varint(bytes), 0);
    if (leaf) continue;
    // Bit fields of this byte: their lines, without repeating the byte.
    NodeIndex end = tree.subtree_end(i);
    for (NodeIndex c = i + 1; c < end; ++c)
      write_note(out, std::string(2 * (tree[c].depth - base_depth), ' ') + field::format_label(tree, c), 0);
    i = end - 1;
  }
}

void write_annotated_tree(const Tree& tree, Writer& out) {
  for (std::uint16_t s = 0; s < tree.source_count(); ++s) {
    if (tree.source(s).empty()) continue;
    out.line(fmt::format("  {} ({} bytes):", tree.source_name(s), tree.source(s).size()));
    write_annotated_bytes(tree, 0, static_cast<NodeIndex>(tree.size()), s, out);
  }
}

void write_unmasking(Bytes bytes, const Pieces& pieces, Writer& out) {
  std::uint32_t previous_carrier = 0;
  for (const Piece& p : pieces) {
    if (!p.xored || p.offset >= bytes.size()) continue;
    Bytes plain = bytes.subspan(p.offset, std::min<std::size_t>(p.length, bytes.size() - p.offset));
    std::uint8_t key[4];
    for (int k = 0; k < 4; ++k) key[k] = static_cast<std::uint8_t>(p.xor_key >> (24 - 8 * k));
    if (p.carrier != previous_carrier)
      out.line(fmt::format("  WebSocket frame {}, capture frame #{} at byte {}, masking key {}",
                           p.carrier, p.origin.frame, p.origin.frame_offset,
                           hex_bytes(Bytes(key, 4))));
    previous_carrier = p.carrier;
    std::size_t shown = std::min<std::size_t>(plain.size(), kBytesPerLine);
    std::string masked, keys, xors;
    for (std::size_t i = 0; i < shown; ++i) {
      std::uint8_t k = key[(p.xor_phase + i) % 4];
      std::uint8_t m = static_cast<std::uint8_t>(plain[i] ^ k);
      masked += fmt::format("{}{:02x}", i ? " " : "", m);
      keys += fmt::format("{}{:02x}", i ? " " : "", k);
      if (i < kXorShown) xors += fmt::format("{}{:02x} XOR {:02x} = {:02x}", i ? ", " : "", m, k, plain[i]);
    }
    const char* more = plain.size() > shown ? " \u2026" : "";
    out.line(fmt::format("    masked    {}{}", masked, more));
    out.line(fmt::format("    key       {}{}", keys, more));
    out.line(fmt::format("    unmasked  {}{}   ({})", hex_bytes(plain.first(shown)), more, xors));
  }
}

}  // namespace mqscope::output
