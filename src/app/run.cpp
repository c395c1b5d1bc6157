#include "mqscope/app/run.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "mqscope/app/live.hpp"
#include "mqscope/app/registry.hpp"
#include "mqscope/app/selection.hpp"
#include "mqscope/capture/pcap_source.hpp"
#include "mqscope/filter/filter.hpp"
#include "mqscope/output/explain.hpp"
#include "mqscope/output/json_sink.hpp"
#include "mqscope/output/sinks.hpp"
#include "mqscope/output/summary.hpp"
#include "progress.hpp"

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
    case OutputMode::Tree: return std::make_unique<output::TreeSink>(writer, options.hex);
    case OutputMode::Fields:
      return std::make_unique<output::FieldsSink>(writer, options.fields, registry());
    case OutputMode::Json:
      return std::make_unique<output::JsonSink>(writer, output::JsonSink::Format::Json, options.hex);
    case OutputMode::Ek:
      return std::make_unique<output::JsonSink>(writer, output::JsonSink::Format::Ek, options.hex);
    case OutputMode::Explain: return std::make_unique<output::ExplainSink>(writer);
    case OutputMode::Summary: break;
  }
  return std::make_unique<output::SummarySink>(writer,
                                               output::SummaryOptions{options.hex, options.colour});
}

std::uint64_t input_size(const std::string& path) {
  struct stat st{};
  if (path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<std::uint64_t>(st.st_size);
}

}  // namespace

int run(const Options& options, std::FILE* out, std::FILE* err, Statistics* stats) {
  std::string error;
  // Live, each line is written as soon as it is complete (`mqscope -i lo | grep PUBLISH`).
  output::Writer writer(out, is_live(options));
  std::unique_ptr<output::Sink> sink = make_sink(options, writer);
  std::unique_ptr<SelectingSink> selection = make_selection(options, *sink, error);
  if (!selection) {
    fmt::print(err, "mqscope: {}\n", error);
    return kExitUsage;
  }
  if (is_live(options)) return run_live(options, *selection, writer, out, err, stats);
  auto source = capture::PcapSource::open_offline(options.input, error);
  if (!source) {
    fmt::print(err, "mqscope: {}: {}\n", options.input == "-" ? "standard input" : options.input,
               error);
    return kExitUnreadable;
  }
  StreamDiagnostics diagnostics(err);
  Pipeline pipeline(options, *selection, diagnostics);
  Progress progress(err, input_size(options.input), options.progress);
  while (auto frame = source->next()) {
    if (!pipeline.process(*frame)) break;
    progress.update(source->position());
  }
  progress.clear();
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
