// Taking segments in: where their bytes belong, which are new, whether copies agree, and
// where the stream starts. Holding a stream whose start is unknown is in reassembler_hold.cpp,
// delivery in reassembler_delivery.cpp.
#include "mqscope/tcp/reassembler.hpp"

#include <algorithm>

#include "mqscope/tcp/seq.hpp"

namespace mqscope::tcp {

namespace {
// While the start is unknown, offsets count from this far before the first byte seen, so that
// data arriving before it still has a place.
constexpr std::uint32_t kHoldReach = std::uint32_t{1} << 29;
}  // namespace

const char* disposition_name(Disposition d) {
  switch (d) {
    case Disposition::NoPayload:
      return "no payload";
    case Disposition::InOrder:
      return "in order";
    case Disposition::Buffered:
      return "buffered";
    case Disposition::Retransmission:
      return "retransmission";
    case Disposition::Overlap:
      return "overlap";
    case Disposition::OutOfWindow:
      return "out of window";
    case Disposition::AfterClose:
      return "after close";
    case Disposition::NotTcp:
      return "not TCP";
  }
  return "?";
}

void Reassembler::pair(Reassembler& a, Reassembler& b) {
  a.peer_ = &b;
  b.peer_ = &a;
}

void Reassembler::start(std::uint32_t seq) {
  started_ = true;
  base_seq_ = seq - kHoldReach;
  next_offset_ = 0;
  isn_ = seq - 1;
}

std::int64_t Reassembler::offset_of(std::uint32_t seq) const {
  // Relative to the next expected byte, so that 2^32 wraparounds are followed.
  return static_cast<std::int64_t>(next_offset_) + seq_diff(seq, seq_of(next_offset_));
}

std::uint32_t Reassembler::lowest_held_seq() const {
  return pending_.empty() ? seq_of(next_offset_) : seq_of(pending_.begin()->first);
}

void Reassembler::on_syn(std::uint32_t seq) {
  if (anchored_) return;  // a repeated SYN, or one arriving after data was delivered
  syn_seen_ = true;
  if (!started_) {
    started_ = true;
    anchored_ = true;
    base_seq_ = seq + 1;
    next_offset_ = 0;
    isn_ = seq;
    return;
  }
  // The SYN arrives after data held: the stream starts one after it (RFC 9293 §3.4).
  anchor_at(offset_of(seq + 1));
  isn_ = seq;
}

void Reassembler::note_fin(std::uint64_t fin_offset) {
  if (fin_seen_) return;  // a repeated FIN keeps the first end
  fin_seen_ = true;
  fin_offset_ = fin_offset;
}

void Reassembler::on_fin(std::uint32_t seq) {
  if (!started_) start(seq);
  std::int64_t off = offset_of(seq);
  if (off >= 0) note_fin(static_cast<std::uint64_t>(off));
}

Disposition Reassembler::on_segment(std::uint32_t seq, Bytes payload, Origin origin,
                                    std::uint32_t missing) {
  Segment s;
  s.seq = seq;
  s.payload = payload;
  s.origin = origin;
  s.missing = missing;
  Assessment a = receive(s);
  settle();
  return a.disposition;
}

Assessment Reassembler::receive(const Segment& s) {
  Assessment a;
  if (peer_ && s.has_ack) peer_->on_peer_ack(s.ack);
  own_borrowed();  // two segments before one settle(): keep the first one's bytes
  std::uint64_t length = s.payload.size() + std::uint64_t{s.missing};
  if (length == 0 && !s.fin) return a;
  if (!started_) start(s.seq);
  std::int64_t off = offset_of(s.seq);
  std::int64_t delta = off - static_cast<std::int64_t>(next_offset_);
  auto len = static_cast<std::int64_t>(length);
  if (delta > kWindow || delta + len < -kWindow || (!anchored_ && off < 0)) {
    a.disposition = length > 0 ? Disposition::OutOfWindow : Disposition::NoPayload;
    return a;
  }
  if (length == 0) {
    note_fin(static_cast<std::uint64_t>(std::max<std::int64_t>(off, 0)));
    return a;
  }
  if (fin_seen_ && off >= static_cast<std::int64_t>(fin_offset_)) {
    a.disposition = Disposition::AfterClose;
    return a;
  }
  bool next_and_alone = anchored_ && pending_.empty() && s.missing == 0 &&
                        off == static_cast<std::int64_t>(next_offset_);
  a = next_and_alone ? Assessment{take_next(s), false}
                     : take_any(s, static_cast<std::uint64_t>(off), length);
  if (s.fin) {
    std::int64_t end = offset_of(s.seq) + len;
    if (end >= 0) note_fin(static_cast<std::uint64_t>(end));
  }
  // Data held for a peer that still holds what it acknowledges must not pile up forever.
  if (pending_bytes_ > limits_->tcp_out_of_order_bytes && peer_ && peer_->holding())
    peer_->anchor_at_lowest();
  return a;
}

// Nearly every segment: all captured, starting at the next byte to deliver, with nothing else
// waiting. take_any() would find it all new, with nothing to compare, give up no hole and
// borrow it whole; this reaches the same state and answer without searching the pending runs.
Disposition Reassembler::take_next(const Segment& s) {
  parts_.clear();
  borrow(s, next_offset_, 0, s.payload.size());
  return in_order_unless_owed(s);
}

// Any segment within the window, `length` bytes at stream offset `begin`.
Assessment Reassembler::take_any(const Segment& s, std::uint64_t begin, std::uint64_t length) {
  Assessment a;
  bool any_new = classify(s, begin, a.overlap_conflict);
  if (a.overlap_conflict) ++overlap_conflicts_;
  if (!any_new) {
    a.disposition = Disposition::Retransmission;
    return a;
  }
  std::uint64_t fresh = 0;
  for (const Part& p : parts_) fresh += p.end - p.begin;
  bool partly_old = fresh < length;
  a.disposition = anchored_ ? place(s, begin, partly_old) : hold(s, begin, partly_old);
  return a;
}

// A deliverable run follows on, but is not delivered before peer data it acknowledges.
Disposition Reassembler::in_order_unless_owed(const Segment& s) const {
  bool waits_for_peer = s.has_ack && peer_ && peer_->owes_before(s.ack);
  return waits_for_peer ? Disposition::Buffered : Disposition::InOrder;
}

// Bytes [at, at + n) of the segment, at stream offset `offset`, to be delivered from the
// caller's buffer in settle() (own_borrowed() copies them if they must wait longer).
void Reassembler::borrow(const Segment& s, std::uint64_t offset, std::size_t at, std::size_t n) {
  borrowed_ = {true,
               offset,
               s.payload.subspan(at, n),
               s.origin.advanced(static_cast<std::uint32_t>(at)),
               s.ack,
               s.has_ack};
  pending_bytes_ += n;
}

// The segment covers stream offsets [begin, begin + length) (begin is signed in disguise: a
// retransmission from before the stream's first byte wraps to a huge value and is all old).
// Fills parts_ with the runs not seen before; compares the runs seen before with the copy
// taken first.
bool Reassembler::classify(const Segment& s, std::uint64_t begin, bool& conflict) {
  parts_.clear();
  auto sbegin = static_cast<std::int64_t>(begin);
  std::int64_t send = sbegin + static_cast<std::int64_t>(s.payload.size() + s.missing);
  if (send <= 0) return false;
  auto end = static_cast<std::uint64_t>(send);
  auto captured_end = static_cast<std::uint64_t>(
      std::max<std::int64_t>(0, sbegin + static_cast<std::int64_t>(s.payload.size())));
  std::uint64_t low = static_cast<std::uint64_t>(std::max<std::int64_t>(sbegin, 0));
  std::uint64_t cursor = std::max(low, next_offset_);
  if (cursor > low)
    compare_old(s, begin, low, std::min(cursor, captured_end), nullptr, 0, conflict);
  auto it = pending_.upper_bound(cursor);
  if (it != pending_.begin()) {
    auto before = std::prev(it);
    if (before->first + before->second.length > cursor) it = before;
  }
  for (; it != pending_.end() && it->first < end; ++it) {
    const Entry& e = it->second;
    std::uint64_t entry_end = it->first + e.length;
    if (entry_end <= cursor) continue;
    if (it->first > cursor) add_new_part(cursor, it->first, captured_end);
    std::uint64_t from = std::max(cursor, it->first);
    std::uint64_t to = std::min(end, entry_end);
    if (e.captured)
      compare_old(s, begin, from, std::min(to, captured_end), &e, it->first, conflict);
    else if (e.fillable && from < captured_end)
      add_new_part(from, std::min(to, captured_end), captured_end);
    cursor = to;
  }
  if (cursor < end) add_new_part(cursor, end, captured_end);
  return !parts_.empty();
}

void Reassembler::compare_old(const Segment& s, std::uint64_t begin, std::uint64_t from,
                              std::uint64_t to, const Entry* entry, std::uint64_t entry_begin,
                              bool& conflict) const {
  if (from >= to) return;
  Bytes mine = s.payload.subspan(static_cast<std::size_t>(from - begin),
                                 static_cast<std::size_t>(to - from));
  if (entry == nullptr) {
    if (recent_.differs(from, mine, recall_, limits_->tcp_recent_bytes)) conflict = true;
    return;
  }
  auto at = static_cast<std::ptrdiff_t>(from - entry_begin);
  if (!std::equal(mine.begin(), mine.end(), entry->bytes.begin() + at)) conflict = true;
}

void Reassembler::add_new_part(std::uint64_t from, std::uint64_t to, std::uint64_t captured_end) {
  auto push = [this](std::uint64_t b, std::uint64_t e, bool captured) {
    if (b >= e) return;
    if (!parts_.empty() && parts_.back().end == b && parts_.back().captured == captured) {
      parts_.back().end = e;
      return;
    }
    parts_.push_back({b, e, captured});
  };
  push(from, std::min(to, captured_end), true);
  push(std::max(from, captured_end), to, false);
}

Reassembler::Ready Reassembler::ready() const {
  Ready r;
  r.end = next_offset_;
  if (borrowed_.set) r.end = std::max(r.end, borrowed_.offset + borrowed_.bytes.size());
  for (auto it = pending_.begin(); it != pending_.end() && it->first <= r.end; ++it) {
    r.end = std::max(r.end, it->first + it->second.length);
    r.bytes += it->second.bytes.size();
    ++r.count;
  }
  return r;
}

// Whether the segment's new runs can be kept beyond the hole: the bytes and the runs held
// there stay within the budget. A segment cut by the snapshot length counts as one run.
// `r` null: nothing is ready (while holding), everything held counts.
bool Reassembler::fits(const Ready* r) const {
  std::size_t bytes = pending_bytes_ - (r ? r->bytes : 0);
  std::size_t count = 0;
  for (auto it = r ? pending_.upper_bound(r->end) : pending_.begin(); it != pending_.end(); ++it)
    if (!it->second.tail) ++count;
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    if (parts_[i].captured) bytes += static_cast<std::size_t>(parts_[i].end - parts_[i].begin);
    if (!is_tail(i)) ++count;
  }
  return bytes <= limits_->tcp_out_of_order_bytes && count <= limits_->tcp_out_of_order_segments;
}

bool Reassembler::is_tail(std::size_t part) const {
  return part > 0 && !parts_[part].captured && parts_[part - 1].captured &&
         parts_[part - 1].end == parts_[part].begin;
}

// Over budget, the oldest hole is given up (a gap of its exact length) and what follows it
// becomes deliverable, until the segment fits or follows on without a hole.
void Reassembler::give_up_holes_before(std::uint64_t begin) {
  Ready r = ready();
  while (begin > r.end && !fits(&r)) {
    ++budget_overflows_;
    auto after = pending_.upper_bound(r.end);
    std::uint64_t target = after != pending_.end() && after->first < begin ? after->first : begin;
    Entry gap;
    gap.length = target - r.end;
    gap.captured = false;
    put_entry(r.end, std::move(gap));
    r = ready();
  }
}

Disposition Reassembler::place(const Segment& s, std::uint64_t begin, bool partly_old) {
  std::uint64_t first = parts_.front().begin;
  give_up_holes_before(first);
  bool follows_on = first <= ready().end;
  store(s, begin);
  if (partly_old) return Disposition::Overlap;
  if (!follows_on) return Disposition::Buffered;
  return in_order_unless_owed(s);
}

void Reassembler::store(const Segment& s, std::uint64_t begin) {
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    const Part& p = parts_[i];
    auto at = static_cast<std::size_t>(p.begin - begin);
    auto n = static_cast<std::size_t>(p.end - p.begin);
    if (p.captured) carve_fillable(p.begin, p.end);
    bool nothing_before = pending_.empty() || pending_.begin()->first > next_offset_;
    if (i == 0 && p.captured && anchored_ && p.begin == next_offset_ && nothing_before &&
        !borrowed_.set) {
      borrow(s, p.begin, at, n);  // the common case costs no copy
      continue;
    }
    Entry e;
    e.length = p.end - p.begin;
    e.captured = p.captured;
    e.fillable = !p.captured;
    e.tail = is_tail(i);
    if (p.captured) {
      Bytes bytes = s.payload.subspan(at, n);
      e.bytes.assign(bytes.begin(), bytes.end());
      e.origin = s.origin.advanced(static_cast<std::uint32_t>(at));
    }
    e.ack = s.ack;
    e.has_ack = s.has_ack;
    e.frame = s.origin.frame;
    put_entry(p.begin, std::move(e));
  }
}

// Captured bytes replace the uncaptured run a snapshot-length cut left for them.
void Reassembler::carve_fillable(std::uint64_t from, std::uint64_t to) {
  auto it = pending_.upper_bound(from);
  if (it != pending_.begin()) --it;
  while (it != pending_.end() && it->first < to) {
    std::uint64_t b = it->first, e = b + it->second.length;
    if (it->second.captured || !it->second.fillable || e <= from) {
      ++it;
      continue;
    }
    Entry rest = it->second;
    it = pending_.erase(it);
    if (b < from) {
      Entry head = rest;
      head.length = from - b;
      pending_.emplace(b, std::move(head));
    }
    if (e > to) {
      rest.length = e - to;
      rest.tail = false;  // it no longer follows the run it was cut from
      pending_.emplace(to, std::move(rest));
      return;
    }
  }
}

void Reassembler::put_entry(std::uint64_t offset, Entry entry) {
  pending_bytes_ += entry.bytes.size();
  pending_.emplace(offset, std::move(entry));
}

void Reassembler::own_borrowed() {
  if (!borrowed_.set) return;
  Entry e;
  e.length = borrowed_.bytes.size();
  e.bytes.assign(borrowed_.bytes.begin(), borrowed_.bytes.end());
  e.origin = borrowed_.origin;
  e.ack = borrowed_.ack;
  e.has_ack = borrowed_.has_ack;
  e.frame = borrowed_.origin.frame;
  borrowed_.set = false;
  pending_.emplace(borrowed_.offset, std::move(e));  // already counted in pending_bytes_
}

}  // namespace mqscope::tcp
