// Field and note descriptions of the HTTP layer (Wireshark's "http." abbreviations).
#pragma once

#include "mqscope/core/notes.hpp"
#include "mqscope/field/field.hpp"

namespace mqscope::http::hf {

using field::Base;
using field::FieldInfo;
using field::Type;

inline constexpr FieldInfo http{"Hypertext Transfer Protocol", "http", Type::Protocol};
inline constexpr FieldInfo request_method{"Request Method", "http.request.method", Type::String};
inline constexpr FieldInfo request_uri{"Request URI", "http.request.uri", Type::String};
inline constexpr FieldInfo request_version{"Request Version", "http.request.version",
                                           Type::String};
inline constexpr FieldInfo response_version{"Response Version", "http.response.version",
                                            Type::String};
inline constexpr FieldInfo response_code{"Status Code", "http.response.code", Type::UInt16,
                                         Base::Dec};
inline constexpr FieldInfo response_code_desc{"Status Code Description",
                                              "http.response.code.desc", Type::String};
inline constexpr FieldInfo response_phrase{"Response Phrase", "http.response.phrase",
                                           Type::String};
inline constexpr FieldInfo host{"Host", "http.host", Type::String};
inline constexpr FieldInfo user_agent{"User-Agent", "http.user_agent", Type::String};
inline constexpr FieldInfo authorization{.name = "Authorization",
                                         .abbrev = "http.authorization",
                                         .type = Type::String,
                                         .secret = true};
inline constexpr FieldInfo proxy_authorization{.name = "Proxy-Authorization",
                                               .abbrev = "http.proxy_authorization",
                                               .type = Type::String,
                                               .secret = true};
inline constexpr FieldInfo connection{"Connection", "http.connection", Type::String};
inline constexpr FieldInfo upgrade{"Upgrade", "http.upgrade", Type::String};
inline constexpr FieldInfo ws_key{"Sec-WebSocket-Key", "http.sec_websocket_key", Type::String};
inline constexpr FieldInfo ws_accept{"Sec-WebSocket-Accept", "http.sec_websocket_accept",
                                     Type::String};
inline constexpr FieldInfo ws_protocol{"Sec-WebSocket-Protocol", "http.sec_websocket_protocol",
                                       Type::String};
inline constexpr FieldInfo ws_extensions{"Sec-WebSocket-Extensions",
                                         "http.sec_websocket_extensions", Type::String};
inline constexpr FieldInfo ws_version{"Sec-WebSocket-Version", "http.sec_websocket_version",
                                      Type::String};
inline constexpr FieldInfo ws_accept_expected{"Expected Sec-WebSocket-Accept",
                                              "http.sec_websocket_accept.expected",
                                              Type::String};
inline constexpr FieldInfo ws_accept_valid{"Sec-WebSocket-Accept valid",
                                           "http.sec_websocket_accept.valid", Type::Boolean};
// RFC 7692 §7.1: what the 101 response agreed on for permessage-deflate.
inline constexpr FieldInfo ws_deflate{"WebSocket extension agreed",
                                      "http.sec_websocket_extensions.agreed", Type::String};
inline constexpr FieldInfo ws_deflate_server_no_takeover{
    "server_no_context_takeover",
    "http.sec_websocket_extensions.permessage_deflate.server_no_context_takeover",
    Type::Boolean};
inline constexpr FieldInfo ws_deflate_client_no_takeover{
    "client_no_context_takeover",
    "http.sec_websocket_extensions.permessage_deflate.client_no_context_takeover",
    Type::Boolean};
inline constexpr FieldInfo ws_deflate_server_bits{
    "server_max_window_bits",
    "http.sec_websocket_extensions.permessage_deflate.server_max_window_bits", Type::UInt8,
    Base::Dec};
inline constexpr FieldInfo ws_deflate_client_bits{
    "client_max_window_bits",
    "http.sec_websocket_extensions.permessage_deflate.client_max_window_bits", Type::UInt8,
    Base::Dec};
inline constexpr FieldInfo request_in{"Request in frame", "http.request_in", Type::FrameNum,
                                      Base::Dec};

inline constexpr field::FieldId kAll[] = {
    &http,       &authorization, &proxy_authorization, &request_method, &request_uri,   &request_version,    &response_version,
    &response_code, &response_code_desc, &response_phrase, &host,      &user_agent,
    &connection, &upgrade,        &ws_key,        &ws_accept,          &ws_protocol,
    &ws_extensions, &ws_version,  &ws_accept_expected, &ws_accept_valid, &ws_deflate,
    &ws_deflate_server_no_takeover, &ws_deflate_client_no_takeover, &ws_deflate_server_bits,
    &ws_deflate_client_bits, &request_in};

}  // namespace mqscope::http::hf

namespace mqscope::http::notes {

inline constexpr NoteInfo head_too_large{"http.head_too_large", NoteGroup::Limit,
                                         Severity::Warning,
                                         "HTTP head larger than the limit; not decoded"};
inline constexpr NoteInfo head_malformed{"http.head_malformed", NoteGroup::Malformed,
                                         Severity::Warning, "Malformed HTTP head"};
inline constexpr NoteInfo upgrade_refused{"http.upgrade_refused", NoteGroup::Sequence,
                                          Severity::Note,
                                          "WebSocket upgrade not accepted (no 101)"};
inline constexpr NoteInfo accept_mismatch{
    "http.sec_websocket_accept_mismatch", NoteGroup::Protocol, Severity::Warning,
    "Sec-WebSocket-Accept does not match Sec-WebSocket-Key (RFC 6455 §4.2.2)"};
inline constexpr NoteInfo accept_missing{"http.sec_websocket_accept_missing",
                                         NoteGroup::Protocol, Severity::Warning,
                                         "101 response without Sec-WebSocket-Accept"};
inline constexpr NoteInfo subprotocol_not_offered{
    "http.subprotocol_not_offered", NoteGroup::Protocol, Severity::Warning,
    "Server chose a subprotocol the client did not offer (RFC 6455 §4.1)"};
inline constexpr NoteInfo subprotocol_missing{
    "http.subprotocol_missing", NoteGroup::Protocol, Severity::Note,
    "Client offered subprotocols but the server chose none"};
inline constexpr NoteInfo extensions_malformed{
    "http.sec_websocket_extensions_malformed", NoteGroup::Malformed, Severity::Warning,
    "Sec-WebSocket-Extensions does not follow the grammar of RFC 6455 §9.1"};
inline constexpr NoteInfo extension_not_offered{
    "http.extension_not_offered", NoteGroup::Protocol, Severity::Warning,
    "Server accepted an extension the client did not offer (RFC 6455 §4.1)"};
inline constexpr NoteInfo deflate_parameter_invalid{
    "http.permessage_deflate_parameter_invalid", NoteGroup::Protocol, Severity::Warning,
    "Invalid permessage-deflate answer (RFC 7692 §7.1); the parameter keeps its default"};
inline constexpr NoteInfo body_not_decoded{"http.body_not_decoded", NoteGroup::Undecoded,
                                           Severity::Note,
                                           "HTTP bytes after a non-upgrade head not decoded"};

inline constexpr NoteId kAll[] = {&head_too_large,          &head_malformed,
                                  &upgrade_refused,         &accept_mismatch,
                                  &accept_missing,          &subprotocol_not_offered,
                                  &subprotocol_missing,     &extensions_malformed,
                                  &extension_not_offered,   &deflate_parameter_invalid,
                                  &body_not_decoded};

}  // namespace mqscope::http::notes
