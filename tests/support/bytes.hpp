// Byte helpers for hand-built test inputs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mqscope/core/bytes.hpp"

namespace mqscope::test {

using ByteVector = std::vector<std::uint8_t>;

// "10 58 00 04" or "10580004" → bytes. Whitespace is ignored; anything else aborts the test.
ByteVector from_hex(std::string_view hex);

ByteVector from_text(std::string_view text);

ByteVector concat(std::initializer_list<ByteVector> parts);

// Appends a two-byte big-endian length and the text (an MQTT UTF-8 string, MQTT-1.5.4).
void append_mqtt_string(ByteVector& out, std::string_view text);

// Masks `payload` with `key` (RFC 6455 §5.3), starting at key byte 0.
ByteVector masked(const ByteVector& payload, const std::uint8_t (&key)[4]);

// A complete WebSocket frame (RFC 6455 §5.2) with the minimal length encoding.
ByteVector ws_frame(std::uint8_t opcode, const ByteVector& payload, bool fin = true,
                    const std::uint8_t* mask_key = nullptr, std::uint8_t rsv = 0);

}  // namespace mqscope::test
