// The WebSocket opening handshake as HTTP sees it (RFC 6455 §4): the client's upgrade
// request, the server's answer, and whether the answer completes the upgrade.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mqscope/http/extensions.hpp"
#include "mqscope/http/head.hpp"

namespace mqscope::http {

struct UpgradeOffer {
  bool websocket = false;            // Upgrade: websocket and Connection: Upgrade
  std::string key;                   // Sec-WebSocket-Key
  std::vector<std::string> protocols;  // Sec-WebSocket-Protocol, in the client's order
  std::string extensions;            // Sec-WebSocket-Extensions, as sent
  std::vector<Extension> extension_list;  // of every Sec-WebSocket-Extensions line (§9.1)
  bool extensions_malformed = false;
  std::string version;               // Sec-WebSocket-Version
};

struct UpgradeAnswer {
  int status = 0;
  bool switching = false;            // 101 with Upgrade: websocket
  std::string accept;                // Sec-WebSocket-Accept
  std::string protocol;              // Sec-WebSocket-Protocol chosen by the server
  std::string extensions;            // Sec-WebSocket-Extensions accepted by the server
  std::vector<Extension> extension_list;
  bool extensions_malformed = false;
};

UpgradeOffer read_offer(const Head& request);
UpgradeAnswer read_answer(const Head& response);

// base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")), RFC 6455 §4.2.2 step 5.4.
std::string expected_accept(std::string_view key);

}  // namespace mqscope::http
