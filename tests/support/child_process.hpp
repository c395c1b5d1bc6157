// Runs a piece of a test in a child process, to measure what it costs: its peak resident
// memory above what the child started with (VmHWM − VmRSS, Linux /proc/self/status) and its
// wall-clock time, with a deadline after which the child is killed. Hostile-input tests use it
// to check that decoding stays within a memory and a time ceiling.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace mqscope::test {

struct ChildResult {
  bool finished = false;      // ended by itself before the deadline
  int exit_code = -1;         // what the body returned (or 128 + signal when it crashed)
  double seconds = 0;         // wall-clock time
  std::uint64_t peak_kb = 0;  // peak resident memory growth in KiB
  std::string report;         // what the body wrote into `report`
};

// `body` runs in the child; its return value becomes the exit code and `report` is passed
// back to the parent.
ChildResult run_in_child(const std::function<int(std::string& report)>& body,
                         double deadline_seconds);

// Whether this build runs under AddressSanitizer, whose shadow memory and quarantine of freed
// blocks (256 MiB by default) count in the resident memory.
bool address_sanitizer_active();

}  // namespace mqscope::test
