// Live capture with libpcap: pcap_create(3PCAP), the settings before pcap_activate(3PCAP),
// then the capture filter (pcap_compile(3PCAP), pcap_setfilter(3PCAP)).
#include <net/if.h>
#include <pcap/pcap.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "mqscope/capture/pcap_source.hpp"
#include "mqscope/capture/pcapng_reader.hpp"

namespace mqscope::capture {

namespace {

struct HandleCloser {
  void operator()(pcap_t* handle) const { pcap_close(handle); }
};
using Handle = std::unique_ptr<pcap_t, HandleCloser>;

OpenFailure failure_of_activation(int rc) {
  switch (rc) {
    case PCAP_ERROR_PERM_DENIED:
    case PCAP_ERROR_PROMISC_PERM_DENIED:
      return OpenFailure::NoPermission;
    case PCAP_ERROR_NO_SUCH_DEVICE:
      return OpenFailure::NoSuchInterface;
    case PCAP_ERROR_IFACE_NOT_UP:
      return OpenFailure::InterfaceDown;
    default:
      return OpenFailure::Other;
  }
}

// libpcap's text for a failed pcap_activate: the handle's message when it has one (it names
// the system call that failed), else the code's generic text.
std::string activation_message(pcap_t* handle, int rc) {
  std::string text = pcap_geterr(handle);
  return text.empty() ? pcap_statustostr(rc) : text;
}

bool interface_is_listed(const std::string& name) {
  std::string error;
  std::vector<InterfaceInfo> all = list_interfaces(error);
  if (!error.empty()) return true;  // cannot tell: trust libpcap's own answer
  return std::any_of(all.begin(), all.end(),
                     [&](const InterfaceInfo& i) { return i.name == name; });
}

bool configure(pcap_t* handle, const LiveOptions& options) {
  std::uint32_t snap = options.snapshot_length ? options.snapshot_length : kDefaultSnapshotLength;
  if (pcap_set_snaplen(handle, static_cast<int>(std::min<std::uint32_t>(snap, 0x7fffffff))) != 0)
    return false;
  if (pcap_set_promisc(handle, options.promiscuous ? 1 : 0) != 0) return false;
  if (pcap_set_timeout(handle, options.immediate ? kImmediateWakeupMs : kBatchTimeoutMs) != 0)
    return false;
  if (options.immediate && pcap_set_immediate_mode(handle, 1) != 0) return false;
  std::uint32_t mib =
      std::min<std::uint32_t>(options.buffer_mib ? options.buffer_mib : kDefaultBufferMiB, 2047);
  if (pcap_set_buffer_size(handle, static_cast<int>(mib << 20)) != 0) return false;
  // Nanosecond stamps where the platform has them, as files read offline; not an error where
  // it does not.
  (void)pcap_set_tstamp_precision(handle, PCAP_TSTAMP_PRECISION_NANO);
  return true;
}

bool apply_filter(pcap_t* handle, const std::string& filter, OpenError& error) {
  if (filter.empty()) return true;
  bpf_program program{};
  if (pcap_compile(handle, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    error = {OpenFailure::BadFilter, pcap_geterr(handle)};
    return false;
  }
  int rc = pcap_setfilter(handle, &program);
  pcap_freecode(&program);
  if (rc != 0) {
    error = {OpenFailure::Other, pcap_geterr(handle)};
    return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<PcapSource> PcapSource::open_live(const LiveOptions& options, OpenError& error) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  Handle handle(pcap_create(options.interface.c_str(), errbuf));
  if (!handle) {
    error = {OpenFailure::Other, errbuf};
    return nullptr;
  }
  if (!configure(handle.get(), options)) {
    error = {OpenFailure::Other, pcap_geterr(handle.get())};
    return nullptr;
  }
  int rc = pcap_activate(handle.get());
  if (rc < 0) {
    error = {failure_of_activation(rc), activation_message(handle.get(), rc)};
    // Without the right to capture, Linux refuses before it looks at the name: a name that is
    // not there at all is the more useful thing to say.
    if (error.failure == OpenFailure::NoPermission && !interface_is_listed(options.interface))
      error.failure = OpenFailure::NoSuchInterface;
    return nullptr;
  }
  std::string warning = rc > 0 ? activation_message(handle.get(), rc) : "";
  if (!apply_filter(handle.get(), options.filter, error)) return nullptr;
  bool nanoseconds = pcap_get_tstamp_precision(handle.get()) == PCAP_TSTAMP_PRECISION_NANO;
  std::unique_ptr<PcapSource> source(new PcapSource(handle.release(), nanoseconds));
  source->warning_ = warning;
  return source;
}

void PcapSource::stop() {
  pcap_breakloop(handle_);
}

void PcapSource::drain() {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  (void)pcap_setnonblock(handle_, 1, errbuf);
}

std::optional<KernelStatistics> PcapSource::kernel_statistics() const {
  pcap_stat stat{};
  if (pcap_file(handle_) != nullptr || pcap_stats(handle_, &stat) != 0) return std::nullopt;
  return KernelStatistics{stat.ps_recv, stat.ps_drop, stat.ps_ifdrop};
}

InterfaceState interface_state(const std::string& name) {
  if (name.empty() || name.size() >= IFNAMSIZ) return InterfaceState::Unknown;
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return InterfaceState::Unknown;
  ifreq request{};
  std::memcpy(request.ifr_name, name.data(), name.size());
  int rc = ::ioctl(fd, SIOCGIFFLAGS, &request);
  int error = errno;
  ::close(fd);
  if (rc != 0)
    return error == ENODEV || error == ENXIO ? InterfaceState::Gone : InterfaceState::Unknown;
  int needed = IFF_UP | IFF_RUNNING;
  return (request.ifr_flags & needed) == needed ? InterfaceState::Up : InterfaceState::Down;
}

std::vector<InterfaceInfo> list_interfaces(std::string& error) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_if_t* all = nullptr;
  std::vector<InterfaceInfo> result;
  if (pcap_findalldevs(&all, errbuf) != 0) {
    error = errbuf;
    return result;
  }
  for (pcap_if_t* i = all; i != nullptr; i = i->next) {
    result.push_back(InterfaceInfo{i->name, i->description ? i->description : "",
                                   (i->flags & PCAP_IF_LOOPBACK) != 0, (i->flags & PCAP_IF_UP) != 0,
                                   (i->flags & PCAP_IF_RUNNING) != 0});
  }
  pcap_freealldevs(all);
  return result;
}

}  // namespace mqscope::capture
