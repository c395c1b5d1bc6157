// The text of a JSON object apart from its values, kept for trees of the same shape. Every
// frame's frame, Ethernet, IP and TCP layers have the same fields in the same nesting, frame
// after frame: their keys, punctuation and the outcome of the repeated-key check are the same
// each time, and only the values differ. Writing them node by node was about a third of a
// JSON run. An object is written once as usual while the places of its values are noted; a
// later tree of the same shape gets the text between those places copied and only its values
// written.
//
// A shape is every node's field, depth and the two things besides its field that decide what
// is written around its value (whether it has bytes, for -x's "_raw" members, and whether its
// string value is its text). Trees with notes are not kept (their notes differ), nor objects
// with two lines of text among their members (whether those keys repeat depends on their
// words), nor lines of text that read like field abbreviations (compared with field keys).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mqscope/core/text_buffer.hpp"
#include "mqscope/field/tree.hpp"

namespace mqscope::output::detail {

// What is written in place of a hole: a node's value, its -x raw bytes, or its line of text as
// a key.
enum class HoleKind : std::uint8_t { Value, Raw, TextKey };

struct JsonShape {
  struct NodeShape {
    const void* field = nullptr;  // null: a line of text
    // The depth in the low 16 bits, and above them kHasBytes and the node's kValueInText
    // flag: one comparison for all three.
    std::uint32_t depth_and_traits = 0;
  };
  struct Hole {
    std::uint32_t text_before = 0;  // length of the fixed text before it, from the start
    std::uint32_t node = 0;         // index from the object's first node
    HoleKind kind = HoleKind::Value;
  };
  std::vector<NodeShape> nodes;
  bool flat = false;
  bool raw_bytes = false;
  std::string layer;  // the flat style's keys begin with it
  std::string text;   // the fixed text, holes left out
  std::vector<Hole> holes;
};

// Notes the holes while an object is written the usual way.
class ShapeRecorder {
 public:
  // The object of nodes from `first` on is written to the output from `at`; `keep`: its shape
  // may be kept (JsonShapes::describe), else holes are not noted.
  void start(std::size_t at, field::NodeIndex first, bool keep) {
    start_ = at;
    first_ = first;
    noting_ = keep;
    holes_.clear();
  }
  void stop() { noting_ = false; }
  // Node `node` of the tree wrote [begin, end) of the output.
  void hole(HoleKind kind, field::NodeIndex node, std::size_t begin, std::size_t end) {
    if (noting_) holes_.push_back({kind, node - first_, begin, end});
  }
  // Written text was taken back (a repeated key): the holes no longer say where values are.
  void spoil() { noting_ = false; }
  // Whether the holes noted since start() describe the object written.
  bool kept() const { return noting_; }
  // The fixed text and holes of the object written to `out` since start().
  void finish(const TextBuffer& out, JsonShape& shape) const;

 private:
  struct Noted {
    HoleKind kind;
    std::uint32_t node;
    std::size_t begin, end;
  };
  std::size_t start_ = 0;
  field::NodeIndex first_ = 0;
  bool noting_ = false;
  std::vector<Noted> holes_;
};

// A few shapes, the most recently added replacing the oldest.
class JsonShapes {
 public:
  static constexpr std::size_t kKept = 32;
  static constexpr std::size_t kMostNodes = 512;  // larger objects are not kept

  // The kept shape of nodes [from, to), or null.
  const JsonShape* find(const field::Tree& tree, field::NodeIndex from, field::NodeIndex to,
                        bool flat, bool raw_bytes, std::string_view layer) const;
  // Whether [from, to) may be kept, with its node shapes in `shape` if so.
  static bool describe(const field::Tree& tree, field::NodeIndex from, field::NodeIndex to,
                       JsonShape& shape);
  void keep(JsonShape&& shape);

 private:
  std::vector<JsonShape> kept_;
  std::size_t next_ = 0;  // replaced next once kKept are kept
};

}  // namespace mqscope::output::detail
