// In-order delivery of one direction of a TCP connection. Segments may arrive in any order,
// repeated or overlapping; each byte is delivered once, in sequence order, with the capture
// frame it came from. Bytes that never arrive are reported as a gap with their length, never
// invented. Out-of-order data is buffered within the limits' byte budget.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/limits.hpp"
#include "mqscope/core/origin.hpp"

namespace mqscope::tcp {

enum class Disposition : std::uint8_t {
  NoPayload,       // a segment without data (SYN, pure ACK, FIN)
  InOrder,         // delivered at once
  Buffered,        // ahead of a hole, kept until the hole is filled
  Retransmission,  // every byte was delivered before
  Overlap,         // partly new: the new bytes were delivered
  OutOfWindow,     // implausibly far from the expected sequence number
  AfterClose,      // beyond the FIN
};

const char* disposition_name(Disposition d);

class StreamListener {
 public:
  virtual ~StreamListener() = default;
  virtual void on_data(Bytes data, Origin origin) = 0;
  virtual void on_gap(std::uint64_t length) = 0;
};

class Reassembler {
 public:
  explicit Reassembler(const Limits& limits) : limits_(&limits) {}

  void set_listener(StreamListener* listener) { listener_ = listener; }

  // The SYN's sequence number: data starts one after it.
  void on_syn(std::uint32_t seq);
  // A segment's payload (`missing` = bytes the snapshot length cut from its end).
  Disposition on_segment(std::uint32_t seq, Bytes payload, Origin origin, std::uint32_t missing);
  // The FIN's sequence number (one past the last data byte).
  void on_fin(std::uint32_t seq);
  // Deliver what is still buffered, with gaps for the holes (connection or capture end).
  void flush();

  bool synchronized() const { return synced_; }
  bool closed() const { return fin_seen_ && next_offset_ >= fin_offset_; }
  std::uint32_t initial_seq() const { return isn_; }
  std::uint64_t delivered_bytes() const { return next_offset_; }
  std::uint64_t gap_bytes() const { return gap_bytes_; }
  std::size_t buffered_bytes() const { return pending_bytes_; }
  std::uint64_t budget_overflows() const { return budget_overflows_; }

 private:
  struct Pending {
    std::vector<std::uint8_t> bytes;
    Origin origin;
    std::uint32_t missing = 0;
  };

  void synchronize(std::uint32_t seq);
  std::uint64_t offset_of(std::uint32_t seq) const;
  void deliver(std::uint64_t offset, Bytes data, Origin origin, std::uint32_t missing);
  void emit_gap(std::uint64_t length);
  void drain();
  void skip_to_first_pending();
  bool buffer(std::uint64_t offset, Bytes data, Origin origin, std::uint32_t missing);

  const Limits* limits_;
  StreamListener* listener_ = nullptr;
  bool synced_ = false;
  bool fin_seen_ = false;
  std::uint32_t isn_ = 0;
  std::uint32_t base_seq_ = 0;      // sequence number of stream offset 0
  std::uint64_t next_offset_ = 0;   // next byte to deliver
  std::uint64_t fin_offset_ = 0;
  std::uint64_t gap_bytes_ = 0;
  std::uint64_t budget_overflows_ = 0;
  std::map<std::uint64_t, Pending> pending_;
  std::size_t pending_bytes_ = 0;
};

}  // namespace mqscope::tcp
