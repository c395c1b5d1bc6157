// Annotated bytes, for teaching: every field's bytes beside its name, bit fields under the
// byte they share, Variable Byte Integers broken into their 7-bit groups, and, for bytes that
// were masked on the wire, the masked bytes, the key and the XOR that unmasks them. Nothing
// depends on colour.
#pragma once

#include <string>
#include <vector>

#include "mqscope/core/origin.hpp"
#include "mqscope/field/tree.hpp"
#include "mqscope/output/writer.hpp"

namespace mqscope::output {

// "58: last byte, 88" or "80 01: 0x80 → 0 (more follow), 0x01 → 1 × 128; = 128".
std::string explain_varint(Bytes bytes);

// The nodes in [from, to) that own bytes of `source`: leaves, and fields whose children are
// bit fields of the same bytes (their children are not listed). In byte order.
std::vector<field::NodeIndex> byte_fields(const field::Tree& tree, field::NodeIndex from,
                                          field::NodeIndex to, std::uint16_t source);

// The bytes of the nodes in [from, to) that point into `source`, one field per line.
void write_annotated_bytes(const field::Tree& tree, field::NodeIndex from, field::NodeIndex to,
                           std::uint16_t source, Writer& out);

// Every source of a tree (a WebSocket frame's header and payload, ...) annotated in turn.
void write_annotated_tree(const field::Tree& tree, Writer& out);

// For a packet whose bytes were unmasked: per WebSocket frame, the masked bytes, the key and
// the unmasked bytes, with the XOR spelled out for the first bytes. `bytes` = the packet.
void write_unmasking(Bytes bytes, const Pieces& pieces, Writer& out);

}  // namespace mqscope::output
