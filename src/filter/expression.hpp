// The compiled form of a display filter: a tree of and/or/not over field tests whose values
// were checked and converted for the field's type when the filter was compiled.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mqscope/field/field.hpp"
#include "mqscope/filter/lexer.hpp"
#include "regex.hpp"

namespace mqscope::filter {

enum class ValueKind : std::uint8_t { Integer, Text, Bytes, Address, Nanoseconds, Regex };

struct Literal {
  ValueKind kind = ValueKind::Integer;
  std::uint64_t number = 0;     // Integer, Nanoseconds
  std::string bytes;            // Text, Bytes, Address (4 or 16 bytes)
  unsigned prefix_bits = 0;     // Address: bits that must match (CIDR)
  std::shared_ptr<const Regex> regex;
};

struct Expression {
  enum class Kind : std::uint8_t { And, Or, Not, Exists, Compare };
  Kind kind = Kind::Exists;
  std::unique_ptr<Expression> left;
  std::unique_ptr<Expression> right;
  std::vector<field::FieldId> fields;  // every description registered under the name
  bool notes = false;                  // the mqscope.note pseudo-field
  TokenKind op = TokenKind::Equal;     // Equal, Less, Greater, LessEqual, GreaterEqual,
                                       // Contains, Matches (NotEqual becomes Not(Equal))
  Literal literal;
};

}  // namespace mqscope::filter
