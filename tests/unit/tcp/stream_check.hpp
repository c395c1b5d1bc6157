// Shared by the tcp tests: a StreamListener that records what a Reassembler delivers, and a
// harness that cuts a known byte stream into segments and checks that the delivered bytes and
// gaps account for every stream offset exactly once, each byte traced back to its frame.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "mqscope/core/bytes.hpp"
#include "mqscope/core/limits.hpp"
#include "mqscope/core/origin.hpp"
#include "mqscope/tcp/reassembler.hpp"

namespace mqscope::tcp::test {

// Logs "data <frame>:<offset> <hex>" and "gap <n>", one event per line.
class RecordingListener : public StreamListener {
 public:
  struct Event {
    bool gap = false;
    std::vector<std::uint8_t> bytes;
    Origin origin;
    std::uint64_t gap_length = 0;
  };

  void on_data(Bytes data, Origin origin) override {
    events.push_back({false, {data.begin(), data.end()}, origin, 0});
    lines.push_back("data " + std::to_string(origin.frame) + ":" +
                    std::to_string(origin.frame_offset) + " " + to_hex(data));
  }
  void on_gap(std::uint64_t length) override {
    events.push_back({true, {}, {}, length});
    lines.push_back("gap " + std::to_string(length));
  }

  std::string log() const {
    std::string out;
    for (const auto& line : lines) out += line + "\n";
    return out;
  }
  // The delivered bytes, each gap shown as that many '?' markers (0x100 is not a byte value).
  std::vector<int> stream() const {
    std::vector<int> out;
    for (const auto& e : events) {
      if (e.gap)
        out.insert(out.end(), e.gap_length, 0x100);
      else
        out.insert(out.end(), e.bytes.begin(), e.bytes.end());
    }
    return out;
  }

  std::vector<Event> events;
  std::vector<std::string> lines;
};

// Where the payload of each frame sits in the frame, as a decoder would report it.
inline constexpr std::uint32_t kPayloadOffset = 54;

// One direction of a connection whose stream bytes are known in advance: `send(begin, end)`
// hands stream bytes [begin, end) to the reassembler as one new frame.
class StreamHarness {
 public:
  // `first_seq` is the sequence number of stream offset 0. With `syn`, the reassembler first
  // sees the SYN (at first_seq - 1); without it, the capture starts mid-stream.
  StreamHarness(std::uint32_t first_seq, std::size_t length, Limits limits = {}, bool syn = true)
      : limits_(limits), reassembler(limits_), first_seq_(first_seq) {
    std::uint32_t x = 0x2545f491u ^ first_seq;
    for (std::size_t i = 0; i < length; ++i) {
      x = x * 1664525u + 1013904223u;  // a byte pattern that does not repeat every 256 bytes
      truth.push_back(static_cast<std::uint8_t>(x >> 24));
    }
    reassembler.set_listener(&listener);
    if (syn) reassembler.on_syn(first_seq - 1);
  }
  StreamHarness(const StreamHarness&) = delete;
  StreamHarness& operator=(const StreamHarness&) = delete;

  std::uint32_t seq_of(std::uint64_t offset) const {
    return first_seq_ + static_cast<std::uint32_t>(offset);
  }

  // Sends [begin, end) of which the last `missing` bytes were cut by the snapshot length.
  Disposition send(std::uint64_t begin, std::uint64_t end, std::uint32_t missing = 0) {
    std::uint32_t frame = next_frame_++;
    std::uint64_t captured_end = end - missing;
    segments_[frame] = {begin, captured_end - begin};
    Bytes payload(truth.data() + begin, static_cast<std::size_t>(captured_end - begin));
    Disposition d =
        reassembler.on_segment(seq_of(begin), payload, Origin{frame, kPayloadOffset}, missing);
    EXPECT_LE(reassembler.buffered_bytes(), limits_.tcp_out_of_order_bytes);
    return d;
  }

  // Every data event is the right bytes at the right place, traced back to the frame it came
  // from (its origin), and the data and gaps together cover [0, end) once, in order.
  ::testing::AssertionResult accounts_for_every_byte(std::uint64_t end) const {
    std::uint64_t pos = 0;
    std::uint64_t gaps = 0;
    for (std::size_t i = 0; i < listener.events.size(); ++i) {
      const auto& e = listener.events[i];
      if (e.gap) {
        if (e.gap_length == 0) return ::testing::AssertionFailure() << "empty gap, event " << i;
        pos += e.gap_length;
        gaps += e.gap_length;
        continue;
      }
      auto seg = segments_.find(e.origin.frame);
      if (e.bytes.empty() || seg == segments_.end() || e.origin.frame_offset < kPayloadOffset)
        return ::testing::AssertionFailure() << "bad data event " << i << " at " << pos;
      std::uint64_t skip = e.origin.frame_offset - kPayloadOffset;
      if (seg->second.begin + skip != pos)
        return ::testing::AssertionFailure() << "event " << i << " from stream offset "
                                             << seg->second.begin + skip << " delivered at " << pos;
      if (skip + e.bytes.size() > seg->second.captured)
        return ::testing::AssertionFailure() << "event " << i << " reads past its frame's bytes";
      for (std::size_t k = 0; k < e.bytes.size(); ++k)
        if (e.bytes[k] != truth[pos + k])
          return ::testing::AssertionFailure() << "wrong byte at stream offset " << pos + k;
      pos += e.bytes.size();
    }
    if (pos != end)
      return ::testing::AssertionFailure()
             << "events cover [0, " << pos << "), expected [0, " << end << ")";
    if (reassembler.delivered_bytes() != end || reassembler.gap_bytes() != gaps)
      return ::testing::AssertionFailure()
             << "counters: delivered " << reassembler.delivered_bytes() << " gaps "
             << reassembler.gap_bytes() << ", events: " << pos << " and " << gaps;
    return ::testing::AssertionSuccess();
  }

  // The stream as it should come out: truth[0, end), with [hole_begin, hole_end) as a gap.
  std::vector<int> expected(std::uint64_t end,
                            std::vector<std::pair<std::uint64_t, std::uint64_t>> holes = {}) const {
    std::vector<int> out(truth.begin(), truth.begin() + static_cast<std::ptrdiff_t>(end));
    for (auto [b, e] : holes)
      for (auto i = b; i < e; ++i) out[static_cast<std::size_t>(i)] = 0x100;
    return out;
  }

  std::string hex(std::uint64_t begin, std::uint64_t end) const {
    return to_hex(Bytes(truth.data() + begin, static_cast<std::size_t>(end - begin)));
  }

 private:
  struct Segment {
    std::uint64_t begin = 0;
    std::uint64_t captured = 0;
  };
  Limits limits_;

 public:
  Reassembler reassembler;
  RecordingListener listener;
  std::vector<std::uint8_t> truth;

 private:
  std::uint32_t first_seq_;
  std::uint32_t next_frame_ = 1;
  std::map<std::uint32_t, Segment> segments_;
};

}  // namespace mqscope::tcp::test
