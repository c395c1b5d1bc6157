#include "regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace mqscope::filter {

struct Regex::State {
  pcre2_code* code = nullptr;
  pcre2_match_data* match = nullptr;
  pcre2_match_context* context = nullptr;
  pcre2_jit_stack* jit_stack = nullptr;
  ~State() {
    pcre2_jit_stack_free(jit_stack);
    pcre2_match_context_free(context);
    pcre2_match_data_free(match);
    pcre2_code_free(code);
  }
};

Regex::Regex() : state_(std::make_unique<State>()) {}
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;
Regex::~Regex() = default;

std::optional<Regex> Regex::compile(const std::string& pattern, const Limits& limits,
                                    std::string& problem) {
  Regex regex;
  State& s = *regex.state_;
  int error = 0;
  PCRE2_SIZE offset = 0;
  // PCRE2_NEVER_UTF: values are bytes (a payload need not be UTF-8), and "(*UTF)" in a
  // pattern cannot switch that on. PCRE2_NEVER_BACKSLASH_C: "\C" has no meaning without UTF.
  s.code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                         PCRE2_NEVER_UTF | PCRE2_NEVER_BACKSLASH_C, &error, &offset, nullptr);
  if (s.code == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    problem = fmt::format("invalid regular expression: {} (at character {})",
                          reinterpret_cast<const char*>(message), offset + 1);
    return std::nullopt;
  }
  // The JIT is faster where the platform has it; without it the interpreter does the same.
  (void)pcre2_jit_compile(s.code, PCRE2_JIT_COMPLETE);
  s.match = pcre2_match_data_create_from_pattern(s.code, nullptr);
  s.context = pcre2_match_context_create(nullptr);
  if (s.match == nullptr || s.context == nullptr) {
    problem = "invalid regular expression: out of memory";
    return std::nullopt;
  }
  pcre2_set_match_limit(s.context, limits.regex_match_steps);
  pcre2_set_depth_limit(s.context, limits.regex_match_steps);
  std::size_t heap_kib = std::min<std::size_t>(limits.regex_heap_bytes / 1024, UINT32_MAX);
  pcre2_set_heap_limit(s.context, static_cast<std::uint32_t>(heap_kib));
  // The JIT backtracks on a stack of its own (32 KiB unless given one): the same bound.
  std::size_t jit_stack = std::max<std::size_t>(limits.regex_heap_bytes, 32 * 1024);
  s.jit_stack = pcre2_jit_stack_create(32 * 1024, jit_stack, nullptr);
  if (s.jit_stack != nullptr) pcre2_jit_stack_assign(s.context, nullptr, s.jit_stack);
  return regex;
}

bool Regex::search(std::string_view subject) const {
  const State& s = *state_;
  // PCRE2 refuses a null subject even when it is empty.
  const char* bytes = subject.data() != nullptr ? subject.data() : "";
  int rc = pcre2_match(s.code, reinterpret_cast<PCRE2_SPTR>(bytes), subject.size(), 0, 0,
                       s.match, s.context);
  if (rc >= 0) return true;
  if (rc != PCRE2_ERROR_NOMATCH) ++gave_up_;  // a limit (steps, depth, heap, JIT stack)
  return false;
}

}  // namespace mqscope::filter
