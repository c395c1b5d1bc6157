#include "mqscope/app/selection.hpp"

#include <algorithm>

#include "mqscope/app/registry.hpp"
#include "mqscope/mqtt/topic_match.hpp"

namespace mqscope::app {

SelectingSink::SelectingSink(output::Sink& next, std::optional<filter::Filter> filter,
                             std::string topic, std::uint64_t max_packets)
    : next_(next), filter_(std::move(filter)), topic_(std::move(topic)), max_packets_(max_packets) {
  if (filter_) {
    const auto& used = filter_->fields();
    filter_needs_frame_ = std::any_of(used.begin(), used.end(), [](field::FieldId f) {
      return registry().group_of(f) == kFrameGroup;
    });
  }
}

bool SelectingSink::selected(output::FrameContext& frame, const field::Tree& tree) const {
  if (!topic_.empty()) {
    auto topic_fields = registry().find("mqtt.topic");
    bool any = false;
    for (const field::Node& node : tree.nodes()) {
      if (std::find(topic_fields.begin(), topic_fields.end(), node.field) == topic_fields.end())
        continue;
      if (mqtt::topic_matches(topic_, tree.string_value(node))) any = true;
    }
    if (!any) return false;
  }
  if (!filter_) return true;
  filter::Target target;
  target.tree = &tree;
  if (filter_needs_frame_) target.more = [&frame] { return &frame.lower_tree(); };
  return filter_->matches(target);
}

void SelectingSink::on_packet(output::FrameContext& frame, const output::PacketRecord& packet) {
  if (satisfied() || !selected(frame, *packet.tree)) return;
  if (packet.is_packet) ++shown_;
  next_.on_packet(frame, packet);
}

void SelectingSink::on_layer_tree(output::FrameContext& frame, const field::Tree& tree) {
  if (satisfied()) return;
  // Without filters, every layer is shown; with them, a layer shows when it matches itself.
  if ((filter_ || !topic_.empty()) && !selected(frame, tree)) return;
  next_.on_layer_tree(frame, tree);
}

std::unique_ptr<SelectingSink> make_selection(const Options& options, output::Sink& next,
                                              std::string& error) {
  std::optional<filter::Filter> display_filter;
  if (!options.display_filter.empty()) {
    filter::Error problem;
    display_filter =
        filter::Filter::compile(options.display_filter, registry(), problem, options.limits);
    if (!display_filter) {
      error = "invalid display filter:\n" + filter::describe_error(options.display_filter, problem);
      return nullptr;
    }
  }
  return std::make_unique<SelectingSink>(next, std::move(display_filter), options.topic_filter,
                                         options.max_packets);
}

}  // namespace mqscope::app
