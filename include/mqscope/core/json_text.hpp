// JSON text for the outputs that write it (RFC 8259).
#pragma once

#include <string>
#include <string_view>

#include "mqscope/core/text_buffer.hpp"

namespace mqscope {

// Appends `text` as a JSON string literal: quotes and backslashes escaped, control characters
// as \u00XX, and bytes that are not valid UTF-8 replaced by U+FFFD (RFC 8259 §8.1).
// `Out` is std::string or TextBuffer.
template <class Out>
void append_json_string(Out& out, std::string_view text);
extern template void append_json_string(std::string&, std::string_view);
extern template void append_json_string(TextBuffer&, std::string_view);

}  // namespace mqscope
