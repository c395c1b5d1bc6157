#include "mqscope/output/writer.hpp"

namespace mqscope::output {

void Writer::flush() {
  if (buffer_.empty()) return;
  std::fwrite(buffer_.data(), 1, buffer_.size(), stream_);
  std::fflush(stream_);
  buffer_.clear();
}

}  // namespace mqscope::output
