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

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  // 64-bit FNV-style mixing, enough to spread addresses and ports.
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}

std::uint64_t hash_endpoint(std::uint64_t h, const Endpoint& e) {
  h = mix(h, word_at(e.address, 0));
  h = mix(h, word_at(e.address, 1));
  return mix(h, (std::uint64_t{e.address.family} << 16) | e.port);
}

}  // namespace

FlowKey make_flow_key(const Endpoint& src, const Endpoint& dst, bool& low_to_high) {
  low_to_high = !less(dst, src);
  return low_to_high ? FlowKey{src, dst} : FlowKey{dst, src};
}

std::size_t FlowKeyHash::operator()(const FlowKey& key) const {
  return static_cast<std::size_t>(hash_endpoint(hash_endpoint(0, key.low), key.high));
}

}  // namespace mqscope::tcp
