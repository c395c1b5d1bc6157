#include "mqscope/mqtt/framer.hpp"

#include <algorithm>
#include <utility>

#include "mqscope/mqtt/notes.hpp"
#include "mqscope/mqtt/recognise.hpp"
#include "mqscope/mqtt/session.hpp"
#include "mqscope/mqtt/varint.hpp"

namespace mqscope::mqtt {

namespace {

Piece sub_piece(const Piece& piece, std::size_t skip, std::size_t length, std::size_t offset) {
  Piece p = piece;
  p.offset = static_cast<std::uint32_t>(offset);
  p.length = static_cast<std::uint32_t>(length);
  p.origin = piece.origin.advanced(static_cast<std::uint32_t>(skip));
  p.xor_phase = static_cast<std::uint8_t>((piece.xor_phase + skip) & 3);
  return p;
}

}  // namespace

void Framer::feed(Bytes data, const Piece& piece) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    Bytes rest = data.subspan(pos);
    Piece at = sub_piece(piece, pos, rest.size(), 0);
    bool at_start = state_ == State::Header && header_fill_ == 0;
    if (state_ != State::Search) {
      std::uint8_t first_byte = at_start ? rest[0] : header_[0];
      types_seen_ |= static_cast<std::uint16_t>(1u << (first_byte >> 4));
    }
    switch (state_) {
      case State::Header: pos += take_header(rest, at); break;
      case State::Body: pos += take_body(rest, at); break;
      case State::Skip: pos += skip(rest); break;
      case State::Search: pos += search(rest, at); break;
    }
  }
}

// The common case costs no copy: a packet lying wholly inside one chunk is handed on as a view.
bool Framer::try_whole_packet(Bytes data, const Piece& piece, std::size_t& used) {
  if (data.size() < 2) return false;
  Varint v = read_varint(data.subspan(1));
  if (v.status != VarintStatus::Complete) return false;
  std::size_t total = 1u + v.length + std::size_t{v.value};
  if (total > data.size() || total > limits_->mqtt_packet_bytes) return false;
  header_length_ = static_cast<std::uint8_t>(1 + v.length);
  remaining_ = v.value;
  not_minimal_ = v.not_minimal;
  pieces_.clear();
  pieces_.push_back(sub_piece(piece, 0, total, 0));
  emit(data.first(total));
  used = total;
  return true;
}

std::size_t Framer::take_header(Bytes data, const Piece& piece) {
  std::size_t used = 0;
  if (header_fill_ == 0) {
    if (try_whole_packet(data, piece, used)) return used;
    packet_origin_ = piece.origin;
    pieces_.clear();
    buffer_.clear();
  }
  while (used < data.size()) {
    header_[header_fill_++] = data[used++];
    if (header_fill_ < 2) continue;
    Varint v = read_varint(Bytes(header_.data() + 1, header_fill_ - 1u));
    if (v.status == VarintStatus::TooLong) {
      lose_sync(&notes::remaining_length_invalid, header_fill_);
      return used;  // what follows is searched for the next packet
    }
    if (v.status == VarintStatus::NeedMore) continue;
    header_length_ = header_fill_;
    remaining_ = v.value;
    not_minimal_ = v.not_minimal;
    // The header may have arrived in pieces too: record where its bytes came from.
    std::size_t from_this_chunk = std::min<std::size_t>(used, header_fill_);
    std::size_t earlier = header_fill_ - from_this_chunk;
    if (earlier == 0) pieces_.clear();
    append_piece(pieces_, sub_piece(piece, 0, from_this_chunk, earlier));
    start_body();
    return used;
  }
  // Header still incomplete: remember where this chunk's bytes came from.
  std::size_t earlier = header_fill_ - used;
  append_piece(pieces_, sub_piece(piece, 0, used, earlier));
  return used;
}

void Framer::start_body() {
  header_fill_ = 0;
  if (std::size_t{header_length_} + remaining_ > limits_->mqtt_packet_bytes) {
    std::uint64_t packet_length = header_length_ + std::uint64_t{remaining_};
    listener_->on_framing_problem(&notes::packet_too_large, packet_length, packet_origin_);
    skip_left_ = remaining_;
    state_ = skip_left_ > 0 ? State::Skip : State::Header;
    return;
  }
  buffer_.assign(header_.begin(), header_.begin() + header_length_);
  if (remaining_ == 0) {
    emit(buffer_);
    return;
  }
  // Grow with the data that arrives, not with what the header claims.
  buffer_.reserve(std::min<std::size_t>(std::size_t{header_length_} + remaining_, 64 * 1024));
  state_ = State::Body;
}

std::size_t Framer::take_body(Bytes data, const Piece& piece) {
  std::size_t want = std::size_t{header_length_} + remaining_ - buffer_.size();
  std::size_t n = std::min(want, data.size());
  append_piece(pieces_, sub_piece(piece, 0, n, buffer_.size()));
  buffer_.insert(buffer_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
  if (n == want) emit(buffer_);
  return n;
}

std::size_t Framer::skip(Bytes data) {
  std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(skip_left_, data.size()));
  skip_left_ -= n;
  if (skip_left_ == 0) state_ = State::Header;
  return n;
}

void Framer::emit(Bytes bytes) {
  PacketView view;
  view.bytes = bytes;
  view.header_length = header_length_;
  view.remaining_length = remaining_;
  view.length_not_minimal = not_minimal_;
  view.pieces = &pieces_;
  ++packets_;
  state_ = State::Header;
  header_fill_ = 0;
  listener_->on_packet(view);
}

void Framer::gap(std::uint64_t length) {
  if (length == 0) return;
  if (state_ == State::Search) {
    try_resync(true);  // decide with what was kept before the hole
    if (state_ == State::Search) {
      skipped_ += window_.size();
      window_.clear();
      return;
    }
  }
  if (state_ == State::Skip) {
    std::uint64_t inside = std::min(length, skip_left_);
    skip_left_ -= inside;
    length -= inside;
    if (skip_left_ == 0) state_ = State::Header;
    if (length == 0) return;
  }
  if (state_ == State::Body || header_fill_ > 0) {
    std::uint64_t have = state_ == State::Body ? buffer_.size() : header_fill_;
    listener_->on_framing_problem(&notes::packet_incomplete, have, packet_origin_);
  }
  // Where the next packet starts inside the missing bytes is unknown: look for it.
  lose_sync(&notes::sync_lost, length);
}

void Framer::lose_sync(NoteId note, std::uint64_t bytes) {
  state_ = State::Search;
  header_fill_ = 0;
  buffer_.clear();
  window_.clear();
  lost_at_ = packet_origin_;
  listener_->on_framing_problem(note, bytes, packet_origin_);
}

void Framer::start_searching() {
  state_ = State::Search;
  header_fill_ = 0;
  window_.clear();
}

std::size_t Framer::window_limit() const {
  return std::max<std::size_t>(limits_->mqtt_resync_window_bytes, 8);
}

std::size_t Framer::search(Bytes data, const Piece& piece) {
  std::size_t n = std::min(window_limit() - window_.size(), data.size());
  window_.add(data.first(n), piece);
  try_resync(false);
  if (n == 0 && state_ == State::Search) {  // never wait on a full window: give a byte up
    window_.drop_front(1);
    ++skipped_;
  }
  return n;
}

// A candidate packet: a defined type and flags, the shortest Remaining Length and a body that
// adds up, followed - as far as the window shows - by packets that do too, kChainPackets in
// all. `final`: no more bytes come before a hole or the end; decide with these (a chain cut
// short by them is enough, a first packet cut short is not).
namespace {
// Only PUBLISH (its payload) and CONNECT (will message, password) carry application data that
// makes them long; a longer packet of another type is not believed without seeing all of it.
bool may_be_long(std::uint8_t b0) {
  auto type = static_cast<PacketType>(b0 >> 4);
  return type == PacketType::Publish || type == PacketType::Connect;
}
}  // namespace

SearchVerdict Framer::judge(Bytes w, bool final) const {
  constexpr int kChainPackets = 4;
  final = final || w.size() >= window_limit();  // a full window must decide
  std::size_t pos = 0;
  for (int packets = 0; packets < kChainPackets; ++packets) {
    bool first = packets == 0;
    SearchVerdict cut = !final  ? SearchVerdict::Wait
                        : first ? SearchVerdict::Reject
                                : SearchVerdict::Accept;
    if (pos == w.size()) return final ? SearchVerdict::Accept : SearchVerdict::Wait;
    if (!plausible_first_byte(w[pos])) return SearchVerdict::Reject;
    Varint v = read_varint(w.subspan(pos + 1));
    if (v.status == VarintStatus::TooLong || (v.status == VarintStatus::Complete && v.not_minimal))
      return SearchVerdict::Reject;
    if (v.status == VarintStatus::NeedMore) return cut;
    std::size_t header = 1u + v.length;
    std::uint64_t total = header + std::uint64_t{v.value};
    if (total > limits_->mqtt_packet_bytes) return SearchVerdict::Reject;
    if (pos + total > window_limit()) {
      // Too long to look past: only the packets that carry application data get that long;
      // judge the body on the window's worth of it.
      if (!may_be_long(w[pos])) return SearchVerdict::Reject;
      if (w.size() < window_limit() && !final) return SearchVerdict::Wait;
      return plausible_body(w[pos], w.subspan(pos + header), v.value) ? SearchVerdict::Accept
                                                                       : SearchVerdict::Reject;
    }
    if (w.size() < pos + total) return cut;
    if (!plausible_body(w[pos], w.subspan(pos + header, v.value), v.value))
      return SearchVerdict::Reject;
    pos += static_cast<std::size_t>(total);
  }
  return SearchVerdict::Accept;
}

void Framer::try_resync(bool final) {
  auto judge_window = [this, final](Bytes w) { return judge(w, final); };
  if (!window_.find_start(judge_window, skipped_)) return;
  SearchWindow found = std::exchange(window_, SearchWindow{});
  state_ = State::Header;
  header_fill_ = 0;
  if (skipped_ > 0) {
    listener_->on_framing_problem(&notes::resynchronised, skipped_, found.front_origin());
  }
  skipped_ = 0;
  found.for_each_run(0, [this](Bytes bytes, const Piece& p) { feed(bytes, p); });
}

void Framer::finish() {
  if (state_ == State::Search) try_resync(true);
  if (state_ == State::Body || (state_ == State::Header && header_fill_ > 0)) {
    std::uint64_t have = state_ == State::Body ? buffer_.size() : header_fill_;
    listener_->on_framing_problem(&notes::packet_incomplete, have, packet_origin_);
  }
  if (state_ != State::Search) state_ = State::Header;
  header_fill_ = 0;
  buffer_.clear();
}

}  // namespace mqscope::mqtt
