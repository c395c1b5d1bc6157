#include "mqscope/output/json_sink.hpp"

#include <ctime>

#include <fmt/format.h>

namespace mqscope::output {

namespace {

using field::NodeIndex;
using field::Tree;

void join(std::string& out, const std::string& part) {
  if (part.empty()) return;
  if (!out.empty()) out += ',';
  out += part;
}

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
  for (NodeIndex i = 0; i < lower.size(); i = lower.subtree_end(i)) {
    const field::Node& n = lower[i];
    std::string layer = n.field ? std::string(n.field->abbrev) : "frame";
    std::string members;
    append_members(lower, i + 1, lower.subtree_end(i), style_, layer, members);
    join(lower_, fmt::format("\"{}\":{{{}}}", layer, members));
  }
}

void JsonSink::add_item(const Tree& tree, const PacketRecord* packet) {
  NodeIndex proto = protocol_of(tree);
  std::string layer = proto == field::kNoNode ? "mqscope" : std::string(tree[proto].field->abbrev);
  std::string members;
  if (packet) {
    std::string prefix = style_.flat ? layer + "_mqscope_" : "mqscope.";
    members = fmt::format("\"{0}stream\":{1},\"{0}direction\":\"{2}\",\"{0}transport\":",
                          prefix, packet->stream,
                          packet->from_client ? "client_to_server" : "server_to_client");
    append_json_string(members, packet->transport);
  }
  std::string part;
  append_members(tree, 0, proto == field::kNoNode ? static_cast<NodeIndex>(tree.size()) : proto,
                 style_, layer, part);
  join(members, part);
  if (proto != field::kNoNode) {
    part.clear();
    append_members(tree, proto + 1, tree.subtree_end(proto), style_, layer, part);
    join(members, part);
  }
  for (auto& [name, objects] : items_) {
    if (name == layer) {
      objects.push_back("{" + members + "}");
      return;
    }
  }
  items_.push_back({layer, {"{" + members + "}"}});
}

void JsonSink::on_packet(FrameContext& frame, const PacketRecord& packet) {
  enter_frame(frame);
  add_item(*packet.tree, &packet);
}

void JsonSink::on_layer_tree(FrameContext& frame, const Tree& tree) {
  enter_frame(frame);
  add_item(tree, nullptr);
}

void JsonSink::flush_frame() {
  if (current_frame_ == 0) return;
  std::string layers = lower_;
  for (const auto& [name, objects] : items_) {
    std::string list = "[";
    for (std::size_t i = 0; i < objects.size(); ++i) list += (i ? "," : "") + objects[i];
    join(layers, fmt::format("\"{}\":{}]", name, list));
  }
  items_.clear();
  text_.clear();
  if (format_ == Format::Ek) {
    fmt::format_to(std::back_inserter(text_),
                   "{{\"index\":{{\"_index\":\"{}\",\"_type\":\"doc\"}}}}\n"
                   "{{\"timestamp\":\"{}\",\"layers\":{{{}}}}}",
                   index_name(current_time_), current_time_.total_ns() / 1'000'000, layers);
    out_.line(text_);
  } else {
    fmt::format_to(std::back_inserter(text_),
                   "{}  {{\"_index\":\"{}\",\"_type\":\"doc\",\"_score\":null,"
                   "\"_source\":{{\"layers\":{{{}}}}}}}",
                   records_ == 0 ? "[\n" : ",\n", index_name(current_time_), layers);
    out_.write(text_);
  }
  ++records_;
  current_frame_ = 0;
}

void JsonSink::finish() {
  flush_frame();
  if (format_ == Format::Json) out_.write(records_ == 0 ? "[]\n" : "\n]\n");
}

}  // namespace mqscope::output
