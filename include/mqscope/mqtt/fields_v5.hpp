// Field descriptions that only MQTT 5.0 has: reason codes, properties and subscription
// options (MQTT 5.0 §2.4, §2.2.2, §3.8.3.1), with Wireshark's names.
#pragma once

#include "mqscope/field/field.hpp"
#include "mqscope/mqtt/fields.hpp"

namespace mqscope::mqtt::hf {

// Reason code names, MQTT 5.0 §2.4 Table 2-6, as Wireshark words them.
inline constexpr ValueString kReasonConnack[] = {
    {0x00, "Success"}, {0x80, "Unspecified error"}, {0x81, "Malformed Packet"},
    {0x82, "Protocol Error"}, {0x83, "Implementation specific error"},
    {0x84, "Unsupported Protocol Version"}, {0x85, "Client Identifier not valid"},
    {0x86, "Bad User Name or Password"}, {0x87, "Not authorized"}, {0x88, "Server unavailable"},
    {0x89, "Server busy"}, {0x8a, "Banned"}, {0x8c, "Bad authentication method"},
    {0x90, "Topic Name invalid"}, {0x95, "Packet too large"}, {0x97, "Quota exceeded"},
    {0x9a, "Retain not supported"}, {0x9b, "QoS not supported"}, {0x9c, "Use another server"},
    {0x9d, "Server moved"}, {0x9f, "Connection rate exceeded"}};
inline constexpr ValueString kReasonPuback[] = {
    {0x00, "Success"}, {0x10, "No matching subscribers"}, {0x80, "Unspecified error"},
    {0x83, "Implementation specific error"}, {0x87, "Not authorized"},
    {0x90, "Topic Name invalid"}, {0x91, "Packet Identifier in use"}, {0x97, "Quota exceeded"},
    {0x99, "Payload format invalid"}};
inline constexpr ValueString kReasonPubrel[] = {{0x00, "Success"},
                                                {0x92, "Packet Identifier not found"}};
inline constexpr ValueString kReasonSuback[] = {
    {0x00, "Granted QoS 0"}, {0x01, "Granted QoS 1"}, {0x02, "Granted QoS 2"},
    {0x80, "Unspecified error"}, {0x83, "Implementation specific error"},
    {0x87, "Not authorized"}, {0x8f, "Topic Filter invalid"}, {0x91, "Packet Identifier in use"},
    {0x97, "Quota exceeded"}, {0x9e, "Shared Subscription not supported"},
    {0xa1, "Subscription Identifiers not supported"},
    {0xa2, "Wildcard Subscription not supported"}};
inline constexpr ValueString kReasonUnsuback[] = {
    {0x00, "Success"}, {0x11, "No subscription existed"}, {0x83, "Implementation specific error"},
    {0x87, "Not authorized"}, {0x8f, "Topic Filter invalid"},
    {0x91, "Packet Identifier in use"}};
inline constexpr ValueString kReasonDisconnect[] = {
    {0x00, "Normal disconnection"}, {0x04, "Disconnect with Will Message"},
    {0x80, "Unspecified error"}, {0x81, "Malformed Packet"}, {0x82, "Protocol Error"},
    {0x83, "Implementation specific error"}, {0x87, "Not authorized"}, {0x89, "Server busy"},
    {0x8b, "Server shutting down"}, {0x8c, "Bad authentication method"},
    {0x8d, "Keep Alive timeout"}, {0x8e, "Session taken over"}, {0x8f, "Topic Filter invalid"},
    {0x90, "Topic Name invalid"}, {0x93, "Receive Maximum exceeded"},
    {0x94, "Topic Alias invalid"}, {0x95, "Packet too large"}, {0x96, "Message rate too high"},
    {0x97, "Quota exceeded"}, {0x98, "Administrative action"}, {0x99, "Payload format invalid"},
    {0x9a, "Retain not supported"}, {0x9b, "QoS not supported"}, {0x9c, "Use another server"},
    {0x9d, "Server moved"}, {0x9e, "Shared Subscription not supported"},
    {0x9f, "Connection rate exceeded"}, {0xa0, "Maximum connect time"},
    {0xa1, "Subscription Identifiers not supported"},
    {0xa2, "Wildcard Subscription not supported"}};
inline constexpr ValueString kReasonAuth[] = {
    {0x00, "Success"}, {0x18, "Continue authentication"}, {0x19, "Re-authenticate"}};

inline constexpr FieldInfo rc_connack{"Reason Code", "mqtt.connack.reason_code", Type::UInt8,
                                      Base::Dec, 0, kReasonConnack};
inline constexpr FieldInfo rc_puback{"Reason Code", "mqtt.puback.reason_code", Type::UInt8,
                                     Base::Dec, 0, kReasonPuback};
inline constexpr FieldInfo rc_pubrec{"Reason Code", "mqtt.pubrec.reason_code", Type::UInt8,
                                     Base::Dec, 0, kReasonPuback};
inline constexpr FieldInfo rc_pubrel{"Reason Code", "mqtt.pubrel.reason_code", Type::UInt8,
                                     Base::Dec, 0, kReasonPubrel};
inline constexpr FieldInfo rc_pubcomp{"Reason Code", "mqtt.pubcomp.reason_code", Type::UInt8,
                                      Base::Dec, 0, kReasonPubrel};
inline constexpr FieldInfo rc_suback{"Reason Code", "mqtt.suback.reason_code", Type::UInt8,
                                     Base::Dec, 0, kReasonSuback};
inline constexpr FieldInfo rc_unsuback{"Reason Code", "mqtt.unsuback.reason_code", Type::UInt8,
                                       Base::Dec, 0, kReasonUnsuback};
inline constexpr FieldInfo rc_disconnect{"Reason Code", "mqtt.disconnect.reason_code",
                                         Type::UInt8, Base::Dec, 0, kReasonDisconnect};
inline constexpr FieldInfo rc_auth{"Reason Code", "mqtt.auth.reason_code", Type::UInt8,
                                   Base::Dec, 0, kReasonAuth};

inline constexpr ValueString kRetainHandling[] = {
    {0, "Send msgs at subscription time"},
    {1, "Send msgs if subscription does not exist"},
    {2, "Do not send msgs at subscription time"},
    {3, "Reserved"}};

inline constexpr FieldInfo subscription_options{"Subscription Options",
                                                "mqtt.subscription_options", Type::UInt8,
                                                Base::Hex};
inline constexpr FieldInfo subscription_reserved{"Reserved", "mqtt.subscription_options_reserved",
                                                 Type::UInt8, Base::Hex, 0xc0};
inline constexpr FieldInfo subscription_retain{"Retain Handling",
                                               "mqtt.subscription_options_retain", Type::UInt8,
                                               Base::Dec, 0x30, kRetainHandling};
inline constexpr FieldInfo subscription_rap{"Retain As Published", "mqtt.subscription_options_rap",
                                            Type::Boolean, Base::None, 0x08, {}, &kSetNotSet};
inline constexpr FieldInfo subscription_nl{"No Local", "mqtt.subscription_options_nl",
                                           Type::Boolean, Base::None, 0x04, {}, &kSetNotSet};
inline constexpr FieldInfo subscription_qos{"QoS", "mqtt.subscription_options_qos", Type::UInt8,
                                            Base::Dec, 0x03, kQos};

// MQTT 5.0 §2.2.2.2 Table 2-4.
inline constexpr ValueString kPropertyIds[] = {
    {0x01, "Payload Format Indicator"}, {0x02, "Publication Expiry Interval"},
    {0x03, "Content Type"}, {0x08, "Response Topic"}, {0x09, "Correlation Data"},
    {0x0b, "Subscription Identifier"}, {0x11, "Session Expiry Interval"},
    {0x12, "Assigned Client Identifier"}, {0x13, "Server Keep Alive"},
    {0x15, "Authentication Method"}, {0x16, "Authentication Data"},
    {0x17, "Request Problem Information"}, {0x18, "Will Delay Interval"},
    {0x19, "Request Response Information"}, {0x1a, "Response Information"},
    {0x1c, "Server Reference"}, {0x1f, "Reason String"}, {0x21, "Receive Maximum"},
    {0x22, "Topic Alias Maximum"}, {0x23, "Topic Alias"}, {0x24, "Maximum QoS"},
    {0x25, "Retain Available"}, {0x26, "User Property"}, {0x27, "Maximum Packet Size"},
    {0x28, "Wildcard Subscription Available"}, {0x29, "Subscription Identifier Available"},
    {0x2a, "Shared Subscription Available"}};

inline constexpr FieldInfo properties{"Properties", "mqtt.properties", Type::None};
inline constexpr FieldInfo will_properties{"Will Properties", "mqtt.will_properties", Type::None};
inline constexpr FieldInfo property_len{.name = "Total Length",
                                        .abbrev = "mqtt.property_len",
                                        .type = Type::UInt64,
                                        .base = Base::Dec,
                                        .encoding = field::Encoding::Varint};
inline constexpr FieldInfo property_id{"ID", "mqtt.property_id", Type::UInt8, Base::Hex, 0,
                                       kPropertyIds};
inline constexpr FieldInfo prop_number{"Value", "mqtt.prop_number", Type::UInt32, Base::Dec};
inline constexpr FieldInfo prop_content_type{"Content Type", "mqtt.property.content_type",
                                             Type::String};
inline constexpr FieldInfo prop_max_qos{"QoS", "mqtt.property.max_qos", Type::UInt8, Base::Dec, 0,
                                        kQos};
inline constexpr FieldInfo prop_topic_alias{"Topic Alias", "mqtt.property.topic_alias",
                                            Type::UInt16, Base::Dec};
inline constexpr FieldInfo prop_unknown{"Unknown Property", "mqtt.prop_unknown", Type::Bytes};
inline constexpr FieldInfo prop_string_len{"Length", "mqtt.prop_string_len", Type::UInt32,
                                           Base::Dec};
inline constexpr FieldInfo prop_string{"Value", "mqtt.prop_string", Type::String};
inline constexpr FieldInfo prop_key_len{"Key Length", "mqtt.prop_key_len", Type::UInt32,
                                        Base::Dec};
inline constexpr FieldInfo prop_key{"Key", "mqtt.prop_key", Type::String};
inline constexpr FieldInfo prop_value_len{"Value Length", "mqtt.prop_value_len", Type::UInt32,
                                          Base::Dec};
inline constexpr FieldInfo prop_value{"Value", "mqtt.prop_value", Type::String};

// Each property's value, typed and named as Wireshark names the property (its property list,
// not a field of its own in tshark 4.0, which shows every number as "Value"). MQTT 5.0 §3.1.2.11
// to §3.15.2.2 say what each means.
inline constexpr ValueString kPayloadFormat[] = {{0, "Unspecified bytes"},
                                                 {1, "UTF-8 Encoded Character Data"}};
inline constexpr ValueString kTrueFalse[] = {{0, "False"}, {1, "True"}};
// MQTT 5.0 §3.1.2.11.2: 0 ends the session with the connection, 0xFFFFFFFF never ends it.
inline constexpr ValueString kSessionExpiry[] = {{0, "ends with the connection"},
                                                 {0xffffffff, "never expires"}};

inline constexpr FieldInfo p_payload_format{"Payload Format Indicator",
                                            "mqtt.property.payload_format_indicator",
                                            Type::UInt8, Base::Dec, 0, kPayloadFormat};
inline constexpr FieldInfo p_expiry{"Publication Expiry Interval",
                                    "mqtt.property.publication_expiry_interval", Type::UInt32,
                                    Base::Seconds};
inline constexpr FieldInfo p_response_topic{"Response Topic", "mqtt.property.response_topic",
                                            Type::String};
inline constexpr FieldInfo p_correlation_data{"Correlation Data",
                                              "mqtt.property.correlation_data", Type::Bytes};
inline constexpr FieldInfo p_subscription_id{"Subscription Identifier",
                                             "mqtt.property.subscription_identifier",
                                             Type::UInt32, Base::Dec};
inline constexpr FieldInfo p_session_expiry{"Session Expiry Interval",
                                            "mqtt.property.session_expiry_interval", Type::UInt32,
                                            Base::Seconds, 0, kSessionExpiry};
inline constexpr FieldInfo p_assigned_client_id{"Assigned Client Identifier",
                                                "mqtt.property.assigned_client_identifier",
                                                Type::String};
inline constexpr FieldInfo p_server_keep_alive{"Server Keep Alive",
                                               "mqtt.property.server_keep_alive", Type::UInt16,
                                               Base::Seconds};
inline constexpr FieldInfo p_auth_method{"Authentication Method",
                                         "mqtt.property.authentication_method", Type::String};
inline constexpr FieldInfo p_auth_data{"Authentication Data", "mqtt.property.authentication_data",
                                       Type::Bytes};
inline constexpr FieldInfo p_request_problem{"Request Problem Information",
                                             "mqtt.property.request_problem_information",
                                             Type::UInt8, Base::Dec, 0, kTrueFalse};
inline constexpr FieldInfo p_will_delay{"Will Delay Interval", "mqtt.property.will_delay_interval",
                                        Type::UInt32, Base::Seconds};
inline constexpr FieldInfo p_request_response{"Request Response Information",
                                              "mqtt.property.request_response_information",
                                              Type::UInt8, Base::Dec, 0, kTrueFalse};
inline constexpr FieldInfo p_response_info{"Response Information",
                                           "mqtt.property.response_information", Type::String};
inline constexpr FieldInfo p_server_reference{"Server Reference",
                                              "mqtt.property.server_reference", Type::String};
inline constexpr FieldInfo p_reason_string{"Reason String", "mqtt.property.reason_string",
                                           Type::String};
inline constexpr FieldInfo p_receive_maximum{"Receive Maximum", "mqtt.property.receive_maximum",
                                             Type::UInt16, Base::Dec};
inline constexpr FieldInfo p_topic_alias_maximum{"Topic Alias Maximum",
                                                 "mqtt.property.topic_alias_maximum",
                                                 Type::UInt16, Base::Dec};
inline constexpr FieldInfo p_retain_available{"Retain Available", "mqtt.property.retain_available",
                                              Type::UInt8, Base::Dec, 0, kTrueFalse};
// A user property as one line, "key = value", above its four wire elements.
inline constexpr FieldInfo p_user_property{"User Property", "mqtt.property.user_property",
                                           Type::String};
inline constexpr FieldInfo p_maximum_packet_size{"Maximum Packet Size",
                                                 "mqtt.property.maximum_packet_size",
                                                 Type::UInt32, Base::Dec};
inline constexpr FieldInfo p_wildcard_available{"Wildcard Subscription Available",
                                                "mqtt.property.wildcard_subscription_available",
                                                Type::UInt8, Base::Dec, 0, kTrueFalse};
inline constexpr FieldInfo p_subscription_id_available{
    "Subscription Identifier Available", "mqtt.property.subscription_identifier_available",
    Type::UInt8, Base::Dec, 0, kTrueFalse};
inline constexpr FieldInfo p_shared_available{"Shared Subscription Available",
                                              "mqtt.property.shared_subscription_available",
                                              Type::UInt8, Base::Dec, 0, kTrueFalse};

}  // namespace mqscope::mqtt::hf
