// Splits one direction's byte stream into MQTT control packets: the fixed header (type and
// flags, then a Remaining Length of one to four bytes that may be cut anywhere) and the
// Remaining Length bytes after it. The stream may come from TCP directly or from WebSocket
// messages; packet boundaries need not line up with anything below (MQTT-6.0.0-2).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/limits.hpp"
#include "mqscope/core/notes.hpp"
#include "mqscope/core/origin.hpp"
#include "mqscope/core/search_window.hpp"

namespace mqscope::mqtt {

struct PacketView {
  Bytes bytes;                      // fixed header + Remaining Length bytes
  std::uint8_t header_length = 0;   // 1 + bytes of the Remaining Length
  std::uint32_t remaining_length = 0;
  bool length_not_minimal = false;
  const Pieces* pieces = nullptr;   // where each run of `bytes` was captured
};

class FramerListener {
 public:
  virtual ~FramerListener() = default;
  virtual void on_packet(const PacketView& packet) = 0;
  // A packet that could not be delivered whole: too large, cut by a gap or by the end of the
  // capture, or a stream position where framing broke down. `bytes` = how many were dropped.
  virtual void on_framing_problem(NoteId note, std::uint64_t bytes, Origin where) = 0;
};

class Framer {
 public:
  // Keeps a pointer to `limits`: they must outlive the framer (a temporary is refused).
  Framer(const Limits& limits, FramerListener& listener) : limits_(&limits), listener_(&listener) {}
  Framer(const Limits&&, FramerListener&) = delete;

  // `piece` describes where data[0] came from (its offset field is ignored).
  void feed(Bytes data, const Piece& piece);
  // Bytes missing from the stream: a packet they cut is reported incomplete, and the framer
  // looks for the next plausible packet (mqtt.resynchronised says how many bytes it skipped).
  void gap(std::uint64_t length);
  void finish();
  // Starts by looking for a plausible packet instead of expecting one (a connection captured
  // after its start).
  void start_searching();

  bool sync_lost() const { return state_ == State::Search; }
  bool at_boundary() const { return state_ == State::Header && header_fill_ == 0; }
  std::uint64_t packets() const { return packets_; }
  // The packet types (bit 1 << type) that received bytes since the last call: tells a
  // caller which packets the bytes it fed belonged to (for example a CONNECT and its password).
  std::uint16_t take_types_seen() {
    std::uint16_t seen = types_seen_;
    types_seen_ = 0;
    return seen;
  }

 private:
  enum class State : std::uint8_t { Header, Body, Skip, Search };
  enum class Verdict : std::uint8_t { Accept, Reject, Wait };

  std::size_t take_header(Bytes data, const Piece& piece);
  std::size_t take_body(Bytes data, const Piece& piece);
  std::size_t skip(Bytes data);
  bool try_whole_packet(Bytes data, const Piece& piece, std::size_t& used);
  void start_body();
  void emit(Bytes bytes);
  void lose_sync(NoteId note, std::uint64_t bytes);
  std::size_t search(Bytes data, const Piece& piece);
  Verdict judge(Bytes window, bool final) const;
  void try_resync(bool final);
  std::size_t window_limit() const;

  const Limits* limits_;
  FramerListener* listener_;
  State state_ = State::Header;
  std::array<std::uint8_t, 5> header_{};
  std::uint8_t header_fill_ = 0;
  std::uint8_t header_length_ = 0;
  std::uint32_t remaining_ = 0;
  bool not_minimal_ = false;
  std::vector<std::uint8_t> buffer_;  // a packet whose bytes arrived in several pieces
  Pieces pieces_;
  Origin packet_origin_;
  std::uint64_t skip_left_ = 0;
  std::uint64_t packets_ = 0;
  std::uint16_t types_seen_ = 0;
  SearchWindow window_;        // bytes kept while searching
  std::uint64_t skipped_ = 0;  // bytes given up while searching
  Origin lost_at_;             // where the search began
};

}  // namespace mqscope::mqtt
