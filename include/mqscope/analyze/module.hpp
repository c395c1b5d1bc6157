// One statistic (`-z mqtt,NAME`): fed every packet of the capture in one pass, with state
// bounded by the limits, and able to report as a table for people or as JSON for tools.
#pragma once

#include <string>
#include <string_view>

#include "mqscope/analyze/facts.hpp"
#include "mqscope/analyze/pairing.hpp"

namespace mqscope::analyze {

class Module {
 public:
  virtual ~Module() = default;
  virtual std::string_view name() const = 0;  // "types", as in -z mqtt,types
  virtual void on_connection(const ConnectionFacts& connection) { (void)connection; }
  virtual void on_packet(const PacketFacts& packet, const PairEvent& pair) = 0;
  // Whether on_packet() reads `pair`: packets are paired only if something reads the result.
  virtual bool uses_pairs() const { return false; }
  virtual void on_connection_end(std::uint32_t stream, EndReason reason, Timestamp time) {
    (void)stream;
    (void)reason;
    (void)time;
  }
  // The capture's first and last times, once all packets were seen.
  virtual void finish(Timestamp first, Timestamp last) {
    (void)first;
    (void)last;
  }
  virtual void write_text(std::string& out) const = 0;
  virtual void write_json(std::string& out) const = 0;  // one JSON value
};

}  // namespace mqscope::analyze
