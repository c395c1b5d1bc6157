#include "mqscope/output/json_sink.hpp"

#include <ctime>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "mqscope/core/bare_format.hpp"

namespace mqscope::output {

namespace {

using field::NodeIndex;
using field::Tree;

std::string index_name(Timestamp time) {
  std::time_t seconds = static_cast<std::time_t>(time.sec);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", &utc);
  return fmt::format("packets-{}", date);
}

// The last protocol at the top level names the item's layer ("mqtt", "websocket", "http").
NodeIndex protocol_of(const Tree& tree) {
  NodeIndex found = field::kNoNode;
  for (NodeIndex i = 0; i < tree.size(); i = tree.subtree_end(i)) {
    const field::Node& n = tree[i];
    if (n.field && n.field->type == field::Type::Protocol) found = i;
  }
  return found;
}

}  // namespace

JsonSink::JsonSink(Writer& out, Format format, bool raw_bytes) : out_(out), format_(format) {
  style_.flat = format == Format::Ek;
  style_.raw_bytes = raw_bytes;
}

void JsonSink::enter_frame(FrameContext& frame) {
  if (frame.number() == current_frame_) return;
  flush_frame();
  current_frame_ = frame.number();
  current_time_ = frame.time();
  const Tree& lower = frame.lower_tree();
  lower_.clear();
  // Tree::subtree_end() scans the layer's nodes: asked once per layer.
  for (NodeIndex i = 0, end = 0; i < lower.size(); i = end) {
    end = lower.subtree_end(i);
    const field::Node& n = lower[i];
    std::string_view layer = n.field ? std::string_view(n.field->abbrev) : "frame";
    if (!lower_.empty()) lower_ += ',';
    lower_ += '"';
    lower_ += layer;
    lower_ += "\":{";
    members_.append(lower, i + 1, end, style_, layer, lower_);
    lower_ += '}';
  }
}

// Items of one layer in a frame are collected in one list; lists are reused frame to frame.
TextBuffer& JsonSink::list_of(std::string_view layer) {
  for (std::size_t i = 0; i < layers_used_; ++i) {
    if (items_[i].name == layer) {
      items_[i].objects += ',';
      return items_[i].objects;
    }
  }
  if (layers_used_ == items_.size()) items_.emplace_back();
  Layer& added = items_[layers_used_++];
  added.name.assign(layer);
  added.objects.clear();
  return added.objects;
}

void JsonSink::add_item(const Tree& tree, const PacketRecord* packet) {
  NodeIndex proto = protocol_of(tree);
  std::string_view layer = proto == field::kNoNode ? "mqscope" : std::string_view(tree[proto].field->abbrev);
  TextBuffer& out = list_of(layer);
  out += '{';
  std::size_t start = out.size();
  if (packet) {
    std::string_view prefix = style_.flat ? "_mqscope_" : "mqscope.";
    std::string_view layer_prefix = style_.flat ? layer : "";
    // Compiled formats: parsing them at run time was 4 % of a JSON run. Bare fields, so that
    // the format is taken apart when compiling (append_format).
    append_format(out,
                  FMT_COMPILE("\"{}{}stream\":{},\"{}{}direction\":\"{}\",\"{}{}transport\":"),
                  layer_prefix, prefix, packet->stream, layer_prefix, prefix,
                  packet->from_client ? "client_to_server" : "server_to_client", layer_prefix,
                  prefix);
    append_json_string(out, packet->transport);
  }
  auto add = [&](NodeIndex from, NodeIndex to) {
    std::size_t before = out.size();
    if (before > start) out += ',';
    std::size_t after_comma = out.size();
    members_.append(tree, from, to, style_, layer, out);
    if (out.size() == after_comma) out.resize(before);  // nothing to add: no comma either
  };
  add(0, proto == field::kNoNode ? static_cast<NodeIndex>(tree.size()) : proto);
  if (proto != field::kNoNode) add(proto + 1, tree.subtree_end(proto));
  out += '}';
}

void JsonSink::on_packet(FrameContext& frame, const PacketRecord& packet) {
  enter_frame(frame);
  add_item(*packet.tree, &packet);
}

void JsonSink::on_layer_tree(FrameContext& frame, const Tree& tree) {
  enter_frame(frame);
  add_item(tree, nullptr);
}

// The frame's record is written piece by piece into the output's buffer, not assembled first.
void JsonSink::flush_frame() {
  if (current_frame_ == 0) return;
  if (current_time_.sec / 86400 != index_day_ || index_.empty()) {
    index_day_ = current_time_.sec / 86400;
    index_ = index_name(current_time_);
  }
  TextBuffer& text = out_.line_buffer();
  if (format_ == Format::Ek) {
    append_format(text,
                  FMT_COMPILE("{{\"index\":{{\"_index\":\"{}\",\"_type\":\"doc\"}}}}\n"
                              "{{\"timestamp\":\"{}\",\"layers\":{{"),
                  index_, current_time_.total_ns() / 1'000'000);
  } else {
    append_format(text,
                  FMT_COMPILE("{}  {{\"_index\":\"{}\",\"_type\":\"doc\",\"_score\":null,"
                              "\"_source\":{{\"layers\":{{"),
                  records_ == 0 ? "[\n" : ",\n", index_);
  }
  out_.write(lower_);
  for (std::size_t i = 0; i < layers_used_; ++i) {
    if (i > 0 || !lower_.empty()) text += ',';
    text += '"';
    text += items_[i].name;
    text += "\":[";
    out_.write(items_[i].objects);
    text += ']';
  }
  layers_used_ = 0;
  if (format_ == Format::Ek) {
    out_.line("}}");
  } else {
    out_.write("}}}");
  }
  ++records_;
  current_frame_ = 0;
}

void JsonSink::finish() {
  flush_frame();
  if (format_ == Format::Json) out_.write(records_ == 0 ? "[]\n" : "\n]\n");
}

}  // namespace mqscope::output
