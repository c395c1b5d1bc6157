#include "ground_truth_v5.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace mqscope::test {

namespace {

// MQTT.js property names (mqtt-packet 9) → mqscope's typed fields.
const std::map<std::string, std::string> kPropertyFields = {
    {"payloadFormatIndicator", "mqtt.property.payload_format_indicator"},
    {"messageExpiryInterval", "mqtt.property.publication_expiry_interval"},
    {"contentType", "mqtt.property.content_type"},
    {"responseTopic", "mqtt.property.response_topic"},
    {"correlationData", "mqtt.property.correlation_data"},
    {"subscriptionIdentifier", "mqtt.property.subscription_identifier"},
    {"sessionExpiryInterval", "mqtt.property.session_expiry_interval"},
    {"assignedClientIdentifier", "mqtt.property.assigned_client_identifier"},
    {"serverKeepAlive", "mqtt.property.server_keep_alive"},
    {"authenticationMethod", "mqtt.property.authentication_method"},
    {"authenticationData", "mqtt.property.authentication_data"},
    {"requestProblemInformation", "mqtt.property.request_problem_information"},
    {"willDelayInterval", "mqtt.property.will_delay_interval"},
    {"requestResponseInformation", "mqtt.property.request_response_information"},
    {"responseInformation", "mqtt.property.response_information"},
    {"serverReference", "mqtt.property.server_reference"},
    {"reasonString", "mqtt.property.reason_string"},
    {"receiveMaximum", "mqtt.property.receive_maximum"},
    {"topicAliasMaximum", "mqtt.property.topic_alias_maximum"},
    {"topicAlias", "mqtt.property.topic_alias"},
    {"maximumQoS", "mqtt.property.max_qos"},
    {"retainAvailable", "mqtt.property.retain_available"},
    {"userProperties", "mqtt.property.user_property"},
    {"maximumPacketSize", "mqtt.property.maximum_packet_size"},
    {"wildcardSubscriptionAvailable", "mqtt.property.wildcard_subscription_available"},
    {"subscriptionIdentifiersAvailable", "mqtt.property.subscription_identifier_available"},
    {"sharedSubscriptionAvailable", "mqtt.property.shared_subscription_available"},
};

// A logged value as -T fields prints it: booleans 0/1, "hex:..." binary as hex.
std::string field_text(const Json& v) {
  switch (v.kind()) {
    case Json::Kind::Bool: return v.boolean() ? "1" : "0";
    case Json::Kind::Number: return std::to_string(v.integer());
    case Json::Kind::String:
      return v.string().starts_with("hex:") ? v.string().substr(4) : v.string();
    default: return "?";
  }
}

std::string differs(const std::string& what, const std::vector<std::string>& want,
                     const std::vector<std::string>& got) {
  if (want == got) return {};
  return fmt::format("{}: expected [{}], got [{}]", what, fmt::join(want, ","), fmt::join(got, ","));
}

// User properties as sorted "key=value" pairs (the log groups a repeated key's values).
std::string compare_user_properties(const Json& want, const DecodedPacket& got) {
  std::vector<std::string> expected;
  for (const auto& [key, value] : want.object()) {
    if (value.kind() == Json::Kind::Array) {
      for (const Json& v : value.array()) expected.push_back(key + "=" + v.string());
    } else {
      expected.push_back(key + "=" + value.string());
    }
  }
  std::vector<std::string> keys = got.values_within("mqtt.properties", "mqtt.prop_key");
  std::vector<std::string> values = got.values_within("mqtt.properties", "mqtt.prop_value");
  std::vector<std::string> actual;
  for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i)
    actual.push_back(keys[i] + "=" + values[i]);
  std::sort(expected.begin(), expected.end());
  std::sort(actual.begin(), actual.end());
  return differs("userProperties", expected, actual);
}

}  // namespace

std::string compare_properties(const Json& want, const DecodedPacket& got) {
  if (want.is_null()) return got.has("mqtt.properties") ? "properties: expected none" : "";
  for (const auto& [name, value] : want.object()) {
    auto field = kPropertyFields.find(name);
    if (field == kPropertyFields.end()) return "properties: no field known for " + name;
    if (name == "userProperties") {
      std::string problem = compare_user_properties(value, got);
      if (!problem.empty()) return problem;
      continue;
    }
    std::vector<std::string> expected;
    if (value.kind() == Json::Kind::Array) {
      for (const Json& v : value.array()) expected.push_back(field_text(v));
    } else {
      expected.push_back(field_text(value));
    }
    std::string problem =
        differs("properties." + name, expected, got.values_within("mqtt.properties", field->second));
    if (!problem.empty()) return problem;
  }
  return {};
}

std::string compare_reason_code(const Json& want, const DecodedPacket& got) {
  std::string type = got.type;
  std::transform(type.begin(), type.end(), type.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
  std::vector<std::string> codes = got.values("mqtt." + type + ".reason_code");
  if (want.is_null()) return differs("reason_code", std::vector<std::string>{}, codes);
  // Left out on the wire: 0x00 (MQTT 5.0 §3.4.2.1, §3.14.2.1), as in MQTT 3.1.1, which has none.
  if (codes.empty()) return want.integer() == 0 ? "" : "reason_code: none on the wire, expected " + std::to_string(want.integer());
  return differs("reason_code", {std::to_string(want.integer())}, codes);
}

std::string compare_will(const Json& want, const DecodedPacket& got) {
  if (want.kind() != Json::Kind::Object) return {};
  std::string problem;
  auto check = [&](const std::string& what, const std::string& expected, const std::string& actual) {
    if (problem.empty() && expected != actual)
      problem = fmt::format("will.{}: expected '{}', got '{}'", what, expected, actual);
  };
  if (want.has("topic")) check("topic", want["topic"].string(), got.value("mqtt.willtopic"));
  if (want.has("qos")) check("qos", field_text(want["qos"]), got.value("mqtt.conflag.qos"));
  if (want.has("retain")) check("retain", field_text(want["retain"]), got.value("mqtt.conflag.retain"));
  if (want.has("payload_len"))
    check("payload_len", field_text(want["payload_len"]), got.value("mqtt.willmsg_len"));
  if (want.has("properties")) {
    std::vector<std::string> expected;
    for (const Json& name : want["properties"].array()) {
      auto field = kPropertyFields.find(name.string());
      if (field == kPropertyFields.end()) return "will: no field known for " + name.string();
      expected.push_back(name.string());
    }
    std::vector<std::string> present;
    for (const auto& [name, abbrev] : kPropertyFields) {
      if (!got.values_within("mqtt.will_properties", abbrev).empty()) present.push_back(name);
    }
    std::sort(expected.begin(), expected.end());
    if (problem.empty()) problem = differs("will.properties", expected, present);
  }
  return problem;
}

std::string compare_subscription_options(const Json& want, const DecodedPacket& got) {
  std::vector<std::string> nl, rap, rh, got_nl = got.values("mqtt.subscription_options_nl"),
                                        got_rap = got.values("mqtt.subscription_options_rap"),
                                        got_rh = got.values("mqtt.subscription_options_retain");
  bool any = false;
  for (const Json& s : want.array()) {
    if (!s.has("nl")) continue;
    any = true;
    nl.push_back(field_text(s["nl"]));
    rap.push_back(field_text(s["rap"]));
    rh.push_back(field_text(s["rh"]));
  }
  if (!any) return {};
  std::string problem = differs("subscriptions.nl", nl, got_nl);
  if (problem.empty()) problem = differs("subscriptions.rap", rap, got_rap);
  if (problem.empty()) problem = differs("subscriptions.rh", rh, got_rh);
  return problem;
}

std::string compare_payload_preview(const Json& want, const DecodedPacket& got) {
  const std::string& preview = want.string();
  if (preview.starts_with("hex:")) {
    if (got.has("mqtt.msg_text")) return "payload_preview: binary payload shown as text";
    return got.value("mqtt.msg").starts_with(preview.substr(4))
               ? ""
               : "payload_preview: hex differs: " + got.value("mqtt.msg").substr(0, 96);
  }
  if (preview.empty()) return {};
  std::string text = got.value("mqtt.msg_text");
  return text.starts_with(preview) ? "" : fmt::format("payload_preview: expected text '{}', got '{}'", preview, text);
}

std::string compare_topic(const Json& packet, const DecodedPacket& got, AliasTable& aliases) {
  const std::string& topic = packet["topic"].string();
  const Json& alias = packet["properties"]["topicAlias"];
  if (!topic.empty()) {
    if (!alias.is_null()) aliases[alias.integer()] = topic;
    if (got.generated("mqtt.topic")) return "topic: generated although it was on the wire";
    return got.value("mqtt.topic") == topic ? "" : fmt::format("topic: expected '{}', got '{}'", topic, got.value("mqtt.topic"));
  }
  if (alias.is_null()) return got.has("mqtt.topic") ? "topic: expected none" : "";
  auto known = aliases.find(alias.integer());
  if (known == aliases.end()) return "topic: the ground truth never set alias " + std::to_string(alias.integer());
  if (got.value("mqtt.topic_len") != "0") return "topic: expected an empty topic on the wire";
  if (!got.generated("mqtt.topic")) return "topic: the resolved topic is not marked as generated";
  return got.value("mqtt.topic") == known->second
             ? ""
             : fmt::format("topic: expected '{}' resolved from alias {}, got '{}'", known->second,
                           alias.integer(), got.value("mqtt.topic"));
}

}  // namespace mqscope::test
