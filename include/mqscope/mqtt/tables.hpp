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
    &username_len, &username, &passwd_len, &passwd, &conack_reserved, &conack_flags,
    &conackflag_reserved, &conackflag_sp, &conack_val, &msgid, &topic_len, &topic, &msg,
    &sub_qos, &suback_qos, &rc_connack, &rc_puback, &rc_pubrec, &rc_pubrel, &rc_pubcomp,
    &rc_suback, &rc_unsuback, &rc_disconnect, &rc_auth, &subscription_options,
    &subscription_reserved, &subscription_retain, &subscription_rap, &subscription_nl,
    &subscription_qos, &properties, &will_properties, &property_len, &property_id, &prop_number,
    &prop_content_type, &prop_max_qos, &prop_topic_alias, &prop_unknown, &prop_string_len,
    &prop_string, &prop_key_len, &prop_key, &prop_value_len, &prop_value};

}  // namespace mqscope::mqtt::hf
