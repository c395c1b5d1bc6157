// WebSocket extension negotiation as the handshake headers carry it: the
// Sec-WebSocket-Extensions grammar of RFC 6455 §9.1, and the permessage-deflate parameters of
// RFC 7692 §7.1 that a 101 response agreed on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mqscope/core/notes.hpp"

namespace mqscope::http {

struct ExtensionParam {
  std::string name;
  std::string value;  // unquoted
  bool has_value = false;
};

struct Extension {
  std::string name;
  std::vector<ExtensionParam> params;
};

// RFC 6455 §9.1:
//   extension-list = 1#extension
//   extension      = extension-token *( ";" extension-param )
//   extension-param = token [ "=" (token | quoted-string) ]
// Appends the extensions of one header value to `out`. Returns false when the value does not
// follow the grammar; the extensions before the fault are kept.
bool parse_extensions(std::string_view value, std::vector<Extension>& out);

struct UpgradeOffer;
struct UpgradeAnswer;

// RFC 7692 §7.1: what the server's answer agreed on for permessage-deflate. Window bits are
// those each side compresses with (15 unless limited); a side without context takeover starts
// every message afresh.
struct DeflateAgreement {
  bool accepted = false;
  bool server_no_context_takeover = false;
  bool client_no_context_takeover = false;
  std::uint8_t server_max_window_bits = 15;
  std::uint8_t client_max_window_bits = 15;
  std::vector<NoteId> problems;  // invalid answers; the parameter keeps its default
};

DeflateAgreement agree_deflate(const UpgradeOffer& offer, const UpgradeAnswer& answer);

}  // namespace mqscope::http
