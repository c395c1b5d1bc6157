#include "mqscope/app/run.hpp"

#include <sys/stat.h>

#include <chrono>
#include <csignal>
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
#include "capture_statistics.hpp"
#include "statistics_report.hpp"

namespace mqscope::app {

namespace {

class StreamDiagnostics : public Diagnostics {
 public:
  explicit StreamDiagnostics(std::FILE* err) : err_(err) {}
  void message(const std::string& text) override { fmt::print(err_, "mqscope: {}\n", text); }

 private:
  std::FILE* err_;
};

// -q: statistics only; nothing per packet.
class QuietSink : public output::Sink {
 public:
  field::Detail packet_detail() const override { return field::Detail::Facts; }
  void on_packet(output::FrameContext&, const output::PacketRecord&) override {}
};

std::unique_ptr<output::Sink> make_sink(const Options& options, output::Writer& writer) {
  if (options.quiet) return std::make_unique<QuietSink>();
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

class QuietDiagnostics : public Diagnostics {
 public:
  void message(const std::string&) override {}
};

// -2, first pass: read the file once to learn which frame answered each request.
bool learn_responses(const Options& options, ResponseLinks& links, std::string& error) {
  auto source = capture::PcapSource::open_offline(options.input, error, options.limits);
  if (!source) return false;
  Options first = options;
  first.quiet = true;
  first.statistics.clear();
  QuietSink quiet;
  QuietDiagnostics silent;
  Pipeline pipeline(first, quiet, silent);
  pipeline.read_again_from(*source);
  pipeline.use_response_links(links, true);
  while (auto frame = source->next()) pipeline.process(*frame);
  pipeline.finish();
  return true;
}

// Reads every frame into the pipeline, printing statistics on request or at intervals.
void read_frames(capture::PcapSource& source, Pipeline& pipeline, const Options& options,
                 StatisticsReport& report, std::FILE* err) {
  Progress progress(err, input_size(options.input), options.progress);
  while (auto frame = source.next()) {
    if (!pipeline.process(*frame)) break;
    if (progress.due()) progress.update(source.position());
    report.poll(pipeline);
  }
}

// Problems with the options that only show once they are checked: exit status 1.
bool check_options(const Options& options, std::string& error) {
  if (options.two_pass && is_live(options)) {
    error = "-2 reads the capture twice, so it needs a file, not a live capture";
    return false;
  }
  if (options.two_pass && options.input == "-") {
    error = "-2 reads the capture twice, so it needs a file, not standard input";
    return false;
  }
  return check_statistic_names(options.statistics, error);
}

// A `matches` test that gave up decided nothing: the packets it skipped are said to be at
// least that many, not silently left out.
void warn_given_up(const SelectingSink& selection, const Options& options, std::FILE* err) {
  std::uint64_t n = selection.regex_tests_given_up();
  if (n == 0) return;
  fmt::print(err,
             "mqscope: warning: {} 'matches' test{} of the display filter gave up at "
             "--limit regex_match_steps={} (or regex_heap_bytes) and counted as not matching\n",
             n, n == 1 ? "" : "s", options.limits.regex_match_steps);
}

}  // namespace

int run(const Options& options, std::FILE* out, std::FILE* err, Statistics* stats) {
  std::string error;
  // Live, each line is written as soon as it is complete (`mqscope -i lo | grep PUBLISH`).
  output::Writer writer(out, is_live(options));
  std::unique_ptr<output::Sink> sink = make_sink(options, writer);
  std::unique_ptr<SelectingSink> selection =
      check_options(options, error) ? make_selection(options, *sink, error) : nullptr;
  if (!selection) {
    fmt::print(err, "mqscope: {}\n", error);
    return kExitUsage;
  }
  StatisticsReport report(options, writer);
  if (is_live(options)) {
    int status = run_live(options, *selection, writer, report, out, err, stats);
    warn_given_up(*selection, options, err);
    return status;
  }
  ResponseLinks links;
  auto source = capture::PcapSource::open_offline(options.input, error, options.limits);
  if (!source || (options.two_pass && !learn_responses(options, links, error))) {
    fmt::print(err, "mqscope: {}: {}\n", options.input == "-" ? "standard input" : options.input,
               error);
    return kExitUnreadable;
  }
  StreamDiagnostics diagnostics(err);
  Pipeline pipeline(options, *selection, diagnostics);
  pipeline.read_again_from(*source);
  if (options.two_pass) pipeline.use_response_links(links, false);
  read_frames(*source, pipeline, options, report, err);
  pipeline.finish();
  report.write_final(pipeline);
  writer.flush();
  warn_given_up(*selection, options, err);
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
