// The two capture file formats mqscope writes. Classic pcap goes through libpcap's
// pcap_dump(3PCAP); pcapng, which libpcap 1.10 cannot write, is written here block by block
// (draft-ietf-opsawg-pcapng: Section Header, Interface Description, Enhanced Packet Blocks).
#include <pcap/pcap.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "link_types.hpp"
#include "mqscope/capture/save_file.hpp"

namespace mqscope::capture {

namespace {

std::string system_error(const std::string& path) {
  return path + ": " + std::strerror(errno);
}

class PcapFile : public RecordFile {
 public:
  PcapFile(pcap_t* dead, pcap_dumper_t* dumper) : dead_(dead), dumper_(dumper) {}
  ~PcapFile() override { close(); }

  bool write(const Frame& frame) override {
    pcap_pkthdr header{};
    header.ts.tv_sec = static_cast<time_t>(frame.time.sec);
    // The file was opened for nanosecond stamps, so this field holds nanoseconds.
    header.ts.tv_usec = static_cast<suseconds_t>(frame.time.nsec);
    header.caplen = static_cast<bpf_u_int32>(frame.data.size());
    header.len = frame.wire_length;
    pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, frame.data.data());
    return std::ferror(pcap_dump_file(dumper_)) == 0;
  }
  bool flush() override { return pcap_dump_flush(dumper_) == 0; }
  bool close() override {
    if (dumper_ == nullptr) return ok_;
    ok_ = pcap_dump_flush(dumper_) == 0 && std::ferror(pcap_dump_file(dumper_)) == 0;
    pcap_dump_close(dumper_);
    pcap_close(dead_);
    dumper_ = nullptr;
    return ok_;
  }
  std::uint64_t bytes_written() const override {
    std::int64_t at = dumper_ ? pcap_dump_ftell64(dumper_) : -1;
    return at < 0 ? 0 : static_cast<std::uint64_t>(at);
  }

 private:
  pcap_t* dead_;
  pcap_dumper_t* dumper_;
  bool ok_ = true;
};

// pcapng blocks in little-endian order; the Section Header's byte-order magic tells readers.
class PcapngFile : public RecordFile {
 public:
  explicit PcapngFile(std::FILE* file) : file_(file) {}
  ~PcapngFile() override { close(); }

  bool write_headers(const SaveSource& source) {
    section_header(source);
    interface_description(source);
    return !failed_;
  }
  bool write(const Frame& frame) override {
    // Enhanced Packet Block (§4.3): interface 0, a 64-bit timestamp in the units of the
    // interface's if_tsresol (nanoseconds here), captured and original lengths, the data
    // padded to 32 bits.
    start_block();
    put32(0);
    auto ns = static_cast<std::uint64_t>(frame.time.total_ns() < 0 ? 0 : frame.time.total_ns());
    put32(static_cast<std::uint32_t>(ns >> 32));
    put32(static_cast<std::uint32_t>(ns));
    put32(static_cast<std::uint32_t>(frame.data.size()));
    put32(frame.wire_length);
    block_.insert(block_.end(), frame.data.begin(), frame.data.end());
    pad();
    return end_block(kEnhancedPacket);
  }
  bool flush() override { return file_ != nullptr && std::fflush(file_) == 0 && !failed_; }
  bool close() override {
    if (file_ == nullptr) return !failed_;
    if (std::fclose(file_) != 0) failed_ = true;
    file_ = nullptr;
    return !failed_;
  }
  std::uint64_t bytes_written() const override { return written_; }

 private:
  static constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
  static constexpr std::uint32_t kInterfaceDescription = 0x00000001;
  static constexpr std::uint32_t kEnhancedPacket = 0x00000006;
  static constexpr std::uint16_t kOptEnd = 0, kShbUserAppl = 4, kIfName = 2, kIfTsresol = 9;

  void section_header(const SaveSource& source) {
    // §4.1: byte-order magic, version 1.0, section length unknown (-1).
    start_block();
    put32(0x1A2B3C4D);
    put16(1);
    put16(0);
    put32(0xFFFFFFFF);
    put32(0xFFFFFFFF);
    if (!source.application.empty()) option(kShbUserAppl, source.application);
    option_end();
    end_block(kSectionHeader);
  }
  void interface_description(const SaveSource& source) {
    // §4.2: link type, reserved, snap length; if_tsresol 9 = 10^-9 s units.
    start_block();
    put16(static_cast<std::uint16_t>(source.link_type));
    put16(0);
    put32(source.snapshot_length);
    if (!source.interface.empty()) option(kIfName, source.interface);
    option(kIfTsresol, std::string(1, '\x09'));
    option_end();
    end_block(kInterfaceDescription);
  }

  void start_block() { block_.assign(8, 0); }  // type and total length, filled in at the end
  bool end_block(std::uint32_t type) {
    auto total = static_cast<std::uint32_t>(block_.size() + 4);
    put32(total);
    for (int i = 0; i < 4; ++i) {
      block_[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(type >> (8 * i));
      block_[static_cast<std::size_t>(4 + i)] = static_cast<std::uint8_t>(total >> (8 * i));
    }
    if (std::fwrite(block_.data(), 1, block_.size(), file_) != block_.size()) failed_ = true;
    written_ += block_.size();
    return !failed_;
  }
  void option(std::uint16_t code, const std::string& value) {
    put16(code);
    put16(static_cast<std::uint16_t>(value.size()));
    block_.insert(block_.end(), value.begin(), value.end());
    pad();
  }
  void option_end() {
    put16(kOptEnd);
    put16(0);
  }
  void pad() {
    while (block_.size() % 4 != 0) block_.push_back(0);
  }
  void put16(std::uint16_t v) {
    block_.push_back(static_cast<std::uint8_t>(v));
    block_.push_back(static_cast<std::uint8_t>(v >> 8));
  }
  void put32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) block_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }

  std::FILE* file_;
  std::vector<std::uint8_t> block_;
  std::uint64_t written_ = 0;
  bool failed_ = false;
};

std::unique_ptr<RecordFile> create_pcap(const std::string& path, const SaveSource& source,
                                        std::string& error) {
  pcap_t* dead = pcap_open_dead_with_tstamp_precision(detail::to_dlt(source.link_type),
                                                      static_cast<int>(source.snapshot_length),
                                                      PCAP_TSTAMP_PRECISION_NANO);
  if (dead == nullptr) {
    error = path + ": cannot prepare a pcap file";
    return nullptr;
  }
  pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
  if (dumper == nullptr) {
    error = pcap_geterr(dead);
    pcap_close(dead);
    return nullptr;
  }
  return std::make_unique<PcapFile>(dead, dumper);
}

std::unique_ptr<RecordFile> create_pcapng(const std::string& path, const SaveSource& source,
                                          std::string& error) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    error = system_error(path);
    return nullptr;
  }
  auto result = std::make_unique<PcapngFile>(file);
  if (!result->write_headers(source)) {
    error = system_error(path);
    return nullptr;
  }
  return result;
}

}  // namespace

std::unique_ptr<RecordFile> create_record_file(const std::string& path, FileFormat format,
                                               const SaveSource& source, std::string& error) {
  return format == FileFormat::Pcap ? create_pcap(path, source, error)
                                    : create_pcapng(path, source, error);
}

}  // namespace mqscope::capture
