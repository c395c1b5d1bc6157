// Converting a filter's literal text to the value type of the field it is compared with.
#pragma once

#include <optional>
#include <string>

#include "expression.hpp"

namespace mqscope::filter {

// The literal `text` (a bare word, or a quoted string when `quoted`) as a value of `field`'s
// type for operator `op` (a regular expression for `matches`); nullopt with `problem` set
// when it is not one.
std::optional<Literal> make_literal(const field::FieldInfo& field, TokenKind op,
                                    const std::string& text, bool quoted, std::string& problem);

// A literal for the mqscope.note pseudo-field (note names are text).
std::optional<Literal> make_note_literal(TokenKind op, const std::string& text,
                                         std::string& problem);

}  // namespace mqscope::filter
