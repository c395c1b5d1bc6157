// Running a bundled capture through the library and reading back what it decoded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mqscope/app/options.hpp"
#include "mqscope/app/pipeline.hpp"
#include "mqscope/field/tree.hpp"

namespace mqscope::test {

std::string capture_path(const std::string& name);

// One decoded MQTT packet, as facts read from its tree through the field registry.
struct DecodedPacket {
  std::uint32_t frame = 0;
  std::uint32_t stream = 0;
  bool from_client = true;
  std::uint16_t client_port = 0;
  std::string client_address;    // "ip:port" of the client
  std::string type;              // "CONNECT", ...
  field::DetachedTree detached;  // the packet's tree, with its own copy of the bytes
  field::NodeIndex top = 0;

  explicit DecodedPacket(const field::Tree& tree) : detached(tree) {}
  const field::Tree& tree() const { return detached.tree(); }

  // Values of a field in this packet, formatted as -T fields formats them.
  std::vector<std::string> values(const std::string& abbrev) const;
  std::string value(const std::string& abbrev) const;  // first, or ""
  bool has(const std::string& abbrev) const { return !values(abbrev).empty(); }
  // Values of `abbrev` under the first `container` node (e.g. mqtt.will_properties); none
  // when there is no such node.
  std::vector<std::string> values_within(const std::string& container,
                                         const std::string& abbrev) const;
  // Whether the first node of `abbrev` is generated (not on the wire: a resolved topic).
  bool generated(const std::string& abbrev) const;
  // Every field of the packet's subtree with its value (no capture frame numbers): equal for
  // the same packet decoded from differently captured copies.
  std::string fingerprint() const;
  // The capture frames the packet's bytes came from (its provenance).
  std::vector<std::uint32_t> source_frames() const;
};

struct DecodedCapture {
  std::vector<DecodedPacket> packets;
  std::vector<std::string> problems;  // records that were not packets (notes)
  std::vector<std::string> ws_messages;  // summaries of messages of non-MQTT WebSocket streams
  std::string messages;               // diagnostics
  int status = 0;
  app::Statistics stats;
};

DecodedCapture decode_capture(const std::string& path, const app::Options& base = {});

}  // namespace mqscope::test
