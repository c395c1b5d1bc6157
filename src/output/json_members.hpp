// Members of one JSON object collected before it is written, for objects where a key repeats;
// and the JSON of a tree's notes, which the object writer collects.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "mqscope/core/json_text.hpp"
#include "mqscope/field/tree.hpp"

namespace mqscope::output::detail {

// Members of one JSON object, in first-appearance order; repeated keys collect values. Keys
// and values live in one text buffer and keys are found by hash and a linear scan: objects
// have a few dozen members, and a map of strings cost an allocation per member.
class Members {
 public:
  void clear() {
    text_.clear();
    members_.clear();
    values_.clear();
  }
  // `plain_key`: the key needs no JSON escape (a field abbreviation, checked for every
  // registered field by a test); other keys, such as a text line's, are escaped when written.
  void add(std::string_view key, std::string_view value, bool plain_key) {
    std::uint32_t hash = hash_of(key);
    Member* member = nullptr;
    for (Member& m : members_) {
      if (m.hash == hash && key_of(m) == key) {
        member = &m;
        break;
      }
    }
    auto value_index = static_cast<std::uint32_t>(values_.size());
    values_.push_back({store(value), static_cast<std::uint32_t>(value.size()), kNone});
    if (member == nullptr) {
      members_.push_back({hash, store(key), static_cast<std::uint32_t>(key.size()), value_index,
                          value_index, 1, plain_key});
      return;
    }
    values_[member->last].next = value_index;
    member->last = value_index;
    ++member->count;
  }
  void write(TextBuffer& out) const {
    bool first = true;
    for (const Member& m : members_) {
      if (!first) out += ',';
      first = false;
      if (m.plain_key) {
        out += '"';
        out += key_of(m);
        out += "\":";
      } else {
        append_json_string(out, key_of(m));
        out += ':';
      }
      if (m.count > 1) out += '[';
      for (std::uint32_t v = m.first; v != kNone; v = values_[v].next) {
        if (v != m.first) out += ',';
        out.append(text_.data() + values_[v].begin, values_[v].size);
      }
      if (m.count > 1) out += ']';
    }
  }
  bool empty() const { return members_.empty(); }

 private:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  struct Member {
    std::uint32_t hash, key_begin, key_size, first, last, count;
    bool plain_key;
  };
  struct Value {
    std::uint32_t begin, size, next;
  };
  // Only tells keys apart before they are compared: the length and the first and last eight
  // bytes (field abbreviations differ at their ends: "tcp.flags.syn", "tcp.flags.fin").
  // Hashing every byte was a twentieth of a JSON run.
  static std::uint32_t hash_of(std::string_view key) {
    std::uint64_t head = 0;
    std::uint64_t tail = 0;
    std::size_t n = key.size();
    std::memcpy(&head, key.data(), std::min<std::size_t>(n, 8));
    if (n > 8) {
      std::size_t at = n > 16 ? n - 8 : 8;
      std::memcpy(&tail, key.data() + at, std::min<std::size_t>(n - 8, 8));
    }
    std::uint64_t h = (head * 0x9e3779b97f4a7c15ull) ^ (tail * 0xc2b2ae3d27d4eb4full) ^ n;
    return static_cast<std::uint32_t>(h ^ (h >> 32));
  }
  std::string_view key_of(const Member& m) const {
    return text_.view().substr(m.key_begin, m.key_size);
  }
  std::uint32_t store(std::string_view text) {
    auto begin = static_cast<std::uint32_t>(text_.size());
    text_.append(text);
    return begin;
  }
  TextBuffer text_;
  std::vector<Member> members_;
  std::vector<Value> values_;
};

// The notes of a tree, collected under one key at its top level: an array of objects.
void append_json_notes(const std::vector<std::string>& notes, TextBuffer& out);
// The object of one note; `owner` is the node it is on.
std::string json_note_object(const field::Tree& tree, const field::Node& note,
                             const field::Node* owner);

}  // namespace mqscope::output::detail
