// One TCP connection's decoding: finds out what it carries (an HTTP upgrade to WebSocket,
// plain MQTT, or something else), then routes each direction's bytes through the layers.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "frame_context.hpp"
#include "mqscope/app/options.hpp"
#include "mqscope/analyze/analyzer.hpp"
#include "mqscope/app/pipeline.hpp"
#include "mqscope/field/tree.hpp"
#include "mqscope/http/head.hpp"
#include "mqscope/http/upgrade.hpp"
#include "mqscope/mqtt/framer.hpp"
#include "mqscope/mqtt/session.hpp"
#include "mqscope/output/sink.hpp"
#include "mqscope/tcp/tracker.hpp"
#include "mqscope/websocket/frame_parser.hpp"

namespace mqscope::app {

// An MQTT item held until its WebSocket frame has been shown (with -V and JSON), or copied
// to mask its secrets: a copy of its tree and bytes, its record and info text.
struct HeldPacket {
  field::DetachedTree tree;
  output::PacketRecord record;
  std::string info;
  Pieces pieces;
};

// What a connection needs from the pipeline around it.
struct Env {
  const Options& options;
  output::Sink& sink;
  Diagnostics& diagnostics;
  CurrentFrame& frame;
  Statistics& stats;
  analyze::Analyzer* analyzer = nullptr;  // statistics and pairing, when asked for
  ResponseLinks* links = nullptr;         // -2: request → response frames
  bool learning_links = false;            // the first pass of -2 fills `links`

  // The tree and info text of the item being emitted, shared by every connection: items are
  // emitted one at a time, and with 2000 connections their own trees stopped fitting in the
  // cache (and cost 1.5 KiB each).
  field::Tree item_tree{};
  // A WebSocket frame's tree for -V and JSON (a new one cost five allocations per frame);
  // emptied after each use, so that it keeps no view of a frame's bytes.
  field::Tree layer_tree{};
  TextBuffer item_info{};
  analyze::PacketFacts item_facts{};
  // Held packets already shown, kept with their storage for the next ones of any connection:
  // a copy per MQTT packet of a -V or JSON run cost eight allocations (Connection::deliver).
  std::vector<HeldPacket> spare_held{};

  // The output wants nothing more (the -c count of packets has been shown).
  bool limit_reached() const { return sink.satisfied(); }
};

inline constexpr int kClient = 0;
inline constexpr int kServer = 1;

class Connection;

// MQTT packets of one direction, from the framer to the sink.
class MqttRoute : public mqtt::FramerListener {
 public:
  void attach(Connection* connection, int role) {
    connection_ = connection;
    role_ = role;
  }
  void on_packet(const mqtt::PacketView& packet) override;
  void on_framing_problem(NoteId note, std::uint64_t bytes, Origin where) override;

 private:
  Connection* connection_ = nullptr;
  int role_ = kClient;
};

// WebSocket frames of one direction: payload of data messages to MQTT, frames to the sink.
class WebSocketRoute : public ws::FrameListener {
 public:
  void attach(Connection* connection, int role) {
    connection_ = connection;
    role_ = role;
  }
  void on_frame_data(const ws::FrameRecord& frame, Bytes payload, const Piece& piece) override;
  void on_frame_end(const ws::FrameRecord& frame) override;
  void on_message_data(const ws::FrameRecord& frame, Bytes data, const Piece& piece) override;
  void on_message_gap(const ws::FrameRecord& frame, std::uint64_t length) override;
  void on_message_end(const ws::MessageRecord& message) override;
  void on_sync_lost(std::uint64_t bytes) override;
  void on_resynchronised(std::uint64_t bytes) override;

 private:
  Connection* connection_ = nullptr;
  int role_ = kClient;
};

class Connection {
 public:
  Connection(Env& env, tcp::Flow& flow);
  ~Connection();

  void close(tcp::CloseReason reason);

  // Called by the routes.
  void emit_mqtt(int role, const mqtt::PacketView& packet);
  void emit_problem(int role, NoteId note, std::uint64_t bytes);  // detail: "N bytes"
  void emit_note(int role, NoteId note, std::string_view detail);
  void emit_ws_frame(int role, const ws::FrameRecord& frame);
  void emit_ws_message(int role, const ws::MessageRecord& message);
  void feed_mqtt(int role, Bytes payload, const Piece& piece);
  void mqtt_gap(int role, std::uint64_t length);
  bool mqtt_enabled() const { return mqtt_over_ws_; }

 private:
  enum class Mode : std::uint8_t { Detecting, Http, WebSocket, Mqtt, Opaque };

  struct Input : tcp::StreamListener {
    Connection* connection = nullptr;
    int direction = 0;
    void on_data(Bytes data, Origin origin) override;
    void on_gap(std::uint64_t length) override;
  };

  struct Held {  // bytes kept until it is known where they go
    std::vector<std::uint8_t> bytes;
    std::vector<std::pair<Origin, std::uint32_t>> chunks;
    void add(Bytes data, Origin origin);
    void clear();
  };

  int role_of(int direction) const { return direction == client_direction_ ? kClient : kServer; }
  void on_data(int direction, Bytes data, Origin origin);
  void on_gap(int direction, std::uint64_t length);
  void route(int role, Bytes data, Origin origin);
  void route_gap(int role, std::uint64_t length);
  void detect(int direction, Bytes data, Origin origin);
  void decide(Mode mode, int client_direction);
  // A connection captured after its start (midstream.cpp).
  enum class Guess : std::uint8_t { No, NeedMore, Decided };
  bool started_mid_stream(int direction) const;
  Guess detect_midstream();
  void start_midstream(Mode mode, int client_direction);
  void judge_start(int role, Bytes data);
  void replay(Held& held, int role);
  // HTTP upgrade
  void http_data(int role, Bytes data, Origin origin);
  void on_request_head(std::string_view text);
  void on_response_head(std::string_view text);
  void emit_http_tree(std::string_view text, const http::Head& head, bool response);
  void start_websocket(const http::UpgradeAnswer& answer);
  void start_frame_parser(int role, ws::ParserOptions options);
  void start_mqtt(bool from_start);
  void apply_port_rules();
  void start_websocket_by_port();
  void give_up(int role, std::uint64_t bytes);
  void name_warm_memory();
  // Output
  output::PacketRecord make_record(int role, field::NodeIndex top) const;
  void analyse(int role, field::NodeIndex top);
  void deliver(int role, const output::PacketRecord& record);
  HeldPacket hold_copy(const output::PacketRecord& record);
  void send_held(HeldPacket& held);
  void flush_deferred(int role);
  const std::string& endpoint_text(int role) const;

  Env& env_;
  tcp::Flow& flow_;
  std::array<Input, 2> inputs_;
  Mode mode_ = Mode::Detecting;
  int client_direction_ = tcp::kClientToServer;
  bool mqtt_over_ws_ = false;
  bool websocket_by_port_ = false;  // -d tcp.port==N,websocket: WebSocket unless HTTP is seen
  std::array<std::unique_ptr<ws::FrameParser>, 2> ws_;
  std::array<WebSocketRoute, 2> ws_routes_;
  std::array<std::unique_ptr<mqtt::Framer>, 2> framers_;
  std::array<MqttRoute, 2> mqtt_routes_;
  mqtt::Session session_;
  std::array<std::vector<HeldPacket>, 2> deferred_;  // per role: waiting for their frame
  std::array<std::uint64_t, 2> undecoded_{};
  std::array<bool, 2> frame_has_secrets_{};  // the WebSocket frame being read fed a CONNECT/AUTH
  std::array<bool, 2> frame_overflowed_{};   // its packets were too many to hold (Limits)
  bool announced_ = false;                   // the analyzer was told about this connection
  std::array<bool, 2> gap_before_content_{};  // per direction: bytes lost before detection
  std::array<bool, 2> unjudged_{};  // per role: mid-stream, first bytes not looked at yet
  field::Tree& tree_;   // env_.item_tree
  TextBuffer& info_;    // env_.item_info
  std::array<std::string, 2> endpoints_;  // per direction
  // Used only until the connection is recognised: after the members every segment reads, so
  // that those are a few cache lines warmed ahead of a segment (name_warm_memory()).
  std::array<Held, 2> held_;  // per direction while detecting, per role while upgrading
  std::array<std::unique_ptr<http::HeadReader>, 2> heads_;
  std::array<bool, 2> head_done_{};
  http::UpgradeOffer offer_;
  std::string answer_protocol_;  // the subprotocol the server chose
  bool awaiting_answer_ = false;
};

}  // namespace mqscope::app
