// The statistics asked for with -z, computed in one pass over the decoded packets, and the
// request/response pairing that also feeds the per-packet output.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mqscope/analyze/module.hpp"
#include "mqscope/analyze/pairing.hpp"
#include "mqscope/core/limits.hpp"

namespace mqscope::analyze {

// The statistics -z accepts, as "mqtt,NAME".
const std::vector<std::string>& statistic_names();

class Analyzer {
 public:
  // `names` as given to -z ("mqtt,types"); on an unknown one returns null with `error`.
  // The statistics keep using `limits`, which must outlive the analyzer.
  static std::unique_ptr<Analyzer> create(const std::vector<std::string>& names, bool mermaid,
                                          const Limits& limits, std::string& error);
  static std::unique_ptr<Analyzer> create(const std::vector<std::string>&, bool, const Limits&&,
                                          std::string&) = delete;

  void on_connection(const ConnectionFacts& connection);
  // Whether the caller reads the PairEvent of on_packet() (per-packet output does: the
  // request/response links). When it does not and no statistic does, packets are not paired
  // and on_packet() says Kind::None for each. Default: it does.
  void set_pairs_wanted(bool wanted);
  // Feeds one packet to every statistic; returns how it pairs with others.
  PairEvent on_packet(const PacketFacts& packet);
  void on_connection_end(std::uint32_t stream, EndReason reason, Timestamp time);
  // `capture_start`: the time of the capture's first frame, which reported times count from.
  void finish(Timestamp capture_start);

  bool has_statistics() const { return !modules_.empty(); }
  // Every statistic, as tables (text), or as the members of a JSON object keyed by
  // "mqtt,NAME" (comma-separated, without the braces: the caller may add members of its own).
  void write_text(std::string& out) const;
  void write_json_members(std::string& out) const;

 private:
  explicit Analyzer(const Limits& limits) : pairing_(limits.open_exchanges) {}
  Pairing pairing_;
  std::vector<std::unique_ptr<Module>> modules_;
  bool pairing_on_ = true;
  bool seen_ = false;
  Timestamp first_;
  Timestamp last_;
};

}  // namespace mqscope::analyze
