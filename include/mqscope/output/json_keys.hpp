// Whether any key of one JSON object repeats. A key is a base (a field's abbreviation or a
// line of text) and a constant suffix ("", "_tree", "_raw"); in the flat -T ek style '.' and
// '_' are the same character. An object whose keys are all different can be written as its
// nodes are visited; one with a repeat needs its values collected into arrays first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mqscope/field/field.hpp"

namespace mqscope::output {

struct JsonKey {
  std::string_view base;
  std::string_view suffix;
  // The field whose abbreviation the base is, or null for a line of text.
  const void* owner = nullptr;
};

class JsonKeySet {
 public:
  // Starts an empty set; `flat`: '.' and '_' are the same character.
  void reset(bool flat);
  // Adds `key`; false when an equal key is already in the set. Field keys are told apart by
  // a number per distinct key text, remembered per field: a few instructions each. A line of
  // text with a character no abbreviation has (a space, a colon) is compared only with the
  // object's other such lines. Any other key makes the whole object compared as text.
  bool insert(const JsonKey& key) { return insert(key.base, key.suffix, key.owner); }
  // The same, from the key's parts: a key built on the stack and copied into the set was read
  // back in 16-byte loads that waited for its 8-byte stores (store forwarding fails), once
  // per key of every JSON object.
  bool insert(std::string_view base, std::string_view suffix, const void* owner) {
    keys_.push_back(JsonKey{base, suffix, owner});
    if (!by_text_) {
      if (owner == nullptr) {
        if (!field::is_abbreviation_text(base)) return insert_apart();
      } else if (suffix.size() <= UINT8_MAX) {  // always: the suffixes are "", "_raw", "_tree"
        const Remembered& r = remembered(owner, suffix.size());
        if (r.identifier) {
          if (stamps_[r.id] == generation_) return false;
          stamps_[r.id] = generation_;
          return true;
        }
      }
    }
    return insert_as_text();
  }

 private:
  struct Remembered {  // 16 bytes: the table is read for every key of every object
    const void* owner = nullptr;
    std::uint32_t id = 0;
    std::uint8_t suffix_size = 0;  // "", "_raw" and "_tree" differ in length
    bool flat = false;
    bool identifier = false;  // field::is_abbreviation_text()
  };
  struct Slot {
    std::uint32_t generation = 0;  // the slot is used when this is the set's generation
    std::uint32_t key = 0;
  };

  // Open addressing, never evicting: the keys are the registered fields' (a few hundred).
  // The entry of the key just inserted (keys_.back()), given by its owner and suffix length,
  // which stay in registers: read back from the vector they cost 0.6 % of a JSON run.
  const Remembered& remembered(const void* owner, std::size_t suffix_size) {
    std::size_t mask = remembered_.size() - 1;
    for (std::size_t at = home(owner, suffix_size, flat_, mask);; at = (at + 1) & mask) {
      const Remembered& r = remembered_[at];
      if (r.owner == owner && r.suffix_size == suffix_size && r.flat == flat_) return r;
      if (r.owner == nullptr) return remember(keys_.back(), at);
    }
  }
  static std::size_t home(const void* owner, std::size_t suffix_size, bool flat, std::size_t mask) {
    auto bits = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(owner));
    std::uint64_t mixed = (bits + suffix_size + (flat ? 8 : 0)) * 0x9e3779b97f4a7c15ull;
    return static_cast<std::size_t>(mixed >> 40) & mask;
  }
  const Remembered& remember(const JsonKey& key, std::size_t at);
  bool insert_apart();
  std::string text_of(const JsonKey& key) const;
  bool insert_as_text();
  bool place(std::uint32_t key);  // into slots_; false when an equal key is there
  void place_all(std::uint32_t count);
  bool equal(const JsonKey& a, const JsonKey& b) const;
  std::uint32_t hash(const JsonKey& key) const;

  bool flat_ = false;
  bool by_text_ = false;
  std::uint32_t generation_ = 0;       // one per object: stamps and slots need no clearing
  std::vector<JsonKey> keys_;          // of this object
  std::vector<std::uint32_t> apart_;   // keys_ that are lines of text unlike any abbreviation
  std::vector<std::uint32_t> stamps_;  // by key number: generation last seen
  std::unordered_map<std::string, std::uint32_t> numbers_;              // key text -> number
  std::vector<Remembered> remembered_ = std::vector<Remembered>(1024);  // by field and suffix
  std::size_t remembered_count_ = 0;   // entries used in remembered_
  std::vector<Slot> slots_;            // text mode: open addressing
  std::vector<std::uint32_t> hashes_;  // text mode: of keys_
};

}  // namespace mqscope::output
