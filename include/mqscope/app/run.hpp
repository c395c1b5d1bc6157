// Running a whole capture through the pipeline into an output: the program's main job, also
// used by tests.
#pragma once

#include <cstdio>
#include <string>

#include "mqscope/app/options.hpp"
#include "mqscope/app/pipeline.hpp"

namespace mqscope::app {

enum ExitStatus : int {
  kExitOk = 0,          // the capture was read (problems inside it are reported, not fatal)
  kExitUsage = 1,       // bad options
  kExitUnreadable = 2,  // the input could not be opened or is not a capture
};

// Reads `options.input`, writes the chosen output to `out` and messages to `err`.
int run(const Options& options, std::FILE* out, std::FILE* err, Statistics* stats = nullptr);

// The same, into a string, with messages collected too (for tests).
struct RunResult {
  int status = 0;
  std::string output;
  std::string messages;
  Statistics stats;
};
RunResult run_to_string(const Options& options);

}  // namespace mqscope::app
