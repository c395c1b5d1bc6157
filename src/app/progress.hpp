// Progress of a long offline read on stderr: bytes read of the total, and the rate. Only for
// a terminal; silent otherwise, and gone from the terminal once reading ends.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace mqscope::app {

class Progress {
 public:
  // `total` = the input's size in bytes (0 if unknown, e.g. a pipe).
  Progress(std::FILE* err, std::uint64_t total, bool enabled);
  ~Progress() { clear(); }

  // Called for every frame: whether to call update() now. Reading the position costs a
  // system call (ftell), so it is asked for only when due.
  bool due();
  // Prints at most a few times a second.
  void update(std::uint64_t position);
  void clear();

 private:
  std::FILE* err_;
  std::uint64_t total_;
  bool enabled_;
  bool shown_ = false;
  std::uint32_t calls_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

// "12.3 MB" style.
std::string human_bytes(double bytes);

}  // namespace mqscope::app
