// What the fuzz targets share: a reader that turns the fuzzer's bytes into choices, a
// deterministic chunking of a byte string, and a check that aborts (so that libFuzzer, or the
// replay under ctest, reports the input) when an invariant of the code under test breaks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "mqscope/core/bytes.hpp"

// Each target defines this; libFuzzer or replay_main.cpp calls it.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace mqscope::fuzz {

// An invariant of the code under test did not hold: print what and stop, so that the input
// is kept as a finding.
[[noreturn]] inline void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

inline void check(bool condition, const char* what, const std::string& detail = {}) {
  if (!condition) fail(what, detail);
}

// Reads choices from the front of the input; past its end every read gives zero.
class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  bool empty() const { return pos_ >= size_; }
  std::size_t left() const { return size_ - pos_; }
  std::uint8_t byte() { return empty() ? 0 : data_[pos_++]; }
  std::uint16_t u16() { return static_cast<std::uint16_t>(byte() << 8 | byte()); }
  std::uint32_t u32() { return std::uint32_t{u16()} << 16 | u16(); }
  // Up to `n` bytes (fewer at the end).
  Bytes take(std::size_t n) {
    std::size_t k = n < left() ? n : left();
    Bytes b(data_ + pos_, k);
    pos_ += k;
    return b;
  }
  Bytes rest() { return take(left()); }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// `data` cut into consecutive chunks whose sizes (1 to 2 * mean) follow from `seed`; seed 0
// gives the whole input as one chunk, seed 1 one byte at a time.
inline std::vector<Bytes> chunked(Bytes data, std::uint32_t seed) {
  std::vector<Bytes> chunks;
  if (seed == 0 || data.size() <= 1) {
    if (!data.empty()) chunks.push_back(data);
    return chunks;
  }
  std::uint32_t state = seed * 2654435761u | 1u;
  std::size_t mean = seed == 1 ? 1 : 1 + seed % 61;
  std::size_t pos = 0;
  while (pos < data.size()) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    std::size_t n = seed == 1 ? 1 : 1 + state % (2 * mean);
    if (n > data.size() - pos) n = data.size() - pos;
    chunks.push_back(data.subspan(pos, n));
    pos += n;
  }
  return chunks;
}

// Where two event logs first differ, for the report of a split-invariance failure.
inline std::string first_difference(const std::string& a, const std::string& b) {
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  std::size_t from = i > 200 ? i - 200 : 0;
  return "whole:   ..." + a.substr(from, 400) + "\nchunked: ..." + b.substr(from, 400);
}

}  // namespace mqscope::fuzz
