// Captured bytes read again by where they came from. TCP reassembly compares a retransmitted
// copy with the bytes it delivered first this way, instead of keeping a copy of every
// delivered byte per connection: with thousands of connections those copies, each segment's
// bytes written to a different cold ring, were about a fifth of a decode-only run.
#pragma once

#include <cstdint>
#include <span>

#include "mqscope/core/origin.hpp"

namespace mqscope {

class Recall {
 public:
  virtual ~Recall() = default;
  // Fills `out` with the out.size() bytes captured at `from`. False when the capture no
  // longer holds them (or never did); `out` is then unspecified.
  virtual bool recall(Origin from, std::span<std::uint8_t> out) const = 0;
};

}  // namespace mqscope
