#include "mqscope/core/notes.hpp"

namespace mqscope {

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::Chat: return "Chat";
    case Severity::Note: return "Note";
    case Severity::Warning: return "Warning";
    case Severity::Error: return "Error";
  }
  return "?";
}

std::string_view group_name(NoteGroup group) {
  switch (group) {
    case NoteGroup::Sequence: return "Sequence";
    case NoteGroup::Protocol: return "Protocol";
    case NoteGroup::Malformed: return "Malformed";
    case NoteGroup::Undecoded: return "Undecoded";
    case NoteGroup::Limit: return "Limit";
    case NoteGroup::Comment: return "Comment";
  }
  return "?";
}

}  // namespace mqscope
