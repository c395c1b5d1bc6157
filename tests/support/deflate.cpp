#include "deflate.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace mqscope::test {

Deflater::Deflater(int window_bits, bool context_takeover, int level)
    : takeover_(context_takeover), window_bits_(window_bits) {
  int status = deflateInit2(&z_, level, Z_DEFLATED, -window_bits, 8, Z_DEFAULT_STRATEGY);
  EXPECT_EQ(status, Z_OK) << "deflateInit2 with window bits " << window_bits;
}

Deflater::~Deflater() {
  deflateEnd(&z_);
}

ByteVector Deflater::run(const ByteVector& data, int flush) {
  ByteVector out;
  z_.next_in = const_cast<Bytef*>(data.data());
  z_.avail_in = static_cast<uInt>(data.size());
  std::uint8_t buffer[4096];
  int status = Z_OK;
  do {
    z_.next_out = buffer;
    z_.avail_out = sizeof buffer;
    status = deflate(&z_, flush);
    EXPECT_TRUE(status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR) << status;
    out.insert(out.end(), buffer, buffer + (sizeof buffer - z_.avail_out));
  } while (z_.avail_out == 0 || z_.avail_in > 0);
  return out;
}

ByteVector Deflater::message(const ByteVector& data) {
  if (!takeover_) deflateReset(&z_);
  ByteVector out = run(data, Z_SYNC_FLUSH);
  // §7.2.1: "Remove 4 octets (that are 0x00 0x00 0xff 0xff) from the tail end."
  EXPECT_GE(out.size(), 4u);
  EXPECT_TRUE(std::equal(out.end() - 4, out.end(), from_hex("0000ffff").begin()));
  out.resize(out.size() - 4);
  window_.insert(window_.end(), data.begin(), data.end());
  return out;
}

ByteVector Deflater::final_block_message(const ByteVector& data) {
  ByteVector out = run(data, Z_FINISH);
  // §7.2.3.3: "the last 1 octet (0x00) contains the header bits with BFINAL set to 0 and BTYPE
  // set to 00", so that the receiver's 00 00 ff ff completes an empty stored block.
  out.push_back(0x00);
  window_.insert(window_.end(), data.begin(), data.end());
  deflateReset(&z_);
  if (takeover_) {
    std::size_t keep = std::min(window_.size(), std::size_t{1} << window_bits_);
    deflateSetDictionary(&z_, window_.data() + (window_.size() - keep), static_cast<uInt>(keep));
  }
  return out;
}

ByteVector noise(std::size_t n, std::uint32_t seed) {
  ByteVector out(n);
  std::uint32_t x = seed;
  for (auto& b : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<std::uint8_t>(x);
  }
  return out;
}

}  // namespace mqscope::test
