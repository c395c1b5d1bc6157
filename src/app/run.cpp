#include "mqscope/app/run.hpp"

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "mqscope/app/registry.hpp"
#include "mqscope/capture/pcap_source.hpp"
#include "mqscope/output/sinks.hpp"

namespace mqscope::app {

namespace {

class StreamDiagnostics : public Diagnostics {
 public:
  explicit StreamDiagnostics(std::FILE* err) : err_(err) {}
  void message(const std::string& text) override { fmt::print(err_, "mqscope: {}\n", text); }

 private:
  std::FILE* err_;
};

std::unique_ptr<output::Sink> make_sink(const Options& options, output::Writer& writer) {
  switch (options.mode) {
    case OutputMode::Tree: return std::make_unique<output::TreeSink>(writer);
    case OutputMode::Fields:
      return std::make_unique<output::FieldsSink>(writer, options.fields, registry());
    case OutputMode::Summary: break;
  }
  return std::make_unique<output::SummarySink>(writer);
}

}  // namespace

int run(const Options& options, std::FILE* out, std::FILE* err, Statistics* stats) {
  std::string error;
  auto source = capture::PcapSource::open_offline(options.input, error, options.limits);
  if (!source) {
    fmt::print(err, "mqscope: {}: {}\n", options.input == "-" ? "standard input" : options.input,
               error);
    return kExitUnreadable;
  }
  output::Writer writer(out);
  std::unique_ptr<output::Sink> sink = make_sink(options, writer);
  StreamDiagnostics diagnostics(err);
  Pipeline pipeline(options, *sink, diagnostics);
  while (auto frame = source->next()) {
    if (!pipeline.process(*frame)) break;
  }
  pipeline.finish();
  writer.flush();
  if (stats) *stats = pipeline.statistics();
  if (!source->problem().empty()) {
    fmt::print(err, "mqscope: {}: capture cut short after frame {}: {}\n", options.input,
               pipeline.statistics().frames, source->problem());
  }
  return kExitOk;
}

RunResult run_to_string(const Options& options) {
  RunResult result;
  char* out_data = nullptr;
  std::size_t out_size = 0;
  char* err_data = nullptr;
  std::size_t err_size = 0;
  std::FILE* out = open_memstream(&out_data, &out_size);
  std::FILE* err = open_memstream(&err_data, &err_size);
  result.status = run(options, out, err, &result.stats);
  std::fclose(out);
  std::fclose(err);
  result.output.assign(out_data, out_size);
  result.messages.assign(err_data, err_size);
  std::free(out_data);
  std::free(err_data);
  return result;
}

}  // namespace mqscope::app
