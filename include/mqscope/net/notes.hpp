// Notes the link, IP and TCP header decoders can raise.
#pragma once

#include "mqscope/core/notes.hpp"

namespace mqscope::net::notes {

inline constexpr NoteInfo link_unsupported{"frame.link_unsupported", NoteGroup::Undecoded,
                                           Severity::Warning, "Link type not supported"};
inline constexpr NoteInfo link_truncated{"eth.truncated", NoteGroup::Malformed, Severity::Error,
                                         "Link-layer header cut short"};
inline constexpr NoteInfo not_ip{"frame.not_ip", NoteGroup::Comment, Severity::Chat,
                                 "Not an IP packet"};
inline constexpr NoteInfo ip_truncated{"ip.truncated", NoteGroup::Malformed, Severity::Error,
                                       "IP header cut short or invalid"};
inline constexpr NoteInfo ip_fragment{"ip.fragment", NoteGroup::Comment, Severity::Chat,
                                      "IP fragment, held until its datagram is complete"};
inline constexpr NoteInfo fragment_overlap{
    "ip.fragment_overlap", NoteGroup::Malformed, Severity::Warning,
    "Overlapping IP fragments; the datagram is dropped (RFC 5722)"};
inline constexpr NoteInfo fragment_invalid{
    "ip.fragment_invalid", NoteGroup::Malformed, Severity::Warning,
    "IP fragment inconsistent with the others of its datagram (length not a multiple of 8 "
    "before the last, or beyond the last); the datagram is dropped"};
inline constexpr NoteInfo fragment_too_large{
    "ip.fragment_too_large", NoteGroup::Malformed, Severity::Warning,
    "Reassembled datagram would exceed 65535 bytes; dropped"};
inline constexpr NoteInfo fragment_truncated{
    "ip.fragment_truncated", NoteGroup::Undecoded, Severity::Warning,
    "IP fragment cut by the snapshot length; its datagram cannot be reassembled"};
inline constexpr NoteInfo fragment_limit{
    "ip.fragment_limit", NoteGroup::Limit, Severity::Warning,
    "Fragment reassembly limit reached (Limits::ip_fragment_bytes or ip_fragment_datagrams); "
    "fragment dropped"};
inline constexpr NoteInfo fragment_expired{
    "ip.fragment_expired", NoteGroup::Sequence, Severity::Warning,
    "IP datagram still incomplete when its reassembly time ran out; its fragments are dropped"};
inline constexpr NoteInfo not_tcp{"ip.not_tcp", NoteGroup::Comment, Severity::Chat,
                                  "Not a TCP segment"};
inline constexpr NoteInfo tcp_truncated{"tcp.truncated", NoteGroup::Malformed, Severity::Error,
                                        "TCP header cut short or invalid"};

inline constexpr NoteId kAll[] = {
    &link_unsupported,   &link_truncated,    &not_ip,         &ip_truncated,
    &ip_fragment,        &fragment_overlap,  &fragment_invalid, &fragment_too_large,
    &fragment_truncated, &fragment_limit,    &fragment_expired, &not_tcp,
    &tcp_truncated};

}  // namespace mqscope::net::notes
