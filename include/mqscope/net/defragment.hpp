// IP fragment reassembly: IPv4 (RFC 791 §3.2) and IPv6 (RFC 8200 §4.5). Fragments of one
// datagram are held, within the limits' byte and datagram budgets, until every byte from offset
// 0 to the last fragment's end is in; the datagram then comes out as one IP packet (the first
// fragment's headers with the lengths and fragment fields fixed up) with the capture position of
// every run of its bytes. Overlapping fragments drop their datagram (RFC 5722; Linux does the
// same for IPv4), and datagrams still incomplete when their time runs out are given up.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/limits.hpp"
#include "mqscope/core/notes.hpp"
#include "mqscope/core/origin.hpp"
#include "mqscope/core/timestamp.hpp"
#include "mqscope/net/packet.hpp"

namespace mqscope::net {

struct Datagram {
  std::uint8_t version = 4;
  std::vector<std::uint8_t> bytes;  // the whole reassembled IP packet
  Pieces pieces;                    // where each run of `bytes` was captured
  // Capture frame and payload bytes of each fragment, in offset order.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> fragments;
};

// A datagram given up because its time (or the capture) ran out.
struct ExpiredDatagram {
  std::uint8_t version = 4;
  std::uint32_t first_frame = 0;
  std::size_t fragments = 0;
  std::uint64_t bytes = 0;  // payload bytes that had arrived
};

class Defragmenter {
 public:
  enum class Status : std::uint8_t {
    Ignored,   // a fragment of a datagram that is not TCP: not held
    Held,      // kept until its datagram is complete
    Complete,  // its datagram is complete: see datagram()
    Dropped,   // refused, see the note
  };
  struct Result {
    Status status = Status::Ignored;
    NoteId note = nullptr;
  };

  explicit Defragmenter(const Limits& limits) : limits_(&limits) {}
  Defragmenter(const Limits&&) = delete;

  // `packet` decodes frame `frame`'s captured bytes `data` and is a fragment.
  Result add(const Packet& packet, Bytes data, std::uint32_t frame, Timestamp time);
  // The datagram completed by the last add(); valid until the next add().
  const Datagram& datagram() const { return done_; }

  // Gives up datagrams whose first fragment is older than the limit at capture time `now`.
  std::vector<ExpiredDatagram> expire(Timestamp now);
  // Gives up every datagram still incomplete (end of the capture).
  std::vector<ExpiredDatagram> expire_all();

  std::size_t datagrams_in_progress() const { return pending_.size(); }
  std::size_t held_bytes() const { return held_bytes_; }

 private:
  using Key = std::tuple<std::uint8_t, std::array<std::uint8_t, 16>, std::array<std::uint8_t, 16>,
                         std::uint32_t, std::uint8_t>;
  struct Run {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    Origin origin;
  };
  struct Pending {
    std::int64_t first_ns = 0;
    std::uint32_t first_frame = 0;
    std::vector<std::uint8_t> header;  // headers of the fragment at offset 0, fixed up
    Origin header_origin;
    bool have_first = false;
    bool have_last = false;
    std::uint32_t total = 0;  // payload length, once the last fragment is in
    std::vector<std::uint8_t> payload;
    std::vector<Run> runs;      // sorted by offset, never overlapping
    std::uint32_t covered = 0;  // bytes in runs
  };

  static Key key_of(const IpHeader& ip);
  Result drop(std::map<Key, Pending>::iterator it, NoteId note);
  Result insert(Pending& d, const IpHeader& ip, Bytes fragment, Origin origin);
  bool complete(const Pending& d) const;
  void assemble(const Pending& d, std::uint8_t version);
  void forget(std::map<Key, Pending>::iterator it);
  static ExpiredDatagram describe(const Pending& d, std::uint8_t version);

  const Limits* limits_;
  std::map<Key, Pending> pending_;
  std::size_t held_bytes_ = 0;
  Datagram done_;
};

}  // namespace mqscope::net
