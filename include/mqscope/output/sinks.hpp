// The Wireshark-style tree (`-V`) and tshark-compatible field rows (`-T fields`); the summary
// lines are in summary.hpp.
#pragma once

#include <string>
#include <vector>

#include "mqscope/field/label_cache.hpp"
#include "mqscope/field/registry.hpp"
#include "mqscope/output/sink.hpp"
#include "mqscope/output/writer.hpp"

namespace mqscope::output {

// The -x view of one packet: how its bytes were unmasked, then every field's bytes.
void write_packet_hex(const PacketRecord& packet, Writer& out);

// Prints each tree line indented four spaces per level, its label through `labels`.
void print_tree(const field::Tree& tree, field::LabelCache& labels, Writer& out,
                field::NodeIndex from = 0, field::NodeIndex to = field::kNoNode);

class TreeSink : public Sink {
 public:
  explicit TreeSink(Writer& out, bool hex = false) : out_(out), hex_(hex) {}
  bool wants_layer_trees() const override { return true; }
  void on_packet(FrameContext& frame, const PacketRecord& packet) override;
  void on_layer_tree(FrameContext& frame, const field::Tree& tree) override;
  void finish() override;

 private:
  void enter_frame(FrameContext& frame);
  Writer& out_;
  bool hex_;
  std::uint32_t current_frame_ = 0;
  field::LabelCache labels_;
};

struct FieldsOptions {
  std::vector<std::string> fields;  // abbreviations, in column order
  bool header = false;
  char separator = '\t';
  char aggregator = ',';            // between several values of one field in one packet
};

class FieldsSink : public Sink {
 public:
  // Fails (returns false, with `error`) when a field is unknown.
  static bool validate(const FieldsOptions& options, const field::Registry& registry,
                       std::string& error);
  FieldsSink(Writer& out, FieldsOptions options, const field::Registry& registry);
  bool shows_lower_labels() const override { return false; }
  void on_packet(FrameContext& frame, const PacketRecord& packet) override;

 private:
  bool append_values(const field::Tree& tree, field::NodeIndex from, field::NodeIndex to,
                     std::span<const field::FieldId> ids, std::string& cell) const;
  Writer& out_;
  FieldsOptions options_;
  std::vector<std::span<const field::FieldId>> columns_;
  bool header_done_ = false;
  std::string row_;
};

}  // namespace mqscope::output
