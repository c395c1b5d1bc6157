// The provenance line of a decoded MQTT packet: which WebSocket frames and capture frames its
// bytes came from ("[13 WebSocket frames (90 bytes): #6(1), #7(1), ...]"), and the stream-level
// notes the pipeline itself raises.
#pragma once

#include "mqscope/core/notes.hpp"
#include "mqscope/core/origin.hpp"
#include "mqscope/field/tree.hpp"

namespace mqscope::app {

namespace hf {

using field::Base;
using field::FieldInfo;
using field::Type;

inline constexpr FieldInfo reassembled{"Reassembled from", "mqscope.reassembled", Type::None};
inline constexpr FieldInfo ws_frame_count{"WebSocket frames", "mqscope.ws_frame_count",
                                          Type::UInt32, Base::Dec};
inline constexpr FieldInfo segment{"Capture frame", "mqscope.frame", Type::FrameNum, Base::Dec};
inline constexpr FieldInfo segment_count{"Capture frames", "mqscope.frame_count", Type::UInt32,
                                         Base::Dec};

inline constexpr field::FieldId kAll[] = {&reassembled, &ws_frame_count, &segment,
                                          &segment_count};

}  // namespace hf

namespace notes {

inline constexpr NoteInfo stream_unidentified{
    "mqscope.stream_unidentified", NoteGroup::Undecoded, Severity::Note,
    "TCP stream is neither HTTP, WebSocket nor MQTT; its bytes are not decoded"};
inline constexpr NoteInfo websocket_without_mqtt{
    "mqscope.websocket_not_mqtt", NoteGroup::Comment, Severity::Chat,
    "WebSocket subprotocol is not MQTT; frames shown, payload not decoded as MQTT"};

inline constexpr NoteInfo upgrade_not_seen{
    "mqscope.upgrade_not_seen", NoteGroup::Sequence, Severity::Note,
    "WebSocket recognised from frame structure: the HTTP upgrade was not captured (MQTT version "
    "taken to be 3.1.1)"};
inline constexpr NoteInfo start_not_seen{
    "mqscope.start_not_seen", NoteGroup::Sequence, Severity::Note,
    "MQTT recognised from packet structure: the connection's start was not captured (version "
    "taken to be 3.1.1 unless known)"};

inline constexpr NoteId kAll[] = {&stream_unidentified, &websocket_without_mqtt,
                                  &upgrade_not_seen, &start_not_seen};

}  // namespace notes

// Adds the provenance line at the tree's current depth. `websocket`: the pieces' carriers are
// WebSocket frames.
void add_provenance(field::Tree& tree, const Pieces& pieces, bool websocket,
                    std::size_t packet_bytes);

}  // namespace mqscope::app
