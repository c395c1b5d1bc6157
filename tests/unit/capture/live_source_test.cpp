// Opening an interface: the failures a person can act on are told apart (pcap_activate(3PCAP)
// return codes, pcap_compile(3PCAP) errors), and the interface list comes from
// pcap_findalldevs(3PCAP). Capturing real traffic is tested in tests/integration/live/.
#include <gtest/gtest.h>

#include <algorithm>

#include "mqscope/capture/pcap_source.hpp"

namespace mqscope::capture {
namespace {

bool has_loopback(const std::vector<InterfaceInfo>& all) {
  return std::any_of(all.begin(), all.end(), [](const InterfaceInfo& i) { return i.loopback; });
}

TEST(CaptureLive, ListsTheLoopbackInterface) {
  std::string error;
  std::vector<InterfaceInfo> all = list_interfaces(error);
  EXPECT_EQ(error, "");
  EXPECT_TRUE(has_loopback(all)) << "every host has a loopback interface";
}

// A name that is not there is reported as such, with or without the right to capture
// (without it, Linux refuses before looking at the name).
TEST(CaptureLive, AnInterfaceThatIsNotThereIsNamedSo) {
  OpenError error;
  auto source = PcapSource::open_live(LiveOptions{"mqscope-none0"}, error);
  EXPECT_EQ(source, nullptr);
  EXPECT_EQ(error.failure, OpenFailure::NoSuchInterface) << error.detail;
}

std::string loopback_name() {
  std::string error;
  for (const InterfaceInfo& i : list_interfaces(error))
    if (i.loopback) return i.name;
  return "lo";
}

// The filter is compiled for the interface's link type, after activation: a syntax error is
// told apart from every other failure and keeps libpcap's message.
TEST(CaptureLive, ABadCaptureFilterKeepsLibpcapsMessage) {
  OpenError error;
  LiveOptions options{loopback_name()};
  options.filter = "tcp port nosuchservice_mqscope";
  auto source = PcapSource::open_live(options, error);
  if (error.failure == OpenFailure::NoPermission)
    GTEST_SKIP() << "skipped: needs root or CAP_NET_RAW";
  EXPECT_EQ(source, nullptr);
  EXPECT_EQ(error.failure, OpenFailure::BadFilter);
  EXPECT_NE(error.detail.find("nosuchservice_mqscope"), std::string::npos) << error.detail;
}

// Opening with the defaults (filter "tcp", immediate mode) works where capturing is allowed,
// and a stop before the first read makes that read return Stopped (pcap_breakloop(3PCAP)).
TEST(CaptureLive, StopEndsTheNextRead) {
  OpenError error;
  auto source = PcapSource::open_live(LiveOptions{loopback_name()}, error);
  if (error.failure == OpenFailure::NoPermission)
    GTEST_SKIP() << "skipped: needs root or CAP_NET_RAW";
  ASSERT_NE(source, nullptr) << error.detail;
  EXPECT_EQ(source->snapshot_length(), static_cast<int>(kDefaultSnapshotLength));
  source->stop();
  Frame frame;
  EXPECT_EQ(source->read(frame), ReadStatus::Stopped);
  ASSERT_TRUE(source->kernel_statistics().has_value());
}

}  // namespace
}  // namespace mqscope::capture
