// PcapSource over files written in code: record numbering, timestamps, wire versus captured
// length, damaged and foreign files. The classic format is pcap-savefile(5) (tcpdump.org,
// also draft-ietf-opsawg-pcap): a 24-byte file header, then per record a 16-byte header
// (ts_sec, ts_usec or ts_nsec, incl_len, orig_len) and incl_len bytes.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "bytes.hpp"
#include "mqscope/capture/pcap_source.hpp"
#include "mqscope/net/packet.hpp"
#include "pcap_builder.hpp"

namespace mqscope::capture {
namespace {

using test::ByteVector;
using test::PcapBuilder;
using test::PipeFile;
using test::TempFile;

constexpr std::size_t kFileHeader = 24;
constexpr std::size_t kRecordHeader = 16;

ByteVector frame_of(std::size_t size, std::uint8_t fill) { return ByteVector(size, fill); }

std::unique_ptr<PcapSource> open(const TempFile& file) {
  std::string error;
  auto source = PcapSource::open_offline(file.path(), error);
  EXPECT_NE(source, nullptr) << error;
  EXPECT_EQ(error, "");
  return source;
}

void put32le(ByteVector& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put32be(ByteVector& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

TEST(CapturePcapSource, NumbersFramesFromOneInFileOrder) {
  PcapBuilder pcap;
  pcap.add(frame_of(60, 0x11));
  pcap.add(frame_of(70, 0x22));
  pcap.add(frame_of(80, 0x33));
  TempFile file(pcap.bytes());
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  for (std::uint32_t n = 1; n <= 3; ++n) {
    auto frame = source->next();
    ASSERT_TRUE(frame.has_value()) << "frame " << n;
    EXPECT_EQ(frame->number, n);
    ASSERT_EQ(frame->data.size(), 50u + 10u * n);
    EXPECT_EQ(frame->data.front(), 0x11 * n);
    EXPECT_EQ(frame->data.back(), 0x11 * n);
  }
  EXPECT_FALSE(source->next().has_value());
  EXPECT_EQ(source->problem(), "") << "a clean end of file is not a problem";
}

// PcapBuilder writes a microsecond file (magic 0xa1b2c3d4), one record per millisecond from
// 1700000000 s; the source reads with nanosecond precision, so microseconds are scaled.
TEST(CapturePcapSource, MicrosecondTimestampsAreReadAsNanoseconds) {
  PcapBuilder pcap;
  for (int i = 0; i < 3; ++i) pcap.add(frame_of(20, 0));
  TempFile file(pcap.bytes());
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  auto f1 = source->next();
  auto f2 = source->next();
  auto f3 = source->next();
  ASSERT_TRUE(f1 && f2 && f3);
  EXPECT_EQ(f1->time, (Timestamp{1700000000, 0}));
  EXPECT_EQ(f2->time, (Timestamp{1700000000, 1'000'000}));
  EXPECT_EQ(f3->time, (Timestamp{1700000000, 2'000'000}));
}

// Magic 0xa1b23c4d: the second timestamp word holds nanoseconds. Written big-endian here, so
// the byte-swapped file variant is covered too.
TEST(CapturePcapSource, NanosecondBigEndianFileKeepsEveryDigit) {
  ByteVector file_bytes;
  put32be(file_bytes, 0xa1b23c4d);
  file_bytes.insert(file_bytes.end(), {0x00, 0x02, 0x00, 0x04});
  put32be(file_bytes, 0);
  put32be(file_bytes, 0);
  put32be(file_bytes, 65535);
  put32be(file_bytes, 1);
  put32be(file_bytes, 1573538601);
  put32be(file_bytes, 141353123);
  put32be(file_bytes, 4);
  put32be(file_bytes, 4);
  file_bytes.insert(file_bytes.end(), {0xde, 0xad, 0xbe, 0xef});
  TempFile file(file_bytes);
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->link_type(), 1);
  EXPECT_EQ(source->snapshot_length(), 65535);
  auto frame = source->next();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->time, (Timestamp{1573538601, 141353123}));
  ASSERT_EQ(frame->data.size(), 4u);
  EXPECT_EQ(frame->data[0], 0xde);
  EXPECT_EQ(frame->data[3], 0xef);
}

// orig_len is the length on the wire, incl_len what the snapshot length let through.
TEST(CapturePcapSource, WireLengthAndCapturedLengthAreKeptApart) {
  PcapBuilder pcap;
  pcap.add(frame_of(64, 0xaa), 1514);
  pcap.add(frame_of(64, 0xbb));
  TempFile file(pcap.bytes());
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  auto cut = source->next();
  ASSERT_TRUE(cut.has_value());
  EXPECT_EQ(cut->wire_length, 1514u);
  EXPECT_EQ(cut->data.size(), 64u);
  auto whole = source->next();
  ASSERT_TRUE(whole.has_value());
  EXPECT_EQ(whole->wire_length, 64u);
  EXPECT_EQ(whole->data.size(), 64u);
}

TEST(CapturePcapSource, LinkTypeComesFromTheFileHeader) {
  PcapBuilder pcap(276);  // LINKTYPE_LINUX_SLL2
  pcap.add(frame_of(40, 0));
  TempFile file(pcap.bytes());
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->link_type(), 276);
  EXPECT_EQ(source->snapshot_length(), 262144);
  auto frame = source->next();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->link_type, 276);
}

// tcpdump.org linktypes: LINKTYPE_RAW is 101, but libpcap reports it as its DLT_RAW (12 on
// Linux). Frames must carry the LINKTYPE_ value, the one the net layer decodes.
TEST(CapturePcapSource, RawIpFileReportsLinkTypeRawAndDecodes) {
  PcapBuilder pcap(101);
  test::TcpConversation conversation({{10, 0, 0, 1}, 40000}, {{10, 0, 0, 2}, 1883});
  ByteVector ethernet_frame = conversation.client_data(test::from_text("hi"));
  pcap.add(ByteVector(ethernet_frame.begin() + 14, ethernet_frame.end()));  // drop Ethernet
  TempFile file(pcap.bytes());
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->link_type(), 101);
  auto frame = source->next();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->link_type, 101);
  EXPECT_EQ(link_type_name(frame->link_type), "RAW");
  net::Packet packet = net::decode_packet(frame->data, frame->link_type, frame->wire_length);
  EXPECT_EQ(packet.problem, nullptr) << packet.problem->name;
  EXPECT_TRUE(packet.has_tcp);
  EXPECT_EQ(packet.tcp.payload_length, 2u);
}

TEST(CapturePcapSource, FileWithOnlyAHeaderHasNoFramesAndNoProblem) {
  PcapBuilder pcap;
  TempFile file(pcap.bytes());
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  EXPECT_FALSE(source->next().has_value());
  EXPECT_EQ(source->problem(), "");
}

// A file cut inside the second record's 16-byte header: the first frame is still delivered,
// then reading stops with a problem.
TEST(CapturePcapSource, FileCutInsideARecordHeaderReportsAProblemAfterEarlierFrames) {
  PcapBuilder pcap;
  pcap.add(frame_of(60, 0x11));
  pcap.add(frame_of(60, 0x22));
  ByteVector bytes = pcap.bytes();
  for (std::size_t keep : {std::size_t{1}, std::size_t{8}, kRecordHeader - 1}) {
    SCOPED_TRACE(keep);
    ByteVector cut(bytes.begin(),
                   bytes.begin() + static_cast<long>(kFileHeader + kRecordHeader + 60 + keep));
    TempFile file(cut);
    auto source = open(file);
    ASSERT_NE(source, nullptr);
    auto first = source->next();
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->number, 1u);
    EXPECT_EQ(first->data.size(), 60u);
    EXPECT_EQ(source->problem(), "");
    EXPECT_FALSE(source->next().has_value());
    EXPECT_NE(source->problem(), "") << "a cut record header must be reported";
  }
}

TEST(CapturePcapSource, FileCutInsideARecordBodyReportsAProblemAfterEarlierFrames) {
  PcapBuilder pcap;
  pcap.add(frame_of(60, 0x11));
  pcap.add(frame_of(60, 0x22));
  pcap.add(frame_of(60, 0x33));
  ByteVector bytes = pcap.bytes();
  std::size_t third_body = kFileHeader + 2 * (kRecordHeader + 60) + kRecordHeader;
  ByteVector cut(bytes.begin(), bytes.begin() + static_cast<long>(third_body + 59));
  TempFile file(cut);
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  auto a = source->next();
  ASSERT_TRUE(a.has_value());
  auto b = source->next();
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->number, 2u);
  EXPECT_EQ(b->data[0], 0x22);
  EXPECT_FALSE(source->next().has_value());
  EXPECT_NE(source->problem(), "") << "a cut record body must be reported";
  EXPECT_NE(source->problem().find("truncated"), std::string::npos) << source->problem();
}

// The message says what is wrong in words, not in libpcap's ("tried to read 4 file header
// bytes, only got 0").
TEST(CapturePcapSource, EmptyFileFailsToOpenWithAMessage) {
  TempFile file(ByteVector{});
  std::string error;
  EXPECT_EQ(PcapSource::open_offline(file.path(), error), nullptr);
  EXPECT_EQ(error, "empty: not a pcap or pcapng capture");
}

TEST(CapturePcapSource, FileHeaderCutShortFailsToOpenWithAMessage) {
  PcapBuilder pcap;
  ByteVector bytes = pcap.bytes();
  bytes.resize(kFileHeader - 4);
  TempFile file(bytes);
  std::string error;
  EXPECT_EQ(PcapSource::open_offline(file.path(), error), nullptr);
  EXPECT_NE(error, "");
}

TEST(CapturePcapSource, TextFileFailsToOpenWithAMessage) {
  TempFile file(test::from_text("GET /mqtt HTTP/1.1\r\nHost: example\r\n\r\n"));
  std::string error;
  EXPECT_EQ(PcapSource::open_offline(file.path(), error), nullptr);
  EXPECT_EQ(error, "not a pcap or pcapng capture (unknown file format)");
}

// The reason alone: the program puts the file's name in front of it (once).
TEST(CapturePcapSource, MissingFileFailsToOpenSayingWhy) {
  std::string error;
  EXPECT_EQ(PcapSource::open_offline("/nonexistent/dir/capture.pcap", error), nullptr);
  EXPECT_EQ(error, std::strerror(ENOENT));
}

// A classic pcap file read from a pipe given by name (/dev/fd/N, as a shell's <(...) gives
// it, or a FIFO): the bytes read to recognise the format cannot be read again by reopening
// the name, so they are handed to libpcap ahead of the rest. Every frame arrives.
TEST(CapturePcapSource, ClassicFileFromAPipeGivenByNameKeepsItsFirstBytes) {
  PcapBuilder builder;
  builder.add(frame_of(60, 0x11));
  builder.add(frame_of(70, 0x22));
  PipeFile pipe(builder.bytes());
  std::string error;
  auto source = PcapSource::open_offline(pipe.path(), error);
  ASSERT_NE(source, nullptr) << error;
  std::vector<std::size_t> sizes;
  while (auto frame = source->next()) sizes.push_back(frame->data.size());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{60, 70}));
  EXPECT_EQ(source->problem(), "");
}


// pcapng (draft-ietf-opsawg-pcapng): Section Header, Interface Description (link type 1,
// default microsecond resolution), one Enhanced Packet Block of 5 bytes padded to 8.
TEST(CapturePcapSource, ReadsPcapngEnhancedPacketBlocks) {
  ByteVector b;
  put32le(b, 0x0a0d0d0a);  // SHB
  put32le(b, 28);
  put32le(b, 0x1a2b3c4d);
  b.insert(b.end(), {0x01, 0x00, 0x00, 0x00});  // version 1.0
  put32le(b, 0xffffffff);                       // section length unknown
  put32le(b, 0xffffffff);
  put32le(b, 28);
  put32le(b, 1);  // IDB
  put32le(b, 20);
  b.insert(b.end(), {0x01, 0x00, 0x00, 0x00});  // LINKTYPE_ETHERNET, reserved
  put32le(b, 0);                                // snaplen: no limit
  put32le(b, 20);
  std::uint64_t usec = 1573538601ull * 1'000'000 + 141353;
  put32le(b, 6);  // EPB
  put32le(b, 40);
  put32le(b, 0);
  put32le(b, static_cast<std::uint32_t>(usec >> 32));
  put32le(b, static_cast<std::uint32_t>(usec));
  put32le(b, 5);
  put32le(b, 1500);
  b.insert(b.end(), {0x01, 0x02, 0x03, 0x04, 0x05, 0x00, 0x00, 0x00});
  put32le(b, 40);
  TempFile file(b);
  auto source = open(file);
  ASSERT_NE(source, nullptr);
  auto frame = source->next();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->number, 1u);
  EXPECT_EQ(frame->link_type, 1);
  EXPECT_EQ(frame->time, (Timestamp{1573538601, 141353000}));
  EXPECT_EQ(frame->wire_length, 1500u);
  ASSERT_EQ(frame->data.size(), 5u);
  EXPECT_EQ(frame->data[4], 0x05);
  EXPECT_FALSE(source->next().has_value());
  EXPECT_EQ(source->problem(), "");
}

// Names from pcap_datalink_val_to_name(3PCAP).
TEST(CaptureLinkTypeName, KnownTypesHaveTheirPcapNames) {
  EXPECT_EQ(link_type_name(1), "EN10MB");
  EXPECT_EQ(link_type_name(113), "LINUX_SLL");
  EXPECT_EQ(link_type_name(276), "LINUX_SLL2");
  EXPECT_EQ(link_type_name(0), "NULL");
  EXPECT_EQ(link_type_name(101), "RAW");
  EXPECT_EQ(link_type_name(108), "LOOP");
  EXPECT_EQ(link_type_name(228), "IPV4");
  EXPECT_EQ(link_type_name(-5), "unknown");
  EXPECT_EQ(link_type_name(99999), "unknown");
}

}  // namespace
}  // namespace mqscope::capture
