// Where a stream starts when its SYN was not seen: what arrives is held (offsets counted from
// a provisional base) until the start is plausible, then renumbered from it.
#include <algorithm>

#include "mqscope/tcp/reassembler.hpp"
#include "mqscope/tcp/seq.hpp"

namespace mqscope::tcp {

Disposition Reassembler::hold(const Segment& s, std::uint64_t begin, bool partly_old) {
  bool had = !pending_.empty();
  std::uint64_t end_before = had ? held_end() : 0;
  std::uint64_t first = parts_.front().begin;
  // Forward progress: the segment starts where the held data, one run that only ever grew
  // forward, ends.
  bool grows_forward =
      had && !reordered_ && begin == end_before && first == begin && held_contiguous_to(end_before);
  if (had && first < end_before) reordered_ = true;
  if (!fits(nullptr)) {
    // No room to wait any longer: the stream starts at the lowest byte known.
    ++budget_overflows_;
    anchor_at(static_cast<std::int64_t>(had ? std::min(pending_.begin()->first, first) : first));
    std::int64_t off = offset_of(s.seq);
    return place(s, static_cast<std::uint64_t>(off), partly_old);
  }
  store(s, begin);
  if (!grows_forward) return partly_old ? Disposition::Overlap : Disposition::Buffered;
  anchor_at_lowest();
  if (partly_old) return Disposition::Overlap;
  bool waits_for_peer = s.has_ack && peer_ && peer_->owes_before(s.ack);
  return waits_for_peer ? Disposition::Buffered : Disposition::InOrder;
}

std::uint64_t Reassembler::held_end() const {
  if (pending_.empty()) return next_offset_;
  auto last = std::prev(pending_.end());
  return last->first + last->second.length;
}

bool Reassembler::held_contiguous_to(std::uint64_t end) const {
  if (pending_.empty()) return false;
  std::uint64_t cursor = pending_.begin()->first;
  for (const auto& [offset, e] : pending_) {
    if (offset != cursor) return false;
    cursor = offset + e.length;
  }
  return cursor == end;
}

// The stream's start becomes known: offsets are renumbered so that `provisional_offset` is 0.
// Bytes before it (only possible with a late SYN) are not part of the stream.
void Reassembler::anchor_at(std::int64_t provisional_offset) {
  std::map<std::uint64_t, Entry> moved;
  while (!pending_.empty()) {
    auto node = pending_.extract(pending_.begin());
    std::int64_t key = static_cast<std::int64_t>(node.key()) - provisional_offset;
    Entry& e = node.mapped();
    std::int64_t end = key + static_cast<std::int64_t>(e.length);
    if (end <= 0) {
      pending_bytes_ -= e.bytes.size();
      continue;
    }
    if (key < 0) {
      auto cut = static_cast<std::size_t>(-key);
      if (e.captured) {
        e.bytes.erase(e.bytes.begin(), e.bytes.begin() + static_cast<std::ptrdiff_t>(cut));
        e.origin = e.origin.advanced(static_cast<std::uint32_t>(cut));
        pending_bytes_ -= cut;
      }
      e.length -= cut;
      key = 0;
    }
    node.key() = static_cast<std::uint64_t>(key);
    moved.insert(std::move(node));
  }
  pending_.swap(moved);
  for (Part& p : parts_) {  // the current segment's runs, when anchoring inside receive()
    p.begin = static_cast<std::uint64_t>(static_cast<std::int64_t>(p.begin) - provisional_offset);
    p.end = static_cast<std::uint64_t>(static_cast<std::int64_t>(p.end) - provisional_offset);
  }
  if (fin_seen_) {
    std::int64_t fin = static_cast<std::int64_t>(fin_offset_) - provisional_offset;
    fin_offset_ = static_cast<std::uint64_t>(std::max<std::int64_t>(fin, 0));
  }
  base_seq_ += static_cast<std::uint32_t>(provisional_offset);
  next_offset_ = 0;
  anchored_ = true;
  reordered_ = false;
  if (!syn_seen_) isn_ = base_seq_ - 1;
}

void Reassembler::anchor_at_lowest() {
  if (anchored_) return;
  if (!pending_.empty())
    anchor_at(static_cast<std::int64_t>(pending_.begin()->first));
  else if (fin_seen_)
    anchor_at(static_cast<std::int64_t>(fin_offset_));
}

// The peer acknowledges every byte held here (and the FIN, when only a FIN is held): nothing
// earlier can still be missing from what the peer received, so the stream starts there.
void Reassembler::on_peer_ack(std::uint32_t ack) {
  if (!started_) return;
  std::int64_t beyond = seq_diff(ack, seq_of(next_offset_));
  if (beyond >= 0 && beyond < kWindow && (!peer_acked_ || seq_lt(peer_ack_, ack))) {
    peer_acked_ = true;
    peer_ack_ = ack;
  }
  if (anchored_ || (pending_.empty() && !fin_seen_)) return;
  std::uint64_t end = pending_.empty() ? fin_offset_ + 1 : held_end();
  std::int64_t ahead = seq_diff(ack, seq_of(end));
  if (ahead >= 0 && ahead < kWindow) anchor_at_lowest();
}

}  // namespace mqscope::tcp
