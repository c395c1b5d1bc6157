// One line per MQTT packet, for scanning a capture: frame, time, the client on the left and
// the broker on the right with an arrow for the direction, transport, and the packet's key
// values; a '!' marks packets with warnings, whose notes follow in brackets. Colour, when on,
// only repeats what the text already says.
#pragma once

#include <array>
#include <string>

#include "mqscope/core/timestamp.hpp"

#include "mqscope/output/sink.hpp"
#include "mqscope/output/writer.hpp"

namespace mqscope::output {

struct SummaryOptions {
  bool hex = false;     // -x after each line
  bool colour = false;  // ANSI colours
};

class SummarySink : public Sink {
 public:
  explicit SummarySink(Writer& out, SummaryOptions options = {}) : out_(out), options_(options) {}
  bool wants_info() const override { return true; }
  field::Detail packet_detail() const override {
    return options_.hex ? field::Detail::Full : field::Detail::Summary;
  }
  void on_packet(FrameContext& frame, const PacketRecord& packet) override;

 private:
  Writer& out_;
  SummaryOptions options_;
  std::size_t client_width_ = 21;  // "255.255.255.255:65535"
  std::size_t broker_width_ = 21;
  // Frame number (at most 10 digits) and time, styled as one piece, with room for padding
  // stored 16 bytes at a time.
  std::array<char, 32 + kRelativeTextMax> stamp_{};
};

}  // namespace mqscope::output
