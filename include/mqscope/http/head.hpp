// HTTP/1.1 message heads (RFC 9112 §2-5), read incrementally: the bytes of a request or
// response head are collected until the empty line, within a size limit, and then parsed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/status.hpp"

namespace mqscope::http {

struct HeaderLine {
  std::string_view name;
  std::string_view value;
  std::uint32_t offset = 0;  // of the line in the head
  std::uint32_t length = 0;  // without the line ending
  std::uint32_t value_offset = 0;
};

struct Head {
  bool is_request = false;
  std::string_view method;   // request
  std::string_view target;
  std::string_view version;  // "HTTP/1.1"
  int status = 0;            // response
  std::string_view reason;
  std::uint32_t start_line_length = 0;
  std::vector<HeaderLine> headers;

  // The first header named `name` (case-insensitive), or empty.
  std::string_view header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

// Whether the first bytes of a stream start an HTTP/1.x request ("GET / HTTP/1.1") or a
// response ("HTTP/1.1 101").
Match looks_like_request(Bytes first_bytes);
Match looks_like_response(Bytes first_bytes);

// Parses a complete head (`text` ends with the empty line). The views point into `text`.
bool parse_head(std::string_view text, Head& head);

class HeadReader {
 public:
  enum class Status : std::uint8_t { NeedMore, Complete, TooLarge };

  explicit HeadReader(std::size_t limit) : limit_(limit) {}

  // Takes bytes of `data` until the head is complete; returns how many it took.
  std::size_t feed(Bytes data, Status& status);
  // After Complete: the head's bytes (valid until reset()).
  std::string_view text() const { return buffer_; }
  void reset();

 private:
  std::size_t limit_;
  std::string buffer_;
};

// Case-insensitive comparison of ASCII tokens.
bool iequals(std::string_view a, std::string_view b);
// Whether a comma-separated header value lists `token` (case-insensitive), e.g.
// "keep-alive, Upgrade" has "upgrade".
bool has_token(std::string_view list, std::string_view token);
// The comma-separated elements of a header value, trimmed.
std::vector<std::string_view> split_list(std::string_view list);

}  // namespace mqscope::http
