// Real captures damaged in code, the way captures from the real world are: segments swapped,
// captured twice, in reverse order, dropped or cut by a snapshot length; and the same traffic
// behind other link layers (Linux cooked v2, BSD loopback, raw IP, VLAN tags), over IPv6, in IP
// fragments, and in a pcapng file mixing link types. What survives must decode exactly as the
// clean capture does; what was lost must be reported as a gap of its length.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "capture_damage.hpp"
#include "capture_support.hpp"
#include "pcap_builder.hpp"
#include "pcapng_builder.hpp"

namespace mqscope::test {
namespace {

// Each direction of each connection (by client port), its MQTT packets in order.
using Conversation = std::map<std::pair<std::uint16_t, bool>, std::vector<std::string>>;

Conversation conversation_of(const DecodedCapture& d,
                             const std::function<bool(const DecodedPacket&)>& keep = {}) {
  Conversation c;
  for (const DecodedPacket& p : d.packets)
    if (!keep || keep(p))
      c[{p.client_port, p.from_client}].push_back(p.type + " " + p.fingerprint());
  return c;
}

DecodedCapture decode_bytes(const ByteVector& bytes) {
  TempFile file(bytes);
  return decode_capture(file.path());
}

DecodedCapture decode(const PcapFile& file) {
  return decode_bytes(file.bytes());
}

// Through a pipe given by name, which is read once: what TCP compares a retransmitted copy
// with comes from copies of the frames, not from the file read again.
DecodedCapture decode_from_pipe(const PcapFile& file) {
  PipeFile pipe(file.bytes());
  return decode_capture(pipe.path());
}

std::size_t count(const Conversation& c) {
  std::size_t n = 0;
  for (const auto& [key, packets] : c) n += packets.size();
  return n;
}

// Whether packet `p` travels in the direction of `segment` (captured as frame `frame`) and has
// bytes on both sides of it, or in it: then it may be lost with the segment, as nothing tells
// whether the segment's missing bytes were its own.
bool spans(const DecodedPacket& p, const SegmentInfo& segment, std::uint32_t frame) {
  bool same_direction =
      p.from_client ? p.client_port == segment.src_port : p.client_port == segment.dst_port;
  auto frames = p.source_frames();
  if (!same_direction || frames.empty()) return false;
  auto [low, high] = std::minmax_element(frames.begin(), frames.end());
  return *low <= frame && *high >= frame;
}

class Damage : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    clean_file = PcapFile::read(capture_path(GetParam()));
    clean = decode(clean_file);
    ASSERT_EQ(clean.status, 0);
    ASSERT_GT(clean.packets.size(), 5u);
    want = conversation_of(clean);
  }
  // Data records whose loss costs only their own MQTT packets: not the HTTP upgrade, not bytes
  // of a packet whose content later packets depend on (a CONNECT's version governs how every
  // later packet decodes; a PUBLISH setting a topic alias names the topic of later ones).
  std::vector<std::size_t> droppable() const {
    std::set<std::uint32_t> connect_frames;
    for (const DecodedPacket& p : clean.packets) {
      if (p.type == "CONNECT" || (p.type == "PUBLISH" && p.has("mqtt.property.topic_alias") &&
                                  !p.value("mqtt.topic").empty()))
        for (std::uint32_t f : p.source_frames()) connect_frames.insert(f);
    }
    std::map<std::pair<std::uint16_t, std::uint16_t>, int> seen;  // data records per direction
    std::vector<std::size_t> out;
    for (std::size_t i : data_records(clean_file)) {
      SegmentInfo s = segment_of(clean_file.records[i].data);
      int n = seen[{s.src_port, s.dst_port}]++;
      bool opening = n == 0;  // the HTTP request or 101 response, or the CONNACK
      if (!opening && !connect_frames.count(static_cast<std::uint32_t>(i + 1))) out.push_back(i);
    }
    return out;
  }

  PcapFile clean_file;
  DecodedCapture clean;
  Conversation want;
};

// RFC 9293 §3.10.7.4: every pair of consecutive data segments of one direction, swapped.
TEST_P(Damage, SwappedSegmentsDecodeAsTheClean) {
  std::map<std::pair<std::uint16_t, std::uint16_t>, std::size_t> last;
  int variants = 0;
  for (std::size_t i : data_records(clean_file)) {
    SegmentInfo s = segment_of(clean_file.records[i].data);
    auto key = std::make_pair(s.src_port, s.dst_port);
    if (last.count(key)) {
      DecodedCapture d = decode(swapped(clean_file, last[key], i));
      ASSERT_EQ(conversation_of(d), want) << "records " << last[key] << " and " << i << " swapped";
      ++variants;
    }
    last[key] = i;
  }
  EXPECT_GT(variants, 10);
}

// Every data segment captured twice (the copy a few frames later): delivered once, and the
// copy is a retransmission.
TEST_P(Damage, DuplicatedSegmentsAreDeliveredOnce) {
  for (std::size_t i : data_records(clean_file)) {
    DecodedCapture d = decode(duplicated(clean_file, i, i + 3));
    ASSERT_EQ(conversation_of(d), want) << "record " << i << " repeated";
    // The copy is old news: a retransmission, or after the close when it came that late.
    const auto& seen = d.stats.tcp_dispositions;
    EXPECT_GE(
        seen[static_cast<std::size_t>(tcp::Disposition::Retransmission)] +
            seen[static_cast<std::size_t>(tcp::Disposition::AfterClose)] -
            clean.stats.tcp_dispositions[static_cast<std::size_t>(tcp::Disposition::AfterClose)],
        1u)
        << "record " << i;
  }
}

// A copy whose bytes differ from the first: RFC 9293 §3.10.7.4 leaves the choice to the
// receiver; the first copy captured wins and the copy is flagged (tcp.overlap_conflict). The
// first copy's bytes are read again from the capture file, or from the copies kept of frames
// read from a pipe.
TEST_P(Damage, DuplicateWithOtherBytesIsAConflictAndTheFirstCopyWins) {
  constexpr auto kAfterClose = static_cast<std::size_t>(tcp::Disposition::AfterClose);
  std::vector<std::size_t> records = data_records(clean_file);
  int compared = 0;
  for (std::size_t k = 1; k < records.size(); k += records.size() / 8 + 1) {
    std::size_t i = records[k];
    std::size_t at = std::min(i + 2, clean_file.records.size());
    PcapFile d = duplicated(clean_file, i, at);
    ByteVector& copy = d.records.at(at).data;
    SegmentInfo s = segment_of(copy);
    copy.at(s.payload_offset + s.payload_length - 1) ^= 0x20;
    for (bool pipe : {false, true}) {
      DecodedCapture decoded = pipe ? decode_from_pipe(d) : decode(d);
      const char* how = pipe ? "from a pipe" : "from a file";
      EXPECT_EQ(conversation_of(decoded), want) << how << ", record " << i;
      // A copy after the connection's end (short mosquitto sessions) is not compared.
      bool late = decoded.stats.tcp_dispositions[kAfterClose] >
                  clean.stats.tcp_dispositions[kAfterClose];
      EXPECT_EQ(decoded.stats.tcp_overlap_conflicts, late ? 0u : 1u) << how << ", record " << i;
      compared += late ? 0 : 1;
    }
  }
  EXPECT_GE(compared, 4);
}

// The whole capture in reverse order, with its handshakes and without them.
TEST_P(Damage, ReversedCaptureDecodesAsTheClean) {
  EXPECT_EQ(conversation_of(decode(reversed(clean_file))), want);
  EXPECT_EQ(conversation_of(decode(reversed(without_handshakes(clean_file)))), want);
}

TEST_P(Damage, OtherLinkLayersAndIpVersionsDecodeAsTheClean) {
  struct Variant {
    const char* name;
    PcapFile file;
  };
  const Variant variants[] = {
      {"Linux cooked v2", as_sll2(clean_file)},
      {"BSD loopback (NULL)", as_null(clean_file, false)},
      {"BSD loopback (LOOP)", as_null(clean_file, true)},
      {"raw IP", as_raw(clean_file)},
      {"802.1Q VLAN", with_vlan_tags(clean_file, 1)},
      {"QinQ", with_vlan_tags(clean_file, 2)},
      {"IPv6", as_ipv6(clean_file)},
      {"IPv6 on Linux cooked v2", as_sll2(as_ipv6(clean_file))},
  };
  for (const Variant& v : variants) {
    DecodedCapture d = decode(v.file);
    EXPECT_EQ(conversation_of(d), want) << v.name;
    EXPECT_EQ(d.stats.frames_not_decoded, clean.stats.frames_not_decoded) << v.name;
  }
}

// RFC 791 §3.2 and RFC 8200 §4.5: the TCP segments in IP fragments, in order and last first.
TEST_P(Damage, IpFragmentsDecodeAsTheClean) {
  struct Variant {
    const char* name;
    PcapFile file;
  };
  const Variant variants[] = {
      {"IPv4 fragments of 16", fragmented(clean_file, 16)},
      {"IPv4 fragments of 24, last first", fragmented(clean_file, 24, true)},
      {"IPv6 fragments of 32", fragmented(as_ipv6(clean_file), 32)},
      {"IPv6 fragments of 8, last first, raw IP", as_raw(fragmented(as_ipv6(clean_file), 8, true))},
  };
  for (const Variant& v : variants) {
    DecodedCapture d = decode(v.file);
    EXPECT_EQ(conversation_of(d), want) << v.name;
    EXPECT_GT(d.stats.ip_datagrams_reassembled, 10u) << v.name;
    EXPECT_EQ(d.stats.ip_fragments_dropped, 0u) << v.name << d.messages;
  }
}

// A pcapng file with two interfaces of different link types (what capturing on several
// interfaces gives): the client's frames on Ethernet, the server's on Linux cooked v2.
TEST_P(Damage, PcapngMixingLinkTypesDecodesAsTheClean) {
  PcapFile sll2 = as_sll2(clean_file);
  PcapngBuilder b;
  b.section();
  b.interface(1, 0, 9);
  b.interface(276, 0, 9);
  for (std::size_t i = 0; i < clean_file.records.size(); ++i) {
    const PcapRecord& r = clean_file.records[i];
    SegmentInfo s = segment_of(r.data);
    bool from_server = s.src_port < s.dst_port;  // servers listen on the lower port here
    std::uint64_t ticks =
        static_cast<std::uint64_t>(r.sec) * 1'000'000'000ull + static_cast<std::uint64_t>(r.nsec);
    if (from_server)
      b.enhanced_packet(1, ticks, sll2.records[i].data, sll2.records[i].wire_length);
    else
      b.enhanced_packet(0, ticks, r.data, r.wire_length);
  }
  DecodedCapture d = decode_bytes(b.bytes());
  EXPECT_EQ(conversation_of(d), want);
}

// A segment the capture point missed: the packets with bytes in it are lost, every other
// packet decodes as before (the layers above find their next boundary), and the loss is a gap
// of exactly the segment's length.
TEST_P(Damage, DroppedSegmentLosesOnlyItsPacketsAndIsAGapOfItsLength) {
  int variants = 0;
  for (std::size_t i : droppable()) {
    if (!loss_is_visible(clean_file, i)) continue;  // nothing in the capture can tell
    auto lost_frame = static_cast<std::uint32_t>(i + 1);
    SegmentInfo lost = segment_of(clean_file.records[i].data);
    auto untouched = [&](const DecodedPacket& p) { return !spans(p, lost, lost_frame); };
    // A lost FIN's sequence number is acknowledged like a byte (RFC 9293 §3.4): with the FIN
    // gone too, nothing tells it from one more missing byte.
    std::size_t length = lost.payload_length + (lost.fin ? 1 : 0);
    DecodedCapture d = decode(dropped(clean_file, i));
    ASSERT_EQ(conversation_of(d), conversation_of(clean, untouched))
        << "record " << i << " dropped; messages:\n"
        << d.messages;
    ASSERT_EQ(d.stats.tcp_gap_bytes, length) << "record " << i << " dropped";
    std::string reported = fmt::format("({} bytes)", length);
    bool said = std::any_of(d.problems.begin(), d.problems.end(), [&](const std::string& p) {
      return p.find(reported) != std::string::npos;
    });
    EXPECT_TRUE(said) << "record " << i << ": no problem mentions " << reported;
    ++variants;
  }
  EXPECT_GT(variants, 10);
}

// A segment cut by the snapshot length: the cut bytes are a gap of exactly their length; the
// packets untouched by that segment decode as before, and none is invented.
TEST_P(Damage, SnaplenCutSegmentIsAGapOfTheCutLength) {
  int variants = 0;
  for (std::size_t i : droppable()) {
    const PcapRecord& r = clean_file.records[i];
    std::size_t payload = segment_of(r.data).payload_length;
    if (payload < 4) continue;
    std::size_t cut = payload / 2;
    DecodedCapture d = decode(truncated(clean_file, i, r.data.size() - cut));
    auto frame = static_cast<std::uint32_t>(i + 1);
    SegmentInfo cut_segment = segment_of(r.data);
    auto untouched = [&](const DecodedPacket& p) { return !spans(p, cut_segment, frame); };
    ASSERT_EQ(conversation_of(d, untouched), conversation_of(clean, untouched)) << "record " << i;
    ASSERT_EQ(d.stats.tcp_gap_bytes, cut) << "record " << i;
    ASSERT_LE(count(conversation_of(d)), count(want)) << "record " << i;
    ++variants;
  }
  EXPECT_GT(variants, 5);
}

std::string name_of(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param.substr(0, info.param.find('.'));
  for (char& c : n)
    if (c == '-') c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Captures, Damage,
                         ::testing::Values("ws-mqttjs-aedes-v311.pcap", "tcp-mosquitto-v311.pcap",
                                           "ws-mqttjs-aedes-v311-split.pcap",
                                           "tcp-mosquitto-v5.pcap", "tcp-mosquitto-v31.pcap",
                                           "ws-mqttjs-v5-bridge-mosquitto.pcap",
                                           "ws-large-payloads.pcap", "seed-replica.pcap",
                                           "ws-fragmented-control.pcap"),
                         name_of);

}  // namespace
}  // namespace mqscope::test
