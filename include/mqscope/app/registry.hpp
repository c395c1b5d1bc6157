// The registry of every layer's fields and notes.
#pragma once

#include <string_view>

#include "mqscope/field/registry.hpp"

namespace mqscope::app {

const field::Registry& registry();

// The group of the fields that live in a frame's lower-layer tree (frame, link, IP, TCP),
// which outputs build only on demand.
inline constexpr std::string_view kFrameGroup = "frame";

}  // namespace mqscope::app
