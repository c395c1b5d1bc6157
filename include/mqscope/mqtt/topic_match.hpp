// MQTT topic filters (MQTT 3.1.1 §4.7, 5.0 §4.7): '/' separates levels, '+' matches one
// level, '#' (last) matches any number of levels, including the parent level itself.
#pragma once

#include <string_view>

namespace mqscope::mqtt {

// Whether `topic` is matched by the topic filter `filter`. Wildcards do not match topics
// that begin with '$' at their first level (MQTT-4.7.2-1).
bool topic_matches(std::string_view filter, std::string_view topic);

}  // namespace mqscope::mqtt
