#include "mqscope/tcp/reassembler.hpp"

#include <algorithm>

#include "mqscope/tcp/seq.hpp"

namespace mqscope::tcp {

namespace {
// A segment further than this from the expected byte is not part of the stream we follow
// (a different connection reusing the ports, or garbage). Well below 2^31 so that the
// wraparound arithmetic stays unambiguous.
constexpr std::int64_t kWindow = std::int64_t{1} << 30;
}  // namespace

const char* disposition_name(Disposition d) {
  switch (d) {
    case Disposition::NoPayload: return "no payload";
    case Disposition::InOrder: return "in order";
    case Disposition::Buffered: return "buffered (out of order)";
    case Disposition::Retransmission: return "retransmission";
    case Disposition::Overlap: return "overlap";
    case Disposition::OutOfWindow: return "out of window";
    case Disposition::AfterClose: return "after close";
  }
  return "?";
}

void Reassembler::synchronize(std::uint32_t seq) {
  synced_ = true;
  base_seq_ = seq;
  next_offset_ = 0;
}

void Reassembler::on_syn(std::uint32_t seq) {
  if (synced_) return;
  isn_ = seq;
  synchronize(seq + 1);
}

std::uint64_t Reassembler::offset_of(std::uint32_t seq) const {
  // Relative to the next expected byte, so that 2^32 wraparounds are followed.
  std::uint32_t next_seq = base_seq_ + static_cast<std::uint32_t>(next_offset_);
  std::int64_t delta = seq_diff(seq, next_seq);
  std::int64_t offset = static_cast<std::int64_t>(next_offset_) + delta;
  return offset < 0 ? 0 : static_cast<std::uint64_t>(offset);
}

Disposition Reassembler::on_segment(std::uint32_t seq, Bytes payload, Origin origin,
                                    std::uint32_t missing) {
  std::uint64_t length = payload.size() + missing;
  if (length == 0) return Disposition::NoPayload;
  if (!synced_) {
    isn_ = seq - 1;  // mid-stream start: the first byte seen is offset 0
    synchronize(seq);
  }
  std::uint32_t next_seq = base_seq_ + static_cast<std::uint32_t>(next_offset_);
  std::int64_t delta = seq_diff(seq, next_seq);
  if (delta > kWindow || delta + static_cast<std::int64_t>(length) < -kWindow)
    return Disposition::OutOfWindow;
  if (fin_seen_ && offset_of(seq) >= fin_offset_) return Disposition::AfterClose;
  if (delta + static_cast<std::int64_t>(length) <= 0) return Disposition::Retransmission;
  while (delta > 0) {
    std::uint64_t offset = next_offset_ + static_cast<std::uint64_t>(delta);
    if (buffer(offset, payload, origin, missing)) return Disposition::Buffered;
    // Over budget: give up on the oldest hole, so that memory stays bounded. Each round
    // moves next_offset_ forward, so this ends.
    ++budget_overflows_;
    if (pending_.empty() || pending_.begin()->first > offset) {
      emit_gap(offset - next_offset_);
    } else {
      skip_to_first_pending();
      drain();
    }
    next_seq = base_seq_ + static_cast<std::uint32_t>(next_offset_);
    delta = seq_diff(seq, next_seq);
  }
  if (delta + static_cast<std::int64_t>(length) <= 0) return Disposition::Retransmission;
  auto trim = static_cast<std::uint64_t>(-delta);
  Disposition d = trim == 0 ? Disposition::InOrder : Disposition::Overlap;
  if (trim < payload.size()) {
    deliver(next_offset_, payload.subspan(trim),
            origin.advanced(static_cast<std::uint32_t>(trim)), missing);
  } else {
    emit_gap(length - trim);  // only the uncaptured tail is new
  }
  drain();
  return d;
}

void Reassembler::deliver(std::uint64_t offset, Bytes data, Origin origin, std::uint32_t missing) {
  (void)offset;
  if (!data.empty() && listener_) listener_->on_data(data, origin);
  next_offset_ += data.size();
  if (missing > 0) emit_gap(missing);
}

void Reassembler::emit_gap(std::uint64_t length) {
  if (length == 0) return;
  next_offset_ += length;
  gap_bytes_ += length;
  if (listener_) listener_->on_gap(length);
}

bool Reassembler::buffer(std::uint64_t offset, Bytes data, Origin origin, std::uint32_t missing) {
  auto it = pending_.find(offset);
  if (it != pending_.end()) {
    // Another copy of a held segment: keep the most captured bytes and the longest length,
    // so that neither captured bytes nor the count of missing ones are lost.
    Pending& held = it->second;
    std::uint64_t total = std::max<std::uint64_t>(held.bytes.size() + held.missing,
                                                  data.size() + missing);
    if (held.bytes.size() >= data.size()) {
      held.missing = static_cast<std::uint32_t>(total - held.bytes.size());
      return true;
    }
    if (pending_bytes_ - held.bytes.size() + data.size() > limits_->tcp_out_of_order_bytes)
      return false;
    pending_bytes_ = pending_bytes_ - held.bytes.size() + data.size();
    held.bytes.assign(data.begin(), data.end());
    held.origin = origin;
    held.missing = static_cast<std::uint32_t>(total - data.size());
    return true;
  }
  if (pending_bytes_ + data.size() > limits_->tcp_out_of_order_bytes ||
      pending_.size() >= limits_->tcp_out_of_order_segments)
    return false;
  Pending& p = pending_[offset];
  p.bytes.assign(data.begin(), data.end());
  p.origin = origin;
  p.missing = missing;
  pending_bytes_ += data.size();
  return true;
}

void Reassembler::drain() {
  while (!pending_.empty()) {
    auto it = pending_.begin();
    if (it->first > next_offset_) return;
    Pending p = std::move(it->second);
    std::uint64_t offset = it->first;
    pending_bytes_ -= p.bytes.size();
    pending_.erase(it);
    std::uint64_t end = offset + p.bytes.size() + p.missing;
    if (end <= next_offset_) continue;
    std::uint64_t trim = next_offset_ - offset;
    if (trim < p.bytes.size()) {
      Bytes rest = Bytes(p.bytes).subspan(trim);
      deliver(next_offset_, rest, p.origin.advanced(static_cast<std::uint32_t>(trim)), p.missing);
    } else {
      emit_gap(end - next_offset_);
    }
  }
}

void Reassembler::skip_to_first_pending() {
  if (pending_.empty()) return;
  std::uint64_t first = pending_.begin()->first;
  if (first > next_offset_) emit_gap(first - next_offset_);
}

void Reassembler::on_fin(std::uint32_t seq) {
  if (!synced_) synchronize(seq);
  if (fin_seen_) return;
  fin_seen_ = true;
  fin_offset_ = offset_of(seq);
}

void Reassembler::flush() {
  while (!pending_.empty()) {
    skip_to_first_pending();
    drain();
  }
  if (fin_seen_ && next_offset_ < fin_offset_) emit_gap(fin_offset_ - next_offset_);
}

}  // namespace mqscope::tcp
