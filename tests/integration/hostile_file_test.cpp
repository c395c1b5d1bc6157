// Damaged and unusual capture files, generated in code: records larger than the snapshot
// length or than any link allows, a file cut inside a record header, an empty file, a file
// that is no capture, a link type mqscope does not know, and a capture read from a pipe. Each
// run is measured in a child process against a memory and a time ceiling (hostile_support).
#include <gtest/gtest.h>

#include <vector>

#include "capture_support.hpp"
#include "hostile_support.hpp"
#include "mqscope/app/run.hpp"

namespace mqscope::test {
namespace {

const Endpoint4 kClient{{10, 0, 0, 2}, 40000};
const Endpoint4 kBroker{{10, 0, 0, 1}, 1883};
const Ceiling kSmall{32, 120};

void expect_within(const HostileRun& run, const Ceiling& ceiling) {
  EXPECT_TRUE(run.child.finished) << "not finished within " << ceiling.seconds << " s (exit "
                                  << run.child.exit_code << "): " << describe(run);
  EXPECT_EQ(run.child.exit_code, 0) << describe(run);
  EXPECT_LE(run.child.peak_kb, ceiling.effective_kb())
      << "memory ceiling " << ceiling.megabytes << " MiB: " << describe(run);
}

// Frames of a complete MQTT conversation: handshake, CONNECT, CONNACK, PUBLISH, FIN.
std::vector<ByteVector> conversation(std::string_view topic) {
  TcpConversation tcp(kClient, kBroker);
  std::vector<ByteVector> frames = tcp.handshake();
  frames.push_back(tcp.client_data(mqtt_connect("damaged")));
  frames.push_back(tcp.server_data(mqtt_connack()));
  frames.push_back(tcp.client_data(mqtt_publish(topic, "payload")));
  frames.push_back(tcp.client_fin());
  frames.push_back(tcp.server_fin());
  return frames;
}

ByteVector file_of(const std::vector<ByteVector>& frames, std::uint32_t link_type = 1,
                   std::uint32_t snapshot_length = 262144) {
  ByteVector out = pcap_file_header(link_type, snapshot_length);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    auto size = static_cast<std::uint32_t>(frames[i].size());
    out = concat({out, pcap_record_header(i, size, size), frames[i]});
  }
  return out;
}

// pcap-savefile(5): a record longer than the largest any link type allows (256 KiB) cannot be
// read, and nothing after it can be found: what came before is decoded, and the message says
// where the capture was cut short. Exit status 0 (README, "Exit status").
TEST(HostileFile, RecordAbove256KiBEndsTheCaptureWithAMessage) {
  std::vector<ByteVector> frames = conversation("before/the/giant/record");
  ByteVector file = file_of(frames);
  ByteVector after = file_of(conversation("never/read"));
  file = concat({file, pcap_record_header(frames.size(), 300000, 300000), ByteVector(300000, 0),
                 ByteVector(after.begin() + 24, after.end())});
  HostileRun run = run_hostile_file(app::Options{}, file, kSmall);
  expect_within(run, kSmall);
  EXPECT_EQ(run.status, app::kExitOk);
  EXPECT_TRUE(run.output_has("before/the/giant/record")) << run.head;
  EXPECT_NE(run.messages.find("capture cut short after frame 8"), std::string::npos)
      << run.messages;
  EXPECT_NE(run.messages.find("300000"), std::string::npos) << run.messages;
}

// A record whose captured length exceeds the file's snapshot length (1000 bytes): libpcap
// keeps the first 1000 bytes, so the segment reaches mqscope cut, like a short snapshot: the
// missing bytes are a gap, the MQTT packet they belonged to is noted as incomplete, and the
// next connection is decoded.
TEST(HostileFile, RecordAboveTheSnapshotLengthIsDecodedAsCut) {
  TcpConversation tcp(kClient, kBroker);
  std::vector<ByteVector> frames = tcp.handshake();
  frames.push_back(tcp.client_data(mqtt_connect("snap")));
  frames.push_back(tcp.server_data(mqtt_connack()));
  frames.push_back(tcp.client_data(mqtt_publish("cut/by/the/snapshot", std::string(5000, 'x'))));
  frames.push_back(tcp.client_fin());
  frames.push_back(tcp.server_fin());
  TcpConversation next({{10, 0, 0, 3}, 40001}, kBroker);
  for (const ByteVector& f : next.handshake()) frames.push_back(f);
  frames.push_back(next.client_data(mqtt_connect("next")));
  frames.push_back(next.client_data(mqtt_publish("after/the/long/record", "ok")));
  HostileRun run = run_hostile_file(app::Options{}, file_of(frames, 1, 1000), kSmall);
  expect_within(run, kSmall);
  EXPECT_EQ(run.status, app::kExitOk);
  EXPECT_TRUE(run.output_has("[mqtt.packet_incomplete]")) << run.head;
  EXPECT_TRUE(run.output_has("after/the/long/record")) << run.head;
}

// A file cut inside the 16-byte header of a record: the records before it are decoded, the
// message names the cut. Exit status 0.
TEST(HostileFile, FileCutInsideARecordHeaderIsDecodedUpToTheCut) {
  std::vector<ByteVector> frames = conversation("before/the/cut");
  ByteVector file = file_of(frames);
  ByteVector partial = pcap_record_header(frames.size(), 60, 60);
  partial.resize(7);
  HostileRun run = run_hostile_file(app::Options{}, concat({file, partial}), kSmall);
  expect_within(run, kSmall);
  EXPECT_EQ(run.status, app::kExitOk);
  EXPECT_TRUE(run.output_has("before/the/cut")) << run.head;
  EXPECT_NE(run.messages.find("capture cut short after frame 8"), std::string::npos)
      << run.messages;
}

// An empty file is not a capture: exit status 2 and a message saying it is empty.
TEST(HostileFile, EmptyFileIsRefusedWithAMessage) {
  HostileRun run = run_hostile_file(app::Options{}, ByteVector{}, kSmall);
  expect_within(run, kSmall);
  EXPECT_EQ(run.status, app::kExitUnreadable);
  EXPECT_NE(run.messages.find("empty"), std::string::npos) << run.messages;
  EXPECT_EQ(run.output_lines, 0u);
}

// Text is not a capture: exit status 2 and a message saying so.
TEST(HostileFile, FileThatIsNotACaptureIsRefusedWithAMessage) {
  HostileRun run =
      run_hostile_file(app::Options{}, from_text("GET / HTTP/1.1\r\n\r\nhello"), kSmall);
  expect_within(run, kSmall);
  EXPECT_EQ(run.status, app::kExitUnreadable);
  EXPECT_NE(run.messages.find("not a pcap or pcapng capture"), std::string::npos) << run.messages;
}

// pcap-linktype(7): a link type mqscope does not decode (147, LINKTYPE_USER0) is named once,
// however many frames use it, and the frames are counted as not decoded. Exit status 0.
TEST(HostileFile, UnknownLinkTypeIsNamedOnce) {
  std::vector<ByteVector> frames;
  for (int i = 0; i < 5000; ++i) frames.push_back(ByteVector(60, static_cast<std::uint8_t>(i)));
  HostileRun run = run_hostile_file(app::Options{}, file_of(frames, 147), kSmall);
  expect_within(run, kSmall);
  EXPECT_EQ(run.status, app::kExitOk);
  EXPECT_EQ(run.frames, 5000u);
  std::string_view named = "link type 147";
  std::size_t first = run.messages.find(named);
  ASSERT_NE(first, std::string::npos) << run.messages;
  EXPECT_EQ(run.messages.find(named, first + 1), std::string::npos) << run.messages;
}

// A capture read from a pipe on standard input (`mqscope -r -`) decodes exactly as the file.
TEST(HostileFile, CaptureFromAPipeDecodesAsTheFile) {
  ByteVector file;
  {
    std::FILE* in = std::fopen(capture_path("ws-mqttjs-aedes-v311.pcap").c_str(), "rb");
    ASSERT_NE(in, nullptr);
    int c;
    while ((c = std::fgetc(in)) != EOF) file.push_back(static_cast<std::uint8_t>(c));
    std::fclose(in);
  }
  // The producer writes this very file header before the records.
  ASSERT_EQ(ByteVector(file.begin(), file.begin() + 24), pcap_file_header(1));
  HostileRun from_file = run_hostile_file(app::Options{}, file, kSmall);
  HostileRun from_pipe = run_hostile(
      app::Options{},
      [&](PcapWriter& out) { out.write_raw(ByteVector(file.begin() + 24, file.end())); }, kSmall,
      /*from_stdin=*/true);
  expect_within(from_pipe, kSmall);
  EXPECT_EQ(from_pipe.status, app::kExitOk);
  EXPECT_EQ(from_pipe.output_lines, from_file.output_lines);
  EXPECT_EQ(from_pipe.head, from_file.head);
  EXPECT_GT(from_pipe.mqtt_packets, 40u);
}

}  // namespace
}  // namespace mqscope::test
