#include "mqscope/capture/pcap_source.hpp"

#include <pcap/pcap.h>

#include <cstdio>
#include <string_view>

#include "link_types.hpp"

namespace mqscope::capture {

using detail::to_dlt;
using detail::to_link_type;

namespace {

// libpcap's words for the two commonest mistakes do not say what they mean.
std::string describe_open_error(std::string_view libpcap_error) {
  if (libpcap_error.empty()) return "not a pcap or pcapng capture";
  // "truncated dump file; tried to read 4 file header bytes, only got 0"
  if (libpcap_error.find("file header bytes, only got 0") != std::string_view::npos)
    return "empty: not a pcap or pcapng capture";
  if (libpcap_error.starts_with("unknown file format"))
    return "not a pcap or pcapng capture (unknown file format)";
  return std::string(libpcap_error);
}

}  // namespace

std::unique_ptr<PcapSource> PcapSource::open_offline(const std::string& path, std::string& error) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* handle = nullptr;
  if (path == "-") {
    handle = pcap_fopen_offline_with_tstamp_precision(stdin, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  } else {
    handle = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO,
                                                     errbuf);
  }
  if (handle == nullptr) {
    error = describe_open_error(errbuf);
    return nullptr;
  }
  return std::unique_ptr<PcapSource>(new PcapSource(handle, true));
}

PcapSource::~PcapSource() { pcap_close(handle_); }

std::optional<Frame> PcapSource::next() {
  Frame frame;
  ReadStatus status = ReadStatus::Idle;
  while (status == ReadStatus::Idle) status = read(frame);
  if (status != ReadStatus::Frame) return std::nullopt;
  return frame;
}

ReadStatus PcapSource::read(Frame& frame) {
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int rc = pcap_next_ex(handle_, &header, &data);
  if (rc == 0) return ReadStatus::Idle;
  if (rc == PCAP_ERROR_BREAK) return pcap_file(handle_) ? ReadStatus::End : ReadStatus::Stopped;
  if (rc != 1) {
    problem_ = pcap_geterr(handle_);
    return ReadStatus::Failed;
  }
  frame.number = ++count_;
  auto fraction = static_cast<std::int64_t>(header->ts.tv_usec);
  frame.time = Timestamp{static_cast<std::int64_t>(header->ts.tv_sec),
                         nanoseconds_ ? fraction : fraction * 1000};
  frame.wire_length = header->len;
  frame.link_type = to_link_type(pcap_datalink(handle_));
  frame.data = Bytes(data, header->caplen);
  return ReadStatus::Frame;
}

int PcapSource::link_type() const { return to_link_type(pcap_datalink(handle_)); }

int PcapSource::snapshot_length() const { return pcap_snapshot(handle_); }

std::uint64_t PcapSource::position() const {
  std::FILE* file = pcap_file(handle_);
  long at = file ? std::ftell(file) : -1;
  return at < 0 ? 0 : static_cast<std::uint64_t>(at);
}

std::string link_type_name(int link_type) {
  const char* name = pcap_datalink_val_to_name(to_dlt(link_type));
  return name ? name : "unknown";
}

}  // namespace mqscope::capture
