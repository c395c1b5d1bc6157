// The captured bytes of recent frames, read again by their origin (core/recall.hpp): from the
// capture file where a frame has a place in one, so that nothing is copied, and otherwise
// from copies kept in a ring (standard input, a pipe, a live interface). What lies beyond
// Limits::recall_frames frames or Limits::recall_copy_bytes copied bytes is no longer
// recalled.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "mqscope/capture/frame.hpp"
#include "mqscope/core/limits.hpp"
#include "mqscope/core/recall.hpp"

namespace mqscope::capture {

class PcapSource;

class FrameRecall final : public Recall {
 public:
  explicit FrameRecall(const Limits& limits)
      : max_frames_(limits.recall_frames), max_copy_bytes_(limits.recall_copy_bytes) {}

  // Frames with a file_offset are read again from `source`'s file; without a source every
  // frame is copied.
  void read_from(const PcapSource* source) { source_ = source; }
  // Called for each frame, in capture order, while its bytes are valid.
  void note(const Frame& frame);
  bool recall(Origin from, std::span<std::uint8_t> out) const override;

  // Where the next copy goes, counted from the first (0: nothing was copied).
  std::uint64_t copy_position() const { return copied_; }

 private:
  struct Place {
    std::uint64_t at = 0;      // offset in the file, or kCopied | position in copies_
    std::uint32_t frame = 0;   // 0: nothing kept here
    std::uint32_t length = 0;  // captured bytes
  };
  static constexpr std::uint64_t kCopied = std::uint64_t{1} << 63;

  Place copy(const Frame& frame);

  std::size_t max_frames_;
  std::size_t max_copy_bytes_;
  const PcapSource* source_ = nullptr;
  std::vector<Place> places_;  // frame n at (n - 1) % max_frames_, grown with use
  std::unique_ptr<std::uint8_t[]> copies_;  // a ring of max_copy_bytes_, allocated at first use
  std::uint64_t copied_ = 0;  // position of the next copied byte, counted from the first
};

}  // namespace mqscope::capture
