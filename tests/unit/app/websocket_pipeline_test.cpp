// The pipeline on WebSocket connections built in code: what the handshake decides (RFC 6455
// §4, RFC 7692 §7.1) and what follows from it: compressed MQTT inflated whatever the TCP
// segmentation, MQTT tried when the subprotocol answer is wrong, a refused upgrade left as
// HTTP, and other subprotocols shown message by message.
#include <gtest/gtest.h>

#include "bytes.hpp"
#include "deflate.hpp"
#include "mqscope/app/run.hpp"
#include "pcap_builder.hpp"

namespace mqscope::test {
namespace {

const Endpoint4 kClient{{10, 0, 0, 1}, 40000};
const Endpoint4 kServer{{10, 0, 0, 2}, 8080};
const std::uint8_t kKey[4] = {0x0c, 0x3c, 0xb5, 0x39};

// MQTT 3.1.1 §3.1: CONNECT, protocol "MQTT" level 4, clean session, keep alive 60.
ByteVector connect_packet() {
  ByteVector body = from_hex("0004 4d515454 04 02 003c");
  append_mqtt_string(body, "mqscope-ws");
  return concat({ByteVector{0x10, static_cast<std::uint8_t>(body.size())}, body});
}

std::string request(std::string_view extra_headers) {
  return "GET /mqtt HTTP/1.1\r\nHost: 10.0.0.2:8080\r\nUpgrade: websocket\r\n"
         "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
         "Sec-WebSocket-Version: 13\r\n" +
         std::string(extra_headers) + "\r\n";
}

std::string response(std::string_view status, std::string_view extra_headers) {
  return "HTTP/1.1 " + std::string(status) +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" +
         std::string(extra_headers) + "\r\n";
}

// A connection: the handshake, then `client_segments` and `server_segments` (each one TCP
// segment), client first.
PcapBuilder conversation(const std::string& req, const std::string& resp,
                         const std::vector<ByteVector>& client_segments,
                         const std::vector<ByteVector>& server_segments = {}) {
  PcapBuilder capture;
  TcpConversation tcp(kClient, kServer);
  for (const ByteVector& f : tcp.handshake()) capture.add(f);
  capture.add(tcp.client_data(from_text(req)));
  capture.add(tcp.server_data(from_text(resp)));
  for (const ByteVector& s : client_segments) capture.add(tcp.client_data(s));
  for (const ByteVector& s : server_segments) capture.add(tcp.server_data(s));
  return capture;
}

app::RunResult run(const PcapBuilder& capture, app::OutputMode mode = app::OutputMode::Summary) {
  TempFile file(capture.bytes());
  app::Options options;
  options.input = file.path();
  options.mode = mode;
  if (mode == app::OutputMode::Fields) options.fields.fields = {"frame.number", "mqtt.msgtype"};
  return app::run_to_string(options);
}

bool has(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

// RFC 7692 §7.2.2 with §7.1.1: two compressed messages with context takeover (the second is
// a back-reference into the first) cut into two TCP segments at every offset.
TEST(WebSocketPipeline, CompressedMqttIsInflatedAtEverySegmentation) {
  Deflater deflater(15, true);
  ByteVector stream = concat({ws_frame(0x2, deflater.message(connect_packet()), true, kKey, 0x4),
                              ws_frame(0x2, deflater.message(connect_packet()), true, kKey, 0x4)});
  std::string req = request(
      "Sec-WebSocket-Protocol: mqtt\r\n"
      "Sec-WebSocket-Extensions: permessage-deflate\r\n");
  std::string resp = response("101 Switching Protocols",
                              "Sec-WebSocket-Protocol: mqtt\r\n"
                              "Sec-WebSocket-Extensions: permessage-deflate\r\n");
  for (std::size_t cut = 1; cut < stream.size(); ++cut) {
    ByteVector a(stream.begin(), stream.begin() + static_cast<std::ptrdiff_t>(cut));
    ByteVector b(stream.begin() + static_cast<std::ptrdiff_t>(cut), stream.end());
    app::RunResult r = run(conversation(req, resp, {a, b}));
    std::size_t first = r.output.find("CONNECT MQTT v3.1.1 client_id=\"mqscope-ws\"");
    ASSERT_NE(first, std::string::npos) << "cut " << cut << "\n" << r.output << r.messages;
    EXPECT_NE(r.output.find("CONNECT MQTT", first + 1), std::string::npos) << "cut " << cut;
  }
}

// MQTT-6.0.0-2 with RFC 6455 §5.4: packets cut by fragment boundaries (a Ping between the
// fragments) and several packets in one message, the stream cut into two TCP segments at
// every offset; the provenance line names each WebSocket frame a packet came from.
TEST(WebSocketPipeline, PacketsAcrossFragmentsAndSegments) {
  ByteVector connect = connect_packet();
  ByteVector head(connect.begin(), connect.begin() + 10);
  ByteVector tail(connect.begin() + 10, connect.end());
  ByteVector stream = concat({ws_frame(0x2, head, false, kKey), ws_frame(0x9, {}, true, kKey),
                              ws_frame(0x0, concat({tail, from_hex("c0")}), false, kKey),
                              ws_frame(0x0, from_hex("00 e000"), true, kKey)});
  std::string req = request("Sec-WebSocket-Protocol: mqtt\r\n");
  std::string resp = response("101 Switching Protocols", "Sec-WebSocket-Protocol: mqtt\r\n");
  for (std::size_t cut = 1; cut < stream.size(); ++cut) {
    ByteVector a(stream.begin(), stream.begin() + static_cast<std::ptrdiff_t>(cut));
    ByteVector b(stream.begin() + static_cast<std::ptrdiff_t>(cut), stream.end());
    app::RunResult r = run(conversation(req, resp, {a, b}));
    std::size_t c = r.output.find("CONNECT MQTT v3.1.1 client_id=\"mqscope-ws\"");
    std::size_t p = r.output.find("PINGREQ");
    std::size_t d = r.output.find("DISCONNECT");
    EXPECT_TRUE(c != std::string::npos && p != std::string::npos && d != std::string::npos &&
                c < p && p < d)
        << "cut " << cut << ":\n"
        << r.output << r.messages;
  }
  app::RunResult tree = run(conversation(req, resp, {stream}), app::OutputMode::Tree);
  EXPECT_TRUE(has(tree.output, "[2 WebSocket frames (24 bytes): #6(10), #6(14)]")) << tree.output;
  EXPECT_TRUE(has(tree.output, "[2 WebSocket frames (2 bytes): #6(1), #6(1)]")) << tree.output;
  EXPECT_TRUE(has(tree.output, "[1 WebSocket frame (2 bytes): #6(2)]")) << tree.output;
}

// RFC 7692 §7.1.1.2, §7.1.2.2: the answer's client parameters govern the client's messages.
TEST(WebSocketPipeline, NegotiatedClientWindowAndNoContextTakeoverAreUsed) {
  Deflater deflater(10, false);
  std::vector<ByteVector> frames;
  for (int i = 0; i < 3; ++i)
    frames.push_back(ws_frame(0x2, deflater.message(connect_packet()), true, kKey, 0x4));
  std::string req = request(
      "Sec-WebSocket-Protocol: mqtt\r\nSec-WebSocket-Extensions: "
      "permessage-deflate; client_max_window_bits\r\n");
  std::string resp = response("101 Switching Protocols",
                              "Sec-WebSocket-Protocol: mqtt\r\nSec-WebSocket-Extensions: "
                              "permessage-deflate; client_max_window_bits=10; "
                              "client_no_context_takeover\r\n");
  app::RunResult r = run(conversation(req, resp, frames), app::OutputMode::Tree);
  // No WebSocket or handshake notes: every message inflated (the repeated CONNECT is an MQTT
  // matter, noted as mqtt.second_connect).
  EXPECT_EQ(r.output.find("(websocket."), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("(http."), std::string::npos) << r.output;
  EXPECT_TRUE(has(r.output, "[client_max_window_bits: 10]")) << r.output;
  EXPECT_TRUE(has(r.output, "[client_no_context_takeover: True]"));
  EXPECT_TRUE(has(r.output, "#6(24 inflated)")) << r.output;
  EXPECT_TRUE(has(r.output, "#8(24 inflated)"));
}

// RFC 7692 §7.1.1.2: the parameters are not just shown but used: a client that agreed to
// client_no_context_takeover and still refers to its previous message is caught.
TEST(WebSocketPipeline, ASenderBreakingTheAgreementIsCaught) {
  Deflater deflater(15, true);
  std::vector<ByteVector> frames;
  for (int i = 0; i < 2; ++i)
    frames.push_back(ws_frame(0x2, deflater.message(connect_packet()), true, kKey, 0x4));
  std::string req = request(
      "Sec-WebSocket-Protocol: mqtt\r\n"
      "Sec-WebSocket-Extensions: permessage-deflate\r\n");
  std::string resp = response("101 Switching Protocols",
                              "Sec-WebSocket-Protocol: mqtt\r\nSec-WebSocket-Extensions: "
                              "permessage-deflate; client_no_context_takeover\r\n");
  app::RunResult r = run(conversation(req, resp, frames), app::OutputMode::Tree);
  EXPECT_TRUE(has(r.output, "(websocket.inflate_failed)")) << r.output;
  std::size_t first = r.output.find("Client ID: mqscope-ws");
  ASSERT_NE(first, std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("Client ID: mqscope-ws", first + 1), std::string::npos);
}

// RFC 6455 §4.2.2 / MQTT-6.0.0-4: the server chose no subprotocol although the client
// offered mqtt; the handshake is noted and the payload is still decoded as MQTT.
TEST(WebSocketPipeline, MissingSubprotocolIsNotedAndMqttStillDecoded) {
  std::string req = request("Sec-WebSocket-Protocol: mqtt\r\n");
  app::RunResult r = run(conversation(req, response("101 Switching Protocols", ""),
                                      {ws_frame(0x2, connect_packet(), true, kKey)}),
                         app::OutputMode::Tree);
  EXPECT_TRUE(has(r.output, "(http.subprotocol_missing)")) << r.output;
  EXPECT_TRUE(has(r.output, "Client ID: mqscope-ws")) << r.output;
}

// RFC 6455 §4.1: a subprotocol the client did not offer is noted; the client offered mqtt,
// so its payload is still tried as MQTT.
TEST(WebSocketPipeline, UnofferedSubprotocolIsNotedAndMqttStillTried) {
  std::string req = request("Sec-WebSocket-Protocol: mqtt\r\n");
  app::RunResult r =
      run(conversation(req, response("101 Switching Protocols", "Sec-WebSocket-Protocol: amqp\r\n"),
                       {ws_frame(0x2, connect_packet(), true, kKey)}),
          app::OutputMode::Tree);
  EXPECT_TRUE(has(r.output, "(http.subprotocol_not_offered)")) << r.output;
  EXPECT_TRUE(has(r.output, "Client ID: mqscope-ws")) << r.output;
}

// RFC 6455 §4.1: without a 101 the connection stays HTTP; bytes the client sent anyway are
// not decoded as WebSocket, and are counted.
TEST(WebSocketPipeline, RefusedUpgradeStaysHttp) {
  std::string req = request("Sec-WebSocket-Protocol: mqtt\r\n");
  std::string resp = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
  ByteVector frame = ws_frame(0x2, connect_packet(), true, kKey);
  app::RunResult tree = run(conversation(req, resp, {frame}), app::OutputMode::Tree);
  EXPECT_TRUE(has(tree.output, "(http.upgrade_refused)")) << tree.output;
  EXPECT_FALSE(has(tree.output, "WebSocket\n")) << tree.output;
  EXPECT_FALSE(has(tree.output, "MQ Telemetry Transport")) << tree.output;
  app::RunResult summary = run(conversation(req, resp, {frame}));
  EXPECT_TRUE(summary.output.empty()) << summary.output;
  EXPECT_TRUE(has(summary.messages, std::to_string(frame.size()) + " bytes not decoded"))
      << summary.messages;
}

// MQTT-6.0.0-1: MQTT travels in binary frames; a text frame is noted, its bytes still decoded.
TEST(WebSocketPipeline, TextFrameCarryingMqttIsNoted) {
  std::string req = request("Sec-WebSocket-Protocol: mqtt\r\n");
  app::RunResult r =
      run(conversation(req, response("101 Switching Protocols", "Sec-WebSocket-Protocol: mqtt\r\n"),
                       {ws_frame(0x1, from_hex("c000"), true, kKey)}),
          app::OutputMode::Tree);
  EXPECT_TRUE(has(r.output, "(websocket.text_frame_for_mqtt)")) << r.output;
  EXPECT_TRUE(has(r.output, "Ping Request")) << r.output;
}

// Another subprotocol: one summary line per data message (text as text, binary as hex, a
// fragmented message once, after its last frame), the messages in -V, no -T fields rows.
TEST(WebSocketPipeline, OtherSubprotocolsAreShownMessageByMessage) {
  std::string req = request("Sec-WebSocket-Protocol: chat\r\n");
  std::string resp = response("101 Switching Protocols", "Sec-WebSocket-Protocol: chat\r\n");
  std::vector<ByteVector> client = {ws_frame(0x1, from_text("hello, "), false, kKey),
                                    ws_frame(0x9, from_text("p"), true, kKey),
                                    ws_frame(0x0, from_text("world"), true, kKey)};
  std::vector<ByteVector> server = {ws_frame(0x2, from_hex("00ff10"))};
  PcapBuilder capture = conversation(req, resp, client, server);
  app::RunResult summary = run(capture);
  EXPECT_EQ(
      summary.output,
      "    8   0.007000 10.0.0.1:40000        \u2192 10.0.0.2:8080         WS   Text len=12 "
      "\"hello, world\"\n"
      "    9   0.008000 10.0.0.1:40000        \u2190 10.0.0.2:8080         WS   Binary len=3 "
      "00ff10\n");
  EXPECT_TRUE(has(summary.messages, "WebSocket subprotocol 'chat' is not MQTT"))
      << summary.messages;
  app::RunResult tree = run(capture, app::OutputMode::Tree);
  EXPECT_TRUE(has(tree.output,
                  "[WebSocket message 1: Text, 12 bytes in 2 frames (#6-#8)]\n"
                  "    Text: hello, world\n"))
      << tree.output;
  EXPECT_TRUE(has(tree.output, "    Payload: 68656c6c6f2c20\n        Text: hello, \n"));
  EXPECT_TRUE(has(tree.output,
                  "[WebSocket message 1: Binary, 3 bytes in 1 frame (#9)]\n"
                  "    Binary: 00ff10\n"));
  app::RunResult fields = run(capture, app::OutputMode::Fields);
  EXPECT_TRUE(fields.output.empty()) << fields.output;
}

// Limits::ws_frame_packets_held: with -V, the packets a WebSocket frame completes are shown
// after the frame (RFC 6455 §5.4: the frame came first), which means holding them. A frame
// completing more of them (here 40 PINGREQs, MQTT 3.1.1 §3.12, against a limit of 16) gets the
// note mqscope.packets_not_held and every packet is still shown, none twice.
TEST(WebSocketPipeline, FrameCompletingMorePacketsThanHeldIsNotedAndShowsThemAll) {
  ByteVector pings;
  for (int i = 0; i < 40; ++i) pings = concat({pings, from_hex("c000")});
  std::string req = request("Sec-WebSocket-Protocol: mqtt\r\n");
  PcapBuilder capture =
      conversation(req, response("101 Switching Protocols", "Sec-WebSocket-Protocol: mqtt\r\n"),
                   {ws_frame(0x2, connect_packet(), true, kKey), ws_frame(0x2, pings, true, kKey)});
  TempFile file(capture.bytes());
  auto count = [](const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
      ++n;
    return n;
  };
  for (std::size_t held : {std::size_t{16}, std::size_t{1024}}) {
    app::Options options;
    options.input = file.path();
    options.mode = app::OutputMode::Tree;
    options.limits.ws_frame_packets_held = held;
    app::RunResult r = app::run_to_string(options);
    EXPECT_EQ(count(r.output, "Transport Protocol, Ping Request"), 40u) << "limit " << held << "\n" << r.output;
    EXPECT_EQ(count(r.output, "mqscope.packets_not_held"), held < 40 ? 1u : 0u)
        << "limit " << held << "\n" << r.output;
  }
}

}  // namespace
}  // namespace mqscope::test
