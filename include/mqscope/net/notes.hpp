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
inline constexpr NoteInfo ip_fragment{"ip.fragment", NoteGroup::Undecoded, Severity::Note,
                                      "IP fragment (not reassembled)"};
inline constexpr NoteInfo not_tcp{"ip.not_tcp", NoteGroup::Comment, Severity::Chat,
                                  "Not a TCP segment"};
inline constexpr NoteInfo tcp_truncated{"tcp.truncated", NoteGroup::Malformed, Severity::Error,
                                        "TCP header cut short or invalid"};

inline constexpr NoteId kAll[] = {&link_unsupported, &link_truncated, &not_ip,
                                            &ip_truncated,     &ip_fragment,    &not_tcp,
                                            &tcp_truncated};

}  // namespace mqscope::net::notes
