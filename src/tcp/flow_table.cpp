#include "mqscope/tcp/flow_table.hpp"

#include "mqscope/tcp/tracker.hpp"

namespace mqscope::tcp {

FlowTable::~FlowTable() {
  index_.for_each([](Flow* flow) { delete flow; });
}

std::uint64_t FlowTable::hash_of(const FlowKey& key) { return mix_hash(FlowKeyHash{}(key)); }

Flow* FlowTable::find(const FlowKey& key) const {
  Flow* const* found = index_.find(hash_of(key), [&key](Flow* flow) { return flow->key == key; });
  return found ? *found : nullptr;
}

Flow& FlowTable::insert(std::unique_ptr<Flow> flow) {
  std::uint64_t hash = hash_of(flow->key);
  return *index_.insert(hash, flow.release());
}

void FlowTable::erase(const FlowKey& key) {
  std::optional<Flow*> removed =
      index_.erase(hash_of(key), [&key](Flow* flow) { return flow->key == key; });
  if (removed) delete *removed;
}

}  // namespace mqscope::tcp
