// Base64 encoding (RFC 4648 §4): the standard alphabet, padded with '='. The WebSocket
// handshake's Sec-WebSocket-Accept value is written this way (RFC 6455 §4.2.2).
#pragma once

#include <string>

#include "mqscope/core/bytes.hpp"

namespace mqscope {

// Four characters for every three bytes, the last group padded to four (RFC 4648 §4).
std::string base64_encode(Bytes data);

}  // namespace mqscope
