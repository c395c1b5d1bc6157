// The members of `Limits` by name, so that a user can change any of them (--limit NAME=N) and
// the documentation can list them: the names are the members' own.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "mqscope/core/limits.hpp"

namespace mqscope {

struct LimitName {
  std::string_view name;
  std::uint64_t max;  // the largest value its type holds
};

// Every member of Limits, in the order of limits.hpp.
std::span<const LimitName> limit_names();

// Sets the limit `name` to `value` (1 to its maximum); false with a message otherwise.
bool set_limit(Limits& limits, std::string_view name, std::uint64_t value, std::string& error);
// Reads "NAME=N" (N decimal) and sets that limit; false with a message otherwise.
bool set_limit(Limits& limits, std::string_view assignment, std::string& error);
// The current value of the limit `name` (0 for an unknown name).
std::uint64_t limit_value(const Limits& limits, std::string_view name);

}  // namespace mqscope
