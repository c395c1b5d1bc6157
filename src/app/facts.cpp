#include "facts.hpp"

#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/fields_v5.hpp"

namespace mqscope::app {

namespace {

namespace hf = mqtt::hf;
using field::FieldId;

constexpr std::uint8_t kPropertySessionExpiry = 0x11;
constexpr std::uint8_t kPropertyServerKeepAlive = 0x13;

bool is_reason_code(FieldId f) {
  return f == &hf::conack_val || f == &hf::rc_connack || f == &hf::rc_puback ||
         f == &hf::rc_pubrec || f == &hf::rc_pubrel || f == &hf::rc_pubcomp ||
         f == &hf::rc_disconnect || f == &hf::rc_auth;
}

// A property's value follows its identifier node; remember which property it belongs to.
void take_property(analyze::PacketFacts& p, std::uint8_t id, std::uint64_t value) {
  if (id == kPropertySessionExpiry) p.session_expiry = static_cast<std::uint32_t>(value);
  if (id == kPropertyServerKeepAlive) p.server_keepalive = static_cast<std::uint16_t>(value);
}

}  // namespace

void read_packet_facts(const field::Tree& tree, field::NodeIndex top, analyze::PacketFacts& p) {
  p.clear();
  p.packet_bytes = tree[top].length;
  std::uint8_t property = 0;
  field::NodeIndex end = tree.subtree_end(top);
  for (field::NodeIndex i = top + 1; i < end; ++i) {
    const field::Node& n = tree[i];
    if (n.note) {
      p.notes.emplace_back(n.note->name);
      continue;
    }
    FieldId f = n.field;
    if (f == nullptr) continue;
    if (f == &hf::hdrflags) {
      p.type = static_cast<std::uint8_t>(n.value >> 4);
      p.dup = (n.value & 0x08) != 0;
      p.qos = static_cast<std::uint8_t>((n.value >> 1) & 3);
      p.retain = (n.value & 0x01) != 0;
    } else if (f == &hf::msgid) {
      p.packet_id = static_cast<std::uint16_t>(n.value);
    } else if (f == &hf::topic) {
      p.topics.emplace_back(tree.string_value(n));
    } else if (f == &hf::msg) {
      p.payload_bytes = tree.bytes_value(n).size();
    } else if (f == &hf::ver) {
      p.version = static_cast<std::uint8_t>(n.value);
    } else if (f == &hf::clientid) {
      p.client_id.assign(tree.string_value(n));
    } else if (f == &hf::username) {
      p.username.assign(tree.string_value(n));
    } else if (f == &hf::kalive) {
      p.keepalive = static_cast<std::uint16_t>(n.value);
    } else if (f == &hf::conflags) {
      p.clean_start = (n.value & 0x02) != 0;
    } else if (is_reason_code(f)) {
      p.reason_code = static_cast<std::uint8_t>(n.value);
    } else if (f == &hf::property_id) {
      property = static_cast<std::uint8_t>(n.value);
    } else if (f == &hf::prop_number) {
      take_property(p, property, n.value);
    }
  }
  // A PUBLISH whose topic came from an alias shows it as a generated Topic after an empty one.
  if (p.type == 3 && p.topics.size() > 1) p.topics.erase(p.topics.begin(), p.topics.end() - 1);
}

}  // namespace mqscope::app
