// Recursive descent over the tokens:
//   expression := term (("or" | "||") term)*
//   term       := factor (("and" | "&&") factor)*
//   factor     := ("not" | "!") factor | "(" expression ")" | test
//   test       := FIELD [op VALUE]
#include <fmt/format.h>

#include "expression.hpp"
#include "literal.hpp"
#include "regex.hpp"
#include "mqscope/filter/filter.hpp"

namespace mqscope::filter {

namespace {

class Parser {
 public:
  Parser(const std::vector<Token>& tokens, const field::Registry& registry,
         std::vector<field::FieldId>& used)
      : tokens_(tokens), registry_(registry), used_(used) {}

  std::unique_ptr<Expression> parse(Error& error) {
    auto e = expression();
    if (e && peek().kind != TokenKind::End) fail(peek(), fmt::format("unexpected {}", describe(peek())));
    if (!error_.message.empty()) {
      error = error_;
      return nullptr;
    }
    return e;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  const Token& take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool accept(TokenKind kind) {
    if (peek().kind != kind) return false;
    take();
    return true;
  }
  std::nullptr_t fail(const Token& at, std::string message) {
    if (error_.message.empty()) error_ = {at.column, std::move(message)};
    return nullptr;
  }
  static std::string describe(const Token& t) {
    if (t.kind == TokenKind::Word) return fmt::format("'{}'", t.text);
    if (t.kind == TokenKind::String) return fmt::format("\"{}\"", t.text);
    return token_name(t.kind);
  }

  static std::unique_ptr<Expression> join(Expression::Kind kind, std::unique_ptr<Expression> l,
                                          std::unique_ptr<Expression> r) {
    auto e = std::make_unique<Expression>();
    e->kind = kind;
    e->left = std::move(l);
    e->right = std::move(r);
    return e;
  }

  // A chain "a or b or c ..." as a balanced tree of its operands, so that a filter of
  // thousands of alternatives is a few levels deep for the recursive evaluation, not
  // thousands (and/or are associative, so the meaning is the same).
  static std::unique_ptr<Expression> balanced(Expression::Kind kind,
                                              std::vector<std::unique_ptr<Expression>>& operands,
                                              std::size_t from, std::size_t to) {
    if (to - from == 1) return std::move(operands[from]);
    std::size_t middle = from + (to - from) / 2;
    return join(kind, balanced(kind, operands, from, middle), balanced(kind, operands, middle, to));
  }

  template <typename Operand>
  std::unique_ptr<Expression> chain(Expression::Kind kind, TokenKind separator, Operand operand) {
    std::vector<std::unique_ptr<Expression>> operands;
    do {
      auto next = (this->*operand)();
      if (!next) return nullptr;
      operands.push_back(std::move(next));
    } while (accept(separator));
    return balanced(kind, operands, 0, operands.size());
  }

  std::unique_ptr<Expression> expression() {
    return chain(Expression::Kind::Or, TokenKind::Or, &Parser::term);
  }

  std::unique_ptr<Expression> term() {
    return chain(Expression::Kind::And, TokenKind::And, &Parser::factor);
  }

  // Parentheses and "not" nest by recursion: bounded, so that no filter exhausts the stack
  // (4,000 opening parentheses did under AddressSanitizer).
  std::unique_ptr<Expression> factor() {
    bool nests = peek().kind == TokenKind::Not || peek().kind == TokenKind::LParen;
    if (nests && depth_ == kMaxNesting)
      return fail(peek(), fmt::format("parentheses and 'not' nest more than {} deep", kMaxNesting));
    if (accept(TokenKind::Not)) {
      ++depth_;
      auto inner = factor();
      --depth_;
      return inner ? join(Expression::Kind::Not, std::move(inner), nullptr) : nullptr;
    }
    if (peek().kind == TokenKind::LParen) {
      const Token& open = take();
      ++depth_;
      auto inner = expression();
      --depth_;
      if (!inner) return nullptr;
      if (!accept(TokenKind::RParen)) return fail(peek(), fmt::format("expected ')' to close the '(' at column {}", open.column));
      return inner;
    }
    return test();
  }

  static bool is_operator(TokenKind k) {
    return k == TokenKind::Equal || k == TokenKind::NotEqual || k == TokenKind::Less ||
           k == TokenKind::Greater || k == TokenKind::LessEqual || k == TokenKind::GreaterEqual ||
           k == TokenKind::Contains || k == TokenKind::Matches;
  }

  bool resolve_field(const Token& name, Expression& e) {
    if (name.text == kNoteField) {
      e.notes = true;
      return true;
    }
    auto found = registry_.find(name.text);
    if (found.empty()) {
      fail(name, fmt::format("unknown field '{}' (mqscope -G fields lists them)", name.text));
      return false;
    }
    e.fields.assign(found.begin(), found.end());
    used_.insert(used_.end(), found.begin(), found.end());
    return true;
  }

  std::unique_ptr<Expression> test() {
    const Token& name = peek();
    if (name.kind != TokenKind::Word)
      return fail(name, fmt::format("expected a field name, found {}", describe(name)));
    take();
    auto e = std::make_unique<Expression>();
    if (!resolve_field(name, *e)) return nullptr;
    if (!is_operator(peek().kind)) return e;  // a bare field: present or not
    TokenKind op = take().kind;
    const Token& value = peek();
    if (value.kind != TokenKind::Word && value.kind != TokenKind::String)
      return fail(value, fmt::format("expected a value after {}, found {}", token_name(op), describe(value)));
    take();
    bool negate = op == TokenKind::NotEqual;
    e->kind = Expression::Kind::Compare;
    e->op = negate ? TokenKind::Equal : op;
    std::string problem;
    std::optional<Literal> literal =
        e->notes ? make_note_literal(e->op, value.text, problem)
                 : make_literal(*e->fields.front(), e->op, value.text,
                                value.kind == TokenKind::String, problem);
    if (!literal) return fail(value, problem);
    e->literal = std::move(*literal);
    return negate ? join(Expression::Kind::Not, std::move(e), nullptr) : std::move(e);
  }

  const std::vector<Token>& tokens_;
  const field::Registry& registry_;
  std::vector<field::FieldId>& used_;
  static constexpr std::size_t kMaxNesting = 256;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  Error error_;
};

}  // namespace

Filter::Filter() = default;
Filter::Filter(Filter&&) noexcept = default;
Filter& Filter::operator=(Filter&&) noexcept = default;
Filter::~Filter() = default;

std::optional<Filter> Filter::compile(std::string_view text, const field::Registry& registry,
                                      Error& error, const Limits& limits) {
  std::vector<Token> tokens;
  if (!tokenize(text, tokens, error)) return std::nullopt;
  if (tokens.size() == 1) {
    error = {1, "the filter is empty"};
    return std::nullopt;
  }
  Filter filter;
  Parser parser(tokens, registry, filter.fields_);
  filter.root_ = parser.parse(error);
  if (!filter.root_) return std::nullopt;
  filter.matcher_ = std::make_unique<RegexMatcher>(limits);
  return filter;
}

std::string describe_error(std::string_view text, const Error& error) {
  std::size_t caret = error.column > 0 ? error.column - 1 : 0;
  return fmt::format("{}\n{}^ {}", text, std::string(caret, ' '), error.message);
}

}  // namespace mqscope::filter
