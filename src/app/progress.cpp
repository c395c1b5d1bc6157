#include "progress.hpp"

#include <fmt/format.h>

namespace mqscope::app {

namespace {
// Looking at the clock on every frame would cost more than the work; every 4096 frames is
// several times a second at any realistic rate.
constexpr std::uint32_t kFramesBetweenChecks = 4096;
constexpr auto kInterval = std::chrono::milliseconds(500);
}  // namespace

std::string human_bytes(double bytes) {
  static constexpr const char* kUnits[] = {"B", "kB", "MB", "GB", "TB"};
  std::size_t unit = 0;
  while (bytes >= 1000 && unit + 1 < std::size(kUnits)) {
    bytes /= 1000;
    ++unit;
  }
  return unit == 0 ? fmt::format("{:.0f} {}", bytes, kUnits[unit])
                   : fmt::format("{:.1f} {}", bytes, kUnits[unit]);
}

Progress::Progress(std::FILE* err, std::uint64_t total, bool enabled)
    : err_(err), total_(total), enabled_(enabled) {
  start_ = last_ = std::chrono::steady_clock::now();
}

bool Progress::due() { return enabled_ && ++calls_ % kFramesBetweenChecks == 0; }

void Progress::update(std::uint64_t position) {
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < kInterval) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? static_cast<double>(position) / seconds : 0;
  std::string text = total_ > 0
                         ? fmt::format("{} of {} ({:.0f} %), {}/s", human_bytes(static_cast<double>(position)),
                                       human_bytes(static_cast<double>(total_)),
                                       100.0 * static_cast<double>(position) / static_cast<double>(total_),
                                       human_bytes(rate))
                         : fmt::format("{}, {}/s", human_bytes(static_cast<double>(position)), human_bytes(rate));
  fmt::print(err_, "\r\x1b[Kmqscope: {}", text);
  std::fflush(err_);
  shown_ = true;
}

void Progress::clear() {
  if (!shown_) return;
  fmt::print(err_, "\r\x1b[K");
  std::fflush(err_);
  shown_ = false;
}

}  // namespace mqscope::app
