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
// RFC 7692 §6: with permessage-deflate, RSV1 of a message's first frame says "compressed".
inline constexpr FieldInfo pmc{"Per-Message Compressed", "websocket.pmc", Type::Boolean,
                               Base::None, 0x40};
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
inline constexpr FieldInfo binary{"Binary", "websocket.payload.binary", Type::Bytes};
// RFC 7692 §7.2.2: what a compressed frame's payload inflated to.
inline constexpr FieldInfo inflated_length{"Inflated payload length", "websocket.inflated_length",
                                           Type::UInt64, Base::Dec};
inline constexpr FieldInfo inflated_payload{"Inflated payload", "websocket.inflated_payload",
                                            Type::Bytes};
// A whole data message (RFC 6455 §5.4: its fragments joined, §5.6: text or binary).
inline constexpr FieldInfo message{"WebSocket message", "websocket.message", Type::UInt32,
                                   Base::Dec};
inline constexpr FieldInfo message_opcode{"Message type", "websocket.message.opcode",
                                          Type::UInt8, Base::Dec, 0, kOpcodes};
inline constexpr FieldInfo message_frames{"Frames", "websocket.message.frames", Type::UInt32,
                                          Base::Dec};
inline constexpr FieldInfo message_length{"Message length", "websocket.message.length",
                                          Type::UInt64, Base::Dec};
inline constexpr FieldInfo message_compressed_length{
    "Compressed length", "websocket.message.compressed_length", Type::UInt64, Base::Dec};
inline constexpr FieldInfo frame_index{"WebSocket frame", "websocket.frame", Type::UInt32,
                                       Base::Dec};
inline constexpr FieldInfo frame_span{"Frame spans capture frames", "websocket.capture_frames",
                                      Type::String};

inline constexpr field::FieldId kAll[] = {
    &websocket,      &fin,           &rsv,          &pmc,
    &opcode,         &mask,          &payload_length, &payload_length_16,
    &payload_length_64, &masking_key, &masked_payload, &payload,
    &close,          &close_status,  &close_reason, &ping,
    &pong,           &text,          &binary,       &inflated_length,
    &inflated_payload, &message,     &message_opcode, &message_frames,
    &message_length, &message_compressed_length, &frame_index, &frame_span};

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
inline constexpr NoteInfo text_invalid_utf8{
    "websocket.text_invalid_utf8", NoteGroup::Protocol, Severity::Warning,
    "Text message is not valid UTF-8 (RFC 6455 §8.1, RFC 3629)"};
inline constexpr NoteInfo close_reason_invalid_utf8{
    "websocket.close_reason_invalid_utf8", NoteGroup::Protocol, Severity::Warning,
    "Close reason is not valid UTF-8 (RFC 6455 §5.5.1)"};
inline constexpr NoteInfo compressed_control{
    "websocket.compressed_control", NoteGroup::Protocol, Severity::Warning,
    "RSV1 (Per-Message Compressed) set on a control frame (RFC 7692 §6.1)"};
inline constexpr NoteInfo compressed_continuation{
    "websocket.compressed_continuation", NoteGroup::Protocol, Severity::Warning,
    "RSV1 (Per-Message Compressed) set on a continuation frame (RFC 7692 §6.1)"};
inline constexpr NoteInfo inflate_failed{
    "websocket.inflate_failed", NoteGroup::Malformed, Severity::Error,
    "Compressed payload does not inflate (RFC 7692 §7.2.2); rest of the message not decoded"};
inline constexpr NoteInfo inflated_too_large{
    "websocket.inflated_too_large", NoteGroup::Limit, Severity::Warning,
    "Inflated message larger than the limit; rest of the message not inflated"};
inline constexpr NoteInfo inflate_ratio_exceeded{
    "websocket.inflate_ratio_exceeded", NoteGroup::Limit, Severity::Warning,
    "Compression ratio above the limit (deflate bomb); rest of the message not inflated"};

inline constexpr NoteId kAll[] = {
    &client_frame_unmasked, &server_frame_masked, &rsv_without_extension, &reserved_opcode,
    &control_too_long,      &control_fragmented,  &continuation_without_message,
    &message_interrupted,   &length_not_minimal,  &length_top_bit,        &close_invalid_code,
    &close_payload_short,   &data_after_close,    &payload_gap,           &sync_lost,
    &text_frame_for_mqtt,   &text_invalid_utf8,   &close_reason_invalid_utf8,
    &compressed_control,    &compressed_continuation, &inflate_failed,    &inflated_too_large,
    &inflate_ratio_exceeded, &resynchronised};

}  // namespace mqscope::ws::notes
