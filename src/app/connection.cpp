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

// RFC 7692 §7.1: each direction inflates with the parameters its sender agreed to.
ws::ParserOptions websocket_options(int role, const http::DeflateAgreement& deflate) {
  ws::ParserOptions options(role == kClient, deflate.accepted);
  options.deflate = role == kClient
                        ? ws::DeflateOptions{deflate.client_max_window_bits,
                                             deflate.client_no_context_takeover}
                        : ws::DeflateOptions{deflate.server_max_window_bits,
                                             deflate.server_no_context_takeover};
  return options;
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

Connection::Connection(Env& env, tcp::Flow& flow)
    : env_(env), flow_(flow), tree_(env.item_tree), info_(env.item_info) {
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
  session_.version = env.options.mqtt_version;
  session_.version_forced = env.options.mqtt_version != 0;
  session_.max_topic_aliases = env.options.limits.mqtt_topic_aliases;
  session_.max_properties = env.options.limits.mqtt_properties;
  apply_port_rules();
  name_warm_memory();
}

// What a segment of each direction touches besides the TCP flow: the members read for every
// segment (declared first) and the parsers of the direction's role. The pipeline asks for them
// all once it knows a segment's connection (tcp::warm): with thousands of connections each
// would otherwise be a wait for memory, one after the other.
void Connection::name_warm_memory() {
  const auto* self = reinterpret_cast<const char*>(this);
  auto hot_bytes = static_cast<std::uint32_t>(reinterpret_cast<const char*>(&held_) - self);
  for (int d = 0; d < 2; ++d) {
    auto r = static_cast<std::size_t>(role_of(d));
    flow_.warm[static_cast<std::size_t>(d)] = {
        tcp::WarmRange{this, hot_bytes},
        tcp::WarmRange{ws_[r].get(),
                       ws_[r] ? static_cast<std::uint32_t>(ws_[r]->hot_state_bytes()) : 0},
        tcp::WarmRange{framers_[r].get(), framers_[r] ? std::uint32_t{sizeof(mqtt::Framer)} : 0}};
  }
}

// -d rules (the last one naming a port wins), then the MQTT ports. The port named is the
// server's; the server side is tried first, as the handshake (if seen) named it.
void Connection::apply_port_rules() {
  const Options& options = env_.options;
  for (int side : {1, 0}) {
    std::uint16_t port = flow_.endpoints[static_cast<std::size_t>(side)].port;
    int client = side == 1 ? tcp::kClientToServer : tcp::kServerToClient;
    for (auto rule = options.decode_as.rbegin(); rule != options.decode_as.rend(); ++rule) {
      if (port < rule->first || port > rule->last) continue;
      if (rule->protocol == PortProtocol::Mqtt) return decide(Mode::Mqtt, client);
      if (rule->protocol == PortProtocol::Http) return decide(Mode::Http, client);
      client_direction_ = client;
      websocket_by_port_ = true;  // still Detecting: an HTTP upgrade is followed if it comes
      return;
    }
  }
  for (int side : {1, 0}) {
    std::uint16_t port = flow_.endpoints[static_cast<std::size_t>(side)].port;
    if (std::find(options.mqtt_ports.begin(), options.mqtt_ports.end(), port) != options.mqtt_ports.end())
      return decide(Mode::Mqtt, side == 1 ? tcp::kClientToServer : tcp::kServerToClient);
  }
}

Connection::~Connection() {
  for (auto& in : inputs_) in.connection = nullptr;
  flow_.warm = {};  // the flow may linger after its connection is gone
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
  bool http_possible = from_start && (http::looks_like_request(seen) == Match::NeedMore ||
                                      http::looks_like_response(seen) == Match::NeedMore);
  if (websocket_by_port_ && (!http_possible || seen.size() >= kSniffBytes))
    return decide(Mode::WebSocket, client_direction_);
  if (from_start && mqtt::looks_like_connect(seen) == Match::Yes) {
    session_.start_seen = true;  // the stream starts with its CONNECT
    return decide(Mode::Mqtt, direction);
  }
  bool undecided =
      http_possible || (from_start && mqtt::looks_like_connect(seen) == Match::NeedMore);
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
  if (mode == Mode::Mqtt) start_mqtt(flow_.roles_from_handshake);
  if (mode == Mode::WebSocket) start_websocket_by_port();
  name_warm_memory();
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
  session_.bytes_lost[r] = true;  // ordering checks can no longer blame the peer
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
  if (env_.options.hide_secrets) {
    field::DetachedTree masked(tree_);
    masked.mask_secrets();
    env_.sink.on_layer_tree(env_.frame, masked.tree());
    return;
  }
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
    answer_protocol_ = answer.protocol;
    start_websocket(answer);
    return;
  }
  undecoded_[kClient] += held_[kClient].bytes.size();
  held_[kClient].clear();
  head_done_ = {true, true};  // no upgrade: the rest of this connection is not decoded
}

void Connection::start_websocket(const http::UpgradeAnswer& answer) {
  mode_ = Mode::WebSocket;
  http::DeflateAgreement deflate = http::agree_deflate(offer_, answer);
  auto offered = [&](auto&& matches) {
    return std::any_of(offer_.protocols.begin(), offer_.protocols.end(), matches);
  };
  bool offered_mqtt = offered([](const std::string& p) { return is_mqtt_subprotocol(p); });
  bool chosen_offered = offered([&](const std::string& p) { return p == answer.protocol; });
  // MQTT-6.0.0-3/4: the subprotocol is "mqtt". A server that names none, or one the client did
  // not offer, while the client offered MQTT most likely still speaks it; the handshake's
  // notes say what was wrong.
  mqtt_over_ws_ = is_mqtt_subprotocol(answer.protocol) ||
                  (offered_mqtt && (answer.protocol.empty() || !chosen_offered));
  const Limits& limits = env_.options.limits;
  session_.start_seen = true;  // MQTT starts right after the upgrade
  for (int role : {kClient, kServer}) {
    auto r = static_cast<std::size_t>(role);
    ws::ParserOptions options = websocket_options(role, deflate);
    // Messages of other subprotocols are shown whole: keep their first bytes.
    if (!mqtt_over_ws_)
      options.message_bytes_kept = env_.sink.wants_layer_trees() ? limits.ws_message_bytes_kept
                                                                 : limits.summary_payload_chars;
    start_frame_parser(role, options);
    if (mqtt_over_ws_) framers_[r] = std::make_unique<mqtt::Framer>(limits, mqtt_routes_[r]);
  }
  if (!mqtt_over_ws_) {
    env_.diagnostics.message(fmt::format("tcp.stream {}: WebSocket subprotocol '{}' is not MQTT; "
                                         "frames and messages are shown, not decoded further",
                                         flow_.stream, answer.protocol));
  }
  name_warm_memory();
  replay(held_[kClient], kClient);
}

// Data frames keep their first bytes (FrameRecord::preview) only for outputs that show frame
// trees.
void Connection::start_frame_parser(int role, ws::ParserOptions options) {
  options.data_previews = env_.sink.wants_layer_trees();
  auto r = static_cast<std::size_t>(role);
  ws_[r] = std::make_unique<ws::FrameParser>(env_.options.limits, options, ws_routes_[r]);
}

// -d tcp.port==N,websocket on a stream that does not start with an HTTP upgrade: frames from
// the first byte, MQTT inside (the subprotocol and extensions were not seen).
void Connection::start_websocket_by_port() {
  mqtt_over_ws_ = true;
  session_.start_seen = flow_.roles_from_handshake;
  for (int role : {kClient, kServer}) {
    auto r = static_cast<std::size_t>(role);
    start_frame_parser(role, ws::ParserOptions{role == kClient, false});
    framers_[r] = std::make_unique<mqtt::Framer>(env_.options.limits, mqtt_routes_[r]);
  }
  env_.diagnostics.message(fmt::format("tcp.stream {}: WebSocket by -d, no upgrade seen: MQTT "
                                       "assumed, no extensions", flow_.stream));
}

// `from_start`: the stream was captured from its first byte (a missing CONNECT is then the
// client's fault, MQTT-3.1.0-1, not the capture's).
void Connection::start_mqtt(bool from_start) {
  session_.start_seen = session_.start_seen || from_start;
  for (int role : {kClient, kServer}) {
    auto r = static_cast<std::size_t>(role);
    framers_[r] = std::make_unique<mqtt::Framer>(env_.options.limits, mqtt_routes_[r]);
  }
}

namespace {

analyze::EndReason end_reason(tcp::CloseReason reason) {
  switch (reason) {
    case tcp::CloseReason::Fin:
    case tcp::CloseReason::PortReused: return analyze::EndReason::Fin;
    case tcp::CloseReason::Reset: return analyze::EndReason::Reset;
    case tcp::CloseReason::Evicted: return analyze::EndReason::Evicted;
    case tcp::CloseReason::IdleTimeout: return analyze::EndReason::Idle;
    case tcp::CloseReason::CaptureEnd: return analyze::EndReason::CaptureEnd;
  }
  return analyze::EndReason::CaptureEnd;
}

}  // namespace

void Connection::close(tcp::CloseReason reason) {
  if (mode_ == Mode::Detecting) decide(Mode::Opaque, client_direction_);
  for (int role : {kClient, kServer}) {
    auto r = static_cast<std::size_t>(role);
    if (ws_[r]) ws_[r]->finish();
    if (framers_[r]) framers_[r]->finish();
    flush_deferred(role);
  }
  if (env_.analyzer && announced_)
    env_.analyzer->on_connection_end(flow_.stream, end_reason(reason), flow_.last_seen);
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
