#include "mqscope/capture/frame_recall.hpp"

#include <algorithm>
#include <cstring>

#include "mqscope/capture/pcap_source.hpp"

namespace mqscope::capture {

void FrameRecall::note(const Frame& frame) {
  if (frame.number == 0 || max_frames_ == 0) return;
  std::size_t index = (frame.number - 1) % max_frames_;
  if (index >= places_.size()) {
    // Room for the default limit at once: its pages are touched only as frames come, and the
    // table is not copied as it grows.
    if (places_.capacity() == 0)
      places_.reserve(std::min(max_frames_, Limits{}.recall_frames));
    places_.resize(index + 1);
  }
  if (frame.data.size() > UINT32_MAX) {
    places_[index] = Place{};
    return;
  }
  if (source_ != nullptr && frame.file_offset != kNotInFile && frame.file_offset < kCopied)
    places_[index] = Place{frame.file_offset, frame.number,
                           static_cast<std::uint32_t>(frame.data.size())};
  else
    places_[index] = copy(frame);
}

// Each frame's copy is contiguous: one that would wrap starts the ring over, and the position
// skips the unused end, so that the byte at position p sits at p % max_copy_bytes_.
FrameRecall::Place FrameRecall::copy(const Frame& frame) {
  std::size_t n = frame.data.size();
  if (n > max_copy_bytes_) return Place{};
  if (!copies_) copies_ = std::make_unique_for_overwrite<std::uint8_t[]>(max_copy_bytes_);
  std::size_t slot = static_cast<std::size_t>(copied_ % max_copy_bytes_);
  if (slot + n > max_copy_bytes_) {
    copied_ += max_copy_bytes_ - slot;
    slot = 0;
  }
  if (n > 0) std::memcpy(copies_.get() + slot, frame.data.data(), n);
  Place place{kCopied | copied_, frame.number, static_cast<std::uint32_t>(n)};
  copied_ += n;
  return place;
}

bool FrameRecall::recall(Origin from, std::span<std::uint8_t> out) const {
  if (from.frame == 0 || max_frames_ == 0) return false;
  std::size_t index = (from.frame - 1) % max_frames_;
  if (index >= places_.size()) return false;
  const Place& place = places_[index];
  if (place.frame != from.frame || from.frame_offset > place.length ||
      out.size() > place.length - from.frame_offset)
    return false;
  if ((place.at & kCopied) == 0)
    return source_ != nullptr && source_->read_again(place.at + from.frame_offset, out);
  std::uint64_t start = place.at & ~kCopied;
  if (copied_ > start + max_copy_bytes_) return false;  // written over since
  std::size_t slot = static_cast<std::size_t>(start % max_copy_bytes_) + from.frame_offset;
  if (!out.empty()) std::memcpy(out.data(), copies_.get() + slot, out.size());
  return true;
}

}  // namespace mqscope::capture
