#pragma once

namespace mqscope {
inline constexpr const char* kVersion = "0.1.0";
}
