// Reads pcapng files (draft-ietf-opsawg-pcapng) block by block: Section Header Blocks in
// either byte order, Interface Description Blocks with their link type, snapshot length and
// timestamp resolution, and the packets of Enhanced, Simple and (obsolete) Packet Blocks. Every
// other block is skipped. Unlike libpcap, interfaces of one file may have different link
// types: each frame carries the link type of the interface it was captured on.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "mqscope/capture/frame.hpp"

namespace mqscope::capture {

// Block type of a Section Header Block, also the first four bytes of every pcapng file.
inline constexpr std::uint32_t kPcapngSectionHeader = 0x0a0d0d0a;

class PcapngReader {
 public:
  // Reads from `file`, whose first four bytes (the Section Header Block type) have already
  // been consumed. Blocks longer than `max_block_bytes` are refused as damage.
  PcapngReader(std::FILE* file, bool owns_file, std::size_t max_block_bytes);
  ~PcapngReader();
  PcapngReader(const PcapngReader&) = delete;
  PcapngReader& operator=(const PcapngReader&) = delete;

  // Reads the first Section Header Block and the blocks up to the first packet; false (with
  // problem()) when the file is damaged before it.
  bool open();
  // The next packet; its bytes stay valid until the next call. nullopt at the end of the file
  // or at damage (then problem() says why).
  std::optional<Frame> next();

  const std::string& problem() const { return problem_; }
  // Bytes of the file read so far.
  std::uint64_t position() const { return offset_; }
  // Link type and snapshot length of the first interface (-1 / 0 while none is known).
  int first_link_type() const { return interfaces_.empty() ? -1 : interfaces_[0].link_type; }
  std::uint32_t first_snapshot_length() const {
    return interfaces_.empty() ? 0 : interfaces_[0].snaplen;
  }

 private:
  struct Interface {
    int link_type = 0;
    std::uint32_t snaplen = 0;
    bool power_of_two = false;  // if_tsresol: units are 2^-exponent instead of 10^-exponent
    std::uint8_t exponent = 6;  // default resolution: microseconds
    std::int64_t offset_s = 0;  // if_tsoffset
  };

  bool read_exact(std::uint8_t* out, std::size_t n);
  bool read_block_body(std::uint32_t type, std::uint32_t total_length,
                       std::size_t already_read = 0);
  bool skip(std::size_t n);
  bool fail(std::string message);
  std::uint16_t u16(std::size_t at) const;
  std::uint32_t u32(std::size_t at) const;
  bool read_section_header(std::uint32_t length_word);
  bool read_interface();
  static bool is_packet_block(std::uint32_t type);
  std::optional<std::uint32_t> read_block();
  std::optional<Frame> packet_of_block(std::uint32_t type);
  std::optional<Frame> enhanced_packet();
  std::optional<Frame> simple_packet();
  std::optional<Frame> obsolete_packet();
  std::optional<Frame> make_frame(std::uint32_t interface, std::uint64_t ticks, std::size_t data_at,
                                  std::uint32_t captured, std::uint32_t wire);

  std::FILE* file_;
  bool owns_file_;
  std::uint64_t block_offset_ = 0;  // where in the file block_ starts
  std::size_t max_block_bytes_;
  bool big_endian_ = false;
  std::vector<std::uint8_t> block_;  // body of the current block (between the two lengths)
  std::vector<Interface> interfaces_;
  std::optional<std::uint32_t> pending_packet_;  // a packet block read ahead by open()
  std::uint32_t count_ = 0;
  std::uint64_t offset_ = 0;  // file offset, for messages
  std::string problem_;
};

// Converts a count of ticks at the given resolution to seconds and nanoseconds.
Timestamp ticks_to_timestamp(std::uint64_t ticks, bool power_of_two, std::uint8_t exponent);

}  // namespace mqscope::capture
