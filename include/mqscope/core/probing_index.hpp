// An open-addressing index: linear probing over one array of {hash, value} slots, at most half
// full, deletion by shifting the following slots back (no tombstones). The keys stay with the
// caller: a lookup gives the hash and a predicate saying whether a slot's value is the one
// sought, so a lookup reads one slot and then the caller's object (a node-based map read a
// bucket, a node and then the object, which showed with thousands of connections).
//
// Value is a small trivially copyable handle (a pointer, indices) whose value-initialised
// state, Value{}, marks an empty slot and is never stored. Hashes must carry every key bit in
// their low bits (mix_hash below).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace mqscope {

// MurmurHash3's finaliser: spreads every bit of `h` over the low bits linear probing uses.
inline std::uint64_t mix_hash(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

template <typename Value>
class ProbingIndex {
 public:
  // The value whose slot has `hash` and satisfies `same(value)`, or null.
  template <typename Same>
  Value* find(std::uint64_t hash, Same same) {
    std::size_t i = slot_of(hash, same);
    return i == kAbsent ? nullptr : &slots_[i].value;
  }
  template <typename Same>
  const Value* find(std::uint64_t hash, Same same) const {
    std::size_t i = slot_of(hash, same);
    return i == kAbsent ? nullptr : &slots_[i].value;
  }

  // Adds `value` (not Value{}) under `hash`; the caller knows its key is not present yet.
  Value& insert(std::uint64_t hash, Value value) {
    if (2 * (size_ + 1) > slots_.size()) grow();  // at most half full: probe runs stay short
    std::size_t i = home(hash);
    while (!(slots_[i].value == Value{})) i = (i + 1) & mask_;
    slots_[i] = Slot{hash, value};
    ++size_;
    return slots_[i].value;
  }

  // Removes the value found as find() finds it; returns it, or nullopt when absent. The
  // slots after the hole that could live in it move back, so that every value stays
  // reachable from its home slot; pointers from find() are invalid afterwards.
  template <typename Same>
  std::optional<Value> erase(std::uint64_t hash, Same same) {
    std::size_t hole = slot_of(hash, same);
    if (hole == kAbsent) return std::nullopt;
    Value removed = slots_[hole].value;
    slots_[hole] = Slot{};
    --size_;
    for (std::size_t i = (hole + 1) & mask_; !(slots_[i].value == Value{}); i = (i + 1) & mask_) {
      std::size_t from_home = (i - home(slots_[i].hash)) & mask_;
      if (from_home < ((i - hole) & mask_)) continue;  // its home lies after the hole
      slots_[hole] = slots_[i];
      slots_[i] = Slot{};
      hole = i;
    }
    return removed;
  }

  template <typename Visit>
  void for_each(Visit visit) const {
    for (const Slot& slot : slots_)
      if (!(slot.value == Value{})) visit(slot.value);
  }

  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    Value value{};
  };
  static constexpr std::size_t kAbsent = SIZE_MAX;

  std::size_t home(std::uint64_t hash) const { return static_cast<std::size_t>(hash) & mask_; }

  template <typename Same>
  std::size_t slot_of(std::uint64_t hash, Same same) const {
    if (size_ == 0) return kAbsent;
    for (std::size_t i = home(hash);; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.value == Value{}) return kAbsent;
      if (slot.hash == hash && same(slot.value)) return i;
    }
  }

  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.value == Value{}) continue;
      std::size_t i = home(slot.hash);
      while (!(slots_[i].value == Value{})) i = (i + 1) & mask_;
      slots_[i] = slot;
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace mqscope
