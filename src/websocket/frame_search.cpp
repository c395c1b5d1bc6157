// Finding frame boundaries again after bytes were lost (a capture hole, or a connection
// captured after its start): a window of bytes is searched for a plausible chain of headers.
#include <algorithm>
#include <utility>

#include "mqscope/websocket/frame_parser.hpp"
#include "mqscope/websocket/recognise.hpp"

namespace mqscope::ws {

void FrameParser::start_searching() {
  state_ = State::Search;
  header_fill_ = 0;
  window_.clear();
}

std::size_t FrameParser::window_limit() const {
  return std::max<std::size_t>(limits_->ws_resync_window_bytes, kMaxHeaderLength + 2);
}

// Keeps at most the window's worth of bytes, then judges the candidate headers in it.
std::size_t FrameParser::search(Bytes data, Origin origin) {
  std::size_t room = window_limit() - window_.size();
  std::size_t n = std::min(room, data.size());
  Piece piece;
  piece.origin = origin;
  window_.add(data.first(n), piece);
  try_resync(false);
  if (n == 0 && state_ == State::Search) {  // never wait on a full window: give a byte up
    window_.drop_front(1);
    ++skipped_;
  }
  return n;
}

// RFC 6455 §5.2 gives no marker of a frame start: a candidate is a header that breaks none of
// the rules a sender follows, followed - as far as the window shows - by frames that break none
// either, kChainFrames of them in all (random bytes pass one check in a few hundred; a chain
// of them almost never). `final`: no more bytes come before a hole or the end; decide with
// these (a chain cut short by them is enough, a first frame cut short is not).
SearchVerdict FrameParser::judge(Bytes w, bool final) const {
  constexpr int kChainFrames = 4;
  const bool client = options_.from_client, rsv1 = options_.permessage_deflate;
  final = final || w.size() >= window_limit();  // a full window must decide
  std::uint64_t pos = 0;
  for (int frames = 0; frames < kChainFrames; ++frames) {
    bool first = frames == 0;
    if (pos == w.size()) return final ? SearchVerdict::Accept : SearchVerdict::Wait;
    if (w.size() - pos < 2) {
      if (!final) return SearchVerdict::Wait;
      return !first && plausible_first_byte(w[pos], rsv1) ? SearchVerdict::Accept
                                                          : SearchVerdict::Reject;
    }
    if (!plausible_start(w[pos], w[pos + 1], client, rsv1)) return SearchVerdict::Reject;
    std::size_t hl = header_length_for(w[pos], w[pos + 1]);
    SearchVerdict cut = !final  ? SearchVerdict::Wait
                        : first ? SearchVerdict::Reject
                                : SearchVerdict::Accept;
    if (w.size() - pos < hl) return cut;
    FrameHeader h;
    parse_header(w.subspan(pos, hl), h);
    if (!plausible_header(h)) return SearchVerdict::Reject;
    std::uint64_t end = pos + hl + h.payload_length;
    if (end + 2 > window_limit()) return SearchVerdict::Accept;  // too long to look past
    if (w.size() < end) return cut;
    pos = end;
  }
  return SearchVerdict::Accept;
}

void FrameParser::try_resync(bool final) {
  auto judge_window = [this, final](Bytes w) { return judge(w, final); };
  if (!window_.find_start(judge_window, skipped_)) return;
  // Found: parse again from here, with every byte's origin.
  SearchWindow found = std::exchange(window_, SearchWindow{});
  state_ = State::Header;
  resynced_ = true;
  if (skipped_ > 0) listener_->on_resynchronised(skipped_);
  found.for_each_run(0, [this](Bytes bytes, const Piece& p) { feed(bytes, p.origin); });
}

}  // namespace mqscope::ws
