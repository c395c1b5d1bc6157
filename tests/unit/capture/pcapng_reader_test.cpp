// pcapng read by mqscope's own reader (draft-ietf-opsawg-pcapng): sections in both byte orders
// (§4.1), interfaces with their own link types and timestamp resolutions (§4.2, if_tsresol
// and if_tsoffset), Enhanced and Simple Packet Blocks (§4.3, §4.4), other blocks skipped
// (§3.1: "a reader MUST skip blocks it does not understand"), and damage reported, never
// trusted.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bytes.hpp"
#include "mqscope/capture/pcap_source.hpp"
#include "mqscope/capture/pcapng_reader.hpp"
#include "mqscope/net/packet.hpp"
#include "pcap_builder.hpp"
#include "pcapng_builder.hpp"

namespace mqscope::capture {
namespace {

using test::ByteVector;
using test::PcapngBuilder;
using test::TempFile;

std::unique_ptr<PcapSource> open(const TempFile& file, std::string* error_out = nullptr,
                                 Limits limits = {}) {
  std::string error;
  auto source = PcapSource::open_offline(file.path(), error, limits);
  if (error_out) *error_out = error;
  return source;
}

// A frame with its own copy of the bytes (a frame's view is valid only until the next read).
struct OwnedFrame {
  std::uint32_t number = 0;
  Timestamp time;
  std::uint32_t wire_length = 0;
  int link_type = 0;
  ByteVector data;
};

std::vector<OwnedFrame> read_all(PcapSource& source) {
  std::vector<OwnedFrame> frames;
  while (auto f = source.next())
    frames.push_back({f->number, f->time, f->wire_length, f->link_type,
                      ByteVector(f->data.begin(), f->data.end())});
  return frames;
}

// One TCP segment from 10.0.0.2:50000 to 10.0.0.1:1883 as an Ethernet frame, and the same IP
// packet behind other link-layer headers.
ByteVector ethernet_segment() {
  test::TcpConversation c({{10, 0, 0, 2}, 50000}, {{10, 0, 0, 1}, 1883});
  return c.client_data(test::from_text("hello"));
}
ByteVector ip_of(const ByteVector& ethernet) {
  return ByteVector(ethernet.begin() + 14, ethernet.end());
}
ByteVector sll2_of(const ByteVector& ethernet) {
  ByteVector b = test::from_hex("0800 0000 00000002 0001 04 06 020000000002 0000");
  ByteVector ip = ip_of(ethernet);
  b.insert(b.end(), ip.begin(), ip.end());
  return b;
}

// §4.2: each interface has its own link type, and each packet names its interface, so one
// file may mix Ethernet, Linux cooked v2 and raw IP; every frame decodes with its own.
TEST(CapturePcapng, InterfacesOfDifferentLinkTypesInOneFile) {
  ByteVector eth = ethernet_segment();
  PcapngBuilder b;
  b.section();
  b.interface(1);
  b.interface(276);
  b.interface(101);
  b.enhanced_packet(0, 1, eth);
  b.enhanced_packet(1, 2, sll2_of(eth));
  b.enhanced_packet(2, 3, ip_of(eth));
  TempFile file(b.bytes());
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->link_type(), 1);
  auto frames = read_all(*source);
  EXPECT_EQ(source->problem(), "");
  ASSERT_EQ(frames.size(), 3u);
  const int want[] = {1, 276, 101};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(frames[i].link_type, want[i]);
    EXPECT_EQ(frames[i].number, i + 1);
    net::Packet p = net::decode_packet(frames[i].data, frames[i].link_type, frames[i].wire_length);
    EXPECT_TRUE(p.has_tcp) << i;
    EXPECT_EQ(p.tcp.payload_length, 5u) << i;
    EXPECT_EQ(p.tcp.dst_port, 1883) << i;
  }
}

// §4.1: the byte-order magic 0x1A2B3C4D says how the section is written; a big-endian section
// reads the same as a little-endian one.
TEST(CapturePcapng, BigEndianSectionReadsLikeLittleEndian) {
  for (bool big : {false, true}) {
    SCOPED_TRACE(big);
    PcapngBuilder b;
    b.section(big);
    b.interface(1, 96);
    b.enhanced_packet(0, 1'700'000'000'123'456ull, ByteVector(20, 0xab), 1500);
    TempFile file(b.bytes());
    auto source = open(file);
    ASSERT_NE(source, nullptr);
    EXPECT_EQ(source->snapshot_length(), 96);
    auto frames = read_all(*source);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].time, (Timestamp{1'700'000'000, 123'456'000}));
    EXPECT_EQ(frames[0].wire_length, 1500u);
    EXPECT_EQ(frames[0].data.size(), 20u);
  }
}

// §4.2 if_tsresol: the most significant bit chooses a power of 2, else of 10; the rest is the
// negative exponent. if_tsoffset adds whole seconds.
TEST(CapturePcapng, TimestampResolutionAndOffsetPerInterface) {
  PcapngBuilder b;
  b.section();
  b.interface(1, 0, 9);                      // nanoseconds
  b.interface(1, 0, 0x80 | 20);              // 2^-20 seconds
  b.interface(1, 0, 3, std::int64_t{1000});  // milliseconds, offset 1000 s
  b.enhanced_packet(0, 1'600'000'000'987'654'321ull, ByteVector(4, 0));
  b.enhanced_packet(1, (std::uint64_t{77} << 20) | (1u << 19), ByteVector(4, 0));  // 77.5 s
  b.enhanced_packet(2, 5'250, ByteVector(4, 0));
  TempFile file(b.bytes());
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  auto frames = read_all(*source);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0].time, (Timestamp{1'600'000'000, 987'654'321}));
  EXPECT_EQ(frames[1].time, (Timestamp{77, 500'000'000}));
  EXPECT_EQ(frames[2].time, (Timestamp{1005, 250'000'000}));
}

TEST(CapturePcapng, TicksToTimestampCoversFineAndCoarseResolutions) {
  EXPECT_EQ(ticks_to_timestamp(12'345'678, false, 6), (Timestamp{12, 345'678'000}));
  EXPECT_EQ(ticks_to_timestamp(1'000'000'001'000ull, false, 12), (Timestamp{1, 1}));
  EXPECT_EQ(ticks_to_timestamp(7, false, 0), (Timestamp{7, 0}));
  EXPECT_EQ(ticks_to_timestamp((std::uint64_t{3} << 40) | (std::uint64_t{1} << 39), true, 40),
            (Timestamp{3, 500'000'000}));
}

// §4.4: a Simple Packet Block belongs to interface 0, has no timestamp, and captured at most
// the interface's snapshot length.
TEST(CapturePcapng, SimplePacketBlockUsesInterfaceZeroAndItsSnapshotLength) {
  PcapngBuilder b;
  b.section();
  b.interface(1, 8);
  b.simple_packet(ByteVector(8, 0x11), 60);
  TempFile file(b.bytes());
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  auto frames = read_all(*source);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].link_type, 1);
  EXPECT_EQ(frames[0].data.size(), 8u);
  EXPECT_EQ(frames[0].wire_length, 60u);
}

// §3.1: blocks a reader does not know (Name Resolution 4, Interface Statistics 5, custom
// 0x00000BAD, a decryption secrets block 0x0000000A) are skipped.
TEST(CapturePcapng, UnknownBlocksAreSkipped) {
  PcapngBuilder b;
  b.section();
  b.block(4, ByteVector(13, 0x55));
  b.interface(1);
  b.block(0x00000bad, ByteVector(40, 0x66));
  b.enhanced_packet(0, 1, ByteVector(3, 0x01));
  b.block(5, ByteVector(20, 0));
  b.block(0x0000000a, ByteVector(100, 0x77));
  b.enhanced_packet(0, 2, ByteVector(3, 0x02));
  TempFile file(b.bytes());
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  auto frames = read_all(*source);
  EXPECT_EQ(source->problem(), "");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1].data[0], 0x02);
  EXPECT_EQ(frames[1].number, 2u);
}

// §4.1: a new section starts with no interfaces and may change the byte order.
TEST(CapturePcapng, SecondSectionHasItsOwnInterfacesAndByteOrder) {
  PcapngBuilder b;
  b.section(false);
  b.interface(1);
  b.enhanced_packet(0, 1, ByteVector(2, 0xa1));
  b.section(true);
  b.interface(101);
  b.enhanced_packet(0, 2, ByteVector(2, 0xb2));
  TempFile file(b.bytes());
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  auto frames = read_all(*source);
  EXPECT_EQ(source->problem(), "");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].link_type, 1);
  EXPECT_EQ(frames[1].link_type, 101);
}

// A block claiming more bytes than Limits::capture_block_bytes is damage: reading stops with
// a message naming the claim and the limit, after the frames before it; nothing that size is
// allocated (the claim here is almost 4 GiB).
TEST(CapturePcapng, AbsurdBlockLengthIsAProblemNotAnAllocation) {
  PcapngBuilder b;
  b.section();
  b.interface(1);
  b.enhanced_packet(0, 1, ByteVector(4, 0));
  b.raw(test::from_hex("06000000 f0ffffff 00000000"));
  TempFile file(b.bytes());
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  auto frames = read_all(*source);
  EXPECT_EQ(frames.size(), 1u);
  EXPECT_NE(source->problem().find("4294967280"), std::string::npos) << source->problem();
  EXPECT_NE(source->problem().find("limit"), std::string::npos) << source->problem();
}

// The limit is configurable: with a 64-byte limit, a 100-byte block is refused.
TEST(CapturePcapng, BlockLimitComesFromLimits) {
  PcapngBuilder b;
  b.section();
  b.interface(1);
  b.enhanced_packet(0, 1, ByteVector(68, 0));
  TempFile file(b.bytes());
  Limits limits;
  limits.capture_block_bytes = 64;
  auto source = open(file, nullptr, limits);
  ASSERT_NE(source, nullptr);
  EXPECT_TRUE(read_all(*source).empty());
  EXPECT_NE(source->problem().find("limit of 64"), std::string::npos) << source->problem();
}

TEST(CapturePcapng, DamagedBlocksAreReportedAfterTheFramesBeforeThem) {
  struct Case {
    const char* what;
    ByteVector tail;
    const char* message;
  };
  const Case cases[] = {
      {"length not a multiple of 4", test::from_hex("06000000 0d000000 00"), "invalid length"},
      {"trailing length differs", test::from_hex("05000000 10000000 00000000 14000000"),
       "trailing length"},
      {"file cut inside a block", test::from_hex("06000000 40000000 0000"), "truncated"},
      {"file cut inside a block header", test::from_hex("0600"), "truncated"},
      {"packet of an undescribed interface",
       test::from_hex("06000000 20000000 07000000 00000000 00000000 00000000 00000000 20000000"),
       "interface 7"},
      {"captured length beyond the block",
       test::from_hex("06000000 20000000 00000000 00000000 00000000 ff000000 ff000000 20000000"),
       "more than its block"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    PcapngBuilder b;
    b.section();
    b.interface(1);
    b.enhanced_packet(0, 1, ByteVector(4, 0));
    b.raw(c.tail);
    TempFile file(b.bytes());
    auto source = open(file);
    ASSERT_NE(source, nullptr);
    EXPECT_EQ(read_all(*source).size(), 1u);
    EXPECT_NE(source->problem().find(c.message), std::string::npos) << source->problem();
  }
}

TEST(CapturePcapng, InvalidSectionHeaderFailsToOpen) {
  PcapngBuilder good;
  good.section();
  ByteVector bad_magic = good.bytes();
  bad_magic[8] ^= 0xff;
  ByteVector bad_version = good.bytes();
  bad_version[12] = 2;  // major version 2
  ByteVector cut(good.bytes().begin(), good.bytes().begin() + 10);
  for (const ByteVector& bytes : {bad_magic, bad_version, cut}) {
    TempFile file(bytes);
    std::string error;
    EXPECT_EQ(open(file, &error), nullptr);
    EXPECT_NE(error, "");
  }
}

}  // namespace
}  // namespace mqscope::capture
