// permessage-deflate on the receiving side (RFC 7692 §7.2.2): the compressed payload of a
// message is inflated as its frames arrive, in pieces of any size, with the LZ77 window the
// sender negotiated, kept from one message to the next unless "no_context_takeover" was
// agreed for that direction. The inflated size of a message is capped: a deflate bomb stops
// being inflated (a note), it is never allocated.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/limits.hpp"
#include "mqscope/core/notes.hpp"

namespace mqscope::ws {

// The negotiated parameters that concern one direction (RFC 7692 §7.1).
struct DeflateOptions {
  std::uint8_t window_bits = 15;     // §7.1.2: the sender's LZ77 window is 2^window_bits bytes
  bool no_context_takeover = false;  // §7.1.1: the sender starts every message afresh
};

class Inflater {
 public:
  using Output = std::function<void(Bytes)>;
  static constexpr std::size_t kChunkBytes = 16 * 1024;  // largest piece handed to Output

  Inflater(const Limits& limits, DeflateOptions options);
  ~Inflater();
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  // A compressed message starts (RSV1 on its first frame, RFC 7692 §6).
  void begin_message();
  // Inflates the message's next compressed bytes; the result goes to `out`. Returns false once
  // the message is no longer inflated (problem() says why); later calls do nothing.
  bool feed(Bytes compressed, const Output& out);
  // The message's last frame ended: §7.2.2 appends 00 00 ff ff and inflates what remains.
  bool end_message(const Output& out);
  // Bytes of the message were not captured: the rest of it cannot be inflated.
  void abandon_message();

  bool stopped() const { return stopped_; }
  // After feed() or end_message() returned false: the compressed bytes of the message not
  // inflated, counted from the fixed point where its ratio was last judged (so the same
  // whatever the pieces; may include bytes of earlier pieces).
  std::uint64_t lost() const { return lost_; }
  NoteId problem() const { return problem_; }
  std::uint64_t message_in() const { return in_; }    // compressed bytes of this message
  std::uint64_t message_out() const { return out_; }  // inflated bytes of this message
  const DeflateOptions& options() const { return options_; }

 private:
  struct Stream;
  bool run_in_steps(Bytes compressed, const Output& out);
  bool run(Bytes compressed, const Output& out);
  bool restart_after_final_block();
  void stop(NoteId problem);
  void reset_stream();

  const Limits* limits_;
  DeflateOptions options_;
  std::unique_ptr<Stream> stream_;
  std::vector<std::uint8_t> chunk_;
  std::vector<std::uint8_t> window_;  // the LZ77 window carried over a final block
  std::uint64_t in_ = 0;
  std::uint64_t out_ = 0;
  std::uint64_t lost_ = 0;
  bool stopped_ = false;
  bool clean_ = true;  // the previous message was inflated to its end: its window is usable
  NoteId problem_ = nullptr;
};

}  // namespace mqscope::ws
