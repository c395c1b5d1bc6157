// Field descriptions of MQTT 3.1, 3.1.1 and 5.0, named and abbreviated as Wireshark names
// them ("mqtt.conflag.uname"), so that filters and `-T fields` scripts carry over.
#pragma once

#include "mqscope/field/field.hpp"

namespace mqscope::mqtt::hf {

using field::Base;
using field::FieldInfo;
using field::kSetNotSet;
using field::Type;
using field::ValueString;

inline constexpr ValueString kVersions[] = {{3, "MQTT v3.1"}, {4, "MQTT v3.1.1"}, {5, "MQTT v5.0"}};

inline constexpr ValueString kMessageTypes[] = {
    {0, "Reserved"},          {1, "Connect Command"},     {2, "Connect Ack"},
    {3, "Publish Message"},   {4, "Publish Ack"},         {5, "Publish Received"},
    {6, "Publish Release"},   {7, "Publish Complete"},    {8, "Subscribe Request"},
    {9, "Subscribe Ack"},     {10, "Unsubscribe Request"}, {11, "Unsubscribe Ack"},
    {12, "Ping Request"},     {13, "Ping Response"},      {14, "Disconnect Req"},
    {15, "Authentication Exchange"}};

// The names MQTT's specification gives the packet types, for filters ("mqtt.msgtype == PUBLISH").
inline constexpr ValueString kMessageTypeSymbols[] = {
    {1, "CONNECT"},   {2, "CONNACK"},   {3, "PUBLISH"},     {4, "PUBACK"},
    {5, "PUBREC"},    {6, "PUBREL"},    {7, "PUBCOMP"},     {8, "SUBSCRIBE"},
    {9, "SUBACK"},    {10, "UNSUBSCRIBE"}, {11, "UNSUBACK"}, {12, "PINGREQ"},
    {13, "PINGRESP"}, {14, "DISCONNECT"}, {15, "AUTH"}};

inline constexpr ValueString kQos[] = {{0, "At most once delivery (Fire and Forget)"},
                                       {1, "At least once delivery (Acknowledged deliver)"},
                                       {2, "Exactly once delivery (Assured Delivery)"},
                                       {3, "Reserved"}};

inline constexpr ValueString kSubackQos[] = {{0, "At most once delivery (Fire and Forget)"},
                                             {1, "At least once delivery (Acknowledged deliver)"},
                                             {2, "Exactly once delivery (Assured Delivery)"},
                                             {3, "Reserved"},
                                             {128, "Failure"}};

inline constexpr ValueString kConnackCodes[] = {
    {0, "Connection Accepted"},
    {1, "Connection Refused: unacceptable protocol version"},
    {2, "Connection Refused: identifier rejected"},
    {3, "Connection Refused: server unavailable"},
    {4, "Connection Refused: bad user name or password"},
    {5, "Connection Refused: not authorized"}};

inline constexpr FieldInfo mqtt{"MQ Telemetry Transport Protocol", "mqtt", Type::Protocol};
inline constexpr FieldInfo hdrflags{"Header Flags", "mqtt.hdrflags", Type::UInt8, Base::Hex};
inline constexpr FieldInfo msgtype{"Message Type", "mqtt.msgtype", Type::UInt8, Base::Dec, 0xf0,
                                   kMessageTypes, nullptr, 0, {}, kMessageTypeSymbols};
inline constexpr FieldInfo hdr_reserved{"Reserved", "mqtt.hdr_reserved", Type::UInt8, Base::Dec,
                                        0x0f};
inline constexpr FieldInfo retain_reserved{"Reserved", "mqtt.retain_reserved", Type::UInt8,
                                           Base::Dec, 0x01};
inline constexpr FieldInfo dupflag{"DUP Flag", "mqtt.dupflag", Type::Boolean, Base::None, 0x08,
                                   {}, &kSetNotSet};
inline constexpr FieldInfo qos{"QoS Level", "mqtt.qos", Type::UInt8, Base::Dec, 0x06, kQos};
inline constexpr FieldInfo retain{"Retain", "mqtt.retain", Type::Boolean, Base::None, 0x01, {},
                                  &kSetNotSet};
inline constexpr FieldInfo len{.name = "Msg Len",
                               .abbrev = "mqtt.len",
                               .type = Type::UInt64,
                               .base = Base::Dec,
                               .encoding = field::Encoding::Varint};

// CONNECT (MQTT-3.1.2)
inline constexpr FieldInfo proto_len{"Protocol Name Length", "mqtt.proto_len", Type::UInt16,
                                     Base::Dec};
inline constexpr FieldInfo protoname{"Protocol Name", "mqtt.protoname", Type::String};
inline constexpr FieldInfo ver{"Version", "mqtt.ver", Type::UInt8, Base::Dec, 0, kVersions};
inline constexpr FieldInfo conflags{"Connect Flags", "mqtt.conflags", Type::UInt8, Base::Hex};
inline constexpr FieldInfo conflag_uname{"User Name Flag", "mqtt.conflag.uname", Type::Boolean,
                                         Base::None, 0x80, {}, &kSetNotSet};
inline constexpr FieldInfo conflag_passwd{"Password Flag", "mqtt.conflag.passwd", Type::Boolean,
                                          Base::None, 0x40, {}, &kSetNotSet};
inline constexpr FieldInfo conflag_retain{"Will Retain", "mqtt.conflag.retain", Type::Boolean,
                                          Base::None, 0x20, {}, &kSetNotSet};
inline constexpr FieldInfo conflag_qos{"QoS Level", "mqtt.conflag.qos", Type::UInt8, Base::Dec,
                                       0x18, kQos};
inline constexpr FieldInfo conflag_willflag{"Will Flag", "mqtt.conflag.willflag",
                                            Type::Boolean, Base::None, 0x04, {}, &kSetNotSet};
inline constexpr FieldInfo conflag_cleansess{"Clean Session Flag", "mqtt.conflag.cleansess",
                                             Type::Boolean, Base::None, 0x02, {}, &kSetNotSet};
inline constexpr FieldInfo conflag_reserved{"(Reserved)", "mqtt.conflag.reserved",
                                            Type::Boolean, Base::None, 0x01, {}, &kSetNotSet};
inline constexpr FieldInfo kalive{"Keep Alive", "mqtt.kalive", Type::UInt16, Base::Dec};
inline constexpr FieldInfo clientid_len{"Client ID Length", "mqtt.clientid_len", Type::UInt16,
                                        Base::Dec};
inline constexpr FieldInfo clientid{"Client ID", "mqtt.clientid", Type::String};
inline constexpr FieldInfo willtopic_len{"Will Topic Length", "mqtt.willtopic_len",
                                         Type::UInt16, Base::Dec};
inline constexpr FieldInfo willtopic{"Will Topic", "mqtt.willtopic", Type::String};
inline constexpr FieldInfo willmsg_len{"Will Message Length", "mqtt.willmsg_len", Type::UInt16,
                                       Base::Dec};
inline constexpr FieldInfo willmsg{"Will Message", "mqtt.willmsg", Type::Bytes};
// The will message again as text, a generated line under it when it is text (not in tshark 4.0,
// which shows it as text only with a preference, instead of the hex).
inline constexpr FieldInfo willmsg_text{"Text", "mqtt.willmsg_text", Type::String};
inline constexpr FieldInfo username_len{"User Name Length", "mqtt.username_len", Type::UInt16,
                                        Base::Dec};
inline constexpr FieldInfo username{"User Name", "mqtt.username", Type::String};
inline constexpr FieldInfo passwd_len{"Password Length", "mqtt.passwd_len", Type::UInt16,
                                      Base::Dec};
inline constexpr FieldInfo passwd{
    .name = "Password", .abbrev = "mqtt.passwd", .type = Type::String, .secret = true};

// CONNACK (MQTT-3.2.2)
inline constexpr FieldInfo conack_reserved{"Reserved", "mqtt.conack.flags.reserved",
                                           Type::Boolean, Base::None, 0, {}, &kSetNotSet};
inline constexpr FieldInfo conack_flags{"Acknowledge Flags", "mqtt.conack.flags", Type::UInt8,
                                        Base::Hex};
inline constexpr FieldInfo conackflag_reserved{"Reserved", "mqtt.conack.flags.reserved",
                                               Type::Boolean, Base::None, 0xfe, {}, &kSetNotSet};
inline constexpr FieldInfo conackflag_sp{"Session Present", "mqtt.conack.flags.sp",
                                         Type::Boolean, Base::None, 0x01, {}, &kSetNotSet};
inline constexpr FieldInfo conack_val{"Return Code", "mqtt.conack.val", Type::UInt8, Base::Dec,
                                      0, kConnackCodes};

// PUBLISH, SUBSCRIBE, UNSUBSCRIBE and their acknowledgements
inline constexpr FieldInfo msgid{"Message Identifier", "mqtt.msgid", Type::UInt16, Base::Dec};
inline constexpr FieldInfo topic_len{"Topic Length", "mqtt.topic_len", Type::UInt16, Base::Dec};
inline constexpr FieldInfo topic{"Topic", "mqtt.topic", Type::String};
inline constexpr FieldInfo msg{"Message", "mqtt.msg", Type::Bytes};
// The payload as text: a generated line under Message when the payload is UTF-8 text.
inline constexpr FieldInfo msg_text{"Text", "mqtt.msg_text", Type::String};
inline constexpr FieldInfo sub_qos{"Requested QoS", "mqtt.sub.qos", Type::UInt8, Base::Dec, 0,
                                   kQos};
inline constexpr FieldInfo suback_qos{"Granted QoS", "mqtt.suback.qos", Type::UInt8, Base::Dec,
                                      0, kSubackQos};

}  // namespace mqscope::mqtt::hf
