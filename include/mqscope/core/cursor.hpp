// Bounds-checked big-endian reader over a byte view. Every read says whether it succeeded;
// nothing reads past the end and nothing throws.
#pragma once

#include <cstdint>
#include <optional>

#include "mqscope/core/bytes.hpp"

namespace mqscope {

class Cursor {
 public:
  explicit Cursor(Bytes bytes, std::size_t start = 0) : bytes_(bytes), pos_(start) {}

  std::size_t pos() const { return pos_; }
  std::size_t size() const { return bytes_.size(); }
  std::size_t remaining() const { return pos_ < bytes_.size() ? bytes_.size() - pos_ : 0; }
  bool at_end() const { return remaining() == 0; }
  bool has(std::size_t n) const { return remaining() >= n; }

  std::optional<std::uint8_t> u8() {
    if (!has(1)) return std::nullopt;
    return bytes_[pos_++];
  }
  std::optional<std::uint16_t> u16() {
    if (!has(2)) return std::nullopt;
    auto v = static_cast<std::uint16_t>((bytes_[pos_] << 8) | bytes_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  std::optional<std::uint32_t> u32() {
    if (!has(4)) return std::nullopt;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | bytes_[pos_ + static_cast<std::size_t>(i)];
    pos_ += 4;
    return v;
  }
  std::optional<std::uint64_t> u64() {
    if (!has(8)) return std::nullopt;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | bytes_[pos_ + static_cast<std::size_t>(i)];
    pos_ += 8;
    return v;
  }
  std::optional<Bytes> take(std::size_t n) {
    if (!has(n)) return std::nullopt;
    // A start past the end leaves only take(0) succeeding; subspan must not start beyond size.
    Bytes out = bytes_.subspan(pos_ < bytes_.size() ? pos_ : bytes_.size(), n);
    pos_ += n;
    return out;
  }
  bool skip(std::size_t n) {
    if (!has(n)) return false;
    pos_ += n;
    return true;
  }
  Bytes rest() const { return pos_ < bytes_.size() ? bytes_.subspan(pos_) : Bytes{}; }

 private:
  Bytes bytes_;
  std::size_t pos_;
};

inline std::uint16_t load_be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
inline std::uint32_t load_be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

}  // namespace mqscope
