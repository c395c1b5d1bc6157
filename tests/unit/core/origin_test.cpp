// Provenance pieces: append_piece merges a run into the previous one only when it continues it
// seamlessly in the derived buffer, in the same capture frame, in the same carrier and, for
// masked bytes, with the same key at the continuing phase.
#include <gtest/gtest.h>

#include "mqscope/core/origin.hpp"

namespace mqscope {
namespace {

Piece plain(std::uint32_t offset, std::uint32_t length, std::uint32_t frame,
            std::uint32_t frame_offset, std::uint32_t carrier = 0) {
  Piece p;
  p.offset = offset;
  p.length = length;
  p.origin = {frame, frame_offset};
  p.carrier = carrier;
  return p;
}

Piece masked_piece(std::uint32_t offset, std::uint32_t length, std::uint32_t frame_offset,
                   std::uint32_t key, std::uint8_t phase) {
  Piece p = plain(offset, length, 7, frame_offset, 1);
  p.xored = true;
  p.xor_key = key;
  p.xor_phase = phase;
  return p;
}

TEST(CoreOrigin, AdvancedMovesOnlyTheOffset) {
  Origin o{12, 100};
  Origin a = o.advanced(5);
  EXPECT_EQ(a.frame, 12u);
  EXPECT_EQ(a.frame_offset, 105u);
  EXPECT_EQ(o.frame_offset, 100u);
}

TEST(CoreAppendPiece, FirstPieceIsStoredAsGiven) {
  Pieces pieces;
  append_piece(pieces, plain(0, 10, 3, 66, 2));
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].length, 10u);
  EXPECT_EQ(pieces[0].origin.frame, 3u);
  EXPECT_EQ(pieces[0].origin.frame_offset, 66u);
  EXPECT_EQ(pieces[0].carrier, 2u);
}

TEST(CoreAppendPiece, EmptyPieceIsIgnored) {
  Pieces pieces;
  append_piece(pieces, plain(0, 0, 3, 66));
  EXPECT_TRUE(pieces.empty());
  append_piece(pieces, plain(0, 4, 3, 66));
  append_piece(pieces, plain(4, 0, 9, 0));
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].length, 4u);
}

TEST(CoreAppendPiece, ContiguousRunInTheSameFrameMerges) {
  Pieces pieces;
  append_piece(pieces, plain(0, 10, 3, 66));
  append_piece(pieces, plain(10, 5, 3, 76));
  append_piece(pieces, plain(15, 1, 3, 81));
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].offset, 0u);
  EXPECT_EQ(pieces[0].length, 16u);
  EXPECT_EQ(pieces[0].origin.frame_offset, 66u);
}

// Consecutive in the derived buffer, but the next TCP segment lives in another frame.
TEST(CoreAppendPiece, NextFrameStartsANewPiece) {
  Pieces pieces;
  append_piece(pieces, plain(0, 10, 3, 66));
  append_piece(pieces, plain(10, 5, 4, 76));
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[1].origin.frame, 4u);
  EXPECT_EQ(pieces[1].offset, 10u);
}

// Same frame, but bytes skipped in between (e.g. a WebSocket header between two payloads).
TEST(CoreAppendPiece, GapInTheFrameStartsANewPiece) {
  Pieces pieces;
  append_piece(pieces, plain(0, 10, 3, 66));
  append_piece(pieces, plain(10, 5, 3, 78));
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0].length, 10u);
  EXPECT_EQ(pieces[1].origin.frame_offset, 78u);
}

TEST(CoreAppendPiece, GapInTheDerivedBufferStartsANewPiece) {
  Pieces pieces;
  append_piece(pieces, plain(0, 10, 3, 66));
  append_piece(pieces, plain(12, 5, 3, 76));
  ASSERT_EQ(pieces.size(), 2u);
}

// RFC 6455 §5.4: a message's fragments are separate frames, shown as separate carriers even
// when their payload bytes happen to touch.
TEST(CoreAppendPiece, DifferentCarrierStartsANewPiece) {
  Pieces pieces;
  append_piece(pieces, plain(0, 10, 3, 66, 1));
  append_piece(pieces, plain(10, 5, 3, 76, 2));
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0].carrier, 1u);
  EXPECT_EQ(pieces[1].carrier, 2u);
}

TEST(CoreAppendPiece, MaskedAndUnmaskedRunsDoNotMerge) {
  Pieces pieces;
  append_piece(pieces, plain(0, 4, 7, 10, 1));
  append_piece(pieces, masked_piece(4, 4, 14, 0x11223344, 0));
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_FALSE(pieces[0].xored);
  EXPECT_TRUE(pieces[1].xored);
}

// RFC 6455 §5.3: octet i is XORed with key octet i mod 4, so a run of 5 bytes starting at
// phase 0 is continued by a run starting at phase 1.
TEST(CoreAppendPiece, MaskedRunMergesWhenThePhaseContinues) {
  Pieces pieces;
  append_piece(pieces, masked_piece(0, 5, 20, 0xa1b2c3d4, 0));
  append_piece(pieces, masked_piece(5, 3, 25, 0xa1b2c3d4, 1));
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].length, 8u);
  EXPECT_EQ(pieces[0].xor_phase, 0u);
}

TEST(CoreAppendPiece, MaskedPhaseWrapsAroundTheKey) {
  Pieces pieces;
  append_piece(pieces, masked_piece(0, 1, 20, 0xa1b2c3d4, 3));
  append_piece(pieces, masked_piece(1, 6, 21, 0xa1b2c3d4, 0));
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].length, 7u);
  // 3 + 7 = 10 → phase 2 continues it.
  append_piece(pieces, masked_piece(7, 2, 27, 0xa1b2c3d4, 2));
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].length, 9u);
}

TEST(CoreAppendPiece, MaskedRunWithABrokenPhaseStartsANewPiece) {
  Pieces pieces;
  append_piece(pieces, masked_piece(0, 5, 20, 0xa1b2c3d4, 0));
  append_piece(pieces, masked_piece(5, 3, 25, 0xa1b2c3d4, 0));
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[1].xor_phase, 0u);
}

TEST(CoreAppendPiece, MaskedRunWithAnotherKeyStartsANewPiece) {
  Pieces pieces;
  append_piece(pieces, masked_piece(0, 4, 20, 0xa1b2c3d4, 0));
  append_piece(pieces, masked_piece(4, 4, 24, 0x01020304, 0));
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[1].xor_key, 0x01020304u);
}

// Only the last piece can be continued; an earlier one is never reopened.
TEST(CoreAppendPiece, OnlyTheLastPieceIsExtended) {
  Pieces pieces;
  append_piece(pieces, plain(0, 4, 1, 50));
  append_piece(pieces, plain(4, 4, 2, 50));
  append_piece(pieces, plain(8, 4, 1, 54));  // would continue piece 0, not piece 1
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[0].length, 4u);
  EXPECT_EQ(pieces[2].origin.frame, 1u);
}

// RFC 7692: inflated bytes of one WebSocket frame form one run whatever compressed chunks
// they came out of; they never merge with captured (plain or masked) bytes.
TEST(CoreAppendPiece, InflatedRunsOfOneCarrierAndFrameMerge) {
  auto inflated = [](std::uint32_t offset, std::uint32_t length, std::uint32_t frame_offset,
                     std::uint32_t carrier) {
    Piece p = plain(offset, length, 9, frame_offset, carrier);
    p.inflated = true;
    return p;
  };
  Pieces pieces;
  append_piece(pieces, inflated(0, 100, 60, 4));
  append_piece(pieces, inflated(100, 300, 71, 4));  // a later compressed chunk, same frame
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].length, 400u);
  EXPECT_EQ(pieces[0].origin.frame_offset, 60u);
  append_piece(pieces, inflated(400, 10, 90, 5));  // the next WebSocket frame
  append_piece(pieces, plain(410, 2, 9, 100, 5));  // captured bytes right after
  EXPECT_EQ(pieces.size(), 3u);
}

}  // namespace
}  // namespace mqscope
