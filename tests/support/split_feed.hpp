// Split invariance: a push parser must report the same events whatever the chunking of its
// input. These helpers enumerate the chunkings every parser test uses: the whole input at
// once, every two-way split, and one byte at a time.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "bytes.hpp"

namespace mqscope::test {

using Chunks = std::vector<Bytes>;

// Every chunking of `input`, with a label ("whole", "split at 7", "byte by byte").
std::vector<std::pair<std::string, Chunks>> chunkings(const ByteVector& input);

// Runs `feed` (which returns a log of the events it saw) under every chunking and returns an
// empty string if all logs equal the whole-input log, or a description of the first mismatch.
std::string check_split_invariance(const ByteVector& input,
                                   const std::function<std::string(const Chunks&)>& feed);

}  // namespace mqscope::test
