// The ground-truth keys that MQTT 5.0 captures add (properties, reason codes, will properties,
// subscription options, aliased topics) and the payload preview, compared with what mqscope
// decoded. Each function returns a problem, or "" when the packet agrees.
#pragma once

#include <map>
#include <string>

#include "capture_support.hpp"
#include "json.hpp"

namespace mqscope::test {

// "properties": each property the endpoint logged, by its MQTT.js name, equals mqscope's typed
// value in the packet's own property list (not the will's). null: no property list at all.
std::string compare_properties(const Json& want, const DecodedPacket& got);

// "reason_code" of PUBACK, PUBREC, PUBREL, PUBCOMP and DISCONNECT. A code that is not on the
// wire is 0x00 (MQTT 5.0 §3.4.2.1, §3.14.2.1; MQTT 3.1.1 has none); null: none at all.
std::string compare_reason_code(const Json& want, const DecodedPacket& got);

// "will": topic, QoS, retain, payload length and the names of its properties.
std::string compare_will(const Json& want, const DecodedPacket& got);

// "subscriptions" of a 5.0 SUBSCRIBE: No Local, Retain As Published, Retain Handling.
std::string compare_subscription_options(const Json& want, const DecodedPacket& got);

// "payload_preview": the start of the payload, as text or as "hex:...".
std::string compare_payload_preview(const Json& want, const DecodedPacket& got);

// One direction's topic aliases as the endpoints used them, to know what an empty topic means.
using AliasTable = std::map<std::int64_t, std::string>;

// "topic" of a PUBLISH. An empty topic with a Topic Alias must show, generated, the topic that
// this direction last sent with that alias (MQTT 5.0 §3.3.2.3.4); `aliases` learns from it.
std::string compare_topic(const Json& packet, const DecodedPacket& got, AliasTable& aliases);

}  // namespace mqscope::test
