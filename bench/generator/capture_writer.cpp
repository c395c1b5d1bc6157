#include "capture_writer.hpp"

#include <algorithm>

namespace mqscope::bench {

namespace {

constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kPsh = 0x08, kAck = 0x10;

void put32le(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void put16be(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
void put32be(std::uint8_t* p, std::uint32_t v) {
  put16be(p, v >> 16);
  put16be(p + 2, v & 0xffff);
}

}  // namespace

PcapWriter::PcapWriter(const std::string& path) : file_(std::fopen(path.c_str(), "wb")) {
  buffer_.reserve(1 << 20);
  put32le(buffer_, 0xa1b23c4d);  // nanosecond-resolution pcap
  put32le(buffer_, 0x00040002);  // version 2.4
  put32le(buffer_, 0);
  put32le(buffer_, 0);
  put32le(buffer_, 262144);
  put32le(buffer_, 1);  // LINKTYPE_ETHERNET
}

PcapWriter::~PcapWriter() {
  close();
}

bool PcapWriter::close() {
  if (!file_) return false;
  flush();
  failed_ = std::fclose(file_) != 0 || failed_;
  file_ = nullptr;
  return !failed_;
}

void PcapWriter::flush() {
  if (file_ && !buffer_.empty() &&
      std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
    failed_ = true;
  bytes_ += buffer_.size();
  buffer_.clear();
}

void PcapWriter::frame(std::uint64_t ns, const std::uint8_t* data, std::size_t size) {
  put32le(buffer_, static_cast<std::uint32_t>(ns / 1'000'000'000));
  put32le(buffer_, static_cast<std::uint32_t>(ns % 1'000'000'000));
  put32le(buffer_, static_cast<std::uint32_t>(size));
  put32le(buffer_, static_cast<std::uint32_t>(size));
  buffer_.insert(buffer_.end(), data, data + size);
  ++frames_;
  if (buffer_.size() >= (1u << 20)) flush();
}

TcpConnection::TcpConnection(std::uint32_t client_ip, std::uint16_t client_port,
                             std::uint32_t server_ip, std::uint16_t server_port, std::uint32_t isn)
    : ip_{client_ip, server_ip}, port_{client_port, server_port}, seq_{isn, isn ^ 0x5a5a5a5a} {}

void TcpConnection::segment(PcapWriter& out, std::uint64_t ns, bool from_client, std::uint8_t flags,
                            const std::uint8_t* payload, std::size_t size) {
  int s = from_client ? 0 : 1;
  frame_.assign(54 + size, 0);
  std::uint8_t* f = frame_.data();
  f[5] = static_cast<std::uint8_t>(s + 1);  // destination MAC 00..0{1,2}
  f[11] = static_cast<std::uint8_t>(2 - s);
  f[12] = 0x08;  // IPv4
  f[14] = 0x45;
  put16be(f + 16, static_cast<std::uint32_t>(20 + 20 + size));
  f[22] = 64;
  f[23] = 6;  // TCP
  put32be(f + 26, ip_[s]);
  put32be(f + 30, ip_[1 - s]);
  put16be(f + 34, port_[s]);
  put16be(f + 36, port_[1 - s]);
  put32be(f + 38, seq_[s]);
  put32be(f + 42, (flags & kSyn) && !(flags & kAck) ? 0 : seq_[1 - s]);
  f[46] = 0x50;
  f[47] = flags;
  put16be(f + 48, 0xffff);
  std::copy_n(payload, size, f + 54);
  out.frame(ns, f, frame_.size());
  seq_[s] += static_cast<std::uint32_t>(size) + ((flags & (kSyn | kFin)) ? 1u : 0u);
}

void TcpConnection::handshake(PcapWriter& out, std::uint64_t& clock_ns) {
  segment(out, clock_ns += 20'000, true, kSyn, nullptr, 0);
  segment(out, clock_ns += 20'000, false, kSyn | kAck, nullptr, 0);
  segment(out, clock_ns += 20'000, true, kAck, nullptr, 0);
}

namespace {

std::size_t cut_inside_next_header(const MarkedBytes& bytes, std::size_t at, std::size_t n,
                                   bool websocket_header, Dice& dice) {
  for (std::size_t p = at + 1; p < at + n; ++p) {
    if (!bytes.cut_inside_header(p) || (bytes.part[p] == Part::WsHeader) != websocket_header)
      continue;
    std::size_t last = p;  // the header's last byte that a cut can precede
    while (last + 1 < at + n && bytes.cut_inside_header(last + 1)) ++last;
    return p + dice.pick(static_cast<std::uint32_t>(last - p + 1)) - at;
  }
  return 0;
}

void count_cut(const MarkedBytes& bytes, std::size_t p, FramingCounts& counts) {
  if (!bytes.cut_inside_header(p)) return;
  if (bytes.part[p] == Part::WsHeader) {
    ++counts.cuts_in_ws_header;
  } else if (bytes.part[p] == Part::MqttLength) {
    ++counts.cuts_in_mqtt_header;
    if (bytes.part[p - 1] == Part::MqttLength) ++counts.cuts_in_remaining_length;
  }
}

}  // namespace

std::size_t TcpConnection::segment_length(const MarkedBytes& bytes, std::size_t at, Dice& dice,
                                          const SegmentPolicy& policy) {
  std::size_t n = std::min<std::size_t>(policy.mss, bytes.size() - at);
  if (!dice.chance(policy.awkward_cut_share)) return n;
  if (dice.chance(0.5)) {
    bool websocket_header = dice.chance(0.5);
    std::size_t cut = cut_inside_next_header(bytes, at, n, websocket_header, dice);
    if (cut == 0) cut = cut_inside_next_header(bytes, at, n, !websocket_header, dice);
    if (cut != 0) return cut;
  }
  return std::min<std::size_t>(n, 1 + dice.pick(40));
}

void TcpConnection::send(PcapWriter& out, std::uint64_t& clock_ns, bool from_client,
                         const MarkedBytes& bytes, Dice& dice, const SegmentPolicy& policy,
                         FramingCounts& counts) {
  std::size_t at = 0;
  while (at < bytes.size()) {
    std::size_t n = segment_length(bytes, at, dice, policy);
    segment(out, clock_ns += 5'000, from_client, kPsh | kAck, bytes.bytes.data() + at, n);
    ++counts.segments;
    at += n;
    count_cut(bytes, at, counts);
  }
}

void TcpConnection::close(PcapWriter& out, std::uint64_t& clock_ns) {
  segment(out, clock_ns += 20'000, true, kFin | kAck, nullptr, 0);
  segment(out, clock_ns += 20'000, false, kFin | kAck, nullptr, 0);
  segment(out, clock_ns += 20'000, true, kAck, nullptr, 0);
}

}  // namespace mqscope::bench
