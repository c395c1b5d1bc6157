#include "json_shapes.hpp"

#include "mqscope/field/field.hpp"

namespace mqscope::output::detail {

namespace {

constexpr std::uint8_t kHasBytes = 0x80;  // above the node flags kept (kValueInText)

std::uint32_t depth_and_traits(const field::Node& n) {
  std::uint32_t traits = (n.flags & field::kValueInText) | (n.length > 0 ? kHasBytes : 0u);
  return n.depth | traits << 16;
}

JsonShape::NodeShape shape_of(const field::Node& n) {
  return {n.field, depth_and_traits(n)};
}

// A line of text that reads like an abbreviation is compared with the field keys as text
// (JsonKeySet): whether it repeats one depends on its words.
bool plain_text_line(const field::Tree& tree, const field::Node& n) {
  return n.field != nullptr || !field::is_abbreviation_text(tree.text(n));
}

}  // namespace

static_assert((field::kValueInText & 0x80) == 0);

void ShapeRecorder::finish(const TextBuffer& out, JsonShape& shape) const {
  shape.text.clear();
  shape.holes.clear();
  std::size_t at = start_;
  for (const Noted& h : holes_) {
    shape.text.append(out.data() + at, h.begin - at);
    shape.holes.push_back({static_cast<std::uint32_t>(shape.text.size()), h.node, h.kind});
    at = h.end;
  }
  shape.text.append(out.data() + at, out.size() - at);
}

bool JsonShapes::describe(const field::Tree& tree, field::NodeIndex from, field::NodeIndex to,
                          JsonShape& shape) {
  shape.nodes.clear();
  if (to <= from || to - from > kMostNodes) return false;
  // Lines of text among one object's members: siblings are the nodes of one depth with no
  // shallower node between them.
  std::vector<bool> text_among_siblings;
  for (field::NodeIndex i = from; i < to; ++i) {
    const field::Node& n = tree[i];
    if (n.note != nullptr || !plain_text_line(tree, n)) return false;
    if (text_among_siblings.size() <= n.depth) text_among_siblings.resize(n.depth + 1u);
    for (std::size_t d = n.depth + 1u; d < text_among_siblings.size(); ++d)
      text_among_siblings[d] = false;
    if (n.field == nullptr) {
      if (text_among_siblings[n.depth]) return false;
      text_among_siblings[n.depth] = true;
    }
    shape.nodes.push_back(shape_of(n));
  }
  return true;
}

const JsonShape* JsonShapes::find(const field::Tree& tree, field::NodeIndex from,
                                  field::NodeIndex to, bool flat, bool raw_bytes,
                                  std::string_view layer) const {
  if (to <= from) return nullptr;
  std::size_t count = to - from;
  const void* first_field = tree[from].field;
  for (const JsonShape& shape : kept_) {
    if (shape.nodes.size() != count || shape.nodes[0].field != first_field ||
        shape.flat != flat || shape.raw_bytes != raw_bytes || shape.layer != layer)
      continue;
    // Every node is compared, and most objects match: the tests are combined without
    // branches, and only a line of text (rare) is looked at further.
    const field::Node* nodes = &tree[from];
    const JsonShape::NodeShape* wanted = shape.nodes.data();
    std::size_t k = 0;
    for (; k < count; ++k) {
      const field::Node& n = nodes[k];
      bool differs = (n.field != wanted[k].field) |
                     (depth_and_traits(n) != wanted[k].depth_and_traits) | (n.note != nullptr);
      if (differs || (n.field == nullptr && !plain_text_line(tree, n))) break;
    }
    if (k == count) return &shape;
  }
  return nullptr;
}

void JsonShapes::keep(JsonShape&& shape) {
  if (kept_.size() < kKept) {
    kept_.push_back(std::move(shape));
    return;
  }
  kept_[next_] = std::move(shape);
  next_ = (next_ + 1) % kKept;
}

}  // namespace mqscope::output::detail
