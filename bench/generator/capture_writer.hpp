// Writing synthetic TCP connections to a classic pcap file: Ethernet/IPv4/TCP frames with
// consistent sequence numbers, cut into segments of realistic and of awkward sizes.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "dice.hpp"
#include "marked_bytes.hpp"
#include "websocket_framing.hpp"

namespace mqscope::bench {

class PcapWriter {
 public:
  explicit PcapWriter(const std::string& path);
  ~PcapWriter();
  bool ok() const { return file_ != nullptr && !failed_; }
  // Writes what is buffered and closes the file; false if any write failed.
  bool close();
  // A frame stamped `ns` nanoseconds after the epoch.
  void frame(std::uint64_t ns, const std::uint8_t* data, std::size_t size);
  std::uint64_t bytes() const { return bytes_ + buffer_.size(); }
  std::uint64_t frames() const { return frames_; }

 private:
  void flush();
  std::FILE* file_;
  bool failed_ = false;
  std::vector<std::uint8_t> buffer_;
  std::uint64_t bytes_ = 0;
  std::uint64_t frames_ = 0;
};

struct SegmentPolicy {
  std::uint32_t mss = 1448;
  // Of segments: cut short, half of them inside the next header (WebSocket frame header or
  // MQTT fixed header), the others after a random 1..40 bytes.
  double awkward_cut_share = 0.0;
};

class TcpConnection {
 public:
  TcpConnection(std::uint32_t client_ip, std::uint16_t client_port, std::uint32_t server_ip,
                std::uint16_t server_port, std::uint32_t isn);
  void handshake(PcapWriter& out, std::uint64_t& clock_ns);
  // Writes bytes sent by one side as data segments, counting the cuts inside headers.
  void send(PcapWriter& out, std::uint64_t& clock_ns, bool from_client, const MarkedBytes& bytes,
            Dice& dice, const SegmentPolicy& policy, FramingCounts& counts);
  void close(PcapWriter& out, std::uint64_t& clock_ns);

 private:
  void segment(PcapWriter& out, std::uint64_t ns, bool from_client, std::uint8_t flags,
               const std::uint8_t* payload, std::size_t size);
  static std::size_t segment_length(const MarkedBytes& bytes, std::size_t at, Dice& dice,
                                    const SegmentPolicy& policy);
  std::uint32_t ip_[2];
  std::uint16_t port_[2];
  std::uint32_t seq_[2];
  std::vector<std::uint8_t> frame_;
};

}  // namespace mqscope::bench
