// Builds pcapng files in code (draft-ietf-opsawg-pcapng): sections in either byte order,
// interfaces with their own link type and timestamp resolution, Enhanced and Simple Packet
// Blocks, and arbitrary other blocks for readers to skip.
#pragma once

#include <cstdint>
#include <optional>

#include "bytes.hpp"

namespace mqscope::test {

class PcapngBuilder {
 public:
  // Starts a new section (a Section Header Block) in the given byte order.
  void section(bool big_endian = false);
  // An Interface Description Block; `tsresol` is the if_tsresol option byte, if any.
  void interface(std::uint16_t link_type, std::uint32_t snaplen = 0,
                 std::optional<std::uint8_t> tsresol = std::nullopt,
                 std::optional<std::int64_t> tsoffset = std::nullopt);
  void enhanced_packet(std::uint32_t interface, std::uint64_t ticks, const ByteVector& data,
                       std::uint32_t wire_length = 0);
  void simple_packet(const ByteVector& data, std::uint32_t wire_length = 0);
  // Any block, body padded to 32 bits.
  void block(std::uint32_t type, const ByteVector& body);
  // Raw bytes, for damaged files.
  void raw(const ByteVector& bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }

  const ByteVector& bytes() const { return out_; }

 private:
  void put16(ByteVector& b, std::uint32_t v) const;
  void put32(ByteVector& b, std::uint32_t v) const;
  ByteVector out_;
  bool big_endian_ = false;
};

}  // namespace mqscope::test
