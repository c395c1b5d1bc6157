// From WebSocket frames and MQTT packets to the output sink.
#include <fmt/format.h>

#include "connection.hpp"
#include "mqscope/mqtt/decoder.hpp"
#include "mqscope/websocket/describe.hpp"
#include "mqscope/websocket/fields.hpp"
#include "provenance.hpp"

namespace mqscope::app {

void MqttRoute::on_packet(const mqtt::PacketView& packet) { connection_->emit_mqtt(role_, packet); }

void MqttRoute::on_framing_problem(NoteId note, std::uint64_t bytes, Origin where) {
  (void)where;
  connection_->emit_problem(role_, note, bytes);
}

void WebSocketRoute::on_frame_data(const ws::FrameRecord& frame, Bytes payload,
                                   const Piece& piece) {
  if (!frame.is_data() || !connection_->mqtt_enabled()) return;
  // RSV1 on the first frame marks a compressed message (RFC 7692 §6).
  if (connection_->deflate() && frame.header.rsv & 0x4) return;
  connection_->feed_mqtt(role_, payload, piece);
}

void WebSocketRoute::on_frame_gap(const ws::FrameRecord& frame, std::uint64_t length) {
  if (frame.is_data() && connection_->mqtt_enabled()) connection_->mqtt_gap(role_, length);
}

void WebSocketRoute::on_frame_end(const ws::FrameRecord& frame) {
  connection_->emit_ws_frame(role_, frame);
}

void WebSocketRoute::on_sync_lost(std::uint64_t bytes) {
  // With MQTT inside, its framer reports the loss (and what it cut); else the frames do.
  if (connection_->mqtt_enabled()) connection_->mqtt_gap(role_, bytes);
  else connection_->emit_problem(role_, &ws::notes::sync_lost, bytes);
}

void WebSocketRoute::on_resynchronised(std::uint64_t bytes) {
  connection_->emit_problem(role_, &ws::notes::resynchronised, bytes);
}

void Connection::feed_mqtt(int role, Bytes payload, const Piece& piece) {
  framers_[static_cast<std::size_t>(role)]->feed(payload, piece);
}

void Connection::mqtt_gap(int role, std::uint64_t length) {
  framers_[static_cast<std::size_t>(role)]->gap(length);
}

void Connection::emit_mqtt(int role, const mqtt::PacketView& packet) {
  ++env_.stats.mqtt_packets;
  if (env_.options.max_packets != 0 && env_.stats.mqtt_packets > env_.options.max_packets) return;
  tree_.clear();
  add_provenance(tree_, *packet.pieces, mode_ == Mode::WebSocket, packet.bytes.size());
  tree_.add_source(packet.bytes, "MQTT packet");
  field::NodeIndex top = mqtt::decode_packet(tree_, packet, session_, role);
  info_.clear();
  if (env_.sink.wants_info()) mqtt::append_summary(tree_, top, info_, env_.options.limits);
  deliver(role, tree_, top, info_, true);
}

void Connection::emit_problem(int role, NoteId note, std::uint64_t bytes) {
  if (env_.limit_reached()) return;
  tree_.clear();
  std::string detail = fmt::format("{} bytes", bytes);
  field::NodeIndex top = tree_.add_note(note, detail);
  info_ = fmt::format("[{}] {} ({} bytes)", note->name, note->message, bytes);
  deliver(role, tree_, top, info_, false);
}

void Connection::emit_note(int role, NoteId note, std::string_view detail) {
  if (env_.limit_reached()) return;
  tree_.clear();
  field::NodeIndex top = tree_.add_note(note, detail);
  info_ = fmt::format("[{}] {}", note->name, detail.empty() ? note->message : detail);
  deliver(role, tree_, top, info_, false);
}

void Connection::emit_ws_frame(int role, const ws::FrameRecord& frame) {
  if (env_.sink.wants_layer_trees() && !env_.limit_reached()) {
    field::Tree tree;
    ws::describe_frame(tree, frame);
    if (deflate_ && frame.is_data() && (frame.header.rsv & 0x4) && mqtt_over_ws_)
      tree.add_note(&ws::notes::compressed_skipped);
    env_.sink.on_layer_tree(env_.frame, tree);
  }
  flush_deferred(role);
}

void Connection::deliver(int role, field::Tree& tree, field::NodeIndex top, std::string_view info,
                         bool is_packet) {
  auto r = static_cast<std::size_t>(role);
  // With trees, a packet completed inside a WebSocket frame is shown after that frame.
  if (mode_ == Mode::WebSocket && env_.sink.wants_layer_trees()) {
    deferred_[r].push_back({field::DetachedTree(tree), top, std::string(info), is_packet});
    return;
  }
  send(role, tree, top, info, is_packet);
}

void Connection::send(int role, const field::Tree& tree, field::NodeIndex top,
                      std::string_view info, bool is_packet) {
  output::PacketRecord record;
  record.tree = &tree;
  record.top = top;
  record.stream = flow_.stream;
  record.from_client = role == kClient;
  record.source = endpoint_text(role);
  record.destination = endpoint_text(1 - role);
  record.transport = mode_ == Mode::WebSocket ? "WS" : "TCP";
  record.info = info;
  record.is_packet = is_packet;
  env_.sink.on_packet(env_.frame, record);
}

void Connection::flush_deferred(int role) {
  auto r = static_cast<std::size_t>(role);
  if (deferred_[r].empty()) return;
  std::vector<Deferred> pending = std::move(deferred_[r]);
  deferred_[r].clear();
  for (const Deferred& d : pending) send(role, d.tree.tree(), d.top, d.info, d.is_packet);
}

}  // namespace mqscope::app
