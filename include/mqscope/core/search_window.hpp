// Bytes a parser keeps while it looks for the next plausible boundary after lost bytes (a
// TCP gap), with where each run of them came from, so that once a boundary is found they can
// be parsed again from there with their provenance. Bounded by its owner, which adds at most
// what its limit allows.
#pragma once

#include <cstdint>
#include <vector>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/origin.hpp"

namespace mqscope {

// `piece` moved on by `n` bytes: capture offset and mask phase follow.
Piece advance_piece(const Piece& piece, std::uint32_t n);

// A parser's judgement of the bytes at the front of a search window.
enum class SearchVerdict : std::uint8_t {
  Accept,  // a plausible boundary: parse again from here
  Reject,  // not a boundary: give up the first byte and look again
  Wait,    // cannot tell yet: more bytes are needed
};

class SearchWindow {
 public:
  // Gives up bytes at the front, counting them in `skipped`, until `judge(Bytes)` accepts
  // the window's start (true) or waits for more (false; an empty window waits too).
  template <class Judge>
  bool find_start(Judge&& judge, std::uint64_t& skipped) {
    while (!empty()) {
      SearchVerdict verdict = judge(bytes());
      if (verdict == SearchVerdict::Accept) return true;
      if (verdict == SearchVerdict::Wait) return false;
      drop_front(1);
      ++skipped;
    }
    return false;
  }

  // Appends `data`; `piece` says where data[0] came from (its offset and length are ignored).
  void add(Bytes data, const Piece& piece);
  void drop_front(std::size_t n);
  void clear();
  Bytes bytes() const { return Bytes(bytes_).subspan(start_); }
  std::size_t size() const { return bytes_.size() - start_; }
  bool empty() const { return size() == 0; }
  // Where the first byte kept came from (no frame when the window is empty).
  Origin front_origin() const {
    Origin origin;
    for_each_run(0, [&origin](Bytes, const Piece& p) {
      if (origin.frame == 0) origin = p.origin;
    });
    return origin;
  }

  // Calls fn(Bytes, const Piece&) for each run from offset `from` on, in order.
  template <class Fn>
  void for_each_run(std::size_t from, Fn&& fn) const {
    std::size_t at = start_ + from;
    for (const Piece& p : pieces_) {
      std::size_t begin = p.offset, end = p.offset + p.length;
      if (end <= at) continue;
      std::size_t skip = at > begin ? at - begin : 0;
      Piece moved = advance_piece(p, static_cast<std::uint32_t>(skip));
      moved.offset = 0;
      moved.length = static_cast<std::uint32_t>(end - begin - skip);
      fn(Bytes(bytes_).subspan(begin + skip, moved.length), moved);
    }
  }

 private:
  std::vector<std::uint8_t> bytes_;
  std::vector<Piece> pieces_;  // offset = position in bytes_
  std::size_t start_ = 0;      // bytes before it were dropped (compacted lazily)
};

}  // namespace mqscope
