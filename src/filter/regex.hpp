// The regular expressions of `matches` (`~`), as Wireshark has them: PCRE2 syntax, matched
// byte by byte (no UTF-8 mode), "(?i)" for case-insensitive. PCRE2 keeps its backtracking on
// the heap within a bound and counts its steps, so a pattern can neither overflow the stack
// on a long value (std::regex recursed once per byte and crashed on a 100 KiB payload) nor
// run for ever: past Limits::regex_match_steps a test gives up, counts as not matching and is
// counted.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mqscope/core/limits.hpp"

namespace mqscope::filter {

class Regex {
 public:
  // The compiled `pattern`, or nullopt with `problem` saying why it is not one.
  static std::optional<Regex> compile(const std::string& pattern, const Limits& limits,
                                      std::string& problem);
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;
  ~Regex();

  // Whether the pattern matches somewhere in `subject`. Not thread-safe: the match state is
  // kept between calls so that a test allocates nothing.
  bool search(std::string_view subject) const;
  // Tests that gave up at a limit (each also returned false).
  std::uint64_t gave_up() const { return gave_up_; }

 private:
  struct State;
  Regex();
  std::unique_ptr<State> state_;
  mutable std::uint64_t gave_up_ = 0;
};

}  // namespace mqscope::filter
