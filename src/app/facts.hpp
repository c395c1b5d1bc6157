// Reading the analyzer's plain facts back from a decoded packet's tree.
#pragma once

#include "mqscope/analyze/facts.hpp"
#include "mqscope/field/tree.hpp"

namespace mqscope::app {

// The facts of the MQTT packet whose subtree starts at `top`, read into `facts` (cleared first).
void read_packet_facts(const field::Tree& tree, field::NodeIndex top, analyze::PacketFacts& facts);

}  // namespace mqscope::app
