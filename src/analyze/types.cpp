// -z mqtt,types and -z mqtt,notes.
#include <fmt/format.h>

#include "mqscope/analyze/modules.hpp"
#include "mqscope/analyze/table.hpp"
#include "mqscope/core/json_text.hpp"

namespace mqscope::analyze {

std::string_view packet_type_name(std::uint8_t type) {
  static constexpr std::string_view kNames[] = {
      "RESERVED", "CONNECT", "CONNACK", "PUBLISH", "PUBACK", "PUBREC", "PUBREL", "PUBCOMP",
      "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT",
      "AUTH"};
  return type < 16 ? kNames[type] : "?";
}

void TypeStats::on_packet(const PacketFacts& p, const PairEvent&) {
  Count& c = counts_[p.type & 0xf][p.from_client ? 0 : 1];
  ++c.packets;
  c.bytes += p.packet_bytes;
}

void TypeStats::write_text(std::string& out) const {
  write_heading(out, name(), "packets and bytes per type and direction");
  Table table({"type", "client→broker", "bytes", "broker→client", "bytes", "total", "bytes"});
  Count all[2];
  for (std::uint8_t t = 0; t < 16; ++t) {
    const auto& c = counts_[t];
    if (c[0].packets + c[1].packets == 0) continue;
    table.add({std::string(packet_type_name(t)), std::to_string(c[0].packets),
               std::to_string(c[0].bytes), std::to_string(c[1].packets), std::to_string(c[1].bytes),
               std::to_string(c[0].packets + c[1].packets), std::to_string(c[0].bytes + c[1].bytes)});
    for (int d = 0; d < 2; ++d) {
      all[d].packets += c[static_cast<std::size_t>(d)].packets;
      all[d].bytes += c[static_cast<std::size_t>(d)].bytes;
    }
  }
  table.add({"all", std::to_string(all[0].packets), std::to_string(all[0].bytes),
             std::to_string(all[1].packets), std::to_string(all[1].bytes),
             std::to_string(all[0].packets + all[1].packets),
             std::to_string(all[0].bytes + all[1].bytes)});
  table.write(out);
}

void TypeStats::write_json(std::string& out) const {
  out += "{";
  bool first = true;
  for (std::uint8_t t = 0; t < 16; ++t) {
    const auto& c = counts_[t];
    if (c[0].packets + c[1].packets == 0) continue;
    out += fmt::format("{}\"{}\":{{\"c2s\":{},\"c2s_bytes\":{},\"s2c\":{},\"s2c_bytes\":{},\"total\":{}}}",
                       first ? "" : ",", packet_type_name(t), c[0].packets, c[0].bytes,
                       c[1].packets, c[1].bytes, c[0].packets + c[1].packets);
    first = false;
  }
  out += "}";
}

void NoteStats::on_packet(const PacketFacts& p, const PairEvent&) {
  for (std::string_view note : p.notes) {
    Seen& seen = notes_[std::string(note)];
    ++seen.count;
    if (seen.first_frames.size() < kFramesKept && (seen.first_frames.empty() ||
                                                   seen.first_frames.back() != p.frame))
      seen.first_frames.push_back(p.frame);
  }
}

void NoteStats::write_text(std::string& out) const {
  write_heading(out, name(), "notes by name, with the first frames where they occurred");
  if (notes_.empty()) {
    out += "  no notes\n";
    return;
  }
  Table table({"note", "count", "first frames"});
  for (const auto& [note, seen] : notes_) {
    std::string frames;
    for (std::uint32_t f : seen.first_frames) frames += fmt::format("{}#{}", frames.empty() ? "" : " ", f);
    table.add({note, std::to_string(seen.count), frames});
  }
  table.write(out);
}

void NoteStats::write_json(std::string& out) const {
  out += "{";
  bool first = true;
  for (const auto& [note, seen] : notes_) {
    if (!first) out += ",";
    first = false;
    append_json_string(out, note);
    out += fmt::format(":{{\"count\":{},\"first_frames\":[{}]}}", seen.count,
                       fmt::join(seen.first_frames, ","));
  }
  out += "}";
}

}  // namespace mqscope::analyze
