#include "mqscope/tcp/flow_table.hpp"

#include "mqscope/tcp/tracker.hpp"

namespace mqscope::tcp {

namespace {

constexpr std::size_t kInitialSlots = 64;

// MurmurHash3's finaliser: linear probing needs every key bit in the low bits of the hash.
std::uint64_t avalanche(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace

FlowTable::~FlowTable() {
  for (Slot& slot : slots_) delete slot.flow;
}

std::uint64_t FlowTable::hash_of(const FlowKey& key) {
  return avalanche(FlowKeyHash{}(key));
}

Flow* FlowTable::find(const FlowKey& key) const {
  if (size_ == 0) return nullptr;
  std::uint64_t hash = hash_of(key);
  for (std::size_t i = home(hash);; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.flow == nullptr) return nullptr;
    if (slot.hash == hash && slot.flow->key == key) return slot.flow;
  }
}

Flow& FlowTable::insert(std::unique_ptr<Flow> flow) {
  // At most half full: probe runs stay short.
  if (2 * (size_ + 1) > slots_.size()) grow();
  std::uint64_t hash = hash_of(flow->key);
  std::size_t i = home(hash);
  while (slots_[i].flow != nullptr) i = (i + 1) & mask_;
  slots_[i] = Slot{hash, flow.release()};
  ++size_;
  return *slots_[i].flow;
}

// Linear probing's deletion: the slots after the hole that could live in it move back, so
// that every flow stays reachable from its home slot without tombstones.
void FlowTable::erase(const FlowKey& key) {
  if (size_ == 0) return;
  std::uint64_t hash = hash_of(key);
  std::size_t hole = home(hash);
  while (true) {
    Slot& slot = slots_[hole];
    if (slot.flow == nullptr) return;
    if (slot.hash == hash && slot.flow->key == key) break;
    hole = (hole + 1) & mask_;
  }
  delete slots_[hole].flow;
  slots_[hole] = Slot{};
  --size_;
  for (std::size_t i = (hole + 1) & mask_; slots_[i].flow != nullptr; i = (i + 1) & mask_) {
    std::size_t want = home(slots_[i].hash);
    // The slot may move to the hole when its home is not in the cyclic range (hole, i].
    bool home_after_hole = hole <= i ? (want > hole && want <= i) : (want > hole || want <= i);
    if (home_after_hole) continue;
    slots_[hole] = slots_[i];
    slots_[i] = Slot{};
    hole = i;
  }
}

void FlowTable::grow() {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? kInitialSlots : old.size() * 2, Slot{});
  mask_ = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.flow == nullptr) continue;
    std::size_t i = home(slot.hash);
    while (slots_[i].flow != nullptr) i = (i + 1) & mask_;
    slots_[i] = slot;
  }
}

}  // namespace mqscope::tcp
