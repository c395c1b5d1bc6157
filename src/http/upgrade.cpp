#include "mqscope/http/upgrade.hpp"

#include "mqscope/core/base64.hpp"
#include "mqscope/core/sha1.hpp"

namespace mqscope::http {

namespace {

// RFC 6455 §9.1 and §11.3.2: the header may appear several times; each carries a list.
void read_extensions(const Head& head, std::vector<Extension>& list, bool& malformed) {
  for (const HeaderLine& h : head.headers) {
    if (iequals(h.name, "Sec-WebSocket-Extensions") && !parse_extensions(h.value, list))
      malformed = true;
  }
}

}  // namespace

UpgradeOffer read_offer(const Head& request) {
  UpgradeOffer offer;
  if (!request.is_request) return offer;
  offer.websocket = has_token(request.header("Upgrade"), "websocket") &&
                    has_token(request.header("Connection"), "upgrade");
  offer.key = std::string(request.header("Sec-WebSocket-Key"));
  // The header may appear several times; each carries a list (RFC 6455 §11.3.4).
  for (const HeaderLine& h : request.headers) {
    if (!iequals(h.name, "Sec-WebSocket-Protocol")) continue;
    for (std::string_view p : split_list(h.value)) offer.protocols.emplace_back(p);
  }
  offer.extensions = std::string(request.header("Sec-WebSocket-Extensions"));
  read_extensions(request, offer.extension_list, offer.extensions_malformed);
  offer.version = std::string(request.header("Sec-WebSocket-Version"));
  return offer;
}

UpgradeAnswer read_answer(const Head& response) {
  UpgradeAnswer answer;
  if (response.is_request) return answer;
  answer.status = response.status;
  answer.switching = response.status == 101 && has_token(response.header("Upgrade"), "websocket");
  answer.accept = std::string(response.header("Sec-WebSocket-Accept"));
  answer.protocol = std::string(response.header("Sec-WebSocket-Protocol"));
  answer.extensions = std::string(response.header("Sec-WebSocket-Extensions"));
  read_extensions(response, answer.extension_list, answer.extensions_malformed);
  return answer;
}

std::string expected_accept(std::string_view key) {
  static constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::string input(key);
  input += kGuid;
  return base64_encode(sha1(input));
}

}  // namespace mqscope::http
