#include "mqscope/tcp/flow_key.hpp"

#include <cstring>

namespace mqscope::tcp {

namespace {

// Address bytes in network order: as big-endian words they order as memcmp would.
std::uint64_t word_at(const Address& a, std::size_t i) {
  std::uint64_t w;
  std::memcpy(&w, a.bytes.data() + 8 * i, sizeof w);
  return __builtin_bswap64(w);
}

bool less(const Endpoint& a, const Endpoint& b) {
  if (a.address.family != b.address.family) return a.address.family < b.address.family;
  for (std::size_t i = 0; i < 2; ++i) {
    std::uint64_t x = word_at(a.address, i), y = word_at(b.address, i);
    if (x != y) return x < y;
  }
  return a.port < b.port;
}

// An address word as it lies in memory: the hash needs no byte order.
std::uint64_t raw_word(const Address& a, std::size_t i) {
  std::uint64_t w;
  std::memcpy(&w, a.bytes.data() + 8 * i, sizeof w);
  return w;
}

}  // namespace

FlowKey make_flow_key(const Endpoint& src, const Endpoint& dst, bool& low_to_high) {
  low_to_high = !less(dst, src);
  return low_to_high ? FlowKey{src, dst} : FlowKey{dst, src};
}

// Every segment is hashed: each word times its own odd constant, summed, in a few
// instructions, where mixing them one after another took about sixty.
std::size_t FlowKeyHash::operator()(const FlowKey& key) const {
  const Endpoint& low = key.low;
  const Endpoint& high = key.high;
  std::uint64_t ports_and_families = std::uint64_t{low.port} << 48 |
                                     std::uint64_t{high.port} << 32 |
                                     std::uint64_t{low.address.family} << 8 | high.address.family;
  std::uint64_t sum = raw_word(low.address, 0) * 0x9e3779b97f4a7c15ull +
                      raw_word(low.address, 1) * 0xc2b2ae3d27d4eb4full +
                      raw_word(high.address, 0) * 0x165667b19e3779f9ull +
                      raw_word(high.address, 1) * 0xd6e8feb86659fd93ull +
                      ports_and_families * 0xff51afd7ed558ccdull;
  // A product's low bits depend only on its factor's low bits: fold the high half down, so
  // that the low bits alone (a std::unordered_map's buckets) see every word.
  return static_cast<std::size_t>(sum ^ (sum >> 32));
}

}  // namespace mqscope::tcp
