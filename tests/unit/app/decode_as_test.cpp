// What decides a connection's protocol besides its bytes: tshark's "-d tcp.port==N,PROTOCOL"
// (Options::decode_as), the MQTT version forced for every connection (--mqtt-version), and
// whether the connection was captured from its start, which tells a missing CONNECT that is
// the client's fault (MQTT-3.1.0-1) from one the capture missed.
#include <gtest/gtest.h>

#include "bytes.hpp"
#include "mqscope/app/run.hpp"
#include "pcap_builder.hpp"

namespace mqscope::test {
namespace {

const Endpoint4 kClient{{10, 0, 0, 1}, 50000};
const Endpoint4 kServer{{10, 0, 0, 2}, 9999};
const std::uint8_t kKey[4] = {0x11, 0x22, 0x33, 0x44};

app::RunResult run(const PcapBuilder& capture, app::Options options = {}) {
  TempFile file(capture.bytes());
  options.input = file.path();
  return app::run_to_string(options);
}

app::PortRule rule(const char* spec) {
  app::PortRule r;
  std::string error;
  EXPECT_TRUE(app::parse_decode_as(spec, r, error)) << spec << ": " << error;
  return r;
}

// A PINGREQ and a PINGRESP on port 9999, after the TCP handshake or (mid_stream) without it.
PcapBuilder pings_on_9999(bool mid_stream) {
  PcapBuilder capture;
  TcpConversation tcp(kClient, kServer);
  if (!mid_stream) {
    for (const ByteVector& f : tcp.handshake()) capture.add(f);
  }
  capture.add(tcp.client_data(from_hex("c000")));
  capture.add(tcp.server_data(from_hex("d000")));
  return capture;
}

TEST(DecodeAs, ParsesPortsRangesAndProtocols) {
  app::PortRule r = rule("tcp.port==8883,mqtt");
  EXPECT_EQ(r.first, 8883);
  EXPECT_EQ(r.last, 8883);
  EXPECT_EQ(r.protocol, app::PortProtocol::Mqtt);
  r = rule("tcp.port==8000-8010,websocket");
  EXPECT_EQ(r.first, 8000);
  EXPECT_EQ(r.last, 8010);
  EXPECT_EQ(r.protocol, app::PortProtocol::WebSocket);
  EXPECT_EQ(rule("tcp.port==80,http").protocol, app::PortProtocol::Http);
}

TEST(DecodeAs, RejectsWhatIsNotAPortRule) {
  for (const char* bad : {"tcp.port==8883", "udp.port==1,mqtt", "tcp.port==0,mqtt",
                          "tcp.port==65536,mqtt", "tcp.port==9-8,mqtt", "tcp.port==x,mqtt",
                          "tcp.port==1883,amqp", "tcp.port==1883 ,mqtt"}) {
    app::PortRule r;
    std::string error;
    EXPECT_FALSE(app::parse_decode_as(bad, r, error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

// Without a CONNECT at its start, a stream on an unknown port is not MQTT; -d says it is.
TEST(DecodeAs, MqttRuleDecodesAPortThatHasNoConnect) {
  app::RunResult plain = run(pings_on_9999(false));
  EXPECT_TRUE(plain.output.empty()) << plain.output;
  EXPECT_NE(plain.messages.find("neither HTTP, WebSocket nor MQTT"), std::string::npos);
  app::Options options;
  options.decode_as.push_back(rule("tcp.port==9999,mqtt"));
  app::RunResult forced = run(pings_on_9999(false), options);
  // Summary lines put the client left and the broker right; the arrow gives the direction.
  EXPECT_NE(forced.output.find("10.0.0.1:50000        \u2192 10.0.0.2:9999         TCP !PINGREQ"),
            std::string::npos)
      << forced.output << forced.messages;
  EXPECT_NE(forced.output.find("10.0.0.1:50000        \u2190 10.0.0.2:9999         TCP !PINGRESP"),
            std::string::npos)
      << forced.output;
}

// MQTT-3.1.0-1: with the handshake captured, a first packet that is not a CONNECT is the
// client's fault; without it, the CONNECT was only not captured (a capture note).
TEST(DecodeAs, APacketBeforeTheConnectIsAViolationOnlyWhenTheStartWasCaptured) {
  app::Options options;
  options.decode_as.push_back(rule("tcp.port==9999,mqtt"));
  app::RunResult from_start = run(pings_on_9999(false), options);
  EXPECT_NE(from_start.output.find("PINGREQ [mqtt.unknown_version] [mqtt.packet_before_connect]"),
            std::string::npos)
      << from_start.output;
  app::RunResult mid_stream = run(pings_on_9999(true), options);
  EXPECT_NE(mid_stream.output.find("PINGREQ [mqtt.unknown_version]\n"), std::string::npos)
      << mid_stream.output;
  EXPECT_EQ(mid_stream.output.find("packet_before_connect"), std::string::npos);
}

// A later rule wins, and a rule wins over the default MQTT port 1883.
TEST(DecodeAs, TheLastRuleForAPortWinsAndOverridesPort1883) {
  PcapBuilder capture;
  TcpConversation tcp(kClient, {{10, 0, 0, 2}, 1883});
  capture.add(tcp.client_data(from_hex("c000")));
  app::Options options;
  options.decode_as.push_back(rule("tcp.port==1883,mqtt"));
  options.decode_as.push_back(rule("tcp.port==1000-2000,http"));
  app::RunResult r = run(capture, options);
  EXPECT_EQ(r.output.find("PINGREQ"), std::string::npos) << r.output;
  options.decode_as.push_back(rule("tcp.port==1883,mqtt"));
  EXPECT_NE(run(capture, options).output.find("PINGREQ"), std::string::npos);
}

// RFC 6455 §5.2 frames from the first byte (no upgrade captured): -d ...,websocket decodes them
// and the MQTT inside; an upgrade at the start of the stream is still followed.
TEST(DecodeAs, WebSocketRuleDecodesFramesWithoutAnUpgrade) {
  PcapBuilder capture;
  TcpConversation tcp(kClient, kServer);
  for (const ByteVector& f : tcp.handshake()) capture.add(f);
  capture.add(tcp.client_data(ws_frame(0x2, from_hex("c000"), true, kKey)));
  capture.add(tcp.server_data(ws_frame(0x2, from_hex("d000"))));
  app::Options options;
  options.decode_as.push_back(rule("tcp.port==9999,websocket"));
  app::RunResult r = run(capture, options);
  EXPECT_NE(r.output.find("WS  !PINGREQ"), std::string::npos) << r.output << r.messages;
  EXPECT_NE(r.output.find("WS  !PINGRESP"), std::string::npos) << r.output;
  EXPECT_NE(r.messages.find("WebSocket by -d, no upgrade seen"), std::string::npos) << r.messages;

  PcapBuilder upgraded;
  TcpConversation tcp2(kClient, kServer);
  upgraded.add(tcp2.client_data(from_text(
      "GET /mqtt HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: mqtt\r\n"
      "Sec-WebSocket-Version: 13\r\n\r\n")));
  upgraded.add(tcp2.server_data(from_text(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n")));
  upgraded.add(tcp2.client_data(ws_frame(0x2, from_hex("c000"), true, kKey)));
  app::RunResult u = run(upgraded, options);
  EXPECT_NE(u.output.find("WS  !PINGREQ"), std::string::npos) << u.output << u.messages;
  EXPECT_EQ(u.messages.find("no upgrade seen"), std::string::npos) << u.messages;
}

// An HTTP rule makes a stream HTTP from its first byte, even one that starts with a CONNECT.
TEST(DecodeAs, HttpRuleWinsOverTheConnectRecogniser) {
  PcapBuilder capture;
  TcpConversation tcp(kClient, kServer);
  ByteVector connect = from_hex("100d00044d5154540402003c000163");
  capture.add(tcp.client_data(connect));
  app::Options options;
  options.decode_as.push_back(rule("tcp.port==9999,http"));
  EXPECT_EQ(run(capture, options).output.find("CONNECT"), std::string::npos);
  EXPECT_NE(run(capture).output.find("CONNECT"), std::string::npos);
}

// MQTT 5.0 §3.4.2.1: a PUBACK with a reason code. Forced to 5.0, it is read as 5.0 without a
// guess; forced to 3.1.1, its third byte is left over.
TEST(ForcedVersion, AppliesToEveryConnectionWithoutAGuess) {
  PcapBuilder capture;
  TcpConversation tcp(kClient, {{10, 0, 0, 2}, 1883});
  capture.add(tcp.server_data(from_hex("40030001 10")));
  app::Options options;
  options.mqtt_version = 5;
  app::RunResult v5 = run(capture, options);
  EXPECT_NE(v5.output.find("PUBACK id=1 rc=16 (No matching subscribers)\n"), std::string::npos)
      << v5.output;
  options.mqtt_version = 4;
  app::RunResult v311 = run(capture, options);
  EXPECT_NE(v311.output.find("PUBACK id=1 [mqtt.trailing_bytes]"), std::string::npos)
      << v311.output;
  app::RunResult guessed = run(capture);
  EXPECT_NE(guessed.output.find("rc=16 (No matching subscribers) [mqtt.version_guessed]"),
            std::string::npos)
      << guessed.output;
}

}  // namespace
}  // namespace mqscope::test
