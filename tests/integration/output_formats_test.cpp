// -T json and -T ek on the bundled captures: valid JSON (RFC 8259), one record per frame that
// -V shows, and every field that -V shows present under its abbreviation.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "capture_support.hpp"
#include "json.hpp"
#include "mqscope/app/pipeline.hpp"
#include "mqscope/app/run.hpp"
#include "mqscope/capture/pcap_source.hpp"

namespace mqscope::test {
namespace {

// The abbreviations of every field node in every tree -V prints, and the frames it prints.
class FieldCollector : public output::Sink {
 public:
  bool wants_layer_trees() const override { return true; }
  void on_packet(output::FrameContext& frame, const output::PacketRecord& packet) override {
    take(frame);
    take(*packet.tree);
  }
  void on_layer_tree(output::FrameContext& frame, const field::Tree& tree) override {
    take(frame);
    take(tree);
  }
  std::set<std::string> fields;
  std::set<std::uint32_t> frames;

 private:
  void take(output::FrameContext& frame) {
    if (frames.insert(frame.number()).second) take(frame.lower_tree());
  }
  void take(const field::Tree& tree) {
    for (const field::Node& n : tree.nodes())
      if (n.field) fields.insert(std::string(n.field->abbrev));
  }
};

class Quiet : public app::Diagnostics {
 public:
  void message(const std::string&) override {}
};

FieldCollector tree_fields(const std::string& path) {
  FieldCollector collector;
  Quiet quiet;
  std::string error;
  auto source = capture::PcapSource::open_offline(path, error);
  app::Options options;
  app::Pipeline pipeline(options, collector, quiet);
  while (auto frame = source->next()) pipeline.process(*frame);
  pipeline.finish();
  return collector;
}

void collect_keys(const Json& j, std::set<std::string>& keys) {
  if (j.kind() == Json::Kind::Array) {
    for (const Json& item : j.array()) collect_keys(item, keys);
  } else if (j.kind() == Json::Kind::Object) {
    for (const auto& [key, value] : j.object()) {
      std::string k = key;
      for (std::string suffix : {"_tree", "_raw"})
        if (k.size() > suffix.size() && k.ends_with(suffix)) k.resize(k.size() - suffix.size());
      keys.insert(k);
      collect_keys(value, keys);
    }
  }
}

app::RunResult run(const std::string& capture, app::OutputMode mode, bool hex = false) {
  app::Options options;
  options.input = capture_path(capture);
  options.mode = mode;
  options.hex = hex;
  return app::run_to_string(options);
}

class OutputFormats : public ::testing::TestWithParam<std::string> {};

TEST_P(OutputFormats, JsonParsesAndHoldsEveryFieldTheTreeShows) {
  app::RunResult r = run(GetParam(), app::OutputMode::Json, true);
  std::string error;
  Json json = Json::parse(r.output, error);
  ASSERT_TRUE(error.empty()) << error;
  FieldCollector expected = tree_fields(capture_path(GetParam()));
  EXPECT_EQ(json.array().size(), expected.frames.size());
  std::set<std::string> keys;
  collect_keys(json, keys);
  for (const std::string& f : expected.fields) EXPECT_TRUE(keys.count(f)) << "missing " << f;
}

TEST_P(OutputFormats, EkIsOneIndexLineAndOneDocumentPerFrame) {
  app::RunResult r = run(GetParam(), app::OutputMode::Ek);
  std::istringstream lines(r.output);
  std::string line;
  std::size_t documents = 0;
  std::set<std::string> keys;
  for (std::size_t n = 0; std::getline(lines, line); ++n) {
    std::string error;
    Json json = Json::parse(line, error);
    ASSERT_TRUE(error.empty()) << "line " << n + 1 << ": " << error;
    if (n % 2 == 0) {
      EXPECT_TRUE(json["index"].has("_index")) << line;
      continue;
    }
    ++documents;
    EXPECT_TRUE(json.has("timestamp"));
    collect_keys(json["layers"], keys);
  }
  FieldCollector expected = tree_fields(capture_path(GetParam()));
  EXPECT_EQ(documents, expected.frames.size());
  EXPECT_TRUE(keys.count("mqtt_mqtt_msgtype"));
  EXPECT_TRUE(keys.count("tcp_tcp_stream"));
}

INSTANTIATE_TEST_SUITE_P(Captures, OutputFormats,
                         ::testing::Values("seed-replica.pcap", "ws-mqttjs-aedes-v311.pcap",
                                           "tcp-mosquitto-v311.pcap", "ws-fragmented-control.pcap",
                                           "ws-mqttjs-v5-bridge-mosquitto.pcap"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string n = param_info.param.substr(0, param_info.param.find('.'));
                           for (char& ch : n) if (ch == '-') ch = '_';
                           return n;
                         });

}  // namespace
}  // namespace mqscope::test
