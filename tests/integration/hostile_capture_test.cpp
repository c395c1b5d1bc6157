// Hostile captures, generated in code: each is decoded in a child process that must stay under
// a memory and a time ceiling, end with the right exit status, say what it could not decode
// (a note in the output or a message on stderr) and still decode what follows. The limits
// that make this hold are the members of core/limits.hpp `Limits` (README, "Limits").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hostile_support.hpp"
#include "mqscope/app/run.hpp"

namespace mqscope::test {
namespace {

const Endpoint4 kClient{{10, 0, 0, 2}, 40000};
const Endpoint4 kBroker{{10, 0, 0, 1}, 1883};
const Endpoint4 kWsServer{{10, 0, 0, 1}, 8080};
const std::uint8_t kMaskKey[4] = {0x0c, 0x3c, 0xb5, 0x39};

// The opening of MQTT over WebSocket: the TCP handshake, the upgrade to subprotocol mqtt
// (with permessage-deflate when `deflate`), a masked CONNECT from `client_id`.
void write_ws_opening(PcapWriter& out, TcpConversation& tcp, bool deflate,
                      std::string_view client_id) {
  for (const ByteVector& f : tcp.handshake()) out.add(f);
  out.add(tcp.client_data(from_text(ws_request(deflate))));
  out.add(tcp.server_data(from_text(ws_response(deflate))));
  out.add(tcp.client_data(ws_frame(0x2, mqtt_connect(client_id), true, kMaskKey)));
}

void expect_within(const HostileRun& run, const Ceiling& ceiling) {
  EXPECT_TRUE(run.child.finished) << "not finished within " << ceiling.seconds << " s (exit "
                                  << run.child.exit_code << "): " << describe(run);
  EXPECT_EQ(run.child.exit_code, 0) << describe(run);
  EXPECT_LE(run.child.peak_kb, ceiling.effective_kb())
      << "memory ceiling " << ceiling.megabytes << " MiB: " << describe(run);
  std::printf("[ measured ] %s\n", describe(run).c_str());
}

// The connection that closes every hostile capture was decoded: what follows the hostile part
// is not lost (README, "Bad input").
void expect_rest_decoded(const HostileRun& run, std::string_view topic) {
  EXPECT_TRUE(run.output_has(topic))
      << "the connection after the hostile part is missing: " << describe(run) << "\n"
      << run.tail.substr(0, 2000);
}

// RFC 9293 §3.5: 100,000 connections opened with a SYN and never used. The flow table may
// hold Limits::max_flows connections at once; older ones are evicted.
TEST(HostileCapture, SynFloodOf100000ConnectionsKeepsMemoryBounded) {
  const Ceiling ceiling{64, 300};
  app::Options options;
  options.limits.max_flows = 10000;
  HostileRun run = run_hostile(
      options,
      [](PcapWriter& out) {
        for (std::uint32_t i = 0; i < 100000; ++i) {
          Endpoint4 client{{10, 1, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)},
                           static_cast<std::uint16_t>(1024 + i % 60000)};
          TcpConversation tcp(client, kBroker, i * 7919u);
          if (!out.add(tcp.handshake().front())) return;
        }
        write_normal_connection(out, 7, "after/syn/flood");
      },
      ceiling);
  expect_within(run, ceiling);
  EXPECT_EQ(run.status, app::kExitOk);
  EXPECT_EQ(run.frames, 100000u + 8u);  // the SYNs, then 8 frames of the last connection
  EXPECT_NE(run.messages.find("[tcp.flow_evicted]"), std::string::npos) << run.messages;
  expect_rest_decoded(run, "after/syn/flood");
}

// RFC 9293 §3.10.7.4: the bytes after a hole are held until it is filled. Here the hole is
// never filled and 1 GiB follows it: at most Limits::tcp_out_of_order_bytes are held, the
// hole is given up (a gap, noted by MQTT as lost bytes), and memory stays flat. The capture
// comes from a pipe on standard input, as `mqscope -r -` reads it.
TEST(HostileCapture, GigabyteOutOfOrderBehindAHoleNeverFilledKeepsMemoryFlat) {
  const Ceiling ceiling{48, 600};
  HostileRun run = run_hostile(
      app::Options{},
      [](PcapWriter& out) {
        TcpConversation tcp(kClient, kBroker);
        write_mqtt_opening(out, tcp, "hole");
        tcp.client_data(ByteVector(1000, 0x30));  // the hole: never captured
        ByteVector chunk(64000, 0x00);
        for (std::uint64_t sent = 0; sent < (std::uint64_t{1} << 30); sent += chunk.size())
          if (!out.add(tcp.client_data(chunk))) return;
        out.add(tcp.client_fin());
        write_normal_connection(out, 8, "after/the/hole");
      },
      ceiling, /*from_stdin=*/true);
  expect_within(run, ceiling);
  EXPECT_EQ(run.status, app::kExitOk);
  EXPECT_TRUE(run.output_has("CONNECT MQTT v3.1.1 client_id=\"hole\"")) << describe(run);
  EXPECT_TRUE(run.output_has("[mqtt.sync_lost]")) << run.head.substr(0, 2000);
  expect_rest_decoded(run, "after/the/hole");
}

// One WebSocket connection with permessage-deflate (RFC 7692) whose client sends two deflate
// bombs of zeros: 4 KiB of DEFLATE that inflate to 4 MiB, and 1 MiB that inflate to 1 GiB
// (DEFLATE cannot exceed about 1032:1, so gigabytes need about a megabyte). Each stops at
// Limits::ws_inflate_ratio with websocket.inflate_ratio_exceeded; nothing is buffered whole.
TEST(HostileCapture, DeflateBombStopsAtTheInflationLimits) {
  const Ceiling ceiling{64, 600};
  // Made once, before the children are started (each inherits them).
  const std::vector<ByteVector> bombs = {deflate_zeros(std::size_t{4} << 20),
                                         deflate_zeros(std::size_t{1} << 30)};
  for (app::OutputMode mode : {app::OutputMode::Summary, app::OutputMode::Tree}) {
    app::Options options;
    options.mode = mode;
    HostileRun run = run_hostile(
        options,
        [&bombs](PcapWriter& out) {
          TcpConversation tcp(kClient, kWsServer);
          write_ws_opening(out, tcp, true, "bomber");
          for (const ByteVector& bomb : bombs)
            write_client_segments(out, tcp, ws_frame(0x2, bomb, true, kMaskKey, 0x4), 60000);
          write_closing(out, tcp);
          write_normal_connection(out, 11, "after/the/bomb");
        },
        ceiling);
    expect_within(run, ceiling);
    EXPECT_EQ(run.status, app::kExitOk);
    EXPECT_TRUE(run.output_has("client_id=\"bomber\"") || run.output_has("Client ID: bomber"));
    // The WebSocket frame carries the note; MQTT says its stream lost its packet boundaries.
    if (mode == app::OutputMode::Tree) {
      EXPECT_TRUE(run.output_has("Compression ratio above the limit")) << run.head.substr(0, 3000);
    }
    EXPECT_TRUE(run.output_has("mqtt.sync_lost")) << run.head.substr(0, 3000);
    // A frame completing more packets than Limits::ws_frame_packets_held shows them early.
    EXPECT_LT(run.mqtt_packets, 2'000'000u) << describe(run);
    expect_rest_decoded(run, "after/the/bomb");
  }
}

// MQTT-1.5.5: the largest Remaining Length, 268,435,455, with a few bytes behind it. The
// packet is above Limits::mqtt_packet_bytes: noted (mqtt.packet_too_large) and skipped, never
// allocated.
TEST(HostileCapture, LargestRemainingLengthIsNotAllocated) {
  const Ceiling ceiling{32, 120};
  HostileRun run = run_hostile(
      app::Options{},
      [](PcapWriter& out) {
        TcpConversation tcp(kClient, kBroker);
        write_mqtt_opening(out, tcp, "huge");
        out.add(tcp.client_data(from_hex("30 ff ff ff 7f 0003 612f62 78797a")));
        write_closing(out, tcp);
        write_normal_connection(out, 9, "after/the/huge/packet");
      },
      ceiling);
  expect_within(run, ceiling);
  EXPECT_EQ(run.status, app::kExitOk);
  EXPECT_TRUE(run.output_has("[mqtt.packet_too_large]")) << run.head;
  EXPECT_TRUE(run.output_has("268435460 bytes")) << run.head;
  expect_rest_decoded(run, "after/the/huge/packet");
}

// RFC 6455 §5.2: a 64-bit payload length of 2^63 - 1 with ten bytes behind it. The payload
// streams through; nothing of its announced size is reserved, and the capture's end is noted.
TEST(HostileCapture, WebSocketLengthOf2To63Minus1IsNotAllocated) {
  const Ceiling ceiling{32, 120};
  HostileRun run = run_hostile(
      app::Options{},
      [](PcapWriter& out) {
        TcpConversation tcp(kClient, kWsServer);
        write_ws_opening(out, tcp, false, "giant");
        // A PUBLISH (remaining length 10) cut after 8 bytes of its body by the capture's end.
        out.add(tcp.client_data(concat({from_hex("82 ff 7fffffffffffffff 0c3cb539"),
                                        masked(from_hex("300a 0003 612f62 78797a"), kMaskKey)})));
        write_closing(out, tcp);
        write_normal_connection(out, 10, "after/the/giant/frame");
      },
      ceiling);
  expect_within(run, ceiling);
  EXPECT_EQ(run.status, app::kExitOk);
  EXPECT_TRUE(run.output_has("client_id=\"giant\"")) << run.head;
  EXPECT_TRUE(run.output_has("[mqtt.packet_incomplete]")) << run.head;
  expect_rest_decoded(run, "after/the/giant/frame");
}

// A display filter's regular expression over a PUBLISH of 1 MiB: std::regex recursed once per
// byte and crashed on such a payload (a real mosquitto capture did it); PCRE2 works within
// Limits::regex_heap_bytes, and a test that would need more gives up and is reported.
TEST(HostileCapture, RegularExpressionOverAMebibytePayload) {
  const Ceiling ceiling{64, 120};
  app::Options options;
  options.display_filter =
      "mqtt.msg matches \".*b\" or mqtt.msg matches \"^a+$\" or mqtt.topic contains \"after\"";
  HostileRun run = run_hostile(
      options,
      [](PcapWriter& out) {
        TcpConversation tcp(kClient, kBroker);
        write_mqtt_opening(out, tcp, "long");
        write_client_segments(out, tcp, mqtt_publish("long/payload", std::string(1u << 20, 'a')),
                              32768);
        write_closing(out, tcp);
        write_normal_connection(out, 11, "after/the/long/payload");
      },
      ceiling);
  expect_within(run, ceiling);
  EXPECT_EQ(run.status, app::kExitOk);
  EXPECT_TRUE(run.output_has("topic=\"long/payload\" len=1048576")) << run.head;
  EXPECT_EQ(run.messages.find("gave up"), std::string::npos) << run.messages;
  expect_rest_decoded(run, "after/the/long/payload");
}

}  // namespace
}  // namespace mqscope::test
