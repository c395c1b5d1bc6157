// Classic pcap files (pcap-savefile(5), draft-ietf-opsawg-pcap) read into records and written
// back, so that tests can build damaged variants of real captures in code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bytes.hpp"

namespace mqscope::test {

struct PcapRecord {
  std::int64_t sec = 0;
  std::int64_t nsec = 0;
  std::uint32_t wire_length = 0;
  ByteVector data;  // captured bytes
};

struct PcapFile {
  std::uint32_t link_type = 1;
  std::uint32_t snaplen = 262144;
  std::vector<PcapRecord> records;

  // Reads a classic pcap file in either byte order, with micro- or nanosecond timestamps.
  // Throws std::runtime_error if it cannot.
  static PcapFile read(const std::string& path);
  // A little-endian, nanosecond file.
  ByteVector bytes() const;
};

}  // namespace mqscope::test
