#include "mqscope/mqtt/topic_match.hpp"

namespace mqscope::mqtt {

namespace {

std::string_view next_level(std::string_view& rest, bool& more) {
  std::size_t slash = rest.find('/');
  std::string_view level = rest.substr(0, slash);
  more = slash != std::string_view::npos;
  rest = more ? rest.substr(slash + 1) : std::string_view{};
  return level;
}

}  // namespace

bool topic_matches(std::string_view filter, std::string_view topic) {
  bool first = true;
  bool filter_more = true;
  bool topic_more = true;
  while (filter_more) {
    std::string_view f = next_level(filter, filter_more);
    // MQTT-4.7.2-1: '+' and '#' in the first level do not match '$SYS' style topics.
    bool wildcard_blocked = first && !topic.empty() && topic.front() == '$';
    if (f == "#") return !filter_more && !wildcard_blocked;
    if (!topic_more) return false;
    std::string_view t = next_level(topic, topic_more);
    if (f == "+") {
      if (wildcard_blocked) return false;
    } else if (f != t) {
      return false;
    }
    first = false;
  }
  return !topic_more;
}

}  // namespace mqscope::mqtt
