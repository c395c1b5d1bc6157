#include "mqscope/core/origin.hpp"

namespace mqscope {

namespace {

// True when `next` is the byte run that directly follows `prev` in the same capture frame,
// the same carrier and, for XORed bytes, the same key at the continuing phase. Inflated runs
// of one carrier and capture frame continue each other whatever compressed bytes made them.
bool continues(const Piece& prev, const Piece& next) {
  if (prev.offset + prev.length != next.offset) return false;
  if (prev.origin.frame != next.origin.frame) return false;
  if (prev.inflated || next.inflated)
    return prev.inflated && next.inflated && prev.carrier == next.carrier;
  if (prev.origin.frame_offset + prev.length != next.origin.frame_offset) return false;
  if (prev.carrier != next.carrier || prev.xored != next.xored) return false;
  if (!prev.xored) return true;
  return prev.xor_key == next.xor_key && (prev.xor_phase + prev.length) % 4 == next.xor_phase;
}

}  // namespace

void append_piece(Pieces& pieces, const Piece& piece) {
  if (piece.length == 0) return;
  if (!pieces.empty() && continues(pieces.back(), piece)) {
    pieces.back().length += piece.length;
    return;
  }
  pieces.push_back(piece);
}

}  // namespace mqscope
