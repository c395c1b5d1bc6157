// SearchWindow: the bytes a parser keeps while it looks for a boundary after lost bytes
// (RFC 6455 §5.2 and MQTT §2.1 give no marker of a frame or packet start, so each parser
// judges candidates), and the provenance of every byte kept.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bytes.hpp"
#include "mqscope/core/search_window.hpp"

namespace mqscope {
namespace {

using test::ByteVector;
using test::from_text;

// A judge that accepts a window starting with 'F' once two bytes are there.
SearchVerdict starts_with_f(Bytes w) {
  if (w[0] != 'F') return SearchVerdict::Reject;
  return w.size() < 2 ? SearchVerdict::Wait : SearchVerdict::Accept;
}

TEST(SearchWindow, FindStartDropsRejectedBytesAndCountsThem) {
  SearchWindow window;
  ByteVector data = from_text("xyzFo");
  window.add(Bytes(data), Piece{0, 0, Origin{7, 10}});
  std::uint64_t skipped = 0;
  EXPECT_TRUE(window.find_start(starts_with_f, skipped));
  EXPECT_EQ(skipped, 3u);
  EXPECT_EQ(std::string(window.bytes().begin(), window.bytes().end()), "Fo");
  // The first byte kept still knows its capture frame and offset.
  std::vector<Origin> origins;
  window.for_each_run(0, [&](Bytes, const Piece& p) { origins.push_back(p.origin); });
  ASSERT_EQ(origins.size(), 1u);
  EXPECT_EQ(origins[0].frame, 7u);
  EXPECT_EQ(origins[0].frame_offset, 13u);
  EXPECT_EQ(window.front_origin().frame_offset, 13u);
}

TEST(SearchWindow, FindStartWaitsOnACandidateCutShortAndOnAnEmptyWindow) {
  SearchWindow window;
  std::uint64_t skipped = 0;
  EXPECT_FALSE(window.find_start(starts_with_f, skipped));
  ByteVector data = from_text("aF");
  window.add(Bytes(data), Piece{});
  EXPECT_FALSE(window.find_start(starts_with_f, skipped));  // "F" alone: wait
  EXPECT_EQ(skipped, 1u);
  EXPECT_EQ(window.size(), 1u);
  ByteVector more = from_text("!");
  window.add(Bytes(more), Piece{});
  EXPECT_TRUE(window.find_start(starts_with_f, skipped));
  EXPECT_EQ(skipped, 1u);
}

}  // namespace
}  // namespace mqscope
