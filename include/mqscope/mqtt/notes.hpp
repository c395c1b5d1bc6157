// Notes the MQTT framer and decoder raise, with stable names, in two kinds:
// - conformance notes: a peer broke the specification (the clause is in the message). Traffic
//   between correct implementations, captured whole, raises none of them;
// - capture notes: something about the capture or about mqscope's own limits (the CONNECT
//   was not captured, bytes are missing, a packet is over the size limit). They say nothing
//   about the peers.
#pragma once

#include <array>
#include <iterator>

#include "mqscope/core/notes.hpp"

namespace mqscope::mqtt::notes {

// ---- Capture notes -------------------------------------------------------------------------
inline constexpr NoteInfo unknown_version{"mqtt.unknown_version", NoteGroup::Protocol,
                                          Severity::Note,
                                          "Unknown version (missing the CONNECT packet?)"};
inline constexpr NoteInfo version_guessed{
    "mqtt.version_guessed", NoteGroup::Protocol, Severity::Note,
    "Version guessed from the structure of this packet (CONNECT not captured)"};
inline constexpr NoteInfo version_overridden{
    "mqtt.version_overridden", NoteGroup::Comment, Severity::Note,
    "CONNECT names another version; decoded with the version --mqtt-version sets"};
inline constexpr NoteInfo packet_too_large{"mqtt.packet_too_large", NoteGroup::Limit,
                                           Severity::Warning,
                                           "Packet larger than the limit; skipped unbuffered"};
inline constexpr NoteInfo packet_incomplete{"mqtt.packet_incomplete", NoteGroup::Sequence,
                                            Severity::Warning,
                                            "Packet bytes missing from the capture"};
inline constexpr NoteInfo sync_lost{"mqtt.sync_lost", NoteGroup::Sequence, Severity::Error,
                                    "Bytes missing where a packet boundary was; looking for the "
                                    "next plausible packet"};
inline constexpr NoteInfo resynchronised{
    "mqtt.resynchronised", NoteGroup::Sequence, Severity::Warning,
    "Next packet found after missing bytes; bytes before it could not be placed and were skipped"};
// The alias may have been set before the capture began (Wireshark's note).
inline constexpr NoteInfo unknown_topic_alias{"mqtt.unknown_topic_alias", NoteGroup::Protocol,
                                              Severity::Note, "Unknown topic alias"};
inline constexpr NoteInfo property_limit{
    "mqtt.property_limit", NoteGroup::Limit, Severity::Warning,
    "More properties than the limit; the rest are skipped"};
inline constexpr NoteInfo topic_alias_limit{
    "mqtt.topic_alias_limit", NoteGroup::Limit, Severity::Warning,
    "More topic aliases than the limit; this one is not remembered"};

// ---- Conformance notes: framing and encoding -----------------------------------------------
inline constexpr NoteInfo remaining_length_invalid{
    "mqtt.remaining_length_invalid", NoteGroup::Malformed, Severity::Error,
    "Remaining Length longer than four bytes (MQTT-1.5.5)"};
inline constexpr NoteInfo remaining_length_not_minimal{
    "mqtt.remaining_length_not_minimal", NoteGroup::Protocol, Severity::Warning,
    "Remaining Length not in its shortest encoding (MQTT-1.5.5-1)"};
inline constexpr NoteInfo varint_not_minimal{
    "mqtt.varint_not_minimal", NoteGroup::Protocol, Severity::Warning,
    "Variable Byte Integer not in its shortest encoding (MQTT-1.5.5-1)"};
inline constexpr NoteInfo length_overrun{"mqtt.length_overrun", NoteGroup::Malformed,
                                         Severity::Error,
                                         "Field runs past the end of the packet (malformed)"};
inline constexpr NoteInfo trailing_bytes{"mqtt.trailing_bytes", NoteGroup::Malformed,
                                         Severity::Warning,
                                         "Bytes left over after the last field"};
inline constexpr NoteInfo remaining_length_not_zero{
    "mqtt.remaining_length_not_zero", NoteGroup::Malformed, Severity::Warning,
    "This packet has no variable header or payload: Remaining Length must be 0 "
    "(MQTT 3.1.1 §3.12.1, §3.13.1, §3.14.1)"};
inline constexpr NoteInfo utf8_invalid{
    "mqtt.utf8_invalid", NoteGroup::Malformed, Severity::Error,
    "String is not well-formed UTF-8 (MQTT-1.5.4-1)"};
inline constexpr NoteInfo utf8_null{"mqtt.utf8_null", NoteGroup::Malformed, Severity::Error,
                                    "String contains U+0000 (MQTT-1.5.4-2)"};

// ---- Conformance notes: fixed header --------------------------------------------------------
inline constexpr NoteInfo reserved_type{"mqtt.reserved_type", NoteGroup::Protocol,
                                        Severity::Error,
                                        "Reserved packet type (MQTT-2.2.1)"};
inline constexpr NoteInfo header_flags_invalid{
    "mqtt.header_flags_invalid", NoteGroup::Malformed, Severity::Error,
    "Reserved fixed header flags wrong for this packet type (MQTT-2.2.2-1, MQTT-2.2.2-2)"};
inline constexpr NoteInfo qos_invalid{"mqtt.qos_invalid", NoteGroup::Protocol, Severity::Error,
                                      "QoS 3 is reserved (MQTT-3.3.1-4, MQTT-3.1.2-12)"};
inline constexpr NoteInfo dup_on_qos0{"mqtt.dup_on_qos0", NoteGroup::Protocol, Severity::Error,
                                      "DUP flag set on a QoS 0 message (MQTT-3.3.1-2)"};

// ---- Conformance notes: sequence and direction ---------------------------------------------
inline constexpr NoteInfo packet_before_connect{
    "mqtt.packet_before_connect", NoteGroup::Sequence, Severity::Error,
    "Packet before the CONNECT: the first packet of a connection must be a CONNECT "
    "(MQTT-3.1.0-1)"};
inline constexpr NoteInfo packet_before_connack{
    "mqtt.packet_before_connack", NoteGroup::Sequence, Severity::Error,
    "Server packet before its CONNACK (MQTT-3.2.0-1)"};
inline constexpr NoteInfo second_connect{"mqtt.second_connect", NoteGroup::Sequence,
                                         Severity::Error,
                                         "Second CONNECT on one connection (MQTT-3.1.0-2)"};
inline constexpr NoteInfo wrong_direction{
    "mqtt.wrong_direction", NoteGroup::Protocol, Severity::Error,
    "Packet type sent in the wrong direction (MQTT 3.1.1 §2.2.1, 5.0 §2.1.2)"};
inline constexpr NoteInfo packet_exceeds_maximum_size{
    "mqtt.packet_exceeds_maximum_size", NoteGroup::Protocol, Severity::Error,
    "Packet larger than the Maximum Packet Size its receiver announced (MQTT-3.1.2-24, "
    "MQTT-3.2.2-15)"};

// ---- Conformance notes: CONNECT and CONNACK -------------------------------------------------
inline constexpr NoteInfo protocol_name_unknown{
    "mqtt.protocol_name_unknown", NoteGroup::Protocol, Severity::Error,
    "Protocol Name is neither MQTT nor MQIsdp (MQTT-3.1.2-1)"};
inline constexpr NoteInfo protocol_level_unknown{
    "mqtt.protocol_level_unknown", NoteGroup::Protocol, Severity::Error,
    "Protocol Level is not 3, 4 or 5 (MQTT-3.1.2-2)"};
inline constexpr NoteInfo protocol_name_mismatch{
    "mqtt.protocol_name_mismatch", NoteGroup::Protocol, Severity::Error,
    "Protocol Name does not go with the Protocol Level (MQIsdp is level 3, MQTT level 4 or 5)"};
inline constexpr NoteInfo connect_reserved_flag{
    "mqtt.connect_reserved_flag", NoteGroup::Malformed, Severity::Error,
    "Reserved CONNECT flag is set (MQTT-3.1.2-3)"};
inline constexpr NoteInfo will_flags_without_will{
    "mqtt.will_flags_without_will", NoteGroup::Protocol, Severity::Error,
    "Will QoS or Will Retain set without the Will Flag (MQTT-3.1.2-11, MQTT-3.1.2-13)"};
inline constexpr NoteInfo password_without_username{
    "mqtt.password_without_username", NoteGroup::Protocol, Severity::Error,
    "Password Flag set without the User Name Flag (MQTT 3.1.1, MQTT-3.1.2-22)"};
inline constexpr NoteInfo client_id_empty_persistent{
    "mqtt.client_id_empty_persistent", NoteGroup::Protocol, Severity::Error,
    "Empty Client Identifier with Clean Session 0 (MQTT 3.1.1, MQTT-3.1.3-7)"};
inline constexpr NoteInfo connack_flags_invalid{
    "mqtt.connack_flags_invalid", NoteGroup::Protocol, Severity::Error,
    "CONNACK flags invalid: reserved bits set, or Session Present with a refusal "
    "(MQTT-3.2.2-1, MQTT-3.2.2-4, MQTT-3.2.2-6)"};
inline constexpr NoteInfo reason_code_invalid{
    "mqtt.reason_code_invalid", NoteGroup::Protocol, Severity::Error,
    "Code not defined for this packet type (MQTT 3.1.1 §3.2.2.3, §3.9.3; 5.0 §2.4)"};

// ---- Conformance notes: topics, identifiers, subscriptions ----------------------------------
inline constexpr NoteInfo illegal_topic_length{"mqtt.illegal_topic_length", NoteGroup::Protocol,
                                               Severity::Warning, "Length cannot be 0"};
inline constexpr NoteInfo topic_wildcard{
    "mqtt.topic_wildcard", NoteGroup::Protocol, Severity::Error,
    "Topic Name contains a wildcard character (MQTT-3.3.2-2)"};
inline constexpr NoteInfo topic_filter_invalid{
    "mqtt.topic_filter_invalid", NoteGroup::Protocol, Severity::Error,
    "Invalid Topic Filter: '#' must be last and '+' a whole level (MQTT-4.7.1-2, "
    "MQTT-4.7.1-3, MQTT 5.0 §4.8.2)"};
inline constexpr NoteInfo packet_id_zero{
    "mqtt.packet_id_zero", NoteGroup::Protocol, Severity::Error,
    "Packet Identifier 0 where a non-zero one is required (MQTT-2.3.1-1)"};
inline constexpr NoteInfo no_topic_filters{
    "mqtt.no_topic_filters", NoteGroup::Protocol, Severity::Error,
    "SUBSCRIBE or UNSUBSCRIBE without any Topic Filter (MQTT-3.8.3-3, MQTT-3.10.3-2)"};
inline constexpr NoteInfo subscription_options_invalid{
    "mqtt.subscription_options_invalid", NoteGroup::Protocol, Severity::Error,
    "Subscription options invalid: reserved bits set, Retain Handling 3, or No Local on a "
    "shared subscription (MQTT-3-8.3-4, MQTT-3.8.3-4, MQTT-3.8.3-5)"};

// ---- Conformance notes: MQTT 5.0 properties and payload -------------------------------------
inline constexpr NoteInfo property_unknown{"mqtt.property_unknown", NoteGroup::Malformed,
                                           Severity::Error,
                                           "Unknown property identifier; rest not decoded"};
inline constexpr NoteInfo property_not_allowed{
    "mqtt.property_not_allowed", NoteGroup::Protocol, Severity::Error,
    "Property not allowed in this packet (MQTT 5.0 §2.2.2.2, MQTT-3.3.4-6)"};
inline constexpr NoteInfo property_repeated{
    "mqtt.property_repeated", NoteGroup::Protocol, Severity::Error,
    "Property that may appear only once is repeated (MQTT 5.0 §3.1.2.11 to §3.15.2.2)"};
inline constexpr NoteInfo property_value_invalid{
    "mqtt.property_value_invalid", NoteGroup::Protocol, Severity::Error,
    "Property value outside the range the specification allows (MQTT 5.0 §3.1.2.11 to "
    "§3.15.2.2)"};
inline constexpr NoteInfo topic_alias_invalid{
    "mqtt.topic_alias_invalid", NoteGroup::Protocol, Severity::Error,
    "Topic Alias 0, or above the Topic Alias Maximum the receiver announced (MQTT-3.3.2-8, "
    "MQTT-3.3.2-9, MQTT-3.3.2-10)"};
inline constexpr NoteInfo payload_not_utf8{
    "mqtt.payload_not_utf8", NoteGroup::Protocol, Severity::Error,
    "Payload Format Indicator says UTF-8 but the payload is not well-formed UTF-8 "
    "(MQTT 5.0 §3.3.2.3.2)"};

inline constexpr NoteId kCapture[] = {&unknown_version,   &version_guessed,  &version_overridden,
                                      &packet_too_large,  &packet_incomplete, &sync_lost,
                                      &resynchronised,    &unknown_topic_alias, &property_limit,
                                      &topic_alias_limit};

inline constexpr NoteId kConformance[] = {
    &remaining_length_invalid, &remaining_length_not_minimal, &varint_not_minimal,
    &length_overrun, &trailing_bytes, &remaining_length_not_zero, &utf8_invalid, &utf8_null,
    &reserved_type, &header_flags_invalid, &qos_invalid, &dup_on_qos0, &packet_before_connect,
    &packet_before_connack, &second_connect, &wrong_direction, &packet_exceeds_maximum_size,
    &protocol_name_unknown, &protocol_level_unknown, &protocol_name_mismatch,
    &connect_reserved_flag, &will_flags_without_will, &password_without_username,
    &client_id_empty_persistent, &connack_flags_invalid, &reason_code_invalid,
    &illegal_topic_length, &topic_wildcard, &topic_filter_invalid, &packet_id_zero,
    &no_topic_filters, &subscription_options_invalid, &property_unknown, &property_not_allowed,
    &property_repeated, &property_value_invalid, &topic_alias_invalid, &payload_not_utf8};

// Every note of the layer, capture notes first.
inline constexpr auto kAll = [] {
  std::array<NoteId, std::size(kCapture) + std::size(kConformance)> all{};
  std::size_t i = 0;
  for (NoteId n : kCapture) all[i++] = n;
  for (NoteId n : kConformance) all[i++] = n;
  return all;
}();

inline bool is_conformance(NoteId note) {
  for (NoteId n : kConformance) {
    if (n == note) return true;
  }
  return false;
}

}  // namespace mqscope::mqtt::notes
