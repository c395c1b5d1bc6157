// The HTTP subtree of a request or response head, and the handshake checks.
#pragma once

#include <vector>

#include "mqscope/core/notes.hpp"
#include "mqscope/field/tree.hpp"
#include "mqscope/http/upgrade.hpp"

namespace mqscope::http {

// Problems with the server's answer to a WebSocket upgrade offer.
std::vector<NoteId> check_upgrade(const UpgradeOffer& offer, const UpgradeAnswer& answer);

// Adds "Hypertext Transfer Protocol" with its lines. The tree's current source must hold the
// head's bytes (`head` views point into them). For a response, `offer` is the request's.
void describe_head(field::Tree& tree, const Head& head, const UpgradeOffer* offer);

}  // namespace mqscope::http
