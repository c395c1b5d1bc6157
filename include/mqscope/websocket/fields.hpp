// Field and note descriptions of the WebSocket layer (Wireshark's "websocket." abbreviations).
#pragma once

#include "mqscope/core/notes.hpp"
#include "mqscope/field/field.hpp"

namespace mqscope::ws::hf {

using field::Base;
using field::FieldInfo;
using field::Type;
using field::ValueString;

inline constexpr ValueString kOpcodes[] = {
    {0x0, "Continuation"}, {0x1, "Text"}, {0x2, "Binary"},
    {0x8, "Connection Close"}, {0x9, "Ping"}, {0xa, "Pong"}};

// RFC 6455 §7.4.1 and the IANA WebSocket Close Code Number Registry.
inline constexpr ValueString kCloseCodes[] = {
    {1000, "Normal Closure"},      {1001, "Going Away"},          {1002, "Protocol error"},
    {1003, "Unsupported Data"},    {1004, "Reserved"},            {1005, "No Status Rcvd"},
    {1006, "Abnormal Closure"},    {1007, "Invalid frame payload data"},
    {1008, "Policy Violation"},    {1009, "Message Too Big"},     {1010, "Mandatory Ext."},
    {1011, "Internal Server"},     {1012, "Service Restart"},     {1013, "Try Again Later"},
    {1014, "Bad Gateway"},         {1015, "TLS handshake"}};

inline constexpr FieldInfo websocket{"WebSocket", "websocket", Type::Protocol};
inline constexpr FieldInfo fin{"Fin", "websocket.fin", Type::Boolean, Base::None, 0x80};
inline constexpr FieldInfo rsv{"Reserved", "websocket.rsv", Type::UInt8, Base::Hex, 0x70};
inline constexpr FieldInfo opcode{"Opcode", "websocket.opcode", Type::UInt8, Base::Dec, 0x0f,
                                  kOpcodes};
inline constexpr FieldInfo mask{"Mask", "websocket.mask", Type::Boolean, Base::None, 0x80};
inline constexpr FieldInfo payload_length{"Payload length", "websocket.payload_length",
                                          Type::UInt8, Base::Dec, 0x7f};
inline constexpr FieldInfo payload_length_16{"Extended Payload length (16 bits)",
                                             "websocket.payload_length_ext_16", Type::UInt16,
                                             Base::Dec};
inline constexpr FieldInfo payload_length_64{"Extended Payload length (64 bits)",
                                             "websocket.payload_length_ext_64", Type::UInt64,
                                             Base::Dec};
inline constexpr FieldInfo masking_key{"Masking-Key", "websocket.masking_key", Type::Bytes};
inline constexpr FieldInfo masked_payload{"Masked payload", "websocket.masked_payload",
                                          Type::Bytes};
inline constexpr FieldInfo payload{"Payload", "websocket.payload", Type::Bytes};
inline constexpr FieldInfo close{"Close", "websocket.payload.close", Type::None};
inline constexpr FieldInfo close_status{"Status code", "websocket.payload.close.status_code",
                                        Type::UInt16, Base::Dec, 0, kCloseCodes};
inline constexpr FieldInfo close_reason{"Reason", "websocket.payload.close.reason",
                                        Type::String};
inline constexpr FieldInfo ping{"Ping", "websocket.payload.ping", Type::Bytes};
inline constexpr FieldInfo pong{"Pong", "websocket.payload.pong", Type::Bytes};
inline constexpr FieldInfo text{"Text", "websocket.payload.text", Type::String};
inline constexpr FieldInfo frame_index{"WebSocket frame", "websocket.frame", Type::UInt32,
                                       Base::Dec};
inline constexpr FieldInfo frame_span{"Frame spans capture frames", "websocket.capture_frames",
                                      Type::String};

inline constexpr field::FieldId kAll[] = {
    &websocket,   &fin,          &rsv,          &opcode,  &mask,
    &payload_length, &payload_length_16, &payload_length_64, &masking_key, &masked_payload,
    &payload,     &close,        &close_status, &close_reason, &ping,
    &pong,        &text,         &frame_index,  &frame_span};

}  // namespace mqscope::ws::hf

namespace mqscope::ws::notes {

inline constexpr NoteInfo client_frame_unmasked{
    "websocket.client_frame_unmasked", NoteGroup::Protocol, Severity::Warning,
    "Client-to-server frame is not masked (RFC 6455 §5.1)"};
inline constexpr NoteInfo server_frame_masked{
    "websocket.server_frame_masked", NoteGroup::Protocol, Severity::Warning,
    "Server-to-client frame is masked (RFC 6455 §5.1)"};
inline constexpr NoteInfo rsv_without_extension{
    "websocket.rsv_without_extension", NoteGroup::Protocol, Severity::Warning,
    "Reserved bits set without a negotiated extension (RFC 6455 §5.2)"};
inline constexpr NoteInfo reserved_opcode{"websocket.reserved_opcode", NoteGroup::Protocol,
                                          Severity::Warning,
                                          "Reserved opcode (RFC 6455 §5.2)"};
inline constexpr NoteInfo control_too_long{
    "websocket.control_too_long", NoteGroup::Protocol, Severity::Warning,
    "Control frame payload longer than 125 bytes (RFC 6455 §5.5)"};
inline constexpr NoteInfo control_fragmented{
    "websocket.control_fragmented", NoteGroup::Protocol, Severity::Warning,
    "Control frame is fragmented (RFC 6455 §5.5)"};
inline constexpr NoteInfo continuation_without_message{
    "websocket.continuation_without_message", NoteGroup::Protocol, Severity::Warning,
    "Continuation frame without a message to continue (RFC 6455 §5.4)"};
inline constexpr NoteInfo message_interrupted{
    "websocket.message_interrupted", NoteGroup::Protocol, Severity::Warning,
    "New data message before the previous one ended (RFC 6455 §5.4)"};
inline constexpr NoteInfo length_not_minimal{
    "websocket.length_not_minimal", NoteGroup::Protocol, Severity::Note,
    "Payload length not in its minimal encoding (RFC 6455 §5.2)"};
inline constexpr NoteInfo length_top_bit{
    "websocket.length_top_bit", NoteGroup::Malformed, Severity::Error,
    "64-bit payload length with the most significant bit set (RFC 6455 §5.2)"};
inline constexpr NoteInfo close_invalid_code{
    "websocket.close_invalid_code", NoteGroup::Protocol, Severity::Warning,
    "Invalid close status code (RFC 6455 §7.4)"};
inline constexpr NoteInfo close_payload_short{
    "websocket.close_payload_short", NoteGroup::Malformed, Severity::Warning,
    "Close payload of one byte (RFC 6455 §5.5.1)"};
inline constexpr NoteInfo data_after_close{
    "websocket.data_after_close", NoteGroup::Protocol, Severity::Warning,
    "Frame sent after a Close frame (RFC 6455 §5.5.1)"};
inline constexpr NoteInfo payload_gap{"websocket.payload_gap", NoteGroup::Sequence,
                                      Severity::Warning,
                                      "Bytes of this frame's payload were not captured"};
inline constexpr NoteInfo sync_lost{"websocket.sync_lost", NoteGroup::Sequence,
                                    Severity::Error,
                                    "Frame boundary lost after missing bytes; looking for the "
                                    "next plausible frame header"};
inline constexpr NoteInfo resynchronised{
    "websocket.resynchronised", NoteGroup::Sequence, Severity::Warning,
    "First frame found again after missing bytes; bytes before it could not be placed"};
inline constexpr NoteInfo text_frame_for_mqtt{
    "websocket.text_frame_for_mqtt", NoteGroup::Protocol, Severity::Warning,
    "MQTT sent in a text message; MQTT requires binary messages (MQTT-6.0.0-1)"};
inline constexpr NoteInfo compressed_skipped{
    "websocket.compressed_skipped", NoteGroup::Undecoded, Severity::Warning,
    "Compressed message (permessage-deflate) not inflated; its payload is not decoded"};

inline constexpr NoteId kAll[] = {
    &client_frame_unmasked, &server_frame_masked, &rsv_without_extension, &reserved_opcode,
    &control_too_long,      &control_fragmented,  &continuation_without_message,
    &message_interrupted,   &length_not_minimal,  &length_top_bit,        &close_invalid_code,
    &close_payload_short,   &data_after_close,    &payload_gap,           &sync_lost,
    &resynchronised,        &text_frame_for_mqtt, &compressed_skipped};

}  // namespace mqscope::ws::notes
