// Rules about one value on its own: UTF-8 strings (MQTT-1.5.4), topic names and topic filters
// (MQTT-4.7), and whether a payload is text.
#pragma once

#include <cstddef>
#include <string_view>

#include "mqscope/core/bytes.hpp"

namespace mqscope::mqtt::detail {

struct TextCheck {
  bool well_formed = true;  // RFC 3629 UTF-8: no overlong forms, surrogates or stray bytes
  bool has_null = false;    // U+0000
  bool has_control = false; // C0 controls other than TAB, LF and CR, or DEL
};

TextCheck check_text(Bytes bytes);

// A payload is shown as text when it is well-formed UTF-8 and either its Payload Format
// Indicator says so (MQTT 5.0 §3.3.2.3.2) or it has no control characters but TAB, LF and CR.
bool is_text_payload(Bytes payload, bool declared_utf8);

// MQTT-3.3.2-2: wildcards are for filters only.
bool has_wildcard(std::string_view topic);

// Why `filter` is not a valid Topic Filter (MQTT-4.7.1-2, MQTT-4.7.1-3; MQTT 5.0 §4.8.2 for
// "$share/"), or empty when it is. Empty filters are checked on their own.
std::string_view topic_filter_problem(std::string_view filter, bool v5);

}  // namespace mqscope::mqtt::detail
