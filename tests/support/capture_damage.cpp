#include "capture_damage.hpp"

#include <algorithm>
#include <stdexcept>

namespace mqscope::test {

namespace {

constexpr std::size_t kEthernet = 14;

std::uint16_t be16(const ByteVector& b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
void put16(ByteVector& b, std::size_t at, std::size_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}
void push16(ByteVector& b, std::size_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}

std::size_t ip_header_length(const ByteVector& f) {
  return (f[kEthernet] >> 4) == 4 ? (f[kEthernet] & 0x0fu) * 4u : 40u;
}

template <class Fn>
PcapFile map_records(PcapFile file, std::uint32_t link_type, Fn&& fn) {
  for (PcapRecord& r : file.records) {
    std::size_t cut = r.wire_length - r.data.size();
    r.data = fn(r.data);
    r.wire_length = static_cast<std::uint32_t>(r.data.size() + cut);
  }
  file.link_type = link_type;
  return file;
}

// Bytes after the Ethernet header.
ByteVector network_of(const ByteVector& f) {
  return ByteVector(f.begin() + kEthernet, f.end());
}

}  // namespace

SegmentInfo segment_of(const ByteVector& f) {
  SegmentInfo s;
  if (f.size() < kEthernet + 20) return s;
  std::uint16_t type = be16(f, 12);
  if (type != 0x0800 && type != 0x86dd) return s;
  std::size_t ihl = ip_header_length(f);
  std::uint8_t proto = type == 0x0800 ? f[kEthernet + 9] : f[kEthernet + 6];
  std::size_t tcp = kEthernet + ihl;
  if (proto != 6 || f.size() < tcp + 20) return s;
  std::size_t ip_end =
      type == 0x0800 ? kEthernet + be16(f, kEthernet + 2) : kEthernet + 40 + be16(f, kEthernet + 4);
  s.tcp = true;
  s.src_port = be16(f, tcp);
  s.dst_port = be16(f, tcp + 2);
  s.syn = f[tcp + 13] & 0x02;
  s.fin = f[tcp + 13] & 0x01;
  s.has_ack = f[tcp + 13] & 0x10;
  s.seq = static_cast<std::uint32_t>(be16(f, tcp + 4)) << 16 | be16(f, tcp + 6);
  s.ack = static_cast<std::uint32_t>(be16(f, tcp + 8)) << 16 | be16(f, tcp + 10);
  s.payload_offset = tcp + (f[tcp + 12] >> 4) * 4u;
  s.payload_length = ip_end > s.payload_offset ? ip_end - s.payload_offset : 0;
  return s;
}

std::vector<std::size_t> data_records(const PcapFile& file) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < file.records.size(); ++i)
    if (segment_of(file.records[i].data).payload_length > 0) out.push_back(i);
  return out;
}

bool loss_is_visible(const PcapFile& file, std::size_t index) {
  SegmentInfo lost = segment_of(file.records.at(index).data);
  std::uint32_t end = lost.seq + static_cast<std::uint32_t>(lost.payload_length);
  for (std::size_t j = 0; j < file.records.size(); ++j) {
    if (j == index) continue;
    SegmentInfo s = segment_of(file.records[j].data);
    if (!s.tcp) continue;
    bool same = s.src_port == lost.src_port && s.dst_port == lost.dst_port;
    bool peer = s.src_port == lost.dst_port && s.dst_port == lost.src_port;
    auto at_or_after = [](std::uint32_t a, std::uint32_t b) {
      return static_cast<std::int32_t>(a - b) >= 0;
    };
    if (same && (s.payload_length > 0 || s.fin) && at_or_after(s.seq, end)) return true;
    if (peer && s.has_ack && at_or_after(s.ack, end)) return true;
  }
  return false;
}

PcapFile swapped(PcapFile file, std::size_t a, std::size_t b) {
  std::swap(file.records.at(a), file.records.at(b));
  return file;
}

PcapFile duplicated(PcapFile file, std::size_t index, std::size_t copy_at) {
  PcapRecord copy = file.records.at(index);
  file.records.insert(
      file.records.begin() + static_cast<long>(std::min(copy_at, file.records.size())), copy);
  return file;
}

PcapFile dropped(PcapFile file, std::size_t index) {
  file.records.erase(file.records.begin() + static_cast<long>(index));
  return file;
}

PcapFile truncated(PcapFile file, std::size_t index, std::size_t keep) {
  PcapRecord& r = file.records.at(index);
  r.data.resize(std::min(keep, r.data.size()));
  return file;
}

PcapFile reversed(PcapFile file) {
  std::reverse(file.records.begin(), file.records.end());
  return file;
}

PcapFile without_handshakes(PcapFile file) {
  std::vector<PcapRecord> kept;
  bool after_synack = false;
  for (PcapRecord& r : file.records) {
    SegmentInfo s = segment_of(r.data);
    bool handshake = s.syn || (after_synack && s.payload_length == 0);
    after_synack = s.syn && (r.data[kEthernet + ip_header_length(r.data) + 13] & 0x10);
    if (!handshake) kept.push_back(std::move(r));
  }
  file.records = std::move(kept);
  return file;
}

// tcpdump.org LINKTYPE_LINUX_SLL2: protocol, reserved, interface index, ARPHRD_ETHER, packet
// type (0 to us, 4 outgoing), address length, address padded to 8 bytes.
PcapFile as_sll2(PcapFile file) {
  return map_records(std::move(file), 276, [](const ByteVector& f) {
    ByteVector out;
    push16(out, be16(f, 12));
    out.insert(out.end(), {0, 0, 0, 0, 0, 1, 0, 1, 0, 6});
    out.insert(out.end(), f.begin() + 6, f.begin() + 12);
    out.insert(out.end(), {0, 0});
    ByteVector rest = network_of(f);
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
  });
}

PcapFile as_null(PcapFile file, bool network_order) {
  return map_records(
      std::move(file), network_order ? 108 : 0, [network_order](const ByteVector& f) {
        std::uint32_t family = be16(f, 12) == 0x86dd ? 30 : 2;  // AF_INET6 on macOS, AF_INET
        ByteVector out(4, 0);
        if (network_order)
          out[3] = static_cast<std::uint8_t>(family);
        else
          out[0] = static_cast<std::uint8_t>(family);
        ByteVector rest = network_of(f);
        out.insert(out.end(), rest.begin(), rest.end());
        return out;
      });
}

PcapFile as_raw(PcapFile file) {
  return map_records(std::move(file), 101, [](const ByteVector& f) { return network_of(f); });
}

PcapFile with_vlan_tags(PcapFile file, int tags) {
  return map_records(std::move(file), 1, [tags](const ByteVector& f) {
    ByteVector out(f.begin(), f.begin() + 12);
    for (int t = 0; t < tags; ++t) {
      push16(out, tags == 2 && t == 0 ? 0x88a8 : 0x8100);  // 802.1ad outer tag, 802.1Q inner
      push16(out, 100 + static_cast<std::size_t>(t));      // VLAN id
    }
    out.insert(out.end(), f.begin() + 12, f.end());
    return out;
  });
}

PcapFile as_ipv6(PcapFile file) {
  return map_records(std::move(file), 1, [](const ByteVector& f) {
    if (be16(f, 12) != 0x0800) return f;
    std::size_t ihl = ip_header_length(f);
    std::size_t total = be16(f, kEthernet + 2);
    std::size_t end = std::min(f.size(), kEthernet + total);
    ByteVector out(f.begin(), f.begin() + 12);
    push16(out, 0x86dd);
    out.insert(out.end(), {0x60, 0, 0, 0});
    push16(out, total - ihl);
    out.push_back(f[kEthernet + 9]);  // next header: the IPv4 protocol
    out.push_back(f[kEthernet + 8]);  // hop limit: the TTL
    for (std::size_t a : {kEthernet + 12, kEthernet + 16}) {
      out.insert(out.end(), {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0});
      out.insert(out.end(), f.begin() + static_cast<long>(a), f.begin() + static_cast<long>(a + 4));
    }
    out.insert(out.end(), f.begin() + static_cast<long>(kEthernet + ihl),
               f.begin() + static_cast<long>(end));
    return out;
  });
}

namespace {

std::vector<ByteVector> fragments_of(const ByteVector& f, std::size_t size, std::uint32_t id) {
  bool v4 = be16(f, 12) == 0x0800;
  std::size_t ihl = ip_header_length(f);
  std::size_t end =
      v4 ? kEthernet + be16(f, kEthernet + 2) : kEthernet + 40 + be16(f, kEthernet + 4);
  std::size_t begin = kEthernet + ihl;
  if (f.size() < end || end - begin <= size) return {f};
  std::vector<ByteVector> out;
  for (std::size_t at = begin; at < end; at += size) {
    std::size_t n = std::min(size, end - at);
    bool more = at + n < end;
    std::size_t offset = at - begin;
    ByteVector g(f.begin(), f.begin() + static_cast<long>(begin));
    if (v4) {
      put16(g, kEthernet + 2, ihl + n);
      put16(g, kEthernet + 4, id & 0xffff);
      put16(g, kEthernet + 6, (more ? 0x2000 : 0) | (offset / 8));
    } else {
      std::uint8_t next = g[kEthernet + 6];
      g[kEthernet + 6] = 44;
      put16(g, kEthernet + 4, 8 + n);
      g.insert(g.end(), {next, 0});
      push16(g, offset | (more ? 1 : 0));
      for (int s = 24; s >= 0; s -= 8) g.push_back(static_cast<std::uint8_t>(id >> s));
    }
    g.insert(g.end(), f.begin() + static_cast<long>(at), f.begin() + static_cast<long>(at + n));
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

PcapFile fragmented(PcapFile file, std::size_t size, bool last_first) {
  if (size % 8 != 0) throw std::invalid_argument("fragment size must be a multiple of 8");
  std::vector<PcapRecord> out;
  std::uint32_t id = 0x1000;
  for (const PcapRecord& r : file.records) {
    std::vector<ByteVector> parts = fragments_of(r.data, size, id++);
    if (last_first && parts.size() > 1) std::rotate(parts.begin(), parts.end() - 1, parts.end());
    for (ByteVector& p : parts) {
      PcapRecord copy = r;
      copy.wire_length = static_cast<std::uint32_t>(p.size());
      copy.data = std::move(p);
      out.push_back(std::move(copy));
    }
  }
  file.records = std::move(out);
  return file;
}

}  // namespace mqscope::test
