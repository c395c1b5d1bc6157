// LINKTYPE_ (file) and DLT_ (libpcap API) values, which differ for a few link types
// (pcap-linktype(7)): LINKTYPE_RAW (101) is DLT_RAW, 12 on Linux and 14 on OpenBSD, where
// DLT_LOOP is 12 too. Frames and files carry LINKTYPE_ values; libpcap calls take DLT_ ones.
#pragma once

#include <pcap/pcap.h>

namespace mqscope::capture::detail {

inline constexpr int kLinkTypeRaw = 101;
inline constexpr int kLinkTypeLoop = 108;

inline int to_link_type(int dlt) {
  if (dlt == DLT_RAW) return kLinkTypeRaw;
  if (dlt == DLT_LOOP) return kLinkTypeLoop;
  return dlt;
}

inline int to_dlt(int link_type) {
  if (link_type == kLinkTypeRaw) return DLT_RAW;
  if (link_type == kLinkTypeLoop) return DLT_LOOP;
  return link_type;
}

}  // namespace mqscope::capture::detail
