// The generator's one source of randomness: a seeded Mersenne Twister, so that the same seed
// and options give the same capture byte for byte (with the same C++ standard library, whose
// distributions the standard leaves to the implementation).
#pragma once

#include <cstdint>
#include <random>

namespace mqscope::bench {

class Dice {
 public:
  explicit Dice(std::uint64_t seed) : engine_(seed) {}
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(engine_) < p; }
  // 0 .. below-1
  std::uint32_t pick(std::uint32_t below) {
    return std::uniform_int_distribution<std::uint32_t>(0, below - 1)(engine_);
  }
  double uniform(double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(engine_);
  }
  std::uint64_t next() { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace mqscope::bench
