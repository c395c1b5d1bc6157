#include "mqscope/core/text_buffer.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>

namespace mqscope {

// At least doubles, so that appending n bytes one piece at a time costs O(n) copies.
void TextBuffer::grow_to(std::size_t n) {
  std::size_t used = size();
  std::size_t capacity = std::max<std::size_t>({n, 2 * this->capacity(), 64});
  auto* grown = static_cast<char*>(std::realloc(begin_, capacity));
  if (grown == nullptr) throw std::bad_alloc();
  begin_ = grown;
  end_ = grown + used;
  limit_ = grown + capacity;
}

void TextBuffer::release() {
  std::free(begin_);
  begin_ = end_ = limit_ = nullptr;
}

}  // namespace mqscope
