// Choosing what reaches the output: the display filter (-Y), the topic filter (--topic) and
// the packet count (-c), applied to each item before the real sink sees it.
#pragma once

#include <optional>
#include <string>

#include <memory>

#include "mqscope/app/options.hpp"
#include "mqscope/filter/filter.hpp"
#include "mqscope/output/sink.hpp"

namespace mqscope::app {

class SelectingSink : public output::Sink {
 public:
  SelectingSink(output::Sink& next, std::optional<filter::Filter> filter, std::string topic,
                std::uint64_t max_packets);

  bool wants_layer_trees() const override { return next_.wants_layer_trees(); }
  bool wants_info() const override { return next_.wants_info(); }
  bool shows_lower_labels() const override { return next_.shows_lower_labels(); }
  // A display filter may name any field.
  field::Detail packet_detail() const override {
    return filter_.has_value() ? field::Detail::Full : next_.packet_detail();
  }
  void on_packet(output::FrameContext& frame, const output::PacketRecord& packet) override;
  void on_layer_tree(output::FrameContext& frame, const field::Tree& tree) override;
  void finish() override { next_.finish(); }
  bool satisfied() const override { return max_packets_ != 0 && shown_ >= max_packets_; }
  // `matches` tests of the display filter that gave up at Limits::regex_match_steps.
  std::uint64_t regex_tests_given_up() const {
    return filter_ ? filter_->regex_tests_given_up() : 0;
  }

 private:
  bool selected(output::FrameContext& frame, const field::Tree& tree) const;

  output::Sink& next_;
  std::optional<filter::Filter> filter_;
  bool filter_needs_frame_ = false;
  std::string topic_;
  std::uint64_t max_packets_;
  std::uint64_t shown_ = 0;
};

// The selection `options` ask for (-Y, --topic, -c) in front of `next`. On an invalid
// display filter returns null and sets `error` to a message pointing at the problem.
std::unique_ptr<SelectingSink> make_selection(const Options& options, output::Sink& next,
                                              std::string& error);

}  // namespace mqscope::app
