// Reads classic pcap files (pcap-savefile(5)) from a seekable file, a large block at a time:
// record headers are read in place and packet bytes are handed out without a copy. libpcap
// reads each record with two freads into its own buffer, about a twentieth of a decode-only
// run. This reader takes only the files it reads exactly as libpcap does (version 2.4, the
// usual magic numbers in either byte order, the link types mqscope decodes); every other file
// stays with libpcap. Damaged records end the file with libpcap's own words.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "mqscope/capture/frame.hpp"

namespace mqscope::capture {

inline constexpr std::size_t kPcapFileHeaderBytes = 24;

// What the reader needs of a pcap file header.
struct PcapFileHeader {
  bool swapped = false;        // written in the other byte order
  bool nanoseconds = false;    // magic 0xa1b23c4d: record times in ns, not µs
  int link_type = 0;           // LINKTYPE_*, without the FCS bits above it
  std::uint32_t snapshot = 0;  // as libpcap adjusts it: 0 or above 2^31-1 means 262144
};

// The header if this reader reads the file exactly as libpcap would; nullopt otherwise (not a
// pcap file, another version or magic, or a link type libpcap treats specially).
std::optional<PcapFileHeader> accept_pcap_header(std::span<const std::uint8_t> first_bytes);

class PcapFileReader {
 public:
  // Reads the records of `file` (which it closes), positioned just after its header.
  PcapFileReader(std::FILE* file, const PcapFileHeader& header);
  ~PcapFileReader();
  PcapFileReader(const PcapFileReader&) = delete;
  PcapFileReader& operator=(const PcapFileReader&) = delete;

  enum class Result : std::uint8_t { Frame, End, Failed };
  // The next record into `frame`; its bytes stay valid until the next call.
  Result read(Frame& frame);

  const std::string& problem() const { return problem_; }
  std::uint64_t position() const { return consumed_; }
  int link_type() const { return header_.link_type; }
  std::uint32_t snapshot_length() const { return header_.snapshot; }

 private:
  std::size_t available() const { return end_ - start_; }
  bool fill(std::size_t wanted);
  Result fail(std::string message);
  Result fail_short(std::string_view what, std::size_t wanted, std::size_t got);

  std::FILE* file_;
  PcapFileHeader header_;
  std::unique_ptr<std::uint8_t[]> buffer_;
  std::size_t start_ = 0;  // unread bytes are buffer_[start_, end_)
  std::size_t end_ = 0;
  bool at_eof_ = false;
  int read_error_ = 0;  // errno of a failed read, kept until a record needs the bytes
  std::uint64_t consumed_ = kPcapFileHeaderBytes;
  std::uint32_t count_ = 0;
  std::string problem_;
};

}  // namespace mqscope::capture
