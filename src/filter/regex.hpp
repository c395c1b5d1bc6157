// The regular expressions of `matches` (`~`), as Wireshark has them: PCRE2 syntax, matched
// byte by byte (no UTF-8 mode), "(?i)" for case-insensitive. PCRE2 keeps its backtracking on
// the heap (or the JIT's own stack) within a bound and counts its steps, so a pattern can
// neither overflow the stack on a long value (std::regex recursed once per byte and crashed on
// a 1 MiB payload) nor run for ever: past Limits::regex_match_steps or regex_heap_bytes a test
// gives up, counts as not matching and is counted.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mqscope/core/limits.hpp"

namespace mqscope::filter {

// What matching needs besides the patterns, shared by the regular expressions of one filter
// (they run one at a time): the bounds from Limits, one JIT stack, one block of match data.
class RegexMatcher {
 public:
  explicit RegexMatcher(const Limits& limits);
  RegexMatcher(const RegexMatcher&) = delete;
  RegexMatcher& operator=(const RegexMatcher&) = delete;
  ~RegexMatcher();

  // The tests that follow are of a new item (packet). A pattern that gave up on one value of
  // an item is not tried on the item's other values: a SUBSCRIBE with thousands of topic
  // filters costs at most one give-up per pattern, not thousands.
  void next_item() { ++item_; }

 private:
  friend class Regex;
  struct State;
  std::unique_ptr<State> state_;
  std::uint64_t item_ = 1;
};

class Regex {
 public:
  // The compiled `pattern`, or nullopt with `problem` saying why it is not one.
  static std::optional<Regex> compile(const std::string& pattern, std::string& problem);
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;
  ~Regex();

  // Whether the pattern matches somewhere in `subject`, within the matcher's bounds.
  bool search(std::string_view subject, RegexMatcher& matcher) const;
  // Tests that gave up at a bound, or were skipped after one on the same item (each also
  // returned false).
  std::uint64_t gave_up() const { return gave_up_; }

 private:
  struct Code;
  Regex();
  std::unique_ptr<Code> code_;
  mutable std::uint64_t gave_up_ = 0;
  mutable std::uint64_t gave_up_item_ = 0;  // the matcher's item it last gave up on
};

}  // namespace mqscope::filter
