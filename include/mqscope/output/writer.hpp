// Buffered output to a stdio stream: text is collected in a large buffer and written in big
// blocks (no iostreams, no flush per line unless asked).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "mqscope/core/text_buffer.hpp"

namespace mqscope::output {

class Writer {
 public:
  explicit Writer(std::FILE* stream, bool flush_each_line = false)
      : stream_(stream), flush_each_line_(flush_each_line) {
    buffer_.reserve(kBlock);
  }
  ~Writer() { flush(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void write(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() >= kBlock) flush();
  }
  void line(std::string_view text) {
    buffer_.append(text);
    end_line();
  }
  // The buffer itself: text appended to it is output without being copied first (-V writes a
  // line for every node of every tree, JSON a record per frame). It is flushed by the next
  // end_line() or write() that finds the block full.
  TextBuffer& line_buffer() { return buffer_; }
  void end_line() {
    buffer_.push_back('\n');
    if (flush_each_line_ || buffer_.size() >= kBlock) flush();
  }
  void flush();

 private:
  static constexpr std::size_t kBlock = 1 << 16;
  std::FILE* stream_;
  bool flush_each_line_;
  TextBuffer buffer_;
};


}  // namespace mqscope::output
