// --explain: the walk-through a teacher does by hand, for every packet. For a packet rebuilt
// from several WebSocket frames (or TCP segments): a table of those frames in order, with the
// capture frame, the masking key, the unmasked bytes and what those bytes mean
// ("58 → Msg Len: 88"), then the decoded packet.
#pragma once

#include <string>

#include "mqscope/field/label_cache.hpp"
#include "mqscope/output/sink.hpp"
#include "mqscope/output/writer.hpp"

namespace mqscope::output {

class ExplainSink : public Sink {
 public:
  explicit ExplainSink(Writer& out) : out_(out) {}
  bool wants_info() const override { return true; }
  void on_packet(FrameContext& frame, const PacketRecord& packet) override;

 private:
  Writer& out_;
  field::LabelCache labels_;
};

}  // namespace mqscope::output
