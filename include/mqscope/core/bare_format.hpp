// append_format(out, FMT_COMPILE("Frame {}: {} bytes"), args...): fmt's text, appended to a
// std::string or TextBuffer. A format whose fields are all a bare "{}", of integers, booleans,
// characters and strings, is taken apart when compiling and written straight into room
// reserved for it: its literal pieces by fixed-size moves, its integers by std::to_chars. fmt
// itself grew the string once per piece and copied each literal piece through a call, which
// cost several times the digits in the labels of every frame (-V, JSON). Any other format,
// or argument, goes through fmt.
#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <iterator>
#include <string_view>
#include <type_traits>
#include <utility>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "mqscope/core/text_buffer.hpp"

namespace mqscope {

namespace bare_format {

// The format's literal text with "{{" and "}}" unescaped, and where its pieces lie in it:
// piece k is text[begin[k], begin[k] + size[k]), and field k comes after it.
template <std::size_t Size, std::size_t Fields>
struct Pieces {
  std::array<char, Size> text{};
  std::array<std::size_t, Fields + 1> begin{};
  std::array<std::size_t, Fields + 1> size{};
};

// Whether the format's replacement fields are all bare, besides escaped braces, and there are
// `fields` of them.
template <typename Format>
constexpr bool only_bare_fields(std::size_t fields) {
  fmt::string_view text(Format{});
  std::size_t found = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '{' && c != '}') continue;
    if (i + 1 == text.size()) return false;
    if (c == '{' && text[i + 1] == '}') ++found;
    else if (text[i + 1] != c) return false;  // a name, a specification, a lone '}'
    ++i;
  }
  return found == fields;
}

template <typename Format>
constexpr std::size_t format_size() {
  return fmt::string_view(Format{}).size();
}

template <typename Format, std::size_t Fields>
constexpr Pieces<format_size<Format>() + 1, Fields> pieces_of() {
  fmt::string_view format(Format{});
  Pieces<format_size<Format>() + 1, Fields> p;
  std::size_t k = 0, at = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c == '{' && format[i + 1] == '}') {
      p.size[k] = at - p.begin[k];
      p.begin[++k] = at;
    } else {
      p.text[at++] = c;
    }
    if (c == '{' || c == '}') ++i;  // the field's or the escape's second brace
  }
  p.size[k] = at - p.begin[k];
  return p;
}

template <typename T>
constexpr bool is_string = std::is_convertible_v<const T&, std::string_view>;
template <typename T>
constexpr bool is_written = is_string<T> || std::is_integral_v<T>;

// The most text "{}" makes of an argument, and the text itself, as fmt writes it.
template <typename T>
std::size_t max_size(const T& value) {
  if constexpr (is_string<T>)
    return std::string_view(value).size();
  else
    return 24;  // "false", a character, or an integer's digits and sign
}

template <typename T>
char* write(char* at, const T& value) {
  if constexpr (is_string<T>) {
    std::string_view text(value);
    copy_short(at, text.data(), text.size());
    return at + text.size();
  } else if constexpr (std::is_same_v<T, bool>) {
    std::string_view text = value ? "true" : "false";
    copy_short(at, text.data(), text.size());
    return at + text.size();
  } else if constexpr (std::is_same_v<T, char>) {
    *at = value;
    return at + 1;
  } else {
    return std::to_chars(at, at + 24, value).ptr;
  }
}

template <typename Format, typename... Args>
constexpr bool takes_apart = (is_written<Args> && ...) &&
                             only_bare_fields<Format>(sizeof...(Args));

template <typename Format, std::size_t Fields>
inline constexpr auto kPieces = pieces_of<Format, Fields>();

// Literal piece K, its place and size known when compiling: a few fixed-size moves.
template <typename Format, std::size_t Fields, std::size_t K>
char* write_literal(char* at) {
  constexpr const auto& pieces = kPieces<Format, Fields>;
  copy_short(at, pieces.text.data() + pieces.begin[K], pieces.size[K]);
  return at + pieces.size[K];
}

template <typename Format, typename... Args, std::size_t... K>
char* write_all(char* at, std::index_sequence<K...>, const Args&... args) {
  constexpr std::size_t kFields = sizeof...(Args);
  at = write_literal<Format, kFields, 0>(at);
  ((at = write(at, args), at = write_literal<Format, kFields, K + 1>(at)), ...);
  return at;
}

}  // namespace bare_format

template <class Out, typename Format, typename... Args>
void append_format(Out& out, const Format& format, const Args&... args) {
  if constexpr (bare_format::takes_apart<Format, Args...>) {
    std::size_t most = fmt::string_view(format).size() +
                       (std::size_t{0} + ... + bare_format::max_size(args));
    append_in_place(out, most, [&](char* at) {
      return bare_format::write_all<Format>(at, std::index_sequence_for<Args...>(), args...);
    });
  } else {
    fmt::format_to(std::back_inserter(out), format, args...);
  }
}

}  // namespace mqscope
