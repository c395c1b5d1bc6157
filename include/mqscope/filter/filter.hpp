// Display filters (-Y): a subset of Wireshark's display-filter language over the field
// registry. `mqtt.msgtype == PUBLISH and mqtt.topic contains "temp"`,
// `not mqtt.retain`, `ip.src == 10.0.0.0/8`, `mqscope.note == "mqtt.qos_invalid"`.
//
// As in Wireshark, a comparison holds when ANY occurrence of the field satisfies it, and
// `a != b` is `not (a == b)`; a bare field name tests that the field is present.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "mqscope/core/limits.hpp"
#include "mqscope/field/registry.hpp"
#include "mqscope/field/tree.hpp"
#include "mqscope/filter/lexer.hpp"

namespace mqscope::filter {

// The pseudo-field that holds the names of the notes of an item.
inline constexpr std::string_view kNoteField = "mqscope.note";

// The trees a filter looks at for one item: its own tree, and those built on demand (the
// frame's lower layers).
struct Target {
  const field::Tree* tree = nullptr;
  std::function<const field::Tree*()> more;  // may be empty
};

struct Expression;
class RegexMatcher;

class Filter {
 public:
  // Parses and checks `text` against `registry`; on failure returns nullopt with `error`.
  // `limits` bound the work of each `matches` test (Limits::regex_match_steps).
  static std::optional<Filter> compile(std::string_view text, const field::Registry& registry,
                                       Error& error, const Limits& limits = Limits{});
  Filter(Filter&&) noexcept;
  Filter& operator=(Filter&&) noexcept;
  ~Filter();

  bool matches(const Target& target) const;
  // `matches` tests that gave up at a limit so far (each counted as not matching).
  std::uint64_t regex_tests_given_up() const;
  // Levels of the compiled expression: bounded (parentheses and "not" nest at most 256 deep,
  // chains of "and"/"or" are balanced), since evaluating it recurses.
  std::size_t depth() const;
  // Every field the filter names, so that a caller can tell which trees it needs.
  const std::vector<field::FieldId>& fields() const { return fields_; }

 private:
  Filter();
  std::unique_ptr<Expression> root_;
  std::vector<field::FieldId> fields_;
  std::unique_ptr<RegexMatcher> matcher_;
};

// "mqtt.topic == \"a\" and\n              ^ unknown field" style message for people.
std::string describe_error(std::string_view text, const Error& error);

}  // namespace mqscope::filter
