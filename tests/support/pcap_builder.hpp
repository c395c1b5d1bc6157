// Builds captures in code: Ethernet/IPv4/TCP frames of a conversation with correct sequence
// numbers, written as a classic pcap file. Tests use it for hand-made streams and damaged
// variants (reordered, duplicated, cut) of real ones.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "bytes.hpp"

namespace mqscope::test {

struct Endpoint4 {
  std::array<std::uint8_t, 4> ip;
  std::uint16_t port;
};

class TcpConversation {
 public:
  TcpConversation(Endpoint4 client, Endpoint4 server, std::uint32_t client_isn = 1000,
                  std::uint32_t server_isn = 5000);

  // SYN, SYN-ACK, ACK.
  std::vector<ByteVector> handshake();
  // A data segment from one side; its sequence number advances that side.
  ByteVector client_data(const ByteVector& payload) { return data(true, payload); }
  ByteVector server_data(const ByteVector& payload) { return data(false, payload); }
  ByteVector client_fin() { return fin(true); }
  ByteVector server_fin() { return fin(false); }

  std::uint32_t client_seq() const { return client_seq_; }
  std::uint32_t server_seq() const { return server_seq_; }

 private:
  ByteVector data(bool from_client, const ByteVector& payload);
  ByteVector fin(bool from_client);
  ByteVector frame(bool from_client, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack,
                   const ByteVector& payload) const;

  Endpoint4 client_;
  Endpoint4 server_;
  std::uint32_t client_isn_;
  std::uint32_t server_isn_;
  std::uint32_t client_seq_;
  std::uint32_t server_seq_;
};

// A file that is removed when the object goes away.
class TempFile {
 public:
  explicit TempFile(const ByteVector& contents);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Bytes fed into a pipe by a thread of their own, to be read through the pipe's name
// (/dev/fd/N, as a shell's <(...) gives it): input that cannot be read again. The reader
// reads to the end, unless the bytes fit the pipe's buffer.
class PipeFile {
 public:
  explicit PipeFile(ByteVector contents);
  ~PipeFile();  // waits for the writer, then closes the pipe
  PipeFile(const PipeFile&) = delete;
  PipeFile& operator=(const PipeFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  ByteVector bytes_;
  int fds_[2] = {-1, -1};
  std::thread writer_;
  std::string path_;
};

// The 24-byte header of a classic little-endian microsecond pcap file, and the 16-byte header of
// record number `index` (each record one millisecond after the previous).
ByteVector pcap_file_header(std::uint32_t link_type, std::uint32_t snapshot_length = 262144);
ByteVector pcap_record_header(std::size_t index, std::uint32_t captured, std::uint32_t wire);

// Writes a classic pcap file to a file descriptor (a pipe, a file) record by record, for
// captures too large to hold in memory.
class PcapWriter {
 public:
  explicit PcapWriter(int fd, std::uint32_t link_type = 1, std::uint32_t snapshot_length = 262144);
  // False once the reader has gone away (or another write error).
  bool add(const ByteVector& frame, std::uint32_t wire_length = 0);
  // Bytes as they are, for damaged files.
  bool write_raw(const ByteVector& bytes);
  std::size_t records() const { return records_; }

 private:
  int fd_;
  std::size_t records_ = 0;
  bool ok_ = true;
};

class PcapBuilder {
 public:
  explicit PcapBuilder(std::uint32_t link_type = 1) : link_type_(link_type) {}
  // Adds a record; each one is one millisecond after the previous.
  void add(const ByteVector& frame, std::uint32_t wire_length = 0);
  ByteVector bytes() const;
  std::size_t size() const { return records_.size(); }

 private:
  std::uint32_t link_type_;
  std::vector<std::pair<ByteVector, std::uint32_t>> records_;
};

}  // namespace mqscope::test
