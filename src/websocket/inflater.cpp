#include "mqscope/websocket/inflater.hpp"

#include <zlib.h>

#include <algorithm>

#include "mqscope/websocket/fields.hpp"

namespace mqscope::ws {

struct Inflater::Stream {
  z_stream z{};
  bool ready = false;
};

namespace {

// RFC 7692 §7.2.2: "Append 4 octets of 0x00 0x00 0xff 0xff to the tail end of the payload of
// the message" (the empty stored block the sender removed, §7.2.1).
constexpr std::uint8_t kTail[4] = {0x00, 0x00, 0xff, 0xff};

// The ratio of a message is judged at fixed points of its compressed bytes, every kRatioStep
// of them, never at the edges of the pieces they arrive in: where a bomb is stopped, and how
// many compressed bytes are reported lost, must not depend on how TCP and WebSocket cut the
// message (split invariance). Inflation runs one step at a time for the same reason.
constexpr std::uint64_t kRatioStep = 64;

constexpr int kInflateWindowBits = 15;  // RFC 7692 §7.1.2.1: the largest a sender may use

std::uint64_t step_end(std::uint64_t position) {
  return (position + kRatioStep - 1) / kRatioStep * kRatioStep;
}

}  // namespace

Inflater::Inflater(const Limits& limits, DeflateOptions options)
    : limits_(&limits),
      options_(options),
      stream_(std::make_unique<Stream>()),
      chunk_(kChunkBytes) {
  // §7.1.2.1: 8 to 15; anything else was noted at the handshake and is read as the default.
  if (options_.window_bits < 8 || options_.window_bits > 15) options_.window_bits = 15;
  // Negative window bits: raw DEFLATE (RFC 1951) without the zlib wrapper, as §7.2 requires.
  // Inflated with the largest window whatever the sender's is: a stream within its window
  // inflates the same, and zlib judges a distance beyond a smaller window against the output
  // of the current call too, so that check would depend on how the payload was cut (found by
  // fuzzing: tests/fuzz/regressions/websocket/inflate-stop-depends-on-chunking).
  stream_->ready = inflateInit2(&stream_->z, -kInflateWindowBits) == Z_OK;
}

Inflater::~Inflater() {
  if (stream_->ready) inflateEnd(&stream_->z);
}

void Inflater::reset_stream() {
  if (stream_->ready) inflateReset(&stream_->z);
}

void Inflater::begin_message() {
  // §7.1.1.1-2: without context takeover every message starts with an empty window; with it,
  // the window goes on, unless the previous message was not inflated to its end.
  if (options_.no_context_takeover || !clean_) reset_stream();
  in_ = 0;
  out_ = 0;
  stopped_ = !stream_->ready;
  problem_ = stream_->ready ? nullptr : &notes::inflate_failed;
  clean_ = false;
}

void Inflater::stop(NoteId problem) {
  stopped_ = true;
  clean_ = false;
  if (problem_ == nullptr) problem_ = problem;
}

void Inflater::abandon_message() {
  stopped_ = true;
  clean_ = false;
}

bool Inflater::feed(Bytes compressed, const Output& out) {
  if (stopped_) return false;
  return run_in_steps(compressed, out);
}

bool Inflater::end_message(const Output& out) {
  if (stopped_) return false;
  if (!run_in_steps(Bytes(kTail, sizeof kTail), out)) return false;
  clean_ = true;
  return true;
}

bool Inflater::run_in_steps(Bytes compressed, const Output& out) {
  std::uint64_t end = in_ + compressed.size();
  std::size_t pos = 0;
  do {
    auto n = static_cast<std::size_t>(
        std::min<std::uint64_t>(compressed.size() - pos, step_end(in_ + 1) - in_));
    in_ += n;
    if (!run(compressed.subspan(pos, n), out)) {
      // Lost: the compressed bytes from the start of the step where inflation stopped.
      std::uint64_t step_start = step_end(in_) >= kRatioStep ? step_end(in_) - kRatioStep : 0;
      lost_ = end - std::min(end, step_start);
      return false;
    }
    pos += n;
  } while (pos < compressed.size());
  return true;
}

// §7.2.3.3: a sender may end a message with a final block (BFINAL = 1); the DEFLATE stream
// ends there, but with context takeover the next message may still refer to its window.
bool Inflater::restart_after_final_block() {
  z_stream& z = stream_->z;
  uInt size = 0;
  if (!options_.no_context_takeover) {
    window_.resize(std::size_t{1} << kInflateWindowBits);
    if (inflateGetDictionary(&z, window_.data(), &size) != Z_OK) size = 0;
  }
  if (inflateReset(&z) != Z_OK) return false;
  return size == 0 || inflateSetDictionary(&z, window_.data(), size) == Z_OK;
}

bool Inflater::run(Bytes compressed, const Output& out) {
  z_stream& z = stream_->z;
  // zlib does not write through next_in; the cast only satisfies its pre-const interface.
  z.next_in = const_cast<Bytef*>(compressed.data());
  z.avail_in = static_cast<uInt>(compressed.size());
  while (true) {
    // Never produce more than one byte past what the limits allow for this message so far.
    std::uint64_t by_ratio = std::uint64_t{limits_->ws_inflate_ratio} * step_end(in_);
    std::uint64_t allowed = std::min<std::uint64_t>(limits_->ws_inflated_bytes, by_ratio);
    std::uint64_t room = allowed > out_ ? allowed - out_ : 0;
    z.next_out = chunk_.data();
    z.avail_out = static_cast<uInt>(std::min<std::uint64_t>(chunk_.size(), room + 1));
    uInt offered = z.avail_out;
    int status = inflate(&z, Z_SYNC_FLUSH);
    std::size_t produced = offered - z.avail_out;
    if (produced > room) {
      if (room > 0) out(Bytes(chunk_.data(), static_cast<std::size_t>(room)));
      out_ += room;
      stop(allowed == limits_->ws_inflated_bytes ? &notes::inflated_too_large
                                                 : &notes::inflate_ratio_exceeded);
      return false;
    }
    out_ += produced;
    if (produced > 0) out(Bytes(chunk_.data(), produced));
    if (status == Z_STREAM_END) {
      if (!restart_after_final_block()) {
        stop(&notes::inflate_failed);
        return false;
      }
      if (z.avail_in == 0) return true;
      continue;
    }
    if (status == Z_BUF_ERROR) return true;  // every input byte used, nothing left to write
    if (status != Z_OK) {
      stop(&notes::inflate_failed);
      return false;
    }
    if (z.avail_in == 0 && z.avail_out != 0) return true;
  }
}

}  // namespace mqscope::ws
