// Reads capture records from a pcap or pcapng file, from standard input, or live from a
// network interface. A file's format is chosen by its first four bytes: pcapng is read by
// mqscope's own reader (so that one file may mix interfaces of different link types), classic
// pcap files by PcapFileReader when it reads them exactly as libpcap would (see there), and
// other classic pcap input and live interfaces by libpcap.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "mqscope/capture/frame.hpp"
#include "mqscope/capture/live.hpp"
#include "mqscope/core/limits.hpp"

struct pcap;

namespace mqscope::capture {

enum class ReadStatus : std::uint8_t {
  Frame,    // a record was read
  Idle,     // live: nothing arrived before the read timeout (or nothing is left, once draining)
  Stopped,  // live: stop() was called
  End,      // the end of the file
  Failed,   // a damaged file, or an interface that went away: problem() says why
};
class PcapngReader;
class PcapFileReader;

class PcapSource {
 public:
  // Opens `path` ("-" = standard input). On failure returns null and sets `error` to a
  // sentence a person can act on.
  static std::unique_ptr<PcapSource> open_offline(const std::string& path, std::string& error,
                                                  const Limits& limits = Limits{});
  // Opens an interface and applies the capture filter. On failure returns null and says why.
  static std::unique_ptr<PcapSource> open_live(const LiveOptions& options, OpenError& error);
  ~PcapSource();
  PcapSource(const PcapSource&) = delete;
  PcapSource& operator=(const PcapSource&) = delete;

  // The next record; its bytes stay valid until the next call. nullopt at the end of the
  // input or when the file is damaged (then `problem()` says why). Live, it waits for traffic.
  std::optional<Frame> next();
  // The next record into `frame` (bytes valid until the next call), or why there is none.
  ReadStatus read(Frame& frame);

  // Live: makes a read in progress (or the next one) return Stopped. Safe to call from a
  // signal handler (pcap_breakloop(3PCAP)).
  void stop();
  // Live: from now on a read returns Idle instead of waiting when nothing is buffered, so
  // that what the kernel already captured can be read to the end.
  void drain();
  // Live: the kernel's counts, if the platform gives them.
  std::optional<KernelStatistics> kernel_statistics() const;
  // Live: what libpcap warned about when it opened the interface (e.g. no promiscuous mode).
  const std::string& warning() const { return warning_; }

  const std::string& problem() const;
  // Reads out.size() captured bytes again from where the file holds them (a Frame's
  // file_offset); false for input that cannot be read again (standard input, a pipe, an
  // interface) or a read that fails.
  bool read_again(std::uint64_t file_offset, std::span<std::uint8_t> out) const;
  // Of the file (classic pcap) or of its first interface (pcapng; -1 before one is read).
  int link_type() const;
  int snapshot_length() const;
  // How far into the input the reader is, in bytes (0 when it cannot tell).
  std::uint64_t position() const;

 private:
  PcapSource() = default;
  PcapSource(pcap* handle, bool nanoseconds);
  pcap* handle_ = nullptr;
  bool nanoseconds_ = true;  // record times in ns; otherwise µs (an interface without ns stamps)
  // The stdio buffer of a capture file; declared before the reader, so it outlives the file.
  std::unique_ptr<char[]> read_buffer_;
  std::unique_ptr<PcapngReader> pcapng_;
  std::unique_ptr<PcapFileReader> file_reader_;  // classic pcap files it reads as libpcap would
  int reread_fd_ = -1;  // a regular file its readers read: read_again() reads it with pread
  std::uint32_t count_ = 0;
  std::string problem_;
  std::string warning_;
};

// Short name of a link type ("EN10MB"), or "unknown".
std::string_view link_type_name(int link_type);

}  // namespace mqscope::capture
