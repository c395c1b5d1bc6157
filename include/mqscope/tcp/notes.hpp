// Notes of TCP reassembly and connection tracking.
#pragma once

#include "mqscope/core/notes.hpp"

namespace mqscope::tcp::notes {

inline constexpr NoteInfo overlap_conflict{
    "tcp.overlap_conflict", NoteGroup::Malformed, Severity::Warning,
    "Segment overlaps bytes already seen but differs from them; the first copy is kept"};
inline constexpr NoteInfo flow_evicted{
    "tcp.flow_evicted", NoteGroup::Limit, Severity::Warning,
    "Connection limit (Limits::max_flows) reached: the least recently seen connection was "
    "closed early"};
inline constexpr NoteInfo flow_idle_timeout{
    "tcp.flow_idle_timeout", NoteGroup::Sequence, Severity::Note,
    "Connection silent longer than Limits::flow_idle_timeout_s; closed"};

inline constexpr NoteId kAll[] = {&overlap_conflict, &flow_evicted, &flow_idle_timeout};

}  // namespace mqscope::tcp::notes
