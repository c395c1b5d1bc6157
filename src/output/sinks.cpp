#include "mqscope/output/sinks.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mqscope/field/format.hpp"
#include "mqscope/output/hex.hpp"

namespace mqscope::output {

void write_packet_hex(const PacketRecord& packet, Writer& out) {
  const field::Tree& tree = *packet.tree;
  const field::Node& top = tree[packet.top];
  if (packet.pieces) write_unmasking(tree.bytes_value(top), *packet.pieces, out);
  write_annotated_bytes(tree, packet.top + 1, tree.subtree_end(packet.top), top.source, out);
}

void print_tree(const field::Tree& tree, field::LabelCache& labels, Writer& out,
                field::NodeIndex from, field::NodeIndex to) {
  if (to == field::kNoNode || to > tree.size()) to = static_cast<field::NodeIndex>(tree.size());
  for (field::NodeIndex i = from; i < to; ++i) {
    const field::Node& node = tree[i];
    if (node.flags & field::kHidden) continue;
    TextBuffer& line = out.line_buffer();
    // Indentation copied from spaces kept ready: a fill of a few bytes is a call to memset.
    static constexpr std::string_view kSpaces = "                                ";
    std::size_t indent = node.depth * 4u;
    if (indent <= kSpaces.size())
      line.append(kSpaces.substr(0, indent));
    else
      line.append(indent, ' ');
    labels.append(tree, i, line);
    out.end_line();
  }
}

void TreeSink::enter_frame(FrameContext& frame) {
  if (frame.number() == current_frame_) return;
  if (current_frame_ != 0) out_.line("");
  current_frame_ = frame.number();
  print_tree(frame.lower_tree(), labels_, out_);
}

void TreeSink::on_packet(FrameContext& frame, const PacketRecord& packet) {
  enter_frame(frame);
  print_tree(*packet.tree, labels_, out_);
  if (hex_ && packet.is_packet) write_packet_hex(packet, out_);
}

void TreeSink::on_layer_tree(FrameContext& frame, const field::Tree& tree) {
  enter_frame(frame);
  print_tree(tree, labels_, out_);
  if (hex_) write_annotated_tree(tree, out_);
}

void TreeSink::finish() {
  if (current_frame_ != 0) out_.line("");
}

bool FieldsSink::validate(const FieldsOptions& options, const field::Registry& registry,
                          std::string& error) {
  for (const std::string& f : options.fields) {
    if (registry.find(f).empty()) {
      error = fmt::format("unknown field '{}' (see `mqscope -G fields`)", f);
      return false;
    }
  }
  return true;
}

FieldsSink::FieldsSink(Writer& out, FieldsOptions options, const field::Registry& registry)
    : out_(out), options_(std::move(options)) {
  for (const std::string& f : options_.fields) columns_.push_back(registry.find(f));
}

bool FieldsSink::append_values(const field::Tree& tree, field::NodeIndex from,
                               field::NodeIndex to, std::span<const field::FieldId> ids,
                               std::string& cell) const {
  bool found = false;
  for (field::NodeIndex i = from; i < to; ++i) {
    const field::Node& node = tree[i];
    if (node.field == nullptr || std::find(ids.begin(), ids.end(), node.field) == ids.end())
      continue;
    if (found) cell += options_.aggregator;
    field::append_field_value(cell, tree, node);
    found = true;
  }
  return found;
}

void FieldsSink::on_packet(FrameContext& frame, const PacketRecord& packet) {
  if (!packet.is_packet) return;
  if (options_.header && !header_done_) {
    row_.clear();
    for (std::size_t i = 0; i < options_.fields.size(); ++i) {
      if (i) row_ += options_.separator;
      row_ += options_.fields[i];
    }
    out_.line(row_);
  }
  header_done_ = true;
  row_.clear();
  const field::Tree& tree = *packet.tree;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (c) row_ += options_.separator;
    // The packet's own fields first; frame, IP and TCP fields come from the frame that
    // completed the packet.
    if (append_values(tree, 0, static_cast<field::NodeIndex>(tree.size()), columns_[c], row_))
      continue;
    const field::Tree& lower = frame.lower_tree();
    append_values(lower, 0, static_cast<field::NodeIndex>(lower.size()), columns_[c], row_);
  }
  out_.line(row_);
}

}  // namespace mqscope::output
