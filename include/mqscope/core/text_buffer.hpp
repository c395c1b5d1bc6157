// Text built from many small pieces: an output line, a JSON object, a block of output. The
// part of std::string's interface the outputs use, without what std::string pays on every
// append (an out-of-line call, a length check against max_size, a terminating NUL) and with
// short pieces copied inline: -V and JSON append four to eight pieces for every node of every
// tree, and those appends were a quarter of their instructions. Unlike std::string's, a piece
// must not point into the buffer it is appended to: growing moves the text.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/core.h>

namespace mqscope {

// Copies `n` bytes, most often a piece of up to 16: those by two overlapping fixed-size moves
// instead of a call to memcpy. Reads and writes only the `n` bytes.
[[gnu::always_inline]] inline void copy_short(char* to, const char* from, std::size_t n) {
  if (n >= 8 && n <= 16) {
    std::memcpy(to, from, 8);
    std::memcpy(to + n - 8, from + n - 8, 8);
  } else if (n >= 4 && n < 8) {
    std::memcpy(to, from, 4);
    std::memcpy(to + n - 4, from + n - 4, 4);
  } else if (n > 16) {
    std::memcpy(to, from, n);
  } else {
    for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
  }
}

class TextBuffer {
 public:
  using value_type = char;  // for std::back_inserter (fmt::format_to)

  TextBuffer() = default;
  TextBuffer(const TextBuffer& other) { append(other.view()); }
  TextBuffer(TextBuffer&& other) noexcept { swap(other); }
  TextBuffer& operator=(const TextBuffer& other) {
    if (this != &other) assign(other.view());
    return *this;
  }
  TextBuffer& operator=(TextBuffer&& other) noexcept {
    swap(other);
    return *this;
  }
  ~TextBuffer() { release(); }

  std::size_t size() const { return static_cast<std::size_t>(end_ - begin_); }
  bool empty() const { return end_ == begin_; }
  std::size_t capacity() const { return static_cast<std::size_t>(limit_ - begin_); }
  const char* data() const { return begin_; }
  char* data() { return begin_; }
  char* begin() { return begin_; }
  char* end() { return end_; }
  char back() const { return end_[-1]; }
  char& operator[](std::size_t i) { return begin_[i]; }
  char operator[](std::size_t i) const { return begin_[i]; }
  std::string_view view() const { return {begin_, size()}; }
  operator std::string_view() const { return view(); }
  std::string str() const { return std::string(view()); }

  void clear() { end_ = begin_; }
  void reserve(std::size_t n) {
    if (n > capacity()) grow_to(n);
  }
  // Shorter: the end is cut off; longer: `fill` is added.
  void resize(std::size_t n, char fill = '\0') {
    if (n <= size()) {
      end_ = begin_ + n;
      return;
    }
    append(n - size(), fill);
  }
  void assign(std::string_view text) {
    clear();
    append(text);
  }
  void assign(std::size_t count, char c) {
    clear();
    append(count, c);
  }

  // Inlined even into long callers: a call and its register saves cost more than the copy.
  [[gnu::always_inline]] void push_back(char c) {
    if (end_ == limit_) grow_to(size() + 1);
    *end_++ = c;
  }
  [[gnu::always_inline]] void append(const char* text, std::size_t n) {
    if (n > static_cast<std::size_t>(limit_ - end_)) grow_to(size() + n);
    copy_short(end_, text, n);
    end_ += n;
  }
  [[gnu::always_inline]] void append(std::string_view text) { append(text.data(), text.size()); }
  void append(std::size_t count, char c) {
    if (count == 0) return;  // memset's pointer must not be null, even for no bytes
    if (count > static_cast<std::size_t>(limit_ - end_)) grow_to(size() + count);
    std::memset(end_, c, count);
    end_ += count;
  }
  // Room for `n` more bytes, written by the caller, then commit(n) (hex digits, numbers).
  char* reserve_tail(std::size_t n) {
    if (n > static_cast<std::size_t>(limit_ - end_)) grow_to(size() + n);
    return end_;
  }
  void commit(std::size_t n) { end_ += n; }

  [[gnu::always_inline]] TextBuffer& operator+=(char c) {
    push_back(c);
    return *this;
  }
  [[gnu::always_inline]] TextBuffer& operator+=(std::string_view text) {
    append(text);
    return *this;
  }

  void swap(TextBuffer& other) noexcept {
    std::swap(begin_, other.begin_);
    std::swap(end_, other.end_);
    std::swap(limit_, other.limit_);
  }

 private:
  void grow_to(std::size_t n);
  void release();

  char* begin_ = nullptr;
  char* end_ = nullptr;
  char* limit_ = nullptr;
};

// Text of at most `most` bytes written straight into `out` (a TextBuffer, or a container with
// resize() and data()) by `write(at)`, which returns its end. Text built on the stack and then
// appended is read back by wide loads that must wait for the narrow stores that built it
// (store forwarding fails): in -V one such copy was a sixth of the labels' time.
template <class Out, class Write>
void append_in_place(Out& out, std::size_t most, Write write) {
  if constexpr (requires { out.reserve_tail(most); }) {
    char* at = out.reserve_tail(most);
    out.commit(static_cast<std::size_t>(write(at) - at));
  } else {
    std::size_t size = out.size();
    out.resize(size + most);
    char* at = out.data() + size;
    out.resize(size + static_cast<std::size_t>(write(at) - at));
  }
}

}  // namespace mqscope

// fmt writes into a TextBuffer as into a std::string: its digits in place, not a character at
// a time through the back_inserter.
template <>
struct fmt::is_contiguous<mqscope::TextBuffer> : std::true_type {};
