#include "regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace mqscope::filter {

struct RegexMatcher::State {
  pcre2_match_context* context = nullptr;
  pcre2_match_data* match = nullptr;
  pcre2_jit_stack* jit_stack = nullptr;
  ~State() {
    pcre2_jit_stack_free(jit_stack);
    pcre2_match_data_free(match);
    pcre2_match_context_free(context);
  }
};

RegexMatcher::RegexMatcher(const Limits& limits) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.context = pcre2_match_context_create(nullptr);
  // Whether it matched is all a filter asks: one pair of offsets serves every pattern.
  s.match = pcre2_match_data_create(1, nullptr);
  if (s.context == nullptr) return;
  pcre2_set_match_limit(s.context, limits.regex_match_steps);
  // The interpreter's backtracking memory, in KiB (rounded up: a limit of 0 fails every match).
  std::size_t kib = std::clamp<std::size_t>((limits.regex_heap_bytes + 1023) / 1024, 1, UINT32_MAX);
  pcre2_set_heap_limit(s.context, static_cast<std::uint32_t>(kib));
  // The JIT backtracks on a stack of its own (32 KiB unless given one): the same bound. Without
  // it (no address space for it), patterns are interpreted under the heap limit instead.
  std::size_t most = std::max<std::size_t>(limits.regex_heap_bytes, 32 * 1024);
  s.jit_stack = pcre2_jit_stack_create(32 * 1024, most, nullptr);
  if (s.jit_stack != nullptr) pcre2_jit_stack_assign(s.context, nullptr, s.jit_stack);
}

RegexMatcher::~RegexMatcher() = default;

struct Regex::Code {
  pcre2_code* code = nullptr;
  ~Code() { pcre2_code_free(code); }
};

Regex::Regex() : code_(std::make_unique<Code>()) {}
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;
Regex::~Regex() = default;

std::optional<Regex> Regex::compile(const std::string& pattern, std::string& problem) {
  Regex regex;
  int error = 0;
  PCRE2_SIZE offset = 0;
  // PCRE2_NEVER_UTF: values are bytes (a payload need not be UTF-8), and "(*UTF)" in a
  // pattern cannot switch that on. PCRE2_NEVER_BACKSLASH_C: "\C" has no meaning without UTF.
  regex.code_->code =
      pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                    PCRE2_NEVER_UTF | PCRE2_NEVER_BACKSLASH_C, &error, &offset, nullptr);
  if (regex.code_->code == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    problem = fmt::format("invalid regular expression: {} (at character {})",
                          reinterpret_cast<const char*>(message), offset + 1);
    return std::nullopt;
  }
  // The JIT is faster where the platform has it; without it the interpreter does the same.
  (void)pcre2_jit_compile(regex.code_->code, PCRE2_JIT_COMPLETE);
  return regex;
}

bool Regex::search(std::string_view subject, RegexMatcher& matcher) const {
  const RegexMatcher::State& m = *matcher.state_;
  if (gave_up_item_ == matcher.item_ || m.context == nullptr || m.match == nullptr) {
    ++gave_up_;
    return false;
  }
  // PCRE2 refuses a null subject even when it is empty.
  const char* bytes = subject.data() != nullptr ? subject.data() : "";
  std::uint32_t options = m.jit_stack != nullptr ? 0 : PCRE2_NO_JIT;
  int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(bytes), subject.size(), 0,
                       options, m.match, m.context);
  if (rc >= 0) return true;
  if (rc != PCRE2_ERROR_NOMATCH) {  // a bound: steps, heap or JIT stack
    ++gave_up_;
    gave_up_item_ = matcher.item_;
  }
  return false;
}

}  // namespace mqscope::filter
