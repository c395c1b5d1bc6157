// The sending side of permessage-deflate (RFC 7692 §7.2.1), built on zlib for tests: each
// message is compressed and flushed with an empty stored block, whose 00 00 ff ff tail is then
// removed, exactly as a conforming sender does.
#pragma once

#include <zlib.h>

#include "bytes.hpp"

namespace mqscope::test {

class Deflater {
 public:
  // `window_bits` 9 to 15 (zlib refuses 8 for raw DEFLATE); without `context_takeover` every
  // message starts from an empty window (§7.1.1).
  explicit Deflater(int window_bits = 15, bool context_takeover = true, int level = 6);
  ~Deflater();
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  // One message's compressed payload, ready for frames with RSV1 on the first.
  ByteVector message(const ByteVector& data);
  // §7.2.3.3: the message ends with a final block (BFINAL = 1) and a 00 octet instead; with
  // context takeover the next message keeps the window (a new stream with it as dictionary).
  ByteVector final_block_message(const ByteVector& data);

 private:
  ByteVector run(const ByteVector& data, int flush);

  z_stream z_{};
  bool takeover_;
  int window_bits_;
  ByteVector window_;  // the last bytes sent, for final_block_message
};

// Pseudo-random bytes (xorshift32), incompressible on their own.
ByteVector noise(std::size_t n, std::uint32_t seed = 2463534242u);

}  // namespace mqscope::test
