#include "mqscope/filter/lexer.hpp"

#include <cctype>
#include <utility>

namespace mqscope::filter {

namespace {

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
         c == ':' || c == '/' || c == '+' || c == '#';
}

TokenKind keyword(std::string_view word) {
  static constexpr std::pair<std::string_view, TokenKind> kWords[] = {
      {"and", TokenKind::And},       {"or", TokenKind::Or},        {"not", TokenKind::Not},
      {"eq", TokenKind::Equal},      {"ne", TokenKind::NotEqual},  {"lt", TokenKind::Less},
      {"gt", TokenKind::Greater},    {"le", TokenKind::LessEqual}, {"ge", TokenKind::GreaterEqual},
      {"contains", TokenKind::Contains}, {"matches", TokenKind::Matches}};
  for (const auto& [text, kind] : kWords) {
    if (word == text) return kind;
  }
  return TokenKind::Word;
}

// The operator spelled by symbols at `text[i]`, and its length; {End, 0} if none.
std::pair<TokenKind, std::size_t> symbol_at(std::string_view text, std::size_t i) {
  static constexpr std::pair<std::string_view, TokenKind> kSymbols[] = {
      {"==", TokenKind::Equal},     {"!=", TokenKind::NotEqual}, {"<=", TokenKind::LessEqual},
      {">=", TokenKind::GreaterEqual}, {"&&", TokenKind::And},   {"||", TokenKind::Or},
      {"<", TokenKind::Less},       {">", TokenKind::Greater},   {"!", TokenKind::Not},
      {"~", TokenKind::Matches},    {"(", TokenKind::LParen},    {")", TokenKind::RParen}};
  for (const auto& [symbol, kind] : kSymbols) {
    if (text.substr(i, symbol.size()) == symbol) return {kind, symbol.size()};
  }
  return {TokenKind::End, 0};
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads a quoted string starting at text[i] == '"'; returns the index after the closing quote.
bool read_string(std::string_view text, std::size_t& i, std::string& out, Error& error) {
  std::size_t start = i++;
  while (i < text.size() && text[i] != '"') {
    char c = text[i++];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i >= text.size()) break;
    char e = text[i++];
    if (e == 'n') out += '\n';
    else if (e == 't') out += '\t';
    else if (e == 'r') out += '\r';
    else if (e == 'x' && i + 1 < text.size() && hex_digit(text[i]) >= 0 && hex_digit(text[i + 1]) >= 0) {
      out += static_cast<char>(hex_digit(text[i]) * 16 + hex_digit(text[i + 1]));
      i += 2;
    } else out += e;
  }
  if (i >= text.size()) {
    error = {start + 1, "unterminated string"};
    return false;
  }
  ++i;
  return true;
}

}  // namespace

bool tokenize(std::string_view text, std::vector<Token>& tokens, Error& error) {
  tokens.clear();
  std::size_t i = 0;
  while (true) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    Token token;
    token.column = i + 1;
    if (text[i] == '"') {
      token.kind = TokenKind::String;
      if (!read_string(text, i, token.text, error)) return false;
    } else if (auto [kind, length] = symbol_at(text, i); length > 0) {
      token.kind = kind;
      token.text = std::string(text.substr(i, length));
      i += length;
    } else if (is_word_char(text[i])) {
      std::size_t start = i;
      while (i < text.size() && is_word_char(text[i])) ++i;
      token.text = std::string(text.substr(start, i - start));
      token.kind = keyword(token.text);
    } else {
      error = {i + 1, std::string("unexpected character '") + text[i] + "'"};
      return false;
    }
    tokens.push_back(std::move(token));
  }
  Token end;
  end.column = text.size() + 1;
  tokens.push_back(end);
  return true;
}

const char* token_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::End: return "the end of the filter";
    case TokenKind::Word: return "a word";
    case TokenKind::String: return "a string";
    case TokenKind::LParen: return "'('";
    case TokenKind::RParen: return "')'";
    case TokenKind::Equal: return "'=='";
    case TokenKind::NotEqual: return "'!='";
    case TokenKind::Less: return "'<'";
    case TokenKind::Greater: return "'>'";
    case TokenKind::LessEqual: return "'<='";
    case TokenKind::GreaterEqual: return "'>='";
    case TokenKind::Contains: return "'contains'";
    case TokenKind::Matches: return "'matches'";
    case TokenKind::And: return "'and'";
    case TokenKind::Or: return "'or'";
    case TokenKind::Not: return "'not'";
  }
  return "?";
}

}  // namespace mqscope::filter
