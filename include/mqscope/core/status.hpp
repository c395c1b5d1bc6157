// Small shared result types.
#pragma once

#include <cstdint>

namespace mqscope {

// The answer of a recogniser that looks at the first bytes of a stream.
enum class Match : std::uint8_t {
  No,        // these bytes cannot start what it looks for
  NeedMore,  // too few bytes to tell
  Yes,       // a plausible start
};

}  // namespace mqscope
