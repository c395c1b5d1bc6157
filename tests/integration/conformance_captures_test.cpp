// Valid traffic raises no conformance note: every bundled capture (captures/*.pcap*) comes from
// real clients and brokers talking correctly, so a conformance note on any of its packets would
// be a false alarm. Capture notes (a CONNECT that was not captured, a packet cut by the end of
// the capture) are allowed: they say something about the capture, not about the peers.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "capture_support.hpp"
#include "mqscope/mqtt/notes.hpp"

namespace mqscope::test {
namespace {

std::vector<std::string> bundled_captures() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(capture_path(""))) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(".pcap") || name.ends_with(".pcapng")) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(ConformanceOnCaptures, EveryBundledCaptureIsFound) {
  // The captures of captures/README.md; a new one joins the test by itself.
  EXPECT_GE(bundled_captures().size(), 15u);
}

TEST(ConformanceOnCaptures, ValidTrafficRaisesNoConformanceNote) {
  for (const std::string& name : bundled_captures()) {
    DecodedCapture decoded = decode_capture(capture_path(name));
    ASSERT_EQ(decoded.status, 0) << name;
    std::size_t packets_with_notes = 0;
    for (const DecodedPacket& p : decoded.packets) {
      const field::Tree& tree = p.tree();
      for (field::NodeIndex i = p.top; i < tree.subtree_end(p.top); ++i) {
        if (tree[i].note == nullptr || !mqtt::notes::is_conformance(tree[i].note)) continue;
        ++packets_with_notes;
        ADD_FAILURE() << name << " frame " << p.frame << " " << p.type << ": " << tree[i].note->name;
      }
    }
    for (const std::string& record : decoded.problems) {
      for (NoteId n : mqtt::notes::kConformance)
        EXPECT_EQ(record.find(std::string(n->name) + "]"), std::string::npos) << name << ": " << record;
    }
    EXPECT_EQ(packets_with_notes, 0u) << name;
  }
}

}  // namespace
}  // namespace mqscope::test
