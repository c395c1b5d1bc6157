// A UTF-8 validator that takes its input in pieces of any size (RFC 3629 §4). Text messages
// (RFC 6455 §5.6, §8.1) and Close reasons (§5.5.1) must be valid UTF-8, and a code point may
// be cut by a chunk, a frame or a fragment boundary: the state between calls is the few bits
// of the sequence in progress.
#pragma once

#include <cstdint>

#include "mqscope/core/bytes.hpp"

namespace mqscope::ws {

class Utf8Validator {
 public:
  // Checks the next bytes. Returns false once the text so far cannot be valid UTF-8; it stays
  // false until reset().
  bool feed(Bytes bytes);
  // True when the text ends on a code point boundary (no sequence left half done).
  bool at_boundary() const { return !failed_ && pending_ == 0; }
  bool failed() const { return failed_; }
  void reset() { *this = Utf8Validator{}; }

 private:
  bool take(std::uint8_t byte);

  std::uint8_t pending_ = 0;  // continuation bytes still expected
  // RFC 3629 §4: the range of the first continuation byte depends on the lead byte (this is
  // what rules out overlong forms, surrogates and code points above U+10FFFF).
  std::uint8_t next_low_ = 0x80;
  std::uint8_t next_high_ = 0xbf;
  bool failed_ = false;
};

// Whether `bytes` is complete, valid UTF-8.
bool is_valid_utf8(Bytes bytes);

// The length of the longest prefix of `bytes` that is valid UTF-8 and ends on a character
// boundary (what can be shown as text of a payload cut anywhere).
std::size_t valid_utf8_prefix(Bytes bytes);

}  // namespace mqscope::ws
