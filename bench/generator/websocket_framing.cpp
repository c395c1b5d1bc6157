#include "websocket_framing.hpp"

#include <algorithm>

namespace mqscope::bench {

// One message per packet, unless several packets share one or a packet is split over several.
std::vector<MarkedBytes> WebSocketFramer::messages(const std::vector<MarkedBytes>& packets) {
  std::vector<MarkedBytes> out;
  if (packets.size() > 1 && dice_.chance(shares_.multi)) {
    out.emplace_back();
    for (const MarkedBytes& p : packets) out.back().append(p, 0, p.size());
    ++counts_.messages_with_several_packets;
    return out;
  }
  for (const MarkedBytes& p : packets) {
    std::size_t parts = p.size() > 1 && dice_.chance(shares_.split) ? 2 + dice_.pick(4) : 1;
    std::size_t step = (p.size() + parts - 1) / parts;
    if (step < p.size()) ++counts_.packets_split_over_messages;
    for (std::size_t at = 0; at < p.size(); at += step) {
      out.emplace_back();
      out.back().append(p, at, std::min(step, p.size() - at));
    }
  }
  return out;
}

// RFC 6455 §5.2: FIN, opcode, MASK, payload length in 7, 7+16 or 7+64 bits, masking key.
void WebSocketFramer::frame(MarkedBytes& out, std::uint8_t opcode, bool fin,
                            const MarkedBytes& data, std::size_t at, std::size_t n, bool masked) {
  Bytes header;
  header.push_back(static_cast<std::uint8_t>((fin ? 0x80 : 0) | opcode));
  std::uint8_t mask_bit = masked ? 0x80 : 0;
  if (n < 126) {
    header.push_back(static_cast<std::uint8_t>(mask_bit | n));
  } else if (n <= 0xffff) {
    header.push_back(mask_bit | 126);
    header.push_back(static_cast<std::uint8_t>(n >> 8));
    header.push_back(static_cast<std::uint8_t>(n));
  } else {
    header.push_back(mask_bit | 127);
    for (int i = 7; i >= 0; --i)
      header.push_back(static_cast<std::uint8_t>(std::uint64_t{n} >> (8 * i)));
  }
  std::uint8_t key[4] = {};
  if (masked) {
    for (auto& k : key) k = static_cast<std::uint8_t>(dice_.pick(256));
    header.insert(header.end(), key, key + 4);
  }
  out.append(header.data(), header.size(), ++header_numbers_, Part::WsHeader);
  std::size_t start = out.size();
  out.append(data, at, n);
  for (std::size_t i = 0; i < n; ++i) out.bytes[start + i] ^= key[i % 4];  // RFC 6455 §5.3
  ++counts_.ws_frames;
  if (opcode == 0x0) ++counts_.continuation_frames;
}

MarkedBytes WebSocketFramer::frames(const std::vector<MarkedBytes>& packets, bool masked) {
  MarkedBytes out;
  for (const MarkedBytes& m : messages(packets)) {
    ++counts_.ws_messages;
    std::size_t pieces = m.size() > 1 && dice_.chance(shares_.fragment) ? 2 + dice_.pick(3) : 1;
    std::size_t step = (m.size() + pieces - 1) / pieces;
    if (step < m.size()) ++counts_.fragmented_messages;
    for (std::size_t at = 0; at < m.size(); at += step) {
      std::size_t n = std::min(step, m.size() - at);
      frame(out, at == 0 ? 0x2 : 0x0, at + n >= m.size(), m, at, n, masked);
    }
  }
  return out;
}

}  // namespace mqscope::bench
