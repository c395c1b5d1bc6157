#include "mqscope/net/defragment.hpp"

#include <algorithm>
#include <cstring>

#include "mqscope/net/notes.hpp"

namespace mqscope::net {

namespace {

constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint8_t kProtoUdp = 17;
constexpr std::uint8_t kProtoIcmpv6 = 58;
constexpr std::uint32_t kMaxDatagram = 65535;  // IPv4 Total Length, IPv6 Payload Length

void put_be16(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

// Bytes of the fragment's data (after all headers up to and including any fragment header),
// as its IP header claims them.
std::uint32_t claimed_data_length(const IpHeader& ip) {
  std::uint32_t end = ip.offset + ip.total_length;
  return end > ip.fragmentable_offset ? end - ip.fragmentable_offset : 0;
}

// Only TCP is decoded further; other protocols' fragments are not worth holding. An IPv6
// fragment names the first header of the fragmentable part, which may be an extension header
// in front of TCP, so only protocols known not to be TCP are left out there.
bool worth_holding(const IpHeader& ip) {
  if (ip.version == 4) return ip.protocol == kProtoTcp;
  return ip.fragment_next_header != kProtoUdp && ip.fragment_next_header != kProtoIcmpv6;
}

}  // namespace

Defragmenter::Key Defragmenter::key_of(const IpHeader& ip) {
  // RFC 791 §3.2: source, destination, protocol and identification; RFC 8200 §4.5: source,
  // destination and identification.
  return {ip.version, ip.src.bytes, ip.dst.bytes, ip.fragment_id,
          ip.version == 4 ? ip.protocol : std::uint8_t{0}};
}

void Defragmenter::forget(std::map<Key, Pending>::iterator it) {
  held_bytes_ -= it->second.payload.size();
  pending_.erase(it);
}

Defragmenter::Result Defragmenter::drop(std::map<Key, Pending>::iterator it, NoteId note) {
  if (it != pending_.end()) forget(it);
  return {Status::Dropped, note};
}

Defragmenter::Result Defragmenter::add(const Packet& packet, Bytes data, std::uint32_t frame,
                                       Timestamp time) {
  const IpHeader& ip = packet.ip;
  if (!worth_holding(ip)) return {Status::Ignored, nullptr};
  std::uint32_t length = claimed_data_length(ip);
  std::uint32_t begin = ip.fragment_offset;
  Key key = key_of(ip);
  auto it = pending_.find(key);
  if (ip.fragmentable_offset + length > data.size()) return drop(it, &notes::fragment_truncated);
  // RFC 791 §3.2 and RFC 8200 §4.5: every fragment but the last carries a multiple of 8 bytes.
  if ((ip.more_fragments && length % 8 != 0) || (length == 0 && ip.more_fragments))
    return drop(it, &notes::fragment_invalid);
  if (std::uint64_t{begin} + length > kMaxDatagram) return drop(it, &notes::fragment_too_large);
  if (it == pending_.end()) {
    if (pending_.size() >= limits_->ip_fragment_datagrams)
      return {Status::Dropped, &notes::fragment_limit};
    it = pending_.emplace(key, Pending{}).first;
    it->second.first_ns = time.total_ns();
    it->second.first_frame = frame;
  }
  Bytes fragment = data.subspan(ip.fragmentable_offset, length);
  Result r = insert(it->second, ip, fragment, Origin{frame, ip.fragmentable_offset});
  if (r.status == Status::Dropped) return drop(it, r.note);
  if (ip.fragment_offset == 0 && !it->second.have_first) {
    Pending& d = it->second;
    d.have_first = true;
    std::uint32_t header_end = ip.version == 4 ? ip.fragmentable_offset : ip.fragment_header_offset;
    d.header.assign(data.begin() + ip.offset, data.begin() + header_end);
    d.header_origin = Origin{frame, ip.offset};
    // RFC 8200 §4.5: the Next Header of the last unfragmentable header becomes the Fragment
    // header's Next Header.
    if (ip.version == 6) d.header[ip.next_header_field - ip.offset] = ip.fragment_next_header;
  }
  if (!complete(it->second)) return {Status::Held, nullptr};
  assemble(it->second, ip.version);
  forget(it);
  return {Status::Complete, nullptr};
}

Defragmenter::Result Defragmenter::insert(Pending& d, const IpHeader& ip, Bytes fragment,
                                          Origin origin) {
  auto begin = ip.fragment_offset;
  auto end = begin + static_cast<std::uint32_t>(fragment.size());
  if (!ip.more_fragments) {
    if (d.have_last && d.total != end) return {Status::Dropped, &notes::fragment_invalid};
    if (!d.runs.empty() && d.runs.back().end > end)
      return {Status::Dropped, &notes::fragment_invalid};
    d.have_last = true;
    d.total = end;
  } else if (d.have_last && end > d.total) {
    return {Status::Dropped, &notes::fragment_invalid};
  }
  auto at = std::lower_bound(d.runs.begin(), d.runs.end(), begin,
                             [](const Run& r, std::uint32_t b) { return r.end <= b; });
  if (at != d.runs.end() && at->begin < end) {
    // An exact copy of a fragment already held (a duplicate frame) changes nothing; anything
    // else overlapping is refused with its whole datagram (RFC 5722 §4).
    bool same = at->begin == begin && at->end == end &&
                std::equal(fragment.begin(), fragment.end(), d.payload.begin() + begin);
    if (same) return {Status::Held, nullptr};
    return {Status::Dropped, &notes::fragment_overlap};
  }
  if (end > d.payload.size()) {
    std::size_t growth = end - d.payload.size();
    if (held_bytes_ + growth > limits_->ip_fragment_bytes)
      return {Status::Dropped, &notes::fragment_limit};
    d.payload.resize(end);
    held_bytes_ += growth;
  }
  std::copy(fragment.begin(), fragment.end(), d.payload.begin() + begin);
  d.runs.insert(at, Run{begin, end, origin});
  d.covered += end - begin;
  return {Status::Held, nullptr};
}

// Runs never overlap and none lies beyond the last fragment's end, so the datagram is whole
// when they cover as many bytes as it has.
bool Defragmenter::complete(const Pending& d) const {
  return d.have_first && d.have_last && d.covered == d.total;
}

void Defragmenter::assemble(const Pending& d, std::uint8_t version) {
  done_ = Datagram{};
  done_.version = version;
  std::size_t header = d.header.size();
  done_.bytes = d.header;
  done_.bytes.insert(done_.bytes.end(), d.payload.begin(), d.payload.begin() + d.total);
  if (version == 4) {
    put_be16(&done_.bytes[2], static_cast<std::uint32_t>(header + d.total));
    std::uint32_t df = (std::uint32_t{done_.bytes[6]} << 8) & 0x4000;
    put_be16(&done_.bytes[6], df);  // no longer a fragment: MF and offset cleared
  } else {
    put_be16(&done_.bytes[4], static_cast<std::uint32_t>(header - 40 + d.total));
  }
  append_piece(done_.pieces, Piece{0, static_cast<std::uint32_t>(header), d.header_origin});
  for (const Run& r : d.runs) {
    append_piece(done_.pieces,
                 Piece{static_cast<std::uint32_t>(header + r.begin), r.end - r.begin, r.origin});
    done_.fragments.emplace_back(r.origin.frame, r.end - r.begin);
  }
}

ExpiredDatagram Defragmenter::describe(const Pending& d, std::uint8_t version) {
  ExpiredDatagram e;
  e.version = version;
  e.first_frame = d.first_frame;
  e.fragments = d.runs.size();
  for (const Run& r : d.runs) e.bytes += r.end - r.begin;
  return e;
}

std::vector<ExpiredDatagram> Defragmenter::expire(Timestamp now) {
  std::vector<ExpiredDatagram> out;
  std::int64_t limit = std::int64_t{limits_->ip_fragment_timeout_s} * 1'000'000'000;
  for (auto it = pending_.begin(); it != pending_.end();) {
    auto next = std::next(it);
    if (now.total_ns() - it->second.first_ns > limit) {
      out.push_back(describe(it->second, std::get<0>(it->first)));
      forget(it);
    }
    it = next;
  }
  return out;
}

std::vector<ExpiredDatagram> Defragmenter::expire_all() {
  std::vector<ExpiredDatagram> out;
  for (const auto& [key, d] : pending_) out.push_back(describe(d, std::get<0>(key)));
  pending_.clear();
  held_bytes_ = 0;
  return out;
}

}  // namespace mqscope::net
