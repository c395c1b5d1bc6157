#include "mqscope/capture/pcap_source.hpp"

#include <pcap/pcap.h>

#include <cstdio>
#include <string_view>

namespace mqscope::capture {

namespace {

// libpcap answers with this platform's DLT_ value, which for a few link types differs from
// the LINKTYPE_ value stored in the file (pcap-linktype(7)): LINKTYPE_RAW (101) is DLT_RAW,
// 12 on Linux and 14 on OpenBSD, where DLT_LOOP is 12 too. Frames carry LINKTYPE_ values.
constexpr int kLinkTypeRaw = 101;
constexpr int kLinkTypeLoop = 108;

int to_link_type(int dlt) {
  if (dlt == DLT_RAW) return kLinkTypeRaw;
  if (dlt == DLT_LOOP) return kLinkTypeLoop;
  return dlt;
}

int to_dlt(int link_type) {
  if (link_type == kLinkTypeRaw) return DLT_RAW;
  if (link_type == kLinkTypeLoop) return DLT_LOOP;
  return link_type;
}

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
  return std::unique_ptr<PcapSource>(new PcapSource(handle));
}

PcapSource::~PcapSource() { pcap_close(handle_); }

std::optional<Frame> PcapSource::next() {
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int rc = pcap_next_ex(handle_, &header, &data);
  if (rc == PCAP_ERROR_BREAK) return std::nullopt;
  if (rc != 1) {
    problem_ = pcap_geterr(handle_);
    return std::nullopt;
  }
  Frame frame;
  frame.number = ++count_;
  frame.time = Timestamp{static_cast<std::int64_t>(header->ts.tv_sec),
                         static_cast<std::int64_t>(header->ts.tv_usec)};
  frame.wire_length = header->len;
  frame.link_type = to_link_type(pcap_datalink(handle_));
  frame.data = Bytes(data, header->caplen);
  return frame;
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
