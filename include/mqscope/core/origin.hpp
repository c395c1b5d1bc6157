// Provenance: where a decoded byte came from. A layer that derives bytes (reassembled,
// unmasked, inflated) keeps, next to them, the list of pieces they were made of, down to the
// capture frame and the offset inside it.
#pragma once

#include <cstdint>
#include <vector>

namespace mqscope {

// The capture frame a run of bytes was read from, and where in that frame's captured data the
// first byte sits.
struct Origin {
  std::uint32_t frame = 0;         // 1-based capture frame number; 0 = not from a frame
  std::uint32_t frame_offset = 0;  // offset of the first byte in the frame's captured bytes

  Origin advanced(std::uint32_t n) const { return {frame, frame_offset + n}; }
};

// One contiguous run of a derived buffer and what it was made from.
struct Piece {
  std::uint32_t offset = 0;   // offset in the derived buffer
  std::uint32_t length = 0;
  Origin origin;              // capture position of the first byte of the run
  std::uint32_t carrier = 0;  // 1-based index of the enclosing unit (a WebSocket frame); 0 = none
  // The captured bytes are the derived bytes XOR this 4-byte key, starting at key byte
  // `xor_phase` (RFC 6455 §5.3 masking is the one user today). Zero key = bytes as captured.
  std::uint32_t xor_key = 0;
  std::uint8_t xor_phase = 0;
  bool xored = false;
  // The bytes were inflated (RFC 7692 permessage-deflate) from compressed bytes that start at
  // `origin`; they do not appear in the capture themselves, and `length` counts inflated bytes.
  bool inflated = false;
};

using Pieces = std::vector<Piece>;

// Appends a run, merging it into the previous piece when it continues it seamlessly.
void append_piece(Pieces& pieces, const Piece& piece);

}  // namespace mqscope
