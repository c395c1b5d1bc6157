#include "child_process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

namespace mqscope::test {

namespace {

// A "VmRSS:" or "VmHWM:" line of /proc/self/status, in KiB.
std::uint64_t status_kb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::stoull(line.substr(std::strlen(key)));
  }
  return 0;
}

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void child(int out, const std::function<int(std::string&)>& body) {
  // The peak counter starts at the resident size the child inherited (fork copies it);
  // the growth above that is what the body cost.
  std::uint64_t start = status_kb("VmRSS:");
  std::string report;
  int code = body(report);
  std::uint64_t peak = status_kb("VmHWM:");
  write_all(out, std::to_string(peak > start ? peak - start : 0) + "\n" + report);
  ::close(out);
  std::_Exit(code);  // no atexit handlers: they belong to the parent
}

}  // namespace

ChildResult run_in_child(const std::function<int(std::string& report)>& body,
                         double deadline_seconds) {
  ChildResult result;
  int fds[2];
  if (::pipe(fds) != 0) return result;
  std::fflush(nullptr);
  auto begin = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid < 0) return result;
  if (pid == 0) {
    ::close(fds[0]);
    child(fds[1], body);
  }
  ::close(fds[1]);
  std::string text;
  auto deadline = begin + std::chrono::duration<double>(deadline_seconds);
  char buffer[4096];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  result.finished = WIFEXITED(status) && result.seconds <= deadline_seconds;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::size_t newline = text.find('\n');
  if (newline != std::string::npos) {
    result.peak_kb = std::stoull(text.substr(0, newline));
    result.report = text.substr(newline + 1);
  }
  return result;
}

bool address_sanitizer_active() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

}  // namespace mqscope::test
