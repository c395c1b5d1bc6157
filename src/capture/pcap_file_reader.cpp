#include "mqscope/capture/pcap_file_reader.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "link_types.hpp"

namespace mqscope::capture {

namespace {

constexpr std::uint32_t kMicrosecondMagic = 0xa1b2c3d4;
constexpr std::uint32_t kNanosecondMagic = 0xa1b23c4d;
constexpr std::size_t kRecordHeaderBytes = 16;
// libpcap's MAXIMUM_SNAPLEN, its largest sane record for every link type accepted here.
constexpr std::uint32_t kMaximumSnapshot = 262144;
// Several records per read; always room for the largest one (header + maximum snapshot).
// Every page of it is touched at the first read: at 512 KiB rather than 1 MiB a run takes
// 128 fewer page faults, and the reads are still far larger than any record.
constexpr std::size_t kBufferBytes = 1 << 19;
static_assert(kBufferBytes >= kRecordHeaderBytes + kMaximumSnapshot);

std::uint32_t swap32(std::uint32_t v) {
  return __builtin_bswap32(v);
}

std::uint32_t load32(const std::uint8_t* at, bool swapped) {
  std::uint32_t v;
  std::memcpy(&v, at, sizeof v);
  return swapped ? swap32(v) : v;
}

std::uint16_t load16(const std::uint8_t* at, bool swapped) {
  std::uint16_t v;
  std::memcpy(&v, at, sizeof v);
  return swapped ? static_cast<std::uint16_t>(__builtin_bswap16(v)) : v;
}

std::int64_t time_field(const std::uint8_t* at, bool swapped) {
  std::uint32_t v = load32(at, swapped);
  return swapped ? std::int64_t{v} : std::int64_t{static_cast<std::int32_t>(v)};
}

// Link types libpcap hands through unchanged in both byte orders: LINKTYPE_ and DLT_ agree up
// to the RAW/LOOP renumbering, and it rewrites none of their headers. (It swaps fields of the
// Linux cooked headers in files of the other byte order, so those are read here only in this
// machine's order.)
bool reads_like_libpcap(std::uint32_t link_type, bool swapped) {
  switch (link_type) {
    case 0:    // NULL
    case 1:    // EN10MB
    case detail::kLinkTypeRaw:
    case detail::kLinkTypeLoop:
    case 228:  // IPV4
    case 229:  // IPV6
      return true;
    case 113:  // LINUX_SLL
    case 276:  // LINUX_SLL2
      return !swapped;
    default:
      return false;
  }
}

}  // namespace

std::optional<PcapFileHeader> accept_pcap_header(std::span<const std::uint8_t> first_bytes) {
  if (first_bytes.size() < kPcapFileHeaderBytes) return std::nullopt;
  const std::uint8_t* at = first_bytes.data();
  std::uint32_t magic = load32(at, false);
  PcapFileHeader header;
  if (magic == swap32(kMicrosecondMagic) || magic == swap32(kNanosecondMagic)) {
    header.swapped = true;
    magic = swap32(magic);
  }
  if (magic != kMicrosecondMagic && magic != kNanosecondMagic) return std::nullopt;
  header.nanoseconds = magic == kNanosecondMagic;
  // pcap-savefile(5): version 2.4; older minor versions may have caplen and len swapped.
  if (load16(at + 4, header.swapped) != 2 || load16(at + 6, header.swapped) != 4)
    return std::nullopt;
  std::uint32_t snapshot = load32(at + 16, header.swapped);
  std::uint32_t link_type = load32(at + 20, header.swapped) & 0x03ffffff;  // FCS bits above
  if (!reads_like_libpcap(link_type, header.swapped)) return std::nullopt;
  header.link_type = static_cast<int>(link_type);
  // libpcap 1.10.3 replaces only a snapshot length of 0 or one that is negative as an int;
  // larger ones stay, and only decide which message a record beyond the maximum gets.
  header.snapshot = snapshot == 0 || snapshot > 0x7fffffff ? kMaximumSnapshot : snapshot;
  return header;
}

PcapFileReader::PcapFileReader(std::FILE* file, const PcapFileHeader& header)
    : file_(file),
      header_(header),
      buffer_(std::make_unique_for_overwrite<std::uint8_t[]>(kBufferBytes)) {}

PcapFileReader::~PcapFileReader() {
  if (file_ != nullptr) std::fclose(file_);
}

// Makes `wanted` unread bytes available if the file has them; false at the end of the file
// (or a read error) with fewer.
bool PcapFileReader::fill(std::size_t wanted) {
  while (available() < wanted && !at_eof_) {
    if (start_ + wanted > kBufferBytes) {
      std::memmove(buffer_.get(), buffer_.get() + start_, available());
      end_ -= start_;
      start_ = 0;
    }
    std::size_t room = kBufferBytes - end_;
    std::size_t got = std::fread(buffer_.get() + end_, 1, room, file_);
    end_ += got;
    if (got < room) {  // a regular file reads short only at its end or on an error
      at_eof_ = true;
      if (std::ferror(file_)) read_error_ = errno;
    }
  }
  return available() >= wanted;
}

PcapFileReader::Result PcapFileReader::fail(std::string message) {
  problem_ = std::move(message);
  return Result::Failed;
}

// The file ended (or a read failed) before `wanted` bytes of a record: libpcap's words for
// either. An error met while reading ahead counts only once the record needs those bytes.
PcapFileReader::Result PcapFileReader::fail_short(std::string_view what, std::size_t wanted,
                                                  std::size_t got) {
  if (read_error_ != 0)
    return fail(fmt::format("error reading dump file: {}", std::strerror(read_error_)));
  return fail(
      fmt::format("truncated dump file; tried to read {} {}, only got {}", wanted, what, got));
}

PcapFileReader::Result PcapFileReader::read(Frame& frame) {
  if (!fill(kRecordHeaderBytes)) {
    if (available() == 0 && read_error_ == 0) return Result::End;
    return fail_short("header bytes", kRecordHeaderBytes, available());
  }
  const std::uint8_t* record = buffer_.get() + start_;
  bool swapped = header_.swapped;
  // libpcap reads both parts of the time as signed 32-bit fields, except in files of the other
  // byte order, where its byte swap leaves them unsigned. Microseconds become nanoseconds
  // without overflow.
  std::int64_t seconds = time_field(record, swapped);
  std::int64_t fraction = time_field(record + 4, swapped);
  std::uint32_t captured = load32(record + 8, swapped);
  std::uint32_t wire = load32(record + 12, swapped);
  if (captured > kMaximumSnapshot) {
    if (captured > header_.snapshot)
      return fail(fmt::format("invalid packet capture length {}, bigger than snaplen of {}",
                              captured, header_.snapshot));
    return fail(fmt::format("invalid packet capture length {}, bigger than maximum of {}", captured,
                            kMaximumSnapshot));
  }
  std::size_t kept = captured;
  if (captured > header_.snapshot) {
    // libpcap keeps the first snapshot-length bytes and skips the rest, and says so when the
    // file ends before either.
    kept = header_.snapshot;
    if (!fill(kRecordHeaderBytes + kept))
      return fail_short("captured bytes", kept, available() - kRecordHeaderBytes);
  }
  if (!fill(kRecordHeaderBytes + captured))
    return fail_short("captured bytes", captured, available() - kRecordHeaderBytes);
  record = buffer_.get() + start_;  // filling may have moved it
  frame.number = ++count_;
  frame.time = Timestamp{seconds, header_.nanoseconds ? fraction : fraction * 1000};
  frame.wire_length = wire;
  frame.link_type = header_.link_type;
  frame.data = Bytes(record + kRecordHeaderBytes, kept);
  frame.file_offset = consumed_ + kRecordHeaderBytes;
  start_ += kRecordHeaderBytes + captured;
  consumed_ += kRecordHeaderBytes + captured;
  return Result::Frame;
}

}  // namespace mqscope::capture
