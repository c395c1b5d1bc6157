#include "pcapng_builder.hpp"

namespace mqscope::test {

void PcapngBuilder::put16(ByteVector& b, std::uint32_t v) const {
  if (big_endian_) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
  } else {
    b.push_back(static_cast<std::uint8_t>(v));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
  }
}

void PcapngBuilder::put32(ByteVector& b, std::uint32_t v) const {
  if (big_endian_) {
    put16(b, v >> 16);
    put16(b, v & 0xffff);
  } else {
    put16(b, v & 0xffff);
    put16(b, v >> 16);
  }
}

void PcapngBuilder::block(std::uint32_t type, const ByteVector& body) {
  ByteVector padded = body;
  while (padded.size() % 4 != 0) padded.push_back(0);
  auto total = static_cast<std::uint32_t>(padded.size() + 12);
  put32(out_, type);
  put32(out_, total);
  out_.insert(out_.end(), padded.begin(), padded.end());
  put32(out_, total);
}

void PcapngBuilder::section(bool big_endian) {
  big_endian_ = big_endian;
  ByteVector body;
  put32(body, 0x1a2b3c4d);
  put16(body, 1);  // major
  put16(body, 0);  // minor
  put32(body, 0xffffffff);
  put32(body, 0xffffffff);  // section length unknown
  block(0x0a0d0d0a, body);
}

void PcapngBuilder::interface(std::uint16_t link_type, std::uint32_t snaplen,
                              std::optional<std::uint8_t> tsresol,
                              std::optional<std::int64_t> tsoffset) {
  ByteVector body;
  put16(body, link_type);
  put16(body, 0);
  put32(body, snaplen);
  if (tsresol) {
    put16(body, 9);
    put16(body, 1);
    body.insert(body.end(), {*tsresol, 0, 0, 0});
  }
  if (tsoffset) {
    auto v = static_cast<std::uint64_t>(*tsoffset);
    put16(body, 14);
    put16(body, 8);
    if (big_endian_) {
      put32(body, static_cast<std::uint32_t>(v >> 32));
      put32(body, static_cast<std::uint32_t>(v));
    } else {
      put32(body, static_cast<std::uint32_t>(v));
      put32(body, static_cast<std::uint32_t>(v >> 32));
    }
  }
  if (tsresol || tsoffset) {
    put16(body, 0);  // opt_endofopt
    put16(body, 0);
  }
  block(1, body);
}

void PcapngBuilder::enhanced_packet(std::uint32_t interface, std::uint64_t ticks,
                                    const ByteVector& data, std::uint32_t wire_length) {
  ByteVector body;
  put32(body, interface);
  put32(body, static_cast<std::uint32_t>(ticks >> 32));
  put32(body, static_cast<std::uint32_t>(ticks));
  put32(body, static_cast<std::uint32_t>(data.size()));
  put32(body, wire_length ? wire_length : static_cast<std::uint32_t>(data.size()));
  body.insert(body.end(), data.begin(), data.end());
  block(6, body);
}

void PcapngBuilder::simple_packet(const ByteVector& data, std::uint32_t wire_length) {
  ByteVector body;
  put32(body, wire_length ? wire_length : static_cast<std::uint32_t>(data.size()));
  body.insert(body.end(), data.begin(), data.end());
  block(3, body);
}

}  // namespace mqscope::test
