#include "mqscope/tcp/flow_key.hpp"

#include <cstring>

namespace mqscope::tcp {

namespace {

bool less(const Endpoint& a, const Endpoint& b) {
  if (a.address.family != b.address.family) return a.address.family < b.address.family;
  int c = std::memcmp(a.address.bytes.data(), b.address.bytes.data(), a.address.bytes.size());
  if (c != 0) return c < 0;
  return a.port < b.port;
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  // 64-bit FNV-style mixing, enough to spread addresses and ports.
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}

std::uint64_t hash_endpoint(std::uint64_t h, const Endpoint& e) {
  const auto& b = e.address.bytes;
  for (std::size_t i = 0; i < b.size(); i += 8) {
    std::uint64_t word = 0;
    for (std::size_t j = 0; j < 8; ++j) word = (word << 8) | b[i + j];
    h = mix(h, word);
  }
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
