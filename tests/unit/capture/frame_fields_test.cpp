// describe_frame: the "Frame N" subtree of `-V`, as tshark prints it (compare frame 4 of
// tests/golden/seed-replica.verbose.txt).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mqscope/capture/fields.hpp"
#include "mqscope/field/format.hpp"

namespace mqscope::capture {
namespace {

std::vector<std::string> lines(const field::Tree& tree) {
  std::vector<std::string> out;
  for (field::NodeIndex i = 0; i < tree.size(); ++i) {
    out.push_back(std::string(tree[i].depth * 4u, ' ') + field::format_label(tree, i));
  }
  return out;
}

TEST(CaptureDescribeFrame, MatchesTsharkFrameSubtree) {
  std::vector<std::uint8_t> bytes(604, 0);
  Frame frame;
  frame.number = 4;
  frame.time = {1573538601, 141353000};
  frame.wire_length = 604;
  frame.link_type = 1;
  frame.data = Bytes(bytes);
  field::Tree tree;
  tree.add_source(frame.data, "frame");
  describe_frame(tree, frame, Timestamp{1573538601, 104233000}, Timestamp{1573538601, 139353000});
  std::vector<std::string> expected = {
      "Frame 4: 604 bytes on wire (4832 bits), 604 bytes captured (4832 bits)",
      "    Encapsulation type: 1 (EN10MB)",
      "    Arrival Time: Nov 12, 2019 06:03:21.141353000 UTC",
      "    Epoch Time: 1573538601.141353000 seconds",
      "    [Time delta from previous captured frame: 0.002000000 seconds]",
      "    [Time since reference or first frame: 0.037120000 seconds]",
      "    Frame Number: 4",
      "    Frame Length: 604 bytes (4832 bits)",
      "    Capture Length: 604 bytes (4832 bits)",
  };
  EXPECT_EQ(lines(tree), expected);
}

// pcap-savefile(5): orig_len (on the wire) and incl_len (captured) differ after a snapshot cut.
TEST(CaptureDescribeFrame, CutFrameShowsBothLengthsAndTheirFieldValues) {
  std::vector<std::uint8_t> bytes(96, 0);
  Frame frame;
  frame.number = 1;
  frame.time = {1700000000, 0};
  frame.wire_length = 1514;
  frame.link_type = 276;
  frame.data = Bytes(bytes);
  field::Tree tree;
  tree.add_source(frame.data, "frame");
  describe_frame(tree, frame, frame.time, frame.time);
  std::vector<std::string> got = lines(tree);
  ASSERT_EQ(got.size(), 9u);
  EXPECT_EQ(got[0], "Frame 1: 1514 bytes on wire (12112 bits), 96 bytes captured (768 bits)");
  EXPECT_EQ(got[1], "    Encapsulation type: 276 (LINUX_SLL2)");
  EXPECT_EQ(got[3], "    Epoch Time: 1700000000.000000000 seconds");
  EXPECT_EQ(got[4], "    [Time delta from previous captured frame: 0.000000000 seconds]");
  EXPECT_EQ(got[5], "    [Time since reference or first frame: 0.000000000 seconds]");
  EXPECT_EQ(got[7], "    Frame Length: 1514 bytes (12112 bits)");
  EXPECT_EQ(got[8], "    Capture Length: 96 bytes (768 bits)");
  EXPECT_EQ(field::format_field_value(tree, tree[tree.find(&hf::len)]), "1514");
  EXPECT_EQ(field::format_field_value(tree, tree[tree.find(&hf::cap_len)]), "96");
  EXPECT_EQ(field::format_field_value(tree, tree[tree.find(&hf::number)]), "1");
  EXPECT_EQ(field::format_field_value(tree, tree[tree.find(&hf::time_relative)]),
            "0.000000000");
}

// A frame stamped before its predecessor (out-of-order capture) shows a zero delta rather
// than a wrapped-around huge one.
TEST(CaptureDescribeFrame, BackwardsTimeGivesZeroDelta) {
  std::vector<std::uint8_t> bytes(60, 0);
  Frame frame;
  frame.number = 2;
  frame.time = {100, 0};
  frame.wire_length = 60;
  frame.link_type = 1;
  frame.data = Bytes(bytes);
  field::Tree tree;
  tree.add_source(frame.data);
  describe_frame(tree, frame, Timestamp{99, 0}, Timestamp{101, 500});
  EXPECT_EQ(field::format_field_value(tree, tree[tree.find(&hf::time_delta)]), "0.000000000");
  EXPECT_EQ(field::format_field_value(tree, tree[tree.find(&hf::time_relative)]),
            "1.000000000");
}

}  // namespace
}  // namespace mqscope::capture
