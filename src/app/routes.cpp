// From WebSocket frames and MQTT packets to the output sink.
#include <fmt/format.h>

#include "connection.hpp"
#include "mqscope/mqtt/decoder.hpp"
#include "mqscope/websocket/describe.hpp"
#include "mqscope/websocket/fields.hpp"
#include "facts.hpp"
#include "mqscope/analyze/fields.hpp"
#include "provenance.hpp"

namespace mqscope::app {

void MqttRoute::on_packet(const mqtt::PacketView& packet) { connection_->emit_mqtt(role_, packet); }

void MqttRoute::on_framing_problem(NoteId note, std::uint64_t bytes, Origin where) {
  (void)where;
  connection_->emit_problem(role_, note, bytes);
}

void WebSocketRoute::on_frame_data(const ws::FrameRecord& frame, Bytes payload,
                                   const Piece& piece) {
  // The frame parser hands MQTT the message data (inflated, if compressed) instead.
  (void)frame;
  (void)payload;
  (void)piece;
}

void WebSocketRoute::on_frame_end(const ws::FrameRecord& frame) {
  connection_->emit_ws_frame(role_, frame);
}

void WebSocketRoute::on_message_data(const ws::FrameRecord& frame, Bytes data,
                                     const Piece& piece) {
  (void)frame;
  if (connection_->mqtt_enabled()) connection_->feed_mqtt(role_, data, piece);
}

void WebSocketRoute::on_message_gap(const ws::FrameRecord& frame, std::uint64_t length) {
  (void)frame;
  if (connection_->mqtt_enabled()) connection_->mqtt_gap(role_, length);
}

void WebSocketRoute::on_message_end(const ws::MessageRecord& message) {
  if (!connection_->mqtt_enabled()) connection_->emit_ws_message(role_, message);
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
  auto r = static_cast<std::size_t>(role);
  framers_[r]->feed(payload, piece);
  // Remember that this WebSocket frame carried bytes of a packet that may hold credentials.
  if (framers_[r]->take_types_seen() & mqtt::types_with_secrets(session_.version))
    frame_has_secrets_[r] = true;
}

void Connection::mqtt_gap(int role, std::uint64_t length) {
  framers_[static_cast<std::size_t>(role)]->gap(length);
}

void Connection::emit_mqtt(int role, const mqtt::PacketView& packet) {
  ++env_.stats.mqtt_packets;
  if (env_.limit_reached()) return;
  tree_.clear();
  tree_.set_detail(env_.sink.packet_detail());
  if (tree_.detailed())
    add_provenance(tree_, *packet.pieces, mode_ == Mode::WebSocket, packet.bytes.size());
  tree_.add_source(packet.bytes, "MQTT packet");
  field::NodeIndex top = mqtt::decode_packet(tree_, packet, session_, role);
  if (env_.analyzer) analyse(role, top);
  info_.clear();
  if (env_.sink.wants_info()) mqtt::append_summary(tree_, top, info_, env_.options.limits);
  output::PacketRecord record = make_record(role, top);
  record.pieces = packet.pieces;
  deliver(role, record);
}

void Connection::emit_problem(int role, NoteId note, std::uint64_t bytes) {
  emit_note(role, note, fmt::format("{} bytes", bytes));
}

// A line of its own for a note that belongs to no packet: "[name] message (detail)".
void Connection::emit_note(int role, NoteId note, std::string_view detail) {
  if (env_.limit_reached()) return;
  tree_.clear();
  field::NodeIndex top = tree_.add_note(note, detail);
  info_.clear();
  fmt::format_to(std::back_inserter(info_), "[{}] {}", note->name, note->message);
  if (!detail.empty()) fmt::format_to(std::back_inserter(info_), " ({})", detail);
  output::PacketRecord record = make_record(role, top);
  record.is_packet = false;
  deliver(role, record);
}

void Connection::emit_ws_frame(int role, const ws::FrameRecord& frame) {
  if (env_.sink.wants_layer_trees() && !env_.limit_reached()) {
    field::Tree& tree = env_.layer_tree;
    auto r = static_cast<std::size_t>(role);
    ws::describe_frame(tree, frame, env_.options.hide_secrets && frame_has_secrets_[r]);
    frame_has_secrets_[r] = false;
    if (frame_overflowed_[r]) tree.add_note(&notes::packets_not_held);
    // MQTT-6.0.0-1: MQTT is sent in binary data frames.
    if (mqtt_over_ws_ && frame.header.opcode == static_cast<std::uint8_t>(ws::Opcode::Text))
      tree.add_note(&ws::notes::text_frame_for_mqtt);
    env_.sink.on_layer_tree(env_.frame, tree);
    tree.clear();
  }
  frame_overflowed_[static_cast<std::size_t>(role)] = false;
  flush_deferred(role);
}

// A data message of a connection whose subprotocol is not MQTT: one summary line, and in -V
// its text or bytes right after the frame that ended it (so not held back like packets).
void Connection::emit_ws_message(int role, const ws::MessageRecord& message) {
  if (env_.limit_reached()) return;
  tree_.clear();
  ws::describe_message(tree_, message);
  info_.clear();
  if (env_.sink.wants_info()) ws::append_message_summary(message, info_, env_.options.limits);
  output::PacketRecord record = make_record(role, 0);
  record.is_packet = false;
  record.is_ws_message = true;
  env_.sink.on_packet(env_.frame, record);
}

void Connection::analyse(int role, field::NodeIndex top) {
  if (!announced_) {
    announced_ = true;
    analyze::ConnectionFacts c{flow_.stream, endpoint_text(kClient), endpoint_text(kServer),
                               mode_ == Mode::WebSocket ? "WS" : "TCP", answer_protocol_};
    env_.analyzer->on_connection(c);
  }
  analyze::PacketFacts& facts = env_.item_facts;
  read_packet_facts(tree_, top, facts);
  facts.frame = env_.frame.number();
  facts.index_in_frame = env_.frame.next_packet_index();
  facts.time = env_.frame.time();
  facts.stream = flow_.stream;
  facts.from_client = role == kClient;
  analyze::PairEvent pair = env_.analyzer->on_packet(facts);
  // Like Wireshark's request/response links: which request this answers, and how fast; with
  // -2, which frame answered a request.
  field::Subtree sub(tree_, top);
  if (pair.kind == analyze::PairEvent::Kind::Request && env_.links && !env_.learning_links) {
    if (std::uint32_t answer = env_.links->response_to(facts.frame, facts.index_in_frame))
      tree_.set_flags(tree_.add(&analyze::hf::response_in, 0, 0, answer), field::kGenerated);
  }
  if (pair.kind != analyze::PairEvent::Kind::Response) return;
  if (env_.links && env_.learning_links)
    env_.links->add(pair.request_frame, pair.request_index, facts.frame);
  tree_.set_flags(tree_.add(&analyze::hf::response_to, 0, 0, pair.request_frame), field::kGenerated);
  tree_.set_flags(tree_.add(&analyze::hf::response_time, 0, 0, pair.latency_ns), field::kGenerated);
}

output::PacketRecord Connection::make_record(int role, field::NodeIndex top) const {
  output::PacketRecord record;
  record.tree = &tree_;
  record.top = top;
  record.stream = flow_.stream;
  record.from_client = role == kClient;
  record.source = endpoint_text(role);
  record.destination = endpoint_text(1 - role);
  record.transport = mode_ == Mode::WebSocket ? "WS" : "TCP";
  record.info = info_;
  return record;
}

void Connection::deliver(int role, const output::PacketRecord& record) {
  // With trees, a packet completed inside a WebSocket frame is shown after that frame: keep
  // a copy of everything the record points at until then. With --hide-secrets, the copy is
  // where credentials are masked.
  bool hold = mode_ == Mode::WebSocket && env_.sink.wants_layer_trees();
  auto r = static_cast<std::size_t>(role);
  // A frame can complete millions of tiny packets (inflated ones): beyond the limit, those
  // held so far and the rest are shown before the frame, with a note on it.
  if (hold && (frame_overflowed_[r] ||
               deferred_[r].size() >= env_.options.limits.ws_frame_packets_held)) {
    frame_overflowed_[r] = true;
    flush_deferred(role);
    hold = false;
  }
  if (!hold && !env_.options.hide_secrets) {
    env_.sink.on_packet(env_.frame, record);
    return;
  }
  HeldPacket held = hold_copy(record);
  if (env_.options.hide_secrets) held.tree.mask_secrets();
  if (hold) {
    deferred_[r].push_back(std::move(held));
    return;
  }
  send_held(held);
}

// A copy of everything `record` points at, in the storage of a spare when there is one.
HeldPacket Connection::hold_copy(const output::PacketRecord& record) {
  HeldPacket held;
  if (!env_.spare_held.empty()) {
    held = std::move(env_.spare_held.back());
    env_.spare_held.pop_back();
  }
  held.tree.assign(*record.tree);
  held.record = record;
  held.info.assign(record.info);
  if (record.pieces) held.pieces.assign(record.pieces->begin(), record.pieces->end());
  return held;
}

// Shows a held packet, then keeps its storage for the next. Only a few are held at a time
// (those of one WebSocket frame), so a few spares suffice; one that grew large (a big
// packet's tree or bytes) is let go.
void Connection::send_held(HeldPacket& held) {
  held.record.tree = &held.tree.tree();
  held.record.info = held.info;
  if (held.record.pieces) held.record.pieces = &held.pieces;
  env_.sink.on_packet(env_.frame, held.record);
  constexpr std::size_t kSpares = 16, kSpareBytes = 64 * 1024;
  if (env_.spare_held.size() < kSpares && held.tree.capacity_bytes() <= kSpareBytes)
    env_.spare_held.push_back(std::move(held));
}

void Connection::flush_deferred(int role) {
  auto r = static_cast<std::size_t>(role);
  if (deferred_[r].empty()) return;
  std::vector<HeldPacket> pending = std::move(deferred_[r]);
  deferred_[r].clear();
  for (HeldPacket& held : pending) send_held(held);
  pending.clear();
  if (deferred_[r].empty()) deferred_[r].swap(pending);  // keeps the vector's storage
}

}  // namespace mqscope::app
