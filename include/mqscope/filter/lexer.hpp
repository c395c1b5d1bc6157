// Tokens of the display-filter language (a subset of Wireshark's): field names and bare
// values are words; strings are double-quoted; operators are symbols or words.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mqscope::filter {

enum class TokenKind : unsigned char {
  End,
  Word,     // a field name or a bare value: mqtt.topic, 3, 0x10, PUBLISH, 10.0.0.1, 68:65:6c
  String,   // "text" (escapes resolved)
  LParen,
  RParen,
  Equal,    // == eq
  NotEqual, // != ne
  Less,     // < lt
  Greater,  // > gt
  LessEqual,
  GreaterEqual,
  Contains,
  Matches,  // matches ~
  And,      // and &&
  Or,       // or ||
  Not,      // not !
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;
  std::size_t column = 0;  // 1-based position of the first character
};

// What went wrong, and where (1-based column in the filter text).
struct Error {
  std::size_t column = 0;
  std::string message;
};

// Splits `text` into tokens ending with End; on a lexical error returns false and fills
// `error`.
bool tokenize(std::string_view text, std::vector<Token>& tokens, Error& error);

const char* token_name(TokenKind kind);

}  // namespace mqscope::filter
