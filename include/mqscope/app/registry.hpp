// The registry of every layer's fields and notes.
#pragma once

#include "mqscope/field/registry.hpp"

namespace mqscope::app {

const field::Registry& registry();

}  // namespace mqscope::app
