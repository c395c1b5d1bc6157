// Capturing from a network interface: what to open it with, why opening failed, and the
// interfaces there are (libpcap's pcap_create/pcap_activate and pcap_findalldevs).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mqscope::capture {

struct LiveOptions {
  std::string interface;              // "any" = every interface (Linux)
  std::string filter = "tcp";         // BPF capture filter, pcap-filter(7); "" = everything
  std::uint32_t snapshot_length = 0;  // bytes kept of each packet; 0 = kDefaultSnapshotLength
  bool promiscuous = true;            // also packets not addressed to this host
  bool immediate = true;              // each packet delivered as it arrives, not in batches
  std::uint32_t buffer_mib = 0;       // kernel capture buffer in MiB; 0 = kDefaultBufferMiB
};

// tcpdump's and tshark's default: whole packets, even with TSO/GRO super-frames.
inline constexpr std::uint32_t kDefaultSnapshotLength = 262144;

// The kernel's capture buffer. In immediate mode Linux uses a ring of fixed-size slots, each
// as large as the interface's largest packet (64 KiB on lo), so libpcap's default of 2 MiB
// holds only about 30 packets and drops bursts; 32 MiB holds about 500 there and some 20,000
// on a 1500-byte Ethernet link.
inline constexpr std::uint32_t kDefaultBufferMiB = 32;

// How long a read waits before it gives control back (milliseconds): in immediate mode only
// the wake-up for housekeeping, otherwise also the longest a packet waits in a batch.
inline constexpr int kImmediateWakeupMs = 250;
inline constexpr int kBatchTimeoutMs = 1000;

enum class OpenFailure : std::uint8_t {
  None,
  NoPermission,     // PCAP_ERROR_PERM_DENIED, PCAP_ERROR_PROMISC_PERM_DENIED
  NoSuchInterface,  // PCAP_ERROR_NO_SUCH_DEVICE, or a name pcap_findalldevs does not know
  InterfaceDown,    // PCAP_ERROR_IFACE_NOT_UP
  BadFilter,        // pcap_compile rejected the capture filter
  Other,
};

struct OpenError {
  OpenFailure failure = OpenFailure::None;
  std::string detail;  // libpcap's own words
};

struct InterfaceInfo {
  std::string name;
  std::string description;  // may be empty
  bool loopback = false;
  bool up = false;
  bool running = false;
};

// The interfaces libpcap can capture on, in its order. On failure returns nothing and sets
// `error`.
std::vector<InterfaceInfo> list_interfaces(std::string& error);

enum class InterfaceState : std::uint8_t {
  Up,       // up, with a link (IFF_UP and IFF_RUNNING)
  Down,     // administratively down, or no link (no carrier)
  Gone,     // no interface of that name any more
  Unknown,  // cannot tell (a pseudo-device such as "any")
};

// The interface's state now (SIOCGIFFLAGS, netdevice(7)).
InterfaceState interface_state(const std::string& name);

// What the kernel counted for a live capture (pcap_stats(3PCAP)).
struct KernelStatistics {
  std::uint64_t received = 0;  // packets that passed the filter
  std::uint64_t dropped = 0;   // no room in the capture buffer
  std::uint64_t dropped_by_interface = 0;
};

}  // namespace mqscope::capture
