// The connections the tracker knows, found by their key: open addressing with linear probing
// in one array of {hash, flow} slots (a lookup reads one slot, then the flow; a node-based map
// read a bucket, a node and then the flow, which showed with thousands of connections).
// Deletion shifts the following slots back, so there are no tombstones. The table owns its
// flows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "mqscope/tcp/flow_key.hpp"

namespace mqscope::tcp {

struct Flow;

class FlowTable {
 public:
  FlowTable() = default;
  ~FlowTable();
  FlowTable(const FlowTable&) = delete;
  FlowTable& operator=(const FlowTable&) = delete;

  // The flow with `key`, or null.
  Flow* find(const FlowKey& key) const;
  // Adds `flow` under flow->key, which must not be present yet; returns it.
  Flow& insert(std::unique_ptr<Flow> flow);
  // Removes and destroys the flow with `key`, if present.
  void erase(const FlowKey& key);
  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    Flow* flow = nullptr;  // null: empty
  };
  static std::uint64_t hash_of(const FlowKey& key);
  std::size_t home(std::uint64_t hash) const { return static_cast<std::size_t>(hash) & mask_; }
  void grow();

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace mqscope::tcp
