// Evaluating a compiled filter against one item's trees. A test holds when any occurrence of
// its field satisfies it; the trees built on demand are consulted only when the item's own
// tree did not settle the test.
#include <algorithm>

#include "expression.hpp"
#include "mqscope/filter/filter.hpp"
#include "regex.hpp"

namespace mqscope::filter {

namespace {

using field::Node;
using field::Tree;
using field::Type;

template <typename T>
bool ordered(TokenKind op, T a, T b) {
  switch (op) {
    case TokenKind::Equal: return a == b;
    case TokenKind::Less: return a < b;
    case TokenKind::Greater: return a > b;
    case TokenKind::LessEqual: return a <= b;
    case TokenKind::GreaterEqual: return a >= b;
    default: return false;
  }
}

bool text_test(TokenKind op, std::string_view value, const Literal& lit, RegexMatcher& matcher) {
  switch (op) {
    case TokenKind::Contains: return value.find(lit.bytes) != std::string_view::npos;
    case TokenKind::Matches: return lit.regex->search(value, matcher);
    default: return value == lit.bytes;
  }
}

bool address_test(std::string_view value, const Literal& lit) {
  if (value.size() != lit.bytes.size()) return false;
  unsigned bits = lit.prefix_bits;
  for (std::size_t i = 0; i < value.size() && bits > 0; ++i, bits = bits >= 8 ? bits - 8 : 0) {
    auto mask = static_cast<unsigned char>(bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff);
    if ((static_cast<unsigned char>(value[i]) & mask) != (static_cast<unsigned char>(lit.bytes[i]) & mask))
      return false;
  }
  return true;
}

bool node_test(const Tree& tree, const Node& node, const Expression& e, RegexMatcher& matcher) {
  const Literal& lit = e.literal;
  switch (node.field->type) {
    case Type::String:
    case Type::Bytes:
      return text_test(e.op, tree.string_value(node), lit, matcher);
    case Type::IPv4:
    case Type::IPv6: return address_test(tree.string_value(node), lit);
    case Type::Ether: return tree.string_value(node) == lit.bytes;
    case Type::RelTime: return ordered(e.op, node.value, lit.number);
    case Type::None:
    case Type::Protocol: return false;
    default: return ordered(e.op, tree.uint_value(node), lit.number);
  }
}

bool in_tree(const Tree& tree, const Expression& e, RegexMatcher& matcher) {
  for (const Node& node : tree.nodes()) {
    if (e.notes) {
      if (node.note == nullptr) continue;
      if (e.kind == Expression::Kind::Exists || text_test(e.op, node.note->name, e.literal, matcher))
        return true;
      continue;
    }
    if (node.field == nullptr ||
        std::find(e.fields.begin(), e.fields.end(), node.field) == e.fields.end())
      continue;
    if (e.kind == Expression::Kind::Exists || node_test(tree, node, e, matcher)) return true;
  }
  return false;
}

bool test(const Expression& e, const Target& target, RegexMatcher& matcher) {
  if (target.tree && in_tree(*target.tree, e, matcher)) return true;
  if (!target.more) return false;
  const Tree* more = target.more();
  return more != nullptr && in_tree(*more, e, matcher);
}

bool evaluate(const Expression& e, const Target& target, RegexMatcher& matcher) {
  switch (e.kind) {
    case Expression::Kind::And:
      return evaluate(*e.left, target, matcher) && evaluate(*e.right, target, matcher);
    case Expression::Kind::Or:
      return evaluate(*e.left, target, matcher) || evaluate(*e.right, target, matcher);
    case Expression::Kind::Not: return !evaluate(*e.left, target, matcher);
    case Expression::Kind::Exists:
    case Expression::Kind::Compare: return test(e, target, matcher);
  }
  return false;
}

}  // namespace

bool Filter::matches(const Target& target) const {
  matcher_->next_item();
  return evaluate(*root_, target, *matcher_);
}

namespace {
std::uint64_t given_up(const Expression* e) {
  if (e == nullptr) return 0;
  std::uint64_t n = e->literal.regex ? e->literal.regex->gave_up() : 0;
  return n + given_up(e->left.get()) + given_up(e->right.get());
}

std::size_t depth_of(const Expression* e) {
  if (e == nullptr) return 0;
  return 1 + std::max(depth_of(e->left.get()), depth_of(e->right.get()));
}
}  // namespace

std::uint64_t Filter::regex_tests_given_up() const { return given_up(root_.get()); }

std::size_t Filter::depth() const { return depth_of(root_.get()); }

}  // namespace mqscope::filter
