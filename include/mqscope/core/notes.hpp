// Errors are data: every anomaly a layer can report is described once, in a constexpr table of
// the layer that detects it, with a stable dotted name (Suricata's named events, Wireshark's
// expert infos). A note is referred to by the address of its description.
#pragma once

#include <cstdint>
#include <string_view>

namespace mqscope {

enum class Severity : std::uint8_t { Chat, Note, Warning, Error };

// Wireshark's expert groups, so that "[Expert Info (Warning/Malformed): ...]" reads familiar.
enum class NoteGroup : std::uint8_t { Sequence, Protocol, Malformed, Undecoded, Limit, Comment };

struct NoteInfo {
  std::string_view name;     // stable, e.g. "mqtt.qos_invalid"; used by tests, filters, JSON
  NoteGroup group;
  Severity severity;
  std::string_view message;  // one sentence for people
};

using NoteId = const NoteInfo*;

std::string_view severity_name(Severity severity);
std::string_view group_name(NoteGroup group);

}  // namespace mqscope
