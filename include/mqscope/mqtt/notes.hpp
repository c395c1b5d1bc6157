// Notes the MQTT framer and decoder raise, with stable names.
#pragma once

#include "mqscope/core/notes.hpp"

namespace mqscope::mqtt::notes {

inline constexpr NoteInfo unknown_version{"mqtt.unknown_version", NoteGroup::Protocol,
                                          Severity::Note,
                                          "Unknown version (missing the CONNECT packet?)"};
inline constexpr NoteInfo remaining_length_invalid{
    "mqtt.remaining_length_invalid", NoteGroup::Malformed, Severity::Error,
    "Remaining Length longer than four bytes (MQTT-1.5.5)"};
inline constexpr NoteInfo remaining_length_not_minimal{
    "mqtt.remaining_length_not_minimal", NoteGroup::Protocol, Severity::Warning,
    "Remaining Length not in its shortest encoding (MQTT-1.5.5-1)"};
inline constexpr NoteInfo length_overrun{"mqtt.length_overrun", NoteGroup::Malformed,
                                         Severity::Error,
                                         "Field runs past the end of the packet (malformed)"};
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
inline constexpr NoteInfo illegal_topic_length{"mqtt.illegal_topic_length", NoteGroup::Protocol,
                                               Severity::Warning, "Length cannot be 0"};
inline constexpr NoteInfo qos_invalid{"mqtt.qos_invalid", NoteGroup::Protocol, Severity::Error,
                                      "QoS 3 is reserved (MQTT-3.3.1-4)"};
inline constexpr NoteInfo trailing_bytes{"mqtt.trailing_bytes", NoteGroup::Malformed,
                                         Severity::Warning,
                                         "Bytes left over after the last field"};
inline constexpr NoteInfo unknown_topic_alias{"mqtt.unknown_topic_alias", NoteGroup::Protocol,
                                              Severity::Note, "Unknown topic alias"};
inline constexpr NoteInfo reserved_type{"mqtt.reserved_type", NoteGroup::Protocol,
                                        Severity::Error,
                                        "Reserved packet type (MQTT-2.2.1)"};
inline constexpr NoteInfo property_unknown{"mqtt.property_unknown", NoteGroup::Malformed,
                                           Severity::Error,
                                           "Unknown property identifier; rest not decoded"};

inline constexpr NoteId kAll[] = {&unknown_version,   &remaining_length_invalid,
                                  &remaining_length_not_minimal, &length_overrun,
                                  &packet_too_large,  &packet_incomplete,
                                  &sync_lost,         &resynchronised,
                                  &illegal_topic_length,
                                  &qos_invalid,       &trailing_bytes,
                                  &unknown_topic_alias, &reserved_type,
                                  &property_unknown};

}  // namespace mqscope::mqtt::notes
