#include "mqscope/app/options.hpp"

#include <charconv>

namespace mqscope::app {

namespace {

bool parse_port(std::string_view text, std::uint16_t& port) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535)
    return false;
  port = static_cast<std::uint16_t>(value);
  return true;
}

}  // namespace

bool parse_decode_as(std::string_view spec, PortRule& rule, std::string& error) {
  constexpr std::string_view kSelector = "tcp.port==";
  std::size_t comma = spec.find(',');
  if (!spec.starts_with(kSelector) || comma == std::string_view::npos) {
    error = "-d takes tcp.port==PORT,PROTOCOL (e.g. tcp.port==8883,mqtt)";
    return false;
  }
  std::string_view ports = spec.substr(kSelector.size(), comma - kSelector.size());
  std::string_view protocol = spec.substr(comma + 1);
  std::size_t dash = ports.find('-');
  bool ok = dash == std::string_view::npos
                ? parse_port(ports, rule.first) && parse_port(ports, rule.last)
                : parse_port(ports.substr(0, dash), rule.first) &&
                      parse_port(ports.substr(dash + 1), rule.last) && rule.first <= rule.last;
  if (!ok) {
    error = "-d: '" + std::string(ports) + "' is not a port (1-65535) or a range of ports";
    return false;
  }
  if (protocol == "mqtt") rule.protocol = PortProtocol::Mqtt;
  else if (protocol == "http") rule.protocol = PortProtocol::Http;
  else if (protocol == "websocket") rule.protocol = PortProtocol::WebSocket;
  else {
    error = "-d: unknown protocol '" + std::string(protocol) + "' (mqtt, http, websocket)";
    return false;
  }
  return true;
}

}  // namespace mqscope::app
