#include "pcap_builder.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace mqscope::test {

namespace {

void put16(ByteVector& out, std::uint32_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put32(ByteVector& out, std::uint32_t v) {
  put16(out, v >> 16);
  put16(out, v & 0xffff);
}
void put32le(ByteVector& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kPsh = 0x08, kAck = 0x10;

}  // namespace

TcpConversation::TcpConversation(Endpoint4 client, Endpoint4 server, std::uint32_t client_isn,
                                 std::uint32_t server_isn)
    : client_(client),
      server_(server),
      client_isn_(client_isn),
      server_isn_(server_isn),
      client_seq_(client_isn + 1),
      server_seq_(server_isn + 1) {}

std::vector<ByteVector> TcpConversation::handshake() {
  return {frame(true, kSyn, client_isn_, 0, {}),
          frame(false, kSyn | kAck, server_isn_, client_isn_ + 1, {}),
          frame(true, kAck, client_seq_, server_seq_, {})};
}

ByteVector TcpConversation::data(bool from_client, const ByteVector& payload) {
  std::uint32_t& seq = from_client ? client_seq_ : server_seq_;
  std::uint32_t ack = from_client ? server_seq_ : client_seq_;
  ByteVector f = frame(from_client, kPsh | kAck, seq, ack, payload);
  seq += static_cast<std::uint32_t>(payload.size());
  return f;
}

ByteVector TcpConversation::fin(bool from_client) {
  std::uint32_t& seq = from_client ? client_seq_ : server_seq_;
  std::uint32_t ack = from_client ? server_seq_ : client_seq_;
  ByteVector f = frame(from_client, kFin | kAck, seq, ack, {});
  seq += 1;
  return f;
}

ByteVector TcpConversation::frame(bool from_client, std::uint8_t flags, std::uint32_t seq,
                                  std::uint32_t ack, const ByteVector& payload) const {
  const Endpoint4& src = from_client ? client_ : server_;
  const Endpoint4& dst = from_client ? server_ : client_;
  ByteVector f = from_hex("020000000002 020000000001 0800");  // Ethernet II, IPv4
  if (!from_client) std::swap_ranges(f.begin(), f.begin() + 6, f.begin() + 6);
  std::size_t total = 20 + 20 + payload.size();
  f.insert(f.end(), {0x45, 0x00});
  put16(f, static_cast<std::uint32_t>(total));
  f.insert(f.end(), {0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00});
  f.insert(f.end(), src.ip.begin(), src.ip.end());
  f.insert(f.end(), dst.ip.begin(), dst.ip.end());
  put16(f, src.port);
  put16(f, dst.port);
  put32(f, seq);
  put32(f, ack);
  f.push_back(0x50);  // data offset 5 words
  f.push_back(flags);
  f.insert(f.end(), {0xff, 0xff, 0x00, 0x00, 0x00, 0x00});
  f.insert(f.end(), payload.begin(), payload.end());
  return f;
}

void PcapBuilder::add(const ByteVector& frame, std::uint32_t wire_length) {
  records_.emplace_back(frame, wire_length ? wire_length : static_cast<std::uint32_t>(frame.size()));
}

ByteVector pcap_file_header(std::uint32_t link_type, std::uint32_t snapshot_length) {
  ByteVector out;
  put32le(out, 0xa1b2c3d4);  // microsecond pcap, little-endian
  out.insert(out.end(), {0x02, 0x00, 0x04, 0x00});
  put32le(out, 0);
  put32le(out, 0);
  put32le(out, snapshot_length);
  put32le(out, link_type);
  return out;
}

ByteVector pcap_record_header(std::size_t index, std::uint32_t captured, std::uint32_t wire) {
  ByteVector out;
  std::uint64_t usec = std::uint64_t{index} * 1000;
  put32le(out, static_cast<std::uint32_t>(1700000000 + usec / 1000000));
  put32le(out, static_cast<std::uint32_t>(usec % 1000000));
  put32le(out, captured);
  put32le(out, wire);
  return out;
}

ByteVector PcapBuilder::bytes() const {
  ByteVector out = pcap_file_header(link_type_);
  std::size_t index = 0;
  for (const auto& [frame, wire] : records_) {
    ByteVector header = pcap_record_header(index++, static_cast<std::uint32_t>(frame.size()), wire);
    out.insert(out.end(), header.begin(), header.end());
    out.insert(out.end(), frame.begin(), frame.end());
  }
  return out;
}

PcapWriter::PcapWriter(int fd, std::uint32_t link_type, std::uint32_t snapshot_length) : fd_(fd) {
  write_raw(pcap_file_header(link_type, snapshot_length));
}

bool PcapWriter::add(const ByteVector& frame, std::uint32_t wire_length) {
  auto captured = static_cast<std::uint32_t>(frame.size());
  write_raw(pcap_record_header(records_++, captured, wire_length ? wire_length : captured));
  return write_raw(frame);
}

bool PcapWriter::write_raw(const ByteVector& bytes) {
  std::size_t done = 0;
  while (ok_ && done < bytes.size()) {
    ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n <= 0) ok_ = false;
    else done += static_cast<std::size_t>(n);
  }
  return ok_;
}

TempFile::TempFile(const ByteVector& contents) {
  char path[] = "/tmp/mqscope-test-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("cannot create a temporary file");
  path_ = path;
  bool ok = write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size());
  close(fd);
  if (!ok) throw std::runtime_error("cannot write a temporary file");
}

TempFile::~TempFile() { unlink(path_.c_str()); }

PipeFile::PipeFile(ByteVector contents) : bytes_(std::move(contents)) {
  if (pipe(fds_) != 0) throw std::runtime_error("cannot create a pipe");
  path_ = "/dev/fd/" + std::to_string(fds_[0]);
  writer_ = std::thread([this] {
    for (std::size_t done = 0; done < bytes_.size();) {
      ssize_t n = write(fds_[1], bytes_.data() + done, bytes_.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    close(fds_[1]);
  });
}

PipeFile::~PipeFile() {
  writer_.join();
  close(fds_[0]);
}

}  // namespace mqscope::test
