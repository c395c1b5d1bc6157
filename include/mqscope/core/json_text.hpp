// JSON text for the outputs that write it (RFC 8259).
#pragma once

#include <string>
#include <string_view>

namespace mqscope {

// Appends `text` as a JSON string literal: quotes and backslashes escaped, control characters
// as \u00XX, and bytes that are not valid UTF-8 replaced by U+FFFD (RFC 8259 §8.1).
void append_json_string(std::string& out, std::string_view text);

}  // namespace mqscope
