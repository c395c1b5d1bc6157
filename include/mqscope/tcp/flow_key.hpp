// A TCP connection's endpoints, and which of its two directions a segment travels.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "mqscope/core/address.hpp"

namespace mqscope::tcp {

struct Endpoint {
  Address address;
  std::uint16_t port = 0;
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

// Endpoints in a canonical order, so that both directions of a connection map to one key.
struct FlowKey {
  Endpoint low;
  Endpoint high;
  friend bool operator==(const FlowKey&, const FlowKey&) = default;
};

// The key of a segment from `src` to `dst`, and whether the segment runs low → high.
FlowKey make_flow_key(const Endpoint& src, const Endpoint& dst, bool& low_to_high);

struct FlowKeyHash {
  std::size_t operator()(const FlowKey& key) const;
};

}  // namespace mqscope::tcp
