#include "connection.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mqscope/http/describe.hpp"
#include "mqscope/mqtt/decoder.hpp"
#include "provenance.hpp"

namespace mqscope::app {

namespace {

// Bytes looked at before a stream's content is decided; more than any recogniser needs.
constexpr std::size_t kSniffBytes = 64;

std::string format_endpoint(const tcp::Endpoint& e) {
  if (e.address.family == 6) return fmt::format("[{}]:{}", e.address.to_string(), e.port);
  return fmt::format("{}:{}", e.address.to_string(), e.port);
}

bool is_mqtt_subprotocol(std::string_view p) {
  return http::iequals(p, "mqtt") || http::iequals(p, "mqttv3.1") || http::iequals(p, "mqttv5") ||
         http::iequals(p, "mqttv5.0");
}

}  // namespace

void Connection::Held::add(Bytes data, Origin origin) {
  bytes.insert(bytes.end(), data.begin(), data.end());
  chunks.emplace_back(origin, static_cast<std::uint32_t>(data.size()));
}

void Connection::Held::clear() {
  bytes.clear();
  chunks.clear();
}

void Connection::Input::on_data(Bytes data, Origin origin) {
  connection->on_data(direction, data, origin);
}

void Connection::Input::on_gap(std::uint64_t length) { connection->on_gap(direction, length); }

Connection::Connection(Env& env, tcp::Flow& flow) : env_(env), flow_(flow) {
  for (int d = 0; d < 2; ++d) {
    auto i = static_cast<std::size_t>(d);
    inputs_[i].connection = this;
    inputs_[i].direction = d;
    flow.dirs[i].set_listener(&inputs_[i]);
    ws_routes_[i].attach(this, d);
    mqtt_routes_[i].attach(this, d);
  }
  endpoints_[0] = format_endpoint(flow.endpoints[0]);
  endpoints_[1] = format_endpoint(flow.endpoints[1]);
  const auto& ports = env.options.mqtt_ports;
  for (const tcp::Endpoint& e : flow.endpoints) {
    if (std::find(ports.begin(), ports.end(), e.port) != ports.end()) {
      int client = e == flow.endpoints[1] ? tcp::kClientToServer : tcp::kServerToClient;
      decide(Mode::Mqtt, client);
      break;
    }
  }
}

Connection::~Connection() {
  for (auto& in : inputs_) in.connection = nullptr;
}

const std::string& Connection::endpoint_text(int role) const {
  int direction = role == kClient ? client_direction_ : 1 - client_direction_;
  return endpoints_[static_cast<std::size_t>(direction)];
}

void Connection::on_data(int direction, Bytes data, Origin origin) {
  if (mode_ == Mode::Detecting) {
    detect(direction, data, origin);
    return;
  }
  route(role_of(direction), data, origin);
}

void Connection::on_gap(int direction, std::uint64_t length) {
  if (mode_ == Mode::Detecting) {
    // Bytes missing before the content is known: what follows is recognised as a connection
    // captured after its start, from the next bytes on.
    auto d = static_cast<std::size_t>(direction);
    undecoded_[static_cast<std::size_t>(role_of(direction))] += length + held_[d].bytes.size();
    held_[d].clear();
    gap_before_content_[d] = true;
    return;
  }
  route_gap(role_of(direction), length);
}

void Connection::detect(int direction, Bytes data, Origin origin) {
  auto d = static_cast<std::size_t>(direction);
  held_[d].add(data, origin);
  Bytes seen(held_[d].bytes);
  int other = 1 - direction;
  bool from_start = !gap_before_content_[d];  // only a whole stream starts with these
  if (from_start && http::looks_like_request(seen) == Match::Yes)
    return decide(Mode::Http, direction);
  if (from_start && http::looks_like_response(seen) == Match::Yes)
    return decide(Mode::Http, other);
  if (from_start && mqtt::looks_like_connect(seen) == Match::Yes)
    return decide(Mode::Mqtt, direction);
  bool undecided = from_start && (http::looks_like_request(seen) == Match::NeedMore ||
                                  http::looks_like_response(seen) == Match::NeedMore ||
                                  mqtt::looks_like_connect(seen) == Match::NeedMore);
  if (undecided && seen.size() < kSniffBytes) return;
  if (started_mid_stream(direction)) {
    Guess guess = detect_midstream();
    if (guess != Guess::No) return;
  }
  decide(Mode::Opaque, client_direction_);
}

void Connection::decide(Mode mode, int client_direction) {
  client_direction_ = client_direction;
  mode_ = mode;
  if (mode == Mode::Mqtt) start_mqtt();
  // Replay what was held, client first: its bytes came first in every protocol we decode.
  std::array<Held, 2> held = std::move(held_);
  held_ = {};
  replay(held[static_cast<std::size_t>(client_direction)], kClient);
  replay(held[static_cast<std::size_t>(1 - client_direction)], kServer);
}

void Connection::replay(Held& held, int role) {
  std::size_t pos = 0;
  for (const auto& [origin, length] : held.chunks) {
    route(role, Bytes(held.bytes).subspan(pos, length), origin);
    pos += length;
  }
  held.clear();
}

void Connection::route(int role, Bytes data, Origin origin) {
  auto r = static_cast<std::size_t>(role);
  if (unjudged_[r]) judge_start(role, data);
  switch (mode_) {
    case Mode::Http: http_data(role, data, origin); break;
    case Mode::WebSocket: ws_[r]->feed(data, origin); break;
    case Mode::Mqtt: {
      Piece piece;
      piece.length = static_cast<std::uint32_t>(data.size());
      piece.origin = origin;
      framers_[r]->feed(data, piece);
      break;
    }
    case Mode::Opaque: undecoded_[r] += data.size(); break;
    case Mode::Detecting: break;
  }
}

void Connection::route_gap(int role, std::uint64_t length) {
  auto r = static_cast<std::size_t>(role);
  switch (mode_) {
    case Mode::WebSocket: ws_[r]->gap(length); break;
    case Mode::Mqtt: framers_[r]->gap(length); break;
    default: undecoded_[r] += length; break;
  }
}

void Connection::http_data(int role, Bytes data, Origin origin) {
  auto r = static_cast<std::size_t>(role);
  if (head_done_[r]) {
    // A client waiting for the 101 may already send: hold its bytes until the answer.
    if (role == kClient && awaiting_answer_) {
      if (held_[r].bytes.size() + data.size() <= env_.options.limits.upgrade_hold_bytes)
        held_[r].add(data, origin);
      else
        undecoded_[r] += data.size();
    } else {
      undecoded_[r] += data.size();
    }
    return;
  }
  if (!heads_[r]) heads_[r] = std::make_unique<http::HeadReader>(env_.options.limits.http_head_bytes);
  http::HeadReader::Status status = http::HeadReader::Status::NeedMore;
  std::size_t used = heads_[r]->feed(data, status);
  if (status == http::HeadReader::Status::TooLarge) {
    head_done_[r] = true;
    env_.diagnostics.message(fmt::format("tcp.stream {}: {} ({} bytes)", flow_.stream,
                                         "HTTP head larger than the limit; not decoded",
                                         env_.options.limits.http_head_bytes));
    undecoded_[r] += data.size() - used;
    return;
  }
  if (status != http::HeadReader::Status::Complete) return;
  head_done_[r] = true;
  if (role == kClient) on_request_head(heads_[r]->text());
  else on_response_head(heads_[r]->text());
  Bytes rest = data.subspan(used);
  if (!rest.empty()) route(role, rest, origin.advanced(static_cast<std::uint32_t>(used)));
}

void Connection::emit_http_tree(std::string_view text, const http::Head& head, bool response) {
  if (!env_.sink.wants_layer_trees() || env_.limit_reached()) return;
  tree_.clear();
  tree_.add_source(as_bytes(text), "HTTP head");
  http::describe_head(tree_, head, response ? &offer_ : nullptr);
  env_.sink.on_layer_tree(env_.frame, tree_);
}

void Connection::on_request_head(std::string_view text) {
  http::Head head;
  if (!http::parse_head(text, head)) {
    env_.diagnostics.message(fmt::format("tcp.stream {}: malformed HTTP request head", flow_.stream));
    return;
  }
  offer_ = http::read_offer(head);
  awaiting_answer_ = offer_.websocket;
  emit_http_tree(text, head, false);
}

void Connection::on_response_head(std::string_view text) {
  http::Head head;
  if (!http::parse_head(text, head)) {
    env_.diagnostics.message(fmt::format("tcp.stream {}: malformed HTTP response head", flow_.stream));
    return;
  }
  emit_http_tree(text, head, true);
  http::UpgradeAnswer answer = http::read_answer(head);
  awaiting_answer_ = false;
  if (offer_.websocket && answer.switching) {
    start_websocket(answer);
    return;
  }
  held_[kClient].clear();
  head_done_ = {true, true};  // no upgrade: the rest of this connection is not decoded
}

void Connection::start_websocket(const http::UpgradeAnswer& answer) {
  mode_ = Mode::WebSocket;
  deflate_ = answer.extensions.find("permessage-deflate") != std::string::npos;
  bool offered_mqtt = std::any_of(offer_.protocols.begin(), offer_.protocols.end(),
                                  [](const std::string& p) { return is_mqtt_subprotocol(p); });
  // MQTT-6.0.0-3/4: the subprotocol is "mqtt". A server that names none although the client
  // offered it most likely still speaks MQTT; the handshake note says so.
  mqtt_over_ws_ = is_mqtt_subprotocol(answer.protocol) || (answer.protocol.empty() && offered_mqtt);
  for (int role : {kClient, kServer}) {
    auto r = static_cast<std::size_t>(role);
    ws::ParserOptions options{role == kClient, deflate_};
    ws_[r] = std::make_unique<ws::FrameParser>(env_.options.limits, options, ws_routes_[r]);
    if (mqtt_over_ws_) framers_[r] = std::make_unique<mqtt::Framer>(env_.options.limits, mqtt_routes_[r]);
  }
  if (!mqtt_over_ws_) {
    env_.diagnostics.message(fmt::format("tcp.stream {}: WebSocket subprotocol '{}' is not MQTT; "
                                         "frames are shown, payloads not decoded",
                                         flow_.stream, answer.protocol));
  }
  replay(held_[kClient], kClient);
}

void Connection::start_mqtt() {
  for (int role : {kClient, kServer}) {
    auto r = static_cast<std::size_t>(role);
    framers_[r] = std::make_unique<mqtt::Framer>(env_.options.limits, mqtt_routes_[r]);
  }
}

void Connection::close(tcp::CloseReason reason) {
  (void)reason;
  if (mode_ == Mode::Detecting) decide(Mode::Opaque, client_direction_);
  for (int role : {kClient, kServer}) {
    auto r = static_cast<std::size_t>(role);
    if (ws_[r]) ws_[r]->finish();
    if (framers_[r]) framers_[r]->finish();
    flush_deferred(role);
  }
  std::uint64_t undecoded = undecoded_[0] + undecoded_[1];
  if (mode_ == Mode::Opaque && undecoded > 0) {
    env_.diagnostics.message(fmt::format(
        "tcp.stream {} ({} \u2192 {}): neither HTTP, WebSocket nor MQTT; {} bytes not decoded",
        flow_.stream, endpoint_text(kClient), endpoint_text(kServer), undecoded));
  } else if (undecoded > 0) {
    env_.diagnostics.message(fmt::format("tcp.stream {} ({} \u2192 {}): {} bytes not decoded",
                                         flow_.stream, endpoint_text(kClient),
                                         endpoint_text(kServer), undecoded));
  }
}

}  // namespace mqscope::app
