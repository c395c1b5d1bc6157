#include "mqscope/app/live.hpp"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "mqscope/app/run.hpp"
#include "mqscope/capture/pcap_source.hpp"
#include "mqscope/capture/save_file.hpp"
#include "mqscope/version.hpp"
#include "statistics_report.hpp"

namespace mqscope::app {

namespace {

// The source a signal handler stops. A lock-free atomic pointer and a sig_atomic_t flag are
// what a handler may touch; pcap_breakloop is documented as safe in one.
std::atomic<capture::PcapSource*> g_live_source{nullptr};
volatile std::sig_atomic_t g_stop_signal = 0;
static_assert(std::atomic<capture::PcapSource*>::is_always_lock_free);

extern "C" void on_stop_signal(int signal) {
  g_stop_signal = signal;
  if (capture::PcapSource* source = g_live_source.load()) source->stop();
}

// SIGINT and SIGTERM stop the capture cleanly; a second one ends the program at once
// (SA_RESETHAND), for a stop that hangs. SIGPIPE is ignored: a closed output is noticed by
// the write that fails, and the capture then stops as cleanly as on a signal.
class StopSignals {
 public:
  explicit StopSignals(capture::PcapSource& source) {
    g_stop_signal = 0;
    g_live_source.store(&source);
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    action.sa_flags = static_cast<int>(SA_RESETHAND);
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &old_pipe_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    sigaction(SIGPIPE, &old_pipe_, nullptr);
    g_live_source.store(nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
  struct sigaction old_pipe_ {};
};

class StreamDiagnostics : public Diagnostics {
 public:
  explicit StreamDiagnostics(std::FILE* err) : err_(err) {}
  void message(const std::string& text) override { fmt::print(err_, "mqscope: {}\n", text); }

 private:
  std::FILE* err_;
};

// The running program's own path, for a setcap command that can be pasted as it is.
std::string executable_path() {
  char path[4096] = {};
  ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  return n > 0 ? std::string(path, static_cast<std::size_t>(n)) : "mqscope";
}

std::string interface_names() {
  std::string error;
  std::string names;
  for (const capture::InterfaceInfo& i : capture::list_interfaces(error))
    names += (names.empty() ? "" : ", ") + i.name;
  return names.empty() ? "none found" : names;
}

int report_open_error(std::FILE* err, const capture::LiveOptions& live,
                      const capture::OpenError& error) {
  const std::string& name = live.interface;
  switch (error.failure) {
    case capture::OpenFailure::NoPermission:
      fmt::print(err,
                 "mqscope: no permission to capture on {} ({}).\n"
                 "mqscope: run mqscope as root, or let it capture as any user with:\n"
                 "    sudo setcap cap_net_raw=ep {}\n",
                 name, error.detail, executable_path());
      return kExitUnreadable;
    case capture::OpenFailure::NoSuchInterface:
      fmt::print(err, "mqscope: no interface named '{}'; there are: {} (mqscope -D lists them)\n",
                 name, interface_names());
      return kExitUnreadable;
    case capture::OpenFailure::InterfaceDown:
      fmt::print(err,
                 "mqscope: interface {} is down ({}); bring it up (ip link set {} up) "
                 "or choose another (mqscope -D)\n",
                 name, error.detail, name);
      return kExitUnreadable;
    case capture::OpenFailure::BadFilter:
      fmt::print(err, "mqscope: invalid capture filter '{}': {} (see pcap-filter(7))\n",
                 live.filter, error.detail);
      return kExitUsage;
    case capture::OpenFailure::None:
    case capture::OpenFailure::Other:
      break;
  }
  fmt::print(err, "mqscope: cannot capture on {}: {}\n", name, error.detail);
  return kExitUnreadable;
}

// An interface that goes down does not end a capture on Linux: libpcap waits inside its read
// for it to come back, and only one that disappears is an error. A thread of its own watches
// the interface and tells the person watching of each change.
class InterfaceWatch {
 public:
  InterfaceWatch(std::string name, std::FILE* err) : name_(std::move(name)), err_(err) {
    if (capture::interface_state(name_) != capture::InterfaceState::Up) return;  // e.g. "any"
    thread_ = std::jthread([this](std::stop_token stop) { watch(stop); });
  }

 private:
  void watch(const std::stop_token& stop) {
    // Stop signals are for the capturing thread.
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGINT, SIGTERM, SIGPIPE}) sigaddset(&signals, s);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::mutex mutex;
    std::unique_lock lock(mutex);
    bool up = true;
    for (;;) {
      wake_.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
      if (stop.stop_requested()) return;
      capture::InterfaceState state = capture::interface_state(name_);
      if (state == capture::InterfaceState::Gone || state == capture::InterfaceState::Unknown)
        continue;  // libpcap reports an interface that is gone
      if ((state == capture::InterfaceState::Up) == up) continue;
      up = !up;
      if (up) {
        fmt::print(err_, "mqscope: interface {} is up again\n", name_);
      } else {
        fmt::print(err_,
                   "mqscope: interface {} went down or lost its link; the capture goes on "
                   "when it is back (ip link set {} up), Ctrl-C stops\n",
                   name_, name_);
      }
      std::fflush(err_);
    }
  }

  std::string name_;
  std::FILE* err_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: stopped and joined before the members it uses go
};

enum class StopReason : std::uint8_t { Signal, Count, OutputClosed, CaptureFailed, SaveFailed };

// Reads the interface and feeds the pipeline and the saved files, frame by frame.
class LiveLoop {
 public:
  LiveLoop(capture::PcapSource& source, Pipeline& pipeline, capture::SaveFile* save,
           output::Writer& writer, StatisticsReport& report, std::FILE* out)
      : source_(source),
        pipeline_(pipeline),
        save_(save),
        writer_(writer),
        report_(report),
        out_(out) {}

  StopReason run() {
    capture::Frame frame;
    for (;;) {
      capture::ReadStatus status = source_.read(frame);
      if (status == capture::ReadStatus::Frame) {
        if (auto stop = take(frame)) return *stop;
      } else if (status == capture::ReadStatus::Idle) {
        if (save_ && !save_->flush()) return StopReason::SaveFailed;
        if (g_stop_signal != 0) return drain();
        report_.poll(pipeline_);
      } else if (status == capture::ReadStatus::Stopped) {
        return drain();
      } else {
        return StopReason::CaptureFailed;
      }
    }
  }

 private:
  std::optional<StopReason> take(const capture::Frame& frame) {
    if (save_ && !save_->write(frame)) return StopReason::SaveFailed;
    bool more = pipeline_.process(frame);
    report_.poll(pipeline_);
    writer_.flush();
    if (std::ferror(out_)) return StopReason::OutputClosed;
    if (!more) return StopReason::Count;
    return std::nullopt;
  }

  // What the kernel captured before the stop is still decoded (and saved), for at most a
  // second: the last packets of an exchange often arrive together with the Ctrl-C.
  StopReason drain() {
    source_.drain();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    capture::Frame frame;
    while (std::chrono::steady_clock::now() < deadline &&
           source_.read(frame) == capture::ReadStatus::Frame) {
      if (auto stop = take(frame)) return *stop;
    }
    return StopReason::Signal;
  }

  capture::PcapSource& source_;
  Pipeline& pipeline_;
  capture::SaveFile* save_;
  output::Writer& writer_;
  StatisticsReport& report_;
  std::FILE* out_;
};

void report_kernel_counts(std::FILE* err, const std::string& name,
                          const capture::PcapSource& source, const Statistics& stats) {
  auto kernel = source.kernel_statistics();
  if (!kernel) {
    fmt::print(err, "mqscope: {}: {} frames decoded\n", name, stats.frames);
    return;
  }
  fmt::print(err,
             "mqscope: {}: {} frames decoded; the kernel received {} packets and dropped {}, "
             "the interface dropped {}\n",
             name, stats.frames, kernel->received, kernel->dropped, kernel->dropped_by_interface);
}

std::unique_ptr<capture::SaveFile> open_save(const Options& options,
                                             const capture::PcapSource& source, std::FILE* err) {
  capture::SaveSource where{options.live.interface, source.link_type(),
                            static_cast<std::uint32_t>(source.snapshot_length()),
                            std::string("mqscope ") + kVersion};
  std::string error;
  auto save = capture::SaveFile::open(options.save, where, error);
  if (!save) fmt::print(err, "mqscope: cannot save the capture: {}\n", error);
  return save;
}

void announce(std::FILE* err, const Options& options, const capture::PcapSource& source) {
  const capture::LiveOptions& live = options.live;
  if (!source.warning().empty())
    fmt::print(err, "mqscope: {}: {}\n", live.interface, source.warning());
  fmt::print(err,
             "mqscope: capturing on {} (link type {}, snapshot length {}), capture filter: {}{}\n",
             live.interface, capture::link_type_name(source.link_type()), source.snapshot_length(),
             live.filter.empty() ? "none" : live.filter,
             options.save.path.empty() ? "" : ", saving to " + options.save.path);
  std::fflush(err);
}

}  // namespace

int run_live(const Options& options, output::Sink& sink, output::Writer& writer,
             StatisticsReport& report, std::FILE* out, std::FILE* err, Statistics* stats) {
  capture::OpenError open_error;
  auto source = capture::PcapSource::open_live(options.live, open_error);
  if (!source) return report_open_error(err, options.live, open_error);
  std::unique_ptr<capture::SaveFile> save;
  if (!options.save.path.empty() && !(save = open_save(options, *source, err)))
    return kExitUnreadable;

  StreamDiagnostics diagnostics(err);
  Pipeline pipeline(options, sink, diagnostics);
  StopReason reason;
  {
    StopSignals signals(*source);
    InterfaceWatch watch(options.live.interface, err);
    // Announced once a signal would stop the capture cleanly: scripts wait for this line.
    announce(err, options, *source);
    reason = LiveLoop(*source, pipeline, save.get(), writer, report, out).run();
  }
  pipeline.finish();
  report.write_final(pipeline);
  writer.flush();
  int status = kExitOk;
  if (reason == StopReason::CaptureFailed) {
    fmt::print(err, "mqscope: capture on {} stopped: {}\n", options.live.interface,
               source->problem());
    status = kExitUnreadable;
  }
  if (save && (!save->close() || reason == StopReason::SaveFailed)) {
    fmt::print(err, "mqscope: saving the capture failed: {}\n", save->error());
    status = kExitUnreadable;
  }
  report_kernel_counts(err, options.live.interface, *source, pipeline.statistics());
  if (stats) *stats = pipeline.statistics();
  return status;
}

int list_interfaces(std::FILE* out, std::FILE* err) {
  std::string error;
  std::vector<capture::InterfaceInfo> all = capture::list_interfaces(error);
  if (!error.empty()) {
    fmt::print(err, "mqscope: cannot list the interfaces: {}\n", error);
    return kExitUnreadable;
  }
  if (all.empty()) {
    fmt::print(err, "mqscope: no interfaces to capture on\n");
    return kExitUnreadable;
  }
  int number = 0;
  for (const capture::InterfaceInfo& i : all) {
    std::string about = !i.description.empty() ? i.description : i.loopback ? "Loopback" : "";
    fmt::print(out, "{}. {}{}{}\n", ++number, i.name, about.empty() ? "" : " (" + about + ")",
               i.up ? "" : " [down]");
  }
  return kExitOk;
}

}  // namespace mqscope::app
