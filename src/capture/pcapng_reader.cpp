#include "mqscope/capture/pcapng_reader.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace mqscope::capture {

namespace {

// Block types (draft-ietf-opsawg-pcapng §4, §11.1).
constexpr std::uint32_t kInterfaceDescription = 0x00000001;
constexpr std::uint32_t kObsoletePacket = 0x00000002;
constexpr std::uint32_t kSimplePacket = 0x00000003;
constexpr std::uint32_t kEnhancedPacket = 0x00000006;
constexpr std::uint32_t kByteOrderMagic = 0x1a2b3c4d;

// Options of an Interface Description Block (§4.2).
constexpr std::uint16_t kOptEnd = 0;
constexpr std::uint16_t kIfTsresol = 9;
constexpr std::uint16_t kIfTsoffset = 14;

constexpr std::size_t kReadChunk = 64 * 1024;  // the buffer grows with the bytes actually read

std::uint64_t power_of_ten(unsigned exponent) {
  std::uint64_t p = 1;
  for (unsigned i = 0; i < exponent; ++i) p *= 10;
  return p;
}

}  // namespace

Timestamp ticks_to_timestamp(std::uint64_t ticks, bool power_of_two, std::uint8_t exponent) {
  if (power_of_two) {
    unsigned e = std::min<unsigned>(exponent, 63);
    std::uint64_t frac = ticks & ((std::uint64_t{1} << e) - 1);
    auto sec = static_cast<std::int64_t>(ticks >> e);
    // frac * 10^9 must fit 64 bits: drop the finest bits of very fine resolutions first.
    unsigned shift = e;
    if (shift > 33) {
      frac >>= (shift - 33);
      shift = 33;
    }
    return {sec, static_cast<std::int64_t>((frac * 1'000'000'000ull) >> shift)};
  }
  unsigned e = std::min<unsigned>(exponent, 19);  // 10^19 is the largest power in 64 bits
  std::uint64_t units = power_of_ten(e);
  std::uint64_t rem = ticks % units;
  std::uint64_t nsec = e <= 9 ? rem * power_of_ten(9 - e) : rem / power_of_ten(e - 9);
  return {static_cast<std::int64_t>(ticks / units), static_cast<std::int64_t>(nsec)};
}

PcapngReader::PcapngReader(std::FILE* file, bool owns_file, std::size_t max_block_bytes)
    : file_(file), owns_file_(owns_file), max_block_bytes_(max_block_bytes), offset_(4) {}
// (offset_ starts at 4: the caller has read the first block's type to recognise the format.)

PcapngReader::~PcapngReader() {
  if (owns_file_ && file_ != nullptr) std::fclose(file_);
}

bool PcapngReader::fail(std::string message) {
  problem_ = std::move(message);
  return false;
}

bool PcapngReader::read_exact(std::uint8_t* out, std::size_t n) {
  std::size_t got = n == 0 ? 0 : std::fread(out, 1, n, file_);
  offset_ += got;
  return got == n;
}

bool PcapngReader::skip(std::size_t n) {
  std::array<std::uint8_t, 4096> scratch;
  while (n > 0) {
    std::size_t chunk = std::min(n, scratch.size());
    if (!read_exact(scratch.data(), chunk)) return false;
    n -= chunk;
  }
  return true;
}

std::uint16_t PcapngReader::u16(std::size_t at) const {
  std::uint16_t a = block_[at], b = block_[at + 1];
  return static_cast<std::uint16_t>(big_endian_ ? (a << 8) | b : (b << 8) | a);
}

std::uint32_t PcapngReader::u32(std::size_t at) const {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    std::size_t k = big_endian_ ? i : 3 - i;
    v = (v << 8) | block_[at + k];
  }
  return v;
}

// Reads the body (between the two length words) of a block of `total_length` bytes into
// block_, then checks the trailing copy of the length (§3.1).
bool PcapngReader::read_block_body(std::uint32_t type, std::uint32_t total_length,
                                   std::size_t already_read) {
  std::uint64_t at = offset_ - 8 - already_read;
  if (total_length < 12 || total_length % 4 != 0)
    return fail(fmt::format("pcapng block at offset {} has an invalid length of {} bytes", at,
                            total_length));
  if (total_length > max_block_bytes_)
    return fail(
        fmt::format("pcapng block at offset {} claims {} bytes, more than the limit of "
                    "{}; the file is damaged",
                    at, total_length, max_block_bytes_));
  if (total_length < 12 + already_read)
    return fail(fmt::format("pcapng block at offset {} is too short ({} bytes)", at, total_length));
  std::size_t body = total_length - 12u - already_read;
  block_.clear();
  block_offset_ = offset_;
  bool wanted = type == kPcapngSectionHeader || type == kInterfaceDescription ||
                type == kEnhancedPacket || type == kSimplePacket || type == kObsoletePacket;
  if (!wanted) {
    if (!skip(body)) return fail(fmt::format("truncated pcapng block at offset {}", at));
  } else {
    while (block_.size() < body) {
      std::size_t old = block_.size();
      block_.resize(old + std::min(body - old, kReadChunk));
      if (!read_exact(block_.data() + old, block_.size() - old))
        return fail(fmt::format("truncated pcapng block at offset {}", at));
    }
  }
  std::array<std::uint8_t, 4> trailer;
  if (!read_exact(trailer.data(), 4))
    return fail(fmt::format("truncated pcapng block at offset {}", at));
  std::uint32_t copy = big_endian_
                           ? (std::uint32_t{trailer[0]} << 24 | std::uint32_t{trailer[1]} << 16 |
                              std::uint32_t{trailer[2]} << 8 | trailer[3])
                           : (std::uint32_t{trailer[3]} << 24 | std::uint32_t{trailer[2]} << 16 |
                              std::uint32_t{trailer[1]} << 8 | trailer[0]);
  if (copy != total_length)
    return fail(fmt::format("pcapng block at offset {}: trailing length {} differs from {}", at,
                            copy, total_length));
  return true;
}

// §4.1: the byte-order magic says how every later number of the section is written; a new
// section forgets the interfaces of the previous one.
bool PcapngReader::read_section_header(std::uint32_t length_word) {
  std::array<std::uint8_t, 4> magic;
  if (!read_exact(magic.data(), 4)) return fail("truncated pcapng section header");
  std::uint32_t as_big = std::uint32_t{magic[0]} << 24 | std::uint32_t{magic[1]} << 16 |
                         std::uint32_t{magic[2]} << 8 | magic[3];
  if (as_big == kByteOrderMagic)
    big_endian_ = true;
  else if (__builtin_bswap32(as_big) == kByteOrderMagic)
    big_endian_ = false;
  else
    return fail("pcapng section header without a valid byte-order magic");
  std::uint32_t total = big_endian_ ? length_word : __builtin_bswap32(length_word);
  if (total < 28) return fail(fmt::format("pcapng section header of {} bytes is too short", total));
  if (!read_block_body(kPcapngSectionHeader, total, 4)) return false;
  if (u16(0) != 1)
    return fail(
        fmt::format("pcapng section of major version {}; only version 1 is defined", u16(0)));
  return true;
}

bool PcapngReader::open() {
  std::array<std::uint8_t, 4> length;
  if (!read_exact(length.data(), 4)) return fail("truncated pcapng section header");
  std::uint32_t word = std::uint32_t{length[0]} << 24 | std::uint32_t{length[1]} << 16 |
                       std::uint32_t{length[2]} << 8 | length[3];
  if (!read_section_header(word)) return false;
  // Read on to the first packet, so that the first interface's link type is known at once.
  while (auto type = read_block()) {
    if (is_packet_block(*type)) {
      pending_packet_ = type;
      break;
    }
  }
  return true;  // damage after a valid section header is reported by next(), as cut short
}

bool PcapngReader::read_interface() {
  if (block_.size() < 8) return fail("pcapng interface description block too short");
  Interface i;
  i.link_type = u16(0);
  i.snaplen = u32(4);
  for (std::size_t at = 8; at + 4 <= block_.size();) {
    std::uint16_t code = u16(at);
    std::uint16_t len = u16(at + 2);
    if (code == kOptEnd || at + 4 + len > block_.size()) break;
    if (code == kIfTsresol && len >= 1) {
      i.power_of_two = (block_[at + 4] & 0x80) != 0;
      i.exponent = block_[at + 4] & 0x7f;
    } else if (code == kIfTsoffset && len >= 8) {
      std::uint64_t hi = u32(at + 4), lo = u32(at + 8);
      i.offset_s = static_cast<std::int64_t>(big_endian_ ? (hi << 32 | lo) : (lo << 32 | hi));
    }
    at += 4 + ((len + 3u) & ~3u);  // values are padded to 32 bits
  }
  interfaces_.push_back(i);
  return true;
}

std::optional<Frame> PcapngReader::make_frame(std::uint32_t interface, std::uint64_t ticks,
                                              std::size_t data_at, std::uint32_t captured,
                                              std::uint32_t wire) {
  if (interface >= interfaces_.size()) {
    fail(fmt::format("pcapng packet of interface {}, but only {} interfaces are described",
                     interface, interfaces_.size()));
    return std::nullopt;
  }
  if (data_at + captured > block_.size()) {
    fail(
        fmt::format("pcapng packet claims {} captured bytes, more than its block holds", captured));
    return std::nullopt;
  }
  const Interface& i = interfaces_[interface];
  Frame frame;
  frame.number = ++count_;
  frame.time = ticks_to_timestamp(ticks, i.power_of_two, i.exponent);
  frame.time.sec += i.offset_s;
  frame.wire_length = std::max(wire, captured);
  frame.link_type = i.link_type;
  frame.data = Bytes(block_.data() + data_at, captured);
  frame.file_offset = block_offset_ + data_at;
  return frame;
}

std::optional<Frame> PcapngReader::enhanced_packet() {
  if (block_.size() < 20) {
    fail("pcapng enhanced packet block too short");
    return std::nullopt;
  }
  std::uint64_t ticks = std::uint64_t{u32(4)} << 32 | u32(8);
  return make_frame(u32(0), ticks, 20, u32(12), u32(16));
}

// §4.4: no interface field (interface 0), no timestamp; the captured length is what the
// block holds, up to the interface's snapshot length.
std::optional<Frame> PcapngReader::simple_packet() {
  if (block_.size() < 4) {
    fail("pcapng simple packet block too short");
    return std::nullopt;
  }
  std::uint32_t wire = u32(0);
  auto captured = static_cast<std::uint32_t>(std::min<std::size_t>(wire, block_.size() - 4));
  if (!interfaces_.empty() && interfaces_[0].snaplen != 0)
    captured = std::min(captured, interfaces_[0].snaplen);
  return make_frame(0, 0, 4, captured, wire);
}

// Appendix A: the obsolete Packet Block, still written by old tools.
std::optional<Frame> PcapngReader::obsolete_packet() {
  if (block_.size() < 20) {
    fail("pcapng packet block too short");
    return std::nullopt;
  }
  std::uint64_t ticks = std::uint64_t{u32(4)} << 32 | u32(8);
  return make_frame(u16(0), ticks, 20, u32(12), u32(16));
}

bool PcapngReader::is_packet_block(std::uint32_t type) {
  return type == kEnhancedPacket || type == kSimplePacket || type == kObsoletePacket;
}

std::optional<std::uint32_t> PcapngReader::read_block() {
  std::array<std::uint8_t, 8> header;
  std::size_t got = std::fread(header.data(), 1, header.size(), file_);
  offset_ += got;
  if (got == 0) return std::nullopt;  // a clean end between blocks
  if (got < header.size()) {
    fail(fmt::format("truncated pcapng block header at offset {}", offset_ - got));
    return std::nullopt;
  }
  std::uint32_t type_be = std::uint32_t{header[0]} << 24 | std::uint32_t{header[1]} << 16 |
                          std::uint32_t{header[2]} << 8 | header[3];
  std::uint32_t length_be = std::uint32_t{header[4]} << 24 | std::uint32_t{header[5]} << 16 |
                            std::uint32_t{header[6]} << 8 | header[7];
  if (type_be == kPcapngSectionHeader) {  // the same bytes in both byte orders
    interfaces_.clear();
    if (!read_section_header(length_be)) return std::nullopt;
    return kPcapngSectionHeader;
  }
  std::uint32_t type = big_endian_ ? type_be : __builtin_bswap32(type_be);
  std::uint32_t length = big_endian_ ? length_be : __builtin_bswap32(length_be);
  if (!read_block_body(type, length)) return std::nullopt;
  if (type == kInterfaceDescription && !read_interface()) return std::nullopt;
  return type;
}

std::optional<Frame> PcapngReader::packet_of_block(std::uint32_t type) {
  switch (type) {
    case kEnhancedPacket:
      return enhanced_packet();
    case kSimplePacket:
      return simple_packet();
    default:
      return obsolete_packet();
  }
}

std::optional<Frame> PcapngReader::next() {
  if (!problem_.empty()) return std::nullopt;
  if (pending_packet_) {
    std::uint32_t type = *pending_packet_;
    pending_packet_.reset();
    return packet_of_block(type);
  }
  // Statistics, name resolution, custom and decryption secrets blocks are read past.
  while (auto type = read_block()) {
    if (is_packet_block(*type)) return packet_of_block(*type);
  }
  return std::nullopt;
}

}  // namespace mqscope::capture
