#include "mqscope/output/json_keys.hpp"

#include <algorithm>

namespace mqscope::output {

namespace {

// '.' as '_' when `flat` (-T ek keys replace one by the other).
char normal(char c, bool flat) {
  return flat && c == '.' ? '_' : c;
}

char char_at(const JsonKey& key, std::size_t i, bool flat) {
  return normal(i < key.base.size() ? key.base[i] : key.suffix[i - key.base.size()], flat);
}

}  // namespace

void JsonKeySet::reset(bool flat) {
  flat_ = flat;
  by_text_ = false;
  keys_.clear();
  apart_.clear();
  if (++generation_ == 0) {  // after 2^32 objects: forget every stamp and slot once
    std::fill(stamps_.begin(), stamps_.end(), 0);
    std::fill(slots_.begin(), slots_.end(), Slot{});
    generation_ = 1;
  }
}

std::string JsonKeySet::text_of(const JsonKey& key) const {
  std::string text(1, flat_ ? 'f' : 'n');  // the styles' numbers are kept apart
  for (std::size_t i = 0; i < key.base.size() + key.suffix.size(); ++i)
    text += char_at(key, i, flat_);
  return text;
}

// Numbers are given per key text, so that two fields with one abbreviation, or a node's
// "x" + "_tree" and a field named "x_tree", get the same one. There are at most three per
// registered field and style.
const JsonKeySet::Remembered& JsonKeySet::remember(const JsonKey& key, std::size_t at) {
  auto [it, added] =
      numbers_.try_emplace(text_of(key), static_cast<std::uint32_t>(numbers_.size()));
  if (added) stamps_.push_back(0);
  bool plain = field::is_abbreviation_text(key.base) && field::is_abbreviation_text(key.suffix);
  remembered_[at] = {key.owner, it->second, static_cast<std::uint8_t>(key.suffix.size()), flat_,
                     plain};
  if (++remembered_count_ * 2 < remembered_.size()) return remembered_[at];
  // Half full: twice the room, each entry placed again.
  std::vector<Remembered> old(remembered_.size() * 2);
  old.swap(remembered_);
  std::size_t mask = remembered_.size() - 1;
  for (const Remembered& r : old) {
    if (r.owner == nullptr) continue;
    std::size_t place = home(r.owner, r.suffix_size, r.flat, mask);
    while (remembered_[place].owner != nullptr) place = (place + 1) & mask;
    remembered_[place] = r;
  }
  return remembered(key.owner, key.suffix.size());
}

// Only the keys so far that are lines of text of the same kind can equal this one: field keys
// are identifiers (or the object would be compared as text already).
bool JsonKeySet::insert_apart() {
  auto last = static_cast<std::uint32_t>(keys_.size() - 1);
  for (std::uint32_t other : apart_)
    if (equal(keys_[other], keys_[last])) return false;
  apart_.push_back(last);
  return true;
}

// FNV-1a over the key's characters as written.
std::uint32_t JsonKeySet::hash(const JsonKey& key) const {
  std::uint32_t h = 2166136261u;
  for (std::size_t i = 0; i < key.base.size() + key.suffix.size(); ++i)
    h = (h ^ static_cast<unsigned char>(char_at(key, i, flat_))) * 16777619u;
  return h;
}

bool JsonKeySet::equal(const JsonKey& a, const JsonKey& b) const {
  std::size_t n = a.base.size() + a.suffix.size();
  if (n != b.base.size() + b.suffix.size()) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (char_at(a, i, flat_) != char_at(b, i, flat_)) return false;
  return true;
}

// A line of text has joined (or the object is already compared as text): the keys so far go
// into a table by their text, then the new one.
bool JsonKeySet::insert_as_text() {
  auto last = static_cast<std::uint32_t>(keys_.size() - 1);
  if (!by_text_) {
    by_text_ = true;
    hashes_.clear();
    for (std::uint32_t i = 0; i < last; ++i) hashes_.push_back(hash(keys_[i]));
    place_all(last);
  }
  hashes_.push_back(hash(keys_[last]));
  if (keys_.size() * 2 > slots_.size()) place_all(last);
  return place(last);
}

// The first `count` keys, all different, into a table with room for four times as many.
void JsonKeySet::place_all(std::uint32_t count) {
  std::size_t size = std::max<std::size_t>(slots_.size(), 64);
  while (size < (count + 1u) * 4u) size *= 2;
  if (size != slots_.size()) slots_.assign(size, Slot{});  // else no slot is of this object
  for (std::uint32_t i = 0; i < count; ++i) place(i);
}

bool JsonKeySet::place(std::uint32_t key) {
  std::size_t mask = slots_.size() - 1;
  std::uint32_t h = hashes_[key];
  for (std::size_t at = h & mask;; at = (at + 1) & mask) {
    Slot& slot = slots_[at];
    if (slot.generation != generation_) {
      slot = {generation_, key};
      return true;
    }
    if (hashes_[slot.key] == h && equal(keys_[slot.key], keys_[key])) return false;
  }
}

}  // namespace mqscope::output
