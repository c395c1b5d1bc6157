// Reads capture records from a pcap or pcapng file, or from standard input. The format is
// chosen by the file's first four bytes: pcapng is read by mqscope's own reader (so that one
// file may mix interfaces of different link types), classic pcap by libpcap.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "mqscope/capture/frame.hpp"
#include "mqscope/core/limits.hpp"

struct pcap;

namespace mqscope::capture {

class PcapngReader;

class PcapSource {
 public:
  // Opens `path` ("-" = standard input). On failure returns null and sets `error` to a
  // sentence a person can act on.
  static std::unique_ptr<PcapSource> open_offline(const std::string& path, std::string& error,
                                                  const Limits& limits = Limits{});
  ~PcapSource();
  PcapSource(const PcapSource&) = delete;
  PcapSource& operator=(const PcapSource&) = delete;

  // The next record; its bytes stay valid until the next call. nullopt at the end of the
  // input or when the file is damaged (then `problem()` says why).
  std::optional<Frame> next();

  const std::string& problem() const;
  // Of the file (classic pcap) or of its first interface (pcapng; -1 before one is read).
  int link_type() const;
  int snapshot_length() const;

 private:
  PcapSource() = default;
  pcap* handle_ = nullptr;
  std::unique_ptr<PcapngReader> pcapng_;
  std::uint32_t count_ = 0;
  std::string problem_;
};

// Short name of a link type ("EN10MB"), or "unknown".
std::string link_type_name(int link_type);

}  // namespace mqscope::capture
