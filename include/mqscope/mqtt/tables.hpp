// Every MQTT field and note description, for the registry.
#pragma once

#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/fields_v5.hpp"
#include "mqscope/mqtt/notes.hpp"

namespace mqscope::mqtt::hf {

inline constexpr field::FieldId kAll[] = {
    &mqtt, &hdrflags, &msgtype, &hdr_reserved, &retain_reserved, &dupflag, &qos, &retain, &len,
    &proto_len, &protoname, &ver, &conflags, &conflag_uname, &conflag_passwd, &conflag_retain,
    &conflag_qos, &conflag_willflag, &conflag_cleansess, &conflag_reserved, &kalive,
    &clientid_len, &clientid, &willtopic_len, &willtopic, &willmsg_len, &willmsg,
    &willmsg_text, &username_len, &username, &passwd_len, &passwd, &conack_reserved, &conack_flags,
    &conackflag_reserved, &conackflag_sp, &conack_val, &msgid, &topic_len, &topic, &msg, &msg_text,
    &sub_qos, &suback_qos, &rc_connack, &rc_puback, &rc_pubrec, &rc_pubrel, &rc_pubcomp,
    &rc_suback, &rc_unsuback, &rc_disconnect, &rc_auth, &subscription_options,
    &subscription_reserved, &subscription_retain, &subscription_rap, &subscription_nl,
    &subscription_qos, &properties, &will_properties, &property_len, &property_id, &prop_number,
    &prop_content_type, &prop_max_qos, &prop_topic_alias, &prop_unknown, &prop_string_len,
    &prop_string, &prop_key_len, &prop_key, &prop_value_len, &prop_value, &p_payload_format,
    &p_expiry, &p_response_topic, &p_correlation_data, &p_subscription_id, &p_session_expiry,
    &p_assigned_client_id, &p_server_keep_alive, &p_auth_method, &p_auth_data,
    &p_request_problem, &p_will_delay, &p_request_response, &p_response_info,
    &p_server_reference, &p_reason_string, &p_receive_maximum, &p_topic_alias_maximum,
    &p_retain_available, &p_user_property, &p_maximum_packet_size, &p_wildcard_available,
    &p_subscription_id_available, &p_shared_available};

}  // namespace mqscope::mqtt::hf
