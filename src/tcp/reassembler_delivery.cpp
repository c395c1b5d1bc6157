// Delivering what was taken in: in sequence order within a direction, and across the two
// directions of a connection in the order the acknowledgements imply.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "mqscope/tcp/reassembler.hpp"
#include "mqscope/tcp/seq.hpp"

namespace mqscope::tcp {

void Reassembler::Recent::reset(std::uint64_t at) {
  count_ = 0;
  end_ = at;
}

void Reassembler::Recent::release() {
  runs_.reset();
  capacity_ = 0;
  count_ = 0;
}

// Grown with use, up to the limit: a connection that sends little keeps little.
void Reassembler::Recent::grow(std::size_t max_runs) {
  auto grown = static_cast<std::uint32_t>(
      std::min<std::size_t>(max_runs, std::max<std::size_t>(4, std::size_t{capacity_} * 2)));
  auto bigger = std::make_unique_for_overwrite<Run[]>(grown);  // slots are written before read
  for (std::uint32_t i = 0; i < count_; ++i)  // oldest first
    bigger[i] = runs_[(newest_ + capacity_ - count_ + 1 + i) % capacity_];
  runs_ = std::move(bigger);
  capacity_ = grown;
  newest_ = count_ == 0 ? 0 : count_ - 1;
}

void Reassembler::Recent::append(Bytes data, Origin origin, std::size_t max_runs) {
  end_ += data.size();
  if (data.empty() || max_runs == 0) return;
  if (count_ == capacity_ && capacity_ < max_runs) grow(max_runs);
  newest_ = count_ == 0 || newest_ + 1 == capacity_ ? 0 : newest_ + 1;
  if (count_ < capacity_) ++count_;  // else the oldest run was just replaced
  // A run longer than 2^32 - 1 bytes (a reassembled stream is not one) keeps its last part.
  std::size_t kept = std::min<std::size_t>(data.size(), UINT32_MAX);
  Origin first = origin.advanced(static_cast<std::uint32_t>(data.size() - kept));
  runs_[newest_] = Run{end_ - kept, static_cast<std::uint32_t>(kept), first.frame,
                       first.frame_offset};
}

// The next delivery writes the slot after the newest run.
void Reassembler::Recent::warm() const {
  if (capacity_ == 0) return;
  __builtin_prefetch(&runs_[newest_ + 1 == capacity_ ? 0 : newest_ + 1], 1);
}

bool Reassembler::Recent::differs(std::uint64_t offset, Bytes data, const Recall* recall,
                                  std::size_t reach) const {
  if (recall == nullptr || count_ == 0) return false;
  std::uint64_t lowest = std::max(offset, end_ - std::min<std::uint64_t>(end_, reach));
  std::uint64_t highest = std::min(offset + data.size(), end_);
  std::array<std::uint8_t, 512> kept;
  for (std::uint32_t n = 0; n < count_; ++n) {  // newest first
    const Run& run = runs_[(newest_ + capacity_ - n) % capacity_];
    if (run.begin + run.length <= lowest) break;
    std::uint64_t from = std::max(run.begin, lowest);
    std::uint64_t to = std::min(run.begin + run.length, highest);
    for (std::uint64_t at = from; at < to; at += kept.size()) {
      std::size_t n_bytes = static_cast<std::size_t>(std::min<std::uint64_t>(to - at, kept.size()));
      Origin where =
          Origin{run.frame, run.frame_offset}.advanced(static_cast<std::uint32_t>(at - run.begin));
      if (!recall->recall(where, std::span(kept.data(), n_bytes))) break;  // no longer held
      if (std::memcmp(kept.data(), data.data() + (at - offset), n_bytes) != 0) return true;
    }
  }
  return false;
}

Reassembler::Front Reassembler::front(bool flushing) const {
  Front f;
  if (!anchored_) return f;
  if (borrowed_.set) {
    f = {true, borrowed_.offset, borrowed_.ack, borrowed_.has_ack, borrowed_.origin.frame};
  } else if (!pending_.empty()) {
    const auto& [offset, e] = *pending_.begin();
    f = {true, offset, e.ack, e.has_ack, e.frame};
  }
  if (f.exists && f.offset > next_offset_ && !flushing) f.exists = false;  // behind a hole
  return f;
}

bool Reassembler::front_ready() const {
  if (borrowed_.set) return borrowed_.offset <= next_offset_;
  return !pending_.empty() && pending_.begin()->first <= next_offset_;
}

bool Reassembler::owes_before(std::uint32_t ack) const {
  if (!anchored_) return !pending_.empty() && seq_lt(lowest_held_seq(), ack);
  if (front_ready()) return false;  // what is owed can be delivered now
  std::int64_t owed = offset_of(ack);
  // An acknowledgement implausibly far ahead (as on_peer_ack() judges it: kWindow) owes
  // nothing that could ever arrive; waiting for it would hold the peer's data until the end.
  if (owed - static_cast<std::int64_t>(next_offset_) >= kWindow) return false;
  if (fin_seen_) owed = std::min(owed, static_cast<std::int64_t>(fin_offset_));  // the FIN's number
  return owed > static_cast<std::int64_t>(next_offset_);
}

// Whether this direction holds, or still misses, data that `other` (the peer's next delivery)
// acknowledges: that data was sent first and must be delivered first.
bool Reassembler::blocks(const Front& other, bool flushing) const {
  if (!other.has_ack) return false;
  if (owes_before(other.ack) && !flushing) return true;
  Front mine = front(flushing);
  return mine.exists && seq_lt(seq_of(std::max(mine.offset, next_offset_)), other.ack);
}

// Where a hole at the next byte to deliver ends: at the first byte captured beyond it, or at
// the peer's acknowledgement (bytes the peer received but the capture never saw).
std::uint64_t Reassembler::hole_end() const {
  if (!anchored_ || front_ready()) return next_offset_;
  std::uint64_t end = next_offset_;
  if (borrowed_.set)
    end = borrowed_.offset;
  else if (!pending_.empty())
    end = pending_.begin()->first;
  else if (peer_acked_) {
    std::int64_t acked = offset_of(peer_ack_);
    if (fin_seen_) acked = std::min(acked, static_cast<std::int64_t>(fin_offset_));
    if (acked > static_cast<std::int64_t>(end)) end = static_cast<std::uint64_t>(acked);
  }
  return end;
}

void Reassembler::age_hole() {
  std::uint64_t end = hole_end();
  if (end <= next_offset_) {
    hole_age_ = 0;
    return;
  }
  if (++hole_age_ <= limits_->tcp_hole_wait_segments) return;
  give_up_hole();
}

bool Reassembler::give_up_hole() {
  std::uint64_t end = hole_end();
  if (end <= next_offset_) return false;
  put_hole_gap(end);
  return true;
}

// The bytes before `ack` (the peer's acknowledgement) that this direction never captured, up
// to the first byte it holds, given up as a gap now.
bool Reassembler::give_up_hole_before(std::uint32_t ack) {
  anchor_at_lowest();
  if (!anchored_ || front_ready() || !owes_before(ack)) return false;
  auto end = static_cast<std::uint64_t>(offset_of(ack));
  if (fin_seen_) end = std::min(end, fin_offset_);
  if (borrowed_.set) end = std::min(end, borrowed_.offset);
  if (!pending_.empty()) end = std::min(end, pending_.begin()->first);
  if (end <= next_offset_) return false;
  put_hole_gap(end);
  return true;
}

void Reassembler::put_hole_gap(std::uint64_t end) {
  hole_age_ = 0;
  ++holes_given_up_;
  own_borrowed();
  Entry gap;
  gap.length = end - next_offset_;
  gap.captured = false;
  put_entry(next_offset_, std::move(gap));
}

void Reassembler::settle_pair(Reassembler& a, Reassembler* b, bool flushing) {
  for (;;) {
    Front fa = a.front(flushing);
    Front fb = b ? b->front(flushing) : Front{};
    bool a_free = fa.exists && !(b && b->blocks(fa, flushing));
    bool b_free = fb.exists && !a.blocks(fb, flushing);
    Reassembler* pick = nullptr;
    if (a_free && b_free)
      pick = fb.frame < fa.frame ? b : &a;  // independent: capture order
    else if (a_free)
      pick = &a;
    else if (b_free)
      pick = b;
    else if (fa.exists && fb.exists)
      pick = fb.frame < fa.frame ? b : &a;  // each waits: break it
    else
      break;
    pick->deliver_front();
  }
  // What must wait (for the peer) is copied: the caller's bytes are about to go.
  a.own_borrowed();
  if (b) b->own_borrowed();
}

void Reassembler::settle() {
  settle_pair(*this, peer_, false);
  // Data that waits for peer bytes it acknowledges, which the capture does not have, is held
  // while the peer's hole ages; beyond Limits::tcp_out_of_order_bytes the hole is given up at
  // once (RFC 9293 §3.10.7.4 lets a receiver keep only what fits its window). Each round
  // gives up one hole of the peer, and there are fewer of those than its held runs.
  for (Reassembler* waiting : {this, peer_}) {
    while (waiting && waiting->peer_ &&
           waiting->pending_bytes_ > limits_->tcp_out_of_order_bytes) {
      Front f = waiting->front(false);
      if (!f.exists || !f.has_ack || !waiting->peer_->give_up_hole_before(f.ack)) break;
      settle_pair(*this, peer_, false);
    }
  }
}

void Reassembler::deliver_front() {
  if (borrowed_.set) {
    Borrowed d = borrowed_;
    borrowed_.set = false;
    pending_bytes_ -= d.bytes.size();
    if (d.offset > next_offset_) emit_gap(d.offset - next_offset_);
    std::uint64_t trim = next_offset_ > d.offset ? next_offset_ - d.offset : 0;
    if (trim < d.bytes.size())
      emit_data(d.bytes.subspan(static_cast<std::size_t>(trim)),
                d.origin.advanced(static_cast<std::uint32_t>(trim)));
    return;
  }
  auto it = pending_.begin();
  std::uint64_t at = it->first;
  Entry e = std::move(it->second);
  pending_.erase(it);
  pending_bytes_ -= e.bytes.size();
  if (at > next_offset_) emit_gap(at - next_offset_);
  std::uint64_t trim = next_offset_ > at ? next_offset_ - at : 0;
  if (trim >= e.length) return;
  if (e.captured)
    emit_data(Bytes(e.bytes).subspan(static_cast<std::size_t>(trim)),
              e.origin.advanced(static_cast<std::uint32_t>(trim)));
  else
    emit_gap(e.length - trim);
}

void Reassembler::emit_data(Bytes data, Origin origin) {
  if (data.empty()) return;
  recent_.append(data, origin, limits_->tcp_recent_runs);
  next_offset_ += data.size();
  if (listener_) listener_->on_data(data, origin);
}

void Reassembler::emit_gap(std::uint64_t length) {
  if (length == 0) return;
  next_offset_ += length;
  gap_bytes_ += length;
  recent_.reset(next_offset_);
  if (listener_) listener_->on_gap(length);
}

// At the end, bytes known to exist but never captured are a gap: those before the FIN, and
// those the peer acknowledged.
void Reassembler::finish_flush() {
  if (!anchored_) return;
  std::uint64_t end = hole_end();
  if (fin_seen_) end = std::max(end, fin_offset_);
  if (end > next_offset_) emit_gap(end - next_offset_);
}

void Reassembler::flush() {
  // Whatever is still held starts at its lowest byte: nothing earlier is coming any more.
  anchor_at_lowest();
  if (peer_) peer_->anchor_at_lowest();
  settle_pair(*this, peer_, true);
  finish_flush();
  if (peer_) peer_->finish_flush();
}

void Reassembler::release() {
  pending_.clear();
  pending_bytes_ = 0;
  borrowed_.set = false;
  std::vector<Part>().swap(parts_);
  recent_.release();
}

}  // namespace mqscope::tcp
