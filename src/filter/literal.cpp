#include "literal.hpp"

#include <arpa/inet.h>

#include <charconv>

#include <fmt/format.h>

namespace mqscope::filter {

namespace {

using field::Type;

std::optional<std::uint64_t> parse_number(const std::string& text) {
  std::uint64_t v = 0;
  int base = 10;
  std::size_t skip = 0;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    skip = 2;
  }
  const char* begin = text.data() + skip;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, v, base);
  if (ec != std::errc() || ptr != end || begin == end) return std::nullopt;
  return v;
}

std::optional<Literal> integer_literal(const field::FieldInfo& f, const std::string& text) {
  Literal lit;
  lit.kind = ValueKind::Integer;
  if (auto n = parse_number(text)) {
    lit.number = *n;
    return lit;
  }
  if (f.type == Type::Boolean) {
    if (text == "true" || text == "True" || text == "TRUE") return lit.number = 1, lit;
    if (text == "false" || text == "False" || text == "FALSE") return lit.number = 0, lit;
  }
  if (auto v = field::value_of_name(f, text)) return lit.number = *v, lit;
  return std::nullopt;
}

// "68:65:6c", "68-65-6c", "68656c".
std::optional<std::string> parse_hex_bytes(const std::string& text) {
  std::string out;
  int high = -1;
  for (char c : text) {
    if (c == ':' || c == '-' || c == '.') {
      if (high >= 0) return std::nullopt;
      continue;
    }
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0) return std::nullopt;
    if (high < 0) {
      high = v;
    } else {
      out += static_cast<char>(high * 16 + v);
      high = -1;
    }
  }
  if (high >= 0 || out.empty()) return std::nullopt;
  return out;
}

std::optional<Literal> address_literal(const field::FieldInfo& f, const std::string& text) {
  Literal lit;
  lit.kind = ValueKind::Address;
  std::string host = text;
  std::size_t slash = text.find('/');
  bool v6 = f.type == Type::IPv6;
  lit.prefix_bits = v6 ? 128 : 32;
  if (slash != std::string::npos) {
    host = text.substr(0, slash);
    auto bits = parse_number(text.substr(slash + 1));
    if (!bits || *bits > lit.prefix_bits) return std::nullopt;
    lit.prefix_bits = static_cast<unsigned>(*bits);
  }
  unsigned char buf[16] = {};
  if (inet_pton(v6 ? AF_INET6 : AF_INET, host.c_str(), buf) != 1) return std::nullopt;
  lit.bytes.assign(reinterpret_cast<const char*>(buf), v6 ? 16 : 4);
  return lit;
}

std::optional<Literal> seconds_literal(const std::string& text) {
  char* end = nullptr;
  double seconds = std::strtod(text.c_str(), &end);
  // Nanoseconds are held in 64 bits: up to about 584 years. "nan", "inf" and larger values are
  // not a time (converting them would be undefined).
  constexpr double kLargest = 18446744073.0;
  if (end != text.c_str() + text.size() || !(seconds >= 0 && seconds < kLargest))
    return std::nullopt;
  Literal lit;
  lit.kind = ValueKind::Nanoseconds;
  lit.number = static_cast<std::uint64_t>(seconds * 1e9 + 0.5);
  return lit;
}

std::optional<Literal> regex_literal(const std::string& pattern, std::string& problem) {
  std::optional<Regex> regex = Regex::compile(pattern, problem);
  if (!regex) return std::nullopt;
  Literal lit;
  lit.kind = ValueKind::Regex;
  lit.regex = std::make_shared<const Regex>(std::move(*regex));
  return lit;
}

const char* type_words(Type type) {
  switch (type) {
    case Type::Boolean: return "a boolean (true, false, 1, 0)";
    case Type::String: return "text";
    case Type::Bytes: return "bytes (aa:bb:cc or a quoted string)";
    case Type::IPv4: return "an IPv4 address or network (10.0.0.0/8)";
    case Type::IPv6: return "an IPv6 address or network";
    case Type::Ether: return "a MAC address";
    case Type::RelTime: return "a number of seconds";
    case Type::None:
    case Type::Protocol: return "nothing: it can only be tested for presence";
    default: return "an integer or a value name";
  }
}

}  // namespace

std::optional<Literal> make_literal(const field::FieldInfo& f, TokenKind op,
                                    const std::string& text, bool quoted, std::string& problem) {
  bool textual = f.type == Type::String || f.type == Type::Bytes;
  if ((op == TokenKind::Contains || op == TokenKind::Matches) && !textual) {
    problem = fmt::format("{} holds {}; 'contains' and 'matches' need text or bytes", f.abbrev,
                          type_words(f.type));
    return std::nullopt;
  }
  if (op == TokenKind::Matches) return regex_literal(text, problem);
  bool ordered = op == TokenKind::Less || op == TokenKind::Greater ||
                 op == TokenKind::LessEqual || op == TokenKind::GreaterEqual;
  std::optional<Literal> lit;
  switch (f.type) {
    case Type::String:
      lit = Literal{ValueKind::Text, 0, text, 0, nullptr};
      break;
    case Type::Bytes: {
      std::optional<std::string> b = quoted ? std::optional<std::string>(text) : parse_hex_bytes(text);
      if (b) lit = Literal{ValueKind::Bytes, 0, *b, 0, nullptr};
      break;
    }
    case Type::IPv4:
    case Type::IPv6: lit = address_literal(f, text); break;
    case Type::Ether:
      if (auto b = parse_hex_bytes(text); b && b->size() == 6)
        lit = Literal{ValueKind::Bytes, 0, *b, 0, nullptr};
      break;
    case Type::RelTime: lit = seconds_literal(text); break;
    case Type::None:
    case Type::Protocol: break;
    default: lit = integer_literal(f, text); break;
  }
  if (lit && ordered && lit->kind != ValueKind::Integer && lit->kind != ValueKind::Nanoseconds) {
    problem = fmt::format("{} holds {}; it cannot be ordered with '<' or '>'", f.abbrev,
                          type_words(f.type));
    return std::nullopt;
  }
  if (!lit) problem = fmt::format("\"{}\" is not a value of {}, which holds {}", text, f.abbrev,
                                  type_words(f.type));
  return lit;
}

std::optional<Literal> make_note_literal(TokenKind op, const std::string& text,
                                         std::string& problem) {
  if (op == TokenKind::Matches) return regex_literal(text, problem);
  if (op != TokenKind::Equal && op != TokenKind::Contains) {
    problem = "note names can only be compared with ==, != , contains and matches";
    return std::nullopt;
  }
  return Literal{ValueKind::Text, 0, text, 0, nullptr};
}

}  // namespace mqscope::filter
