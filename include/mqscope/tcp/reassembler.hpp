// In-order delivery of one direction of a TCP connection. Segments may arrive in any order,
// repeated or overlapping; each byte is delivered once, in sequence order, with the capture
// frame it came from. Bytes that never arrive are reported as a gap with their length, never
// invented. Out-of-order data is buffered within the limits' byte budget. Where copies of a
// byte differ, the first one captured wins and the segment is flagged (overlap conflict).
//
// Where the stream starts is known from the SYN. Without one (a capture that starts after the
// handshake, or whose segments arrive in reverse order), a direction first HOLDS what it gets
// and starts delivering once the start is plausible: the data grows forward from the first
// segment without any arriving before it, or the peer acknowledges all of it, or the SYN turns
// up, or the budget is full, or the stream ends. The two directions of a connection are paired
// so that what is delivered across them follows the acknowledgements: a segment is not
// delivered before peer data it acknowledges that is still held.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/limits.hpp"
#include "mqscope/core/origin.hpp"
#include "mqscope/core/recall.hpp"

namespace mqscope::tcp {

enum class Disposition : std::uint8_t {
  NoPayload,       // a segment without data (SYN, pure ACK, FIN)
  InOrder,         // next in sequence: delivered at once
  Buffered,        // ahead of a hole, or held until the stream's start is known
  Retransmission,  // every byte was seen before
  Overlap,         // partly seen before: the new bytes were taken
  OutOfWindow,     // implausibly far from the expected sequence number
  AfterClose,      // beyond the FIN, or on a connection that has ended
  NotTcp,          // a frame that carries no TCP segment (for statistics)
};
inline constexpr std::size_t kDispositionCount = 8;

const char* disposition_name(Disposition d);

class StreamListener {
 public:
  virtual ~StreamListener() = default;
  virtual void on_data(Bytes data, Origin origin) = 0;
  virtual void on_gap(std::uint64_t length) = 0;
};

// What a TCP segment brings to one direction.
struct Segment {
  std::uint32_t seq = 0;      // of the first payload byte
  Bytes payload;              // captured bytes; must stay valid until settle()
  Origin origin;              // capture position of payload[0]
  std::uint32_t missing = 0;  // bytes the snapshot length cut from the end of the payload
  std::uint32_t ack = 0;      // the segment's acknowledgement of the peer's bytes
  bool has_ack = false;
  bool fin = false;  // a FIN follows the payload
};

struct Assessment {
  Disposition disposition = Disposition::NoPayload;
  bool overlap_conflict = false;  // some bytes differ from the copy taken before
};

class Reassembler {
 public:
  // A segment further than this from the expected byte is not part of the stream followed (a
  // different connection reusing the ports, or garbage). Well below 2^31 so that the
  // wraparound arithmetic stays unambiguous.
  static constexpr std::int64_t kWindow = std::int64_t{1} << 30;

  explicit Reassembler(const Limits& limits) : limits_(&limits) {}
  Reassembler(const Limits&&) = delete;
  Reassembler(const Reassembler&) = delete;
  Reassembler& operator=(const Reassembler&) = delete;

  void set_listener(StreamListener* listener) { listener_ = listener; }
  // Where delivered bytes are read again to compare retransmitted copies with; without one,
  // copies of delivered bytes are not compared (copies of buffered bytes still are).
  void set_recall(const Recall* recall) { recall_ = recall; }
  // Makes `a` and `b` the two directions of one connection.
  static void pair(Reassembler& a, Reassembler& b);

  // The SYN's sequence number: data starts one after it.
  void on_syn(std::uint32_t seq);
  // Takes a segment in and says what it is; delivers nothing (see settle()).
  Assessment receive(const Segment& segment);
  // Delivers, in both directions of the pair, whatever may be delivered now.
  void settle();
  // receive() and settle() of a segment without acknowledgement or FIN.
  Disposition on_segment(std::uint32_t seq, Bytes payload, Origin origin, std::uint32_t missing);
  // The FIN's sequence number (one past the last data byte).
  void on_fin(std::uint32_t seq);
  // Delivers what is still buffered or held, in both directions, with gaps for the holes
  // (connection or capture end).
  void flush();
  // Frees what an ended stream still holds.
  void release();
  // Asks for the memory where the next delivered bytes are noted (a hint, ahead of a segment).
  void warm() const { recent_.warm(); }
  // One more segment of the connection went by. A hole that data beyond it, or the peer's
  // acknowledgement, shows to be real is reported as a gap once it has waited
  // Limits::tcp_hole_wait_segments segments: the bytes were lost to the capture.
  void age_hole();

  bool synchronized() const { return anchored_; }  // where the stream starts is known
  bool syn_seen() const { return syn_seen_; }
  bool started() const { return started_; }
  bool holding() const { return !anchored_ && !pending_.empty(); }
  bool closed() const { return anchored_ && fin_seen_ && next_offset_ >= fin_offset_; }
  std::uint32_t initial_seq() const { return isn_; }
  // Sequence number of the first byte held while the start is not known.
  std::uint32_t lowest_held_seq() const;
  std::uint64_t delivered_bytes() const { return next_offset_; }
  std::uint32_t next_seq() const { return seq_of(next_offset_); }
  std::uint64_t gap_bytes() const { return gap_bytes_; }
  std::size_t buffered_bytes() const { return pending_bytes_; }
  std::uint64_t budget_overflows() const { return budget_overflows_; }
  std::uint64_t overlap_conflicts() const { return overlap_conflicts_; }
  std::uint64_t holes_given_up() const { return holes_given_up_; }

 private:
  // A run of the stream waiting to be delivered: captured bytes, or bytes known to exist but
  // not captured (cut by the snapshot length: a later copy may still fill them; or given up
  // to keep within the budget).
  struct Entry {
    std::uint64_t length = 0;
    bool captured = true;
    bool fillable = false;
    bool tail = false;  // the cut end of the captured run before it: not a run of its own
    std::vector<std::uint8_t> bytes;
    Origin origin;
    std::uint32_t ack = 0;
    bool has_ack = false;
    std::uint32_t frame = 0;
  };
  // The current segment's first new bytes, borrowed from the caller until settle().
  struct Borrowed {
    bool set = false;
    std::uint64_t offset = 0;
    Bytes bytes;
    Origin origin;
    std::uint32_t ack = 0;
    bool has_ack = false;
  };
  struct Part {  // a run of the current segment not seen before
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    bool captured = true;
  };
  struct Ready {  // pending entries that follow the delivered bytes without a hole
    std::uint64_t end = 0;
    std::size_t bytes = 0;
    std::size_t count = 0;
  };
  // Where the last delivered bytes were captured (Limits::tcp_recent_bytes, at most
  // Limits::tcp_recent_runs runs), to compare retransmitted copies with: the bytes themselves
  // are read again through the Recall when a copy arrives, not copied on delivery.
  class Recent {
   public:
    void reset(std::uint64_t at);  // after a gap: nothing before stream offset `at` is known
    void append(Bytes data, Origin origin, std::size_t max_runs);
    // Whether the bytes delivered at stream offset `offset` differ from `data`, as far as the
    // last `reach` delivered bytes go and `recall` still has them.
    bool differs(std::uint64_t offset, Bytes data, const Recall* recall, std::size_t reach) const;
    void release();
    void warm() const;

   private:
    struct Run {  // trivial, so that a grown ring is not filled before use
      std::uint64_t begin;  // stream offset of the first byte
      std::uint32_t length;
      std::uint32_t frame;  // capture position of the first byte (Origin)
      std::uint32_t frame_offset;
    };
    void grow(std::size_t max_runs);
    std::unique_ptr<Run[]> runs_;  // a ring, grown with use
    std::uint32_t capacity_ = 0;
    std::uint32_t count_ = 0;
    std::uint32_t newest_ = 0;  // index of the newest run, when count_ > 0
    std::uint64_t end_ = 0;     // stream offset one past the newest byte
  };

  void start(std::uint32_t seq);
  std::int64_t offset_of(std::uint32_t seq) const;
  std::uint32_t seq_of(std::uint64_t offset) const {
    return base_seq_ + static_cast<std::uint32_t>(offset);
  }
  Disposition take_next(const Segment& s);
  Assessment take_any(const Segment& s, std::uint64_t begin, std::uint64_t length);
  Disposition in_order_unless_owed(const Segment& s) const;
  void borrow(const Segment& s, std::uint64_t offset, std::size_t at, std::size_t n);
  bool classify(const Segment& s, std::uint64_t begin, bool& conflict);
  void compare_old(const Segment& s, std::uint64_t begin, std::uint64_t from, std::uint64_t to,
                   const Entry* entry, std::uint64_t entry_begin, bool& conflict) const;
  void add_new_part(std::uint64_t from, std::uint64_t to, std::uint64_t captured_end);
  Ready ready() const;
  bool fits(const Ready* r) const;
  bool is_tail(std::size_t part) const;
  Disposition place(const Segment& s, std::uint64_t begin, bool partly_old);
  Disposition hold(const Segment& s, std::uint64_t begin, bool partly_old);
  void give_up_holes_before(std::uint64_t begin);
  void store(const Segment& s, std::uint64_t begin);
  void carve_fillable(std::uint64_t from, std::uint64_t to);
  void put_entry(std::uint64_t offset, Entry entry);
  void own_borrowed();
  void anchor_at(std::int64_t provisional_offset);
  void anchor_at_lowest();
  void note_fin(std::uint64_t fin_offset);
  void on_peer_ack(std::uint32_t ack);
  bool held_contiguous_to(std::uint64_t end) const;
  std::uint64_t held_end() const;
  // Delivery (reassembler_delivery.cpp).
  struct Front {
    bool exists = false;
    std::uint64_t offset = 0;
    std::uint32_t ack = 0;
    bool has_ack = false;
    std::uint32_t frame = 0;
  };
  Front front(bool flushing) const;
  bool blocks(const Front& other, bool flushing) const;
  bool front_ready() const;
  // Whether bytes this direction has not delivered yet were acknowledged by `ack` of the peer
  // (so they were sent before the peer's segment carrying it).
  bool owes_before(std::uint32_t ack) const;
  std::uint64_t hole_end() const;
  // Reports the hole at the next byte to deliver as a gap now; false when there is none.
  bool give_up_hole();
  bool give_up_hole_before(std::uint32_t ack);
  void put_hole_gap(std::uint64_t end);
  void deliver_front();
  void emit_data(Bytes data, Origin origin);
  void emit_gap(std::uint64_t length);
  static void settle_pair(Reassembler& a, Reassembler* b, bool flushing);
  void finish_flush();

  const Limits* limits_;
  StreamListener* listener_ = nullptr;
  const Recall* recall_ = nullptr;
  Reassembler* peer_ = nullptr;
  bool started_ = false;   // a sequence number has been seen: base_seq_ is set
  bool anchored_ = false;  // base_seq_ is the stream's first byte (else provisional)
  bool syn_seen_ = false;
  bool reordered_ = false;  // while holding: data arrived before data already held
  bool fin_seen_ = false;
  std::uint32_t isn_ = 0;
  std::uint32_t base_seq_ = 0;     // sequence number of stream offset 0
  std::uint64_t next_offset_ = 0;  // next byte to deliver
  std::uint64_t fin_offset_ = 0;
  std::uint64_t gap_bytes_ = 0;
  std::uint64_t budget_overflows_ = 0;
  std::uint64_t overlap_conflicts_ = 0;
  std::uint64_t holes_given_up_ = 0;
  std::uint32_t hole_age_ = 0;
  bool peer_acked_ = false;  // peer_ack_ holds the highest acknowledgement seen from the peer
  std::uint32_t peer_ack_ = 0;
  std::map<std::uint64_t, Entry> pending_;  // never overlapping
  std::size_t pending_bytes_ = 0;           // captured bytes in pending_ and borrowed_
  Borrowed borrowed_;
  std::vector<Part> parts_;  // scratch of receive()
  Recent recent_;
};

}  // namespace mqscope::tcp
