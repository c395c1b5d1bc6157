// The connections the tracker knows, found by their key in core's ProbingIndex (open
// addressing, one slot then the flow per lookup). The table owns its flows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "mqscope/core/probing_index.hpp"
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
  std::size_t size() const { return index_.size(); }

 private:
  static std::uint64_t hash_of(const FlowKey& key);

  ProbingIndex<Flow*> index_;
};

}  // namespace mqscope::tcp
