#include "pcap_file.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace mqscope::test {

namespace {

std::uint32_t get32(const ByteVector& b, std::size_t at, bool swapped) {
  if (at + 4 > b.size()) throw std::runtime_error("pcap file cut short");
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    std::size_t k = swapped ? i : 3 - i;
    v = (v << 8) | b[at + k];
  }
  return v;
}

void put32le(ByteVector& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace

PcapFile PcapFile::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  ByteVector b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (b.size() < 24) throw std::runtime_error(path + ": not a pcap file");
  std::uint32_t magic = get32(b, 0, false);  // as if little-endian
  bool swapped = false, nano = false;
  if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
    nano = magic == 0xa1b23c4d;
  } else {
    std::uint32_t big = get32(b, 0, true);
    if (big != 0xa1b2c3d4 && big != 0xa1b23c4d)
      throw std::runtime_error(path + ": not a pcap file");
    swapped = true;
    nano = big == 0xa1b23c4d;
  }
  // get32(…, false) reads little-endian; a big-endian file reads with swapped = true.
  auto word = [&](std::size_t at) { return get32(b, at, swapped); };
  PcapFile file;
  file.snaplen = word(16);
  file.link_type = word(20) & 0x0fffffff;
  for (std::size_t at = 24; at < b.size();) {
    PcapRecord r;
    r.sec = word(at);
    r.nsec = std::int64_t{word(at + 4)} * (nano ? 1 : 1000);
    std::uint32_t caplen = word(at + 8);
    r.wire_length = word(at + 12);
    at += 16;
    if (at + caplen > b.size()) throw std::runtime_error(path + ": record cut short");
    r.data.assign(b.begin() + static_cast<long>(at), b.begin() + static_cast<long>(at + caplen));
    at += caplen;
    file.records.push_back(std::move(r));
  }
  return file;
}

ByteVector PcapFile::bytes() const {
  ByteVector out;
  put32le(out, 0xa1b23c4d);
  out.insert(out.end(), {0x02, 0x00, 0x04, 0x00});
  put32le(out, 0);
  put32le(out, 0);
  put32le(out, snaplen);
  put32le(out, link_type);
  for (const PcapRecord& r : records) {
    put32le(out, static_cast<std::uint32_t>(r.sec));
    put32le(out, static_cast<std::uint32_t>(r.nsec));
    put32le(out, static_cast<std::uint32_t>(r.data.size()));
    put32le(out, r.wire_length);
    out.insert(out.end(), r.data.begin(), r.data.end());
  }
  return out;
}

}  // namespace mqscope::test
