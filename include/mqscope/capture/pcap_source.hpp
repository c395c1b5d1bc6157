// Reads capture records with libpcap from a pcap or pcapng file, or from standard input.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "mqscope/capture/frame.hpp"

struct pcap;

namespace mqscope::capture {

class PcapSource {
 public:
  // Opens `path` ("-" = standard input). On failure returns null and sets `error` to a
  // sentence a person can act on.
  static std::unique_ptr<PcapSource> open_offline(const std::string& path, std::string& error);
  ~PcapSource();
  PcapSource(const PcapSource&) = delete;
  PcapSource& operator=(const PcapSource&) = delete;

  // The next record; its bytes stay valid until the next call. nullopt at the end of the
  // input or when the file is damaged (then `problem()` says why).
  std::optional<Frame> next();

  const std::string& problem() const { return problem_; }
  int link_type() const;
  int snapshot_length() const;
  // How far into the input the reader is, in bytes (0 when it cannot tell).
  std::uint64_t position() const;

 private:
  explicit PcapSource(pcap* handle) : handle_(handle) {}
  pcap* handle_;
  std::uint32_t count_ = 0;
  std::string problem_;
};

// Short name of a link type ("EN10MB"), or "unknown".
std::string link_type_name(int link_type);

}  // namespace mqscope::capture
