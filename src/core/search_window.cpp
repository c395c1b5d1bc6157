#include "mqscope/core/search_window.hpp"

namespace mqscope {

Piece advance_piece(const Piece& piece, std::uint32_t n) {
  Piece p = piece;
  p.origin = piece.origin.advanced(n);
  p.xor_phase = static_cast<std::uint8_t>((piece.xor_phase + n) & 3);
  return p;
}

void SearchWindow::add(Bytes data, const Piece& piece) {
  if (data.empty()) return;
  Piece p = piece;
  p.offset = static_cast<std::uint32_t>(bytes_.size());
  p.length = static_cast<std::uint32_t>(data.size());
  pieces_.push_back(p);
  bytes_.insert(bytes_.end(), data.begin(), data.end());
}

void SearchWindow::drop_front(std::size_t n) {
  start_ += n < size() ? n : size();
  // Compact once the dropped part outweighs what is kept, so that dropping one byte at a time
  // costs amortised constant time.
  if (start_ < 4096 || start_ < bytes_.size() / 2) return;
  bytes_.erase(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(start_));
  std::vector<Piece> kept;
  for (Piece p : pieces_) {
    std::size_t end = p.offset + p.length;
    if (end <= start_) continue;
    if (p.offset < start_) {
      auto skip = static_cast<std::uint32_t>(start_ - p.offset);
      p = advance_piece(p, skip);
      p.offset = static_cast<std::uint32_t>(start_);
      p.length -= skip;
    }
    p.offset -= static_cast<std::uint32_t>(start_);
    kept.push_back(p);
  }
  pieces_.swap(kept);
  start_ = 0;
}

void SearchWindow::clear() {
  bytes_.clear();
  pieces_.clear();
  start_ = 0;
}

}  // namespace mqscope
