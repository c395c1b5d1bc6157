// PcapFileReader against libpcap itself: the reader may only take a file it reads exactly as
// libpcap does, so every case here reads the same bytes both ways, the program's way (through
// PcapSource, which opens such files for PcapFileReader) and libpcap's, and compares every
// frame (time, lengths, link type, bytes), the file's link type and snapshot length, and how
// the reading ended (cleanly, or libpcap's message for the damage). pcap-savefile(5): a 24-byte
// file header (magic, version 2.4, thiszone, sigfigs, snaplen, linktype), then per record ts_sec,
// ts_usec or ts_nsec, incl_len, orig_len and incl_len bytes; all fields in the writer's byte order.
#include <gtest/gtest.h>

#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bytes.hpp"
#include "mqscope/capture/pcap_file_reader.hpp"
#include "mqscope/capture/pcap_source.hpp"
#include "pcap_builder.hpp"

namespace mqscope::capture {
namespace {

using test::ByteVector;
using test::TempFile;

struct FileShape {
  bool nanoseconds = false;
  bool big_endian = false;
  std::uint32_t link_type = 1;
  std::uint32_t snapshot = 262144;
};

void put(ByteVector& out, std::uint64_t value, int bytes, bool big_endian) {
  for (int i = 0; i < bytes; ++i) {
    int shift = 8 * (big_endian ? bytes - 1 - i : i);
    out.push_back(static_cast<std::uint8_t>(value >> shift));
  }
}

ByteVector file_header(const FileShape& shape) {
  ByteVector out;
  put(out, shape.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, 4, shape.big_endian);
  put(out, 2, 2, shape.big_endian);
  put(out, 4, 2, shape.big_endian);
  put(out, 0, 4, shape.big_endian);  // thiszone
  put(out, 0, 4, shape.big_endian);  // sigfigs
  put(out, shape.snapshot, 4, shape.big_endian);
  put(out, shape.link_type, 4, shape.big_endian);
  return out;
}

void add_record(ByteVector& out, const FileShape& shape, std::uint32_t seconds,
                std::uint32_t fraction, std::uint32_t captured, std::uint32_t wire,
                std::size_t bytes_present) {
  put(out, seconds, 4, shape.big_endian);
  put(out, fraction, 4, shape.big_endian);
  put(out, captured, 4, shape.big_endian);
  put(out, wire, 4, shape.big_endian);
  for (std::size_t i = 0; i < bytes_present; ++i)
    out.push_back(static_cast<std::uint8_t>(i * 7 + 3));
}

struct Reading {
  std::vector<std::string> frames;  // time, lengths, link type and bytes, one per frame
  std::string ending;               // "end", or the message for the damage
  int link_type = 0;
  int snapshot = 0;
  bool operator==(const Reading&) const = default;
};

std::string describe(std::int64_t sec, std::int64_t nsec, std::uint32_t wire, int link_type,
                     Bytes data) {
  return std::to_string(sec) + "." + std::to_string(nsec) + " wire " + std::to_string(wire) +
         " link " + std::to_string(link_type) + " captured " + to_hex(data);
}

// libpcap's DLT_RAW is LINKTYPE_RAW (101) in files; the other accepted types are the same.
int file_link_type(int dlt) {
  return dlt == DLT_RAW ? 101 : dlt;
}

Reading read_with_libpcap(const std::string& path) {
  Reading r;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (p == nullptr) {
    r.ending = std::string("open: ") + errbuf;
    return r;
  }
  r.link_type = file_link_type(pcap_datalink(p));
  r.snapshot = pcap_snapshot(p);
  pcap_pkthdr* h = nullptr;
  const u_char* data = nullptr;
  int rc = 0;
  while ((rc = pcap_next_ex(p, &h, &data)) == 1)
    r.frames.push_back(
        describe(h->ts.tv_sec, h->ts.tv_usec, h->len, r.link_type, Bytes(data, h->caplen)));
  r.ending = rc == PCAP_ERROR_BREAK ? "end" : pcap_geterr(p);
  pcap_close(p);
  return r;
}

// Whether PcapFileReader takes the file whose first bytes are `bytes`.
bool accepted(const ByteVector& bytes) {
  return accept_pcap_header(Bytes(bytes).first(std::min(bytes.size(), kPcapFileHeaderBytes)))
      .has_value();
}

// Reads `path` as the program does (PcapSource, which hands accepted files to PcapFileReader).
Reading read_with_source(const std::string& path) {
  Reading r;
  std::string error;
  std::unique_ptr<PcapSource> source = PcapSource::open_offline(path, error);
  if (!source) {
    r.ending = "open: " + error;
    return r;
  }
  r.link_type = source->link_type();
  r.snapshot = source->snapshot_length();
  Frame frame;
  ReadStatus status;
  while ((status = source->read(frame)) == ReadStatus::Frame)
    r.frames.push_back(
        describe(frame.time.sec, frame.time.nsec, frame.wire_length, frame.link_type, frame.data));
  r.ending = status == ReadStatus::End ? "end" : source->problem();
  return r;
}

void expect_same_reading(const ByteVector& bytes, const std::string& what) {
  ASSERT_TRUE(accepted(bytes)) << what;  // else both sides would be libpcap
  TempFile file(bytes);
  Reading ours = read_with_source(file.path());
  Reading theirs = read_with_libpcap(file.path());
  EXPECT_EQ(ours.frames, theirs.frames) << what;
  EXPECT_EQ(ours.ending, theirs.ending) << what;
  EXPECT_EQ(ours.link_type, theirs.link_type) << what;
  EXPECT_EQ(ours.snapshot, theirs.snapshot) << what;
}

const std::uint32_t kExtremeTimes[] = {
    0, 1, 999'999, 1'000'000, 999'999'999, 1'000'000'000, 0x7fffffff, 0x80000000, 0xffffffff};

TEST(PcapFileReader, TimesAndLengthsAsLibpcapReadsThemInEveryByteOrderAndResolution) {
  for (bool nanoseconds : {false, true}) {
    for (bool big_endian : {false, true}) {
      FileShape shape{nanoseconds, big_endian, 1, 262144};
      ByteVector bytes = file_header(shape);
      for (std::uint32_t t : kExtremeTimes) add_record(bytes, shape, t, t, 4, 60, 4);
      add_record(bytes, shape, 5, 5, 0, 0, 0);           // an empty record
      add_record(bytes, shape, 6, 6, 1500, 1500, 1500);  // a full frame
      add_record(bytes, shape, 7, 7, 60, 10, 60);        // captured more than the wire had
      expect_same_reading(
          bytes, "ns " + std::to_string(nanoseconds) + " be " + std::to_string(big_endian));
    }
  }
}

// A record longer than the file's snapshot length is cut to it (libpcap reads the rest and
// drops it); snapshot lengths of 0 or above the maximum mean the maximum.
TEST(PcapFileReader, SnapshotLengthsAsLibpcapAdjustsThem) {
  for (std::uint32_t snapshot : {0u, 1u, 64u, 65535u, 262144u, 262145u, 0xffffffffu}) {
    FileShape shape{false, false, 1, snapshot};
    ByteVector bytes = file_header(shape);
    for (std::uint32_t size : {0u, 1u, 63u, 64u, 65u, 1500u, 70000u})
      add_record(bytes, shape, size, 0, size, size, size);
    expect_same_reading(bytes, "snapshot " + std::to_string(snapshot));
  }
}

// Which message depends on the snapshot length as libpcap keeps it: above the maximum but
// below 2^31 it stays as the file says.
TEST(PcapFileReader, CapturedLengthsBeyondTheMaximumEndTheFileWithLibpcapsMessage) {
  for (std::uint32_t snapshot :
       {64u, 262144u, 262145u, 300000u, 0x7fffffffu, 0x80000000u, 0xffffffffu}) {
    for (std::uint32_t captured : {262145u, 300000u, 300001u, 0xffffffffu}) {
      FileShape shape{false, false, 1, snapshot};
      ByteVector bytes = file_header(shape);
      add_record(bytes, shape, 1, 0, 10, 10, 10);
      add_record(bytes, shape, 2, 0, captured, captured, 100);
      expect_same_reading(bytes, std::to_string(snapshot) + " " + std::to_string(captured));
    }
  }
}

// Every place a file can end: between records, inside a record header, inside its bytes, and
// inside the part of an over-long record that is skipped.
TEST(PcapFileReader, FileCutAtEveryByte) {
  FileShape shape{false, false, 1, 32};
  ByteVector whole = file_header(shape);
  add_record(whole, shape, 1, 1, 20, 20, 20);
  add_record(whole, shape, 2, 2, 50, 50, 50);  // 18 bytes beyond the snapshot length
  add_record(whole, shape, 3, 3, 5, 5, 5);
  for (std::size_t size = kPcapFileHeaderBytes; size <= whole.size(); ++size)
    expect_same_reading(ByteVector(whole.begin(), whole.begin() + static_cast<long>(size)),
                        "cut at " + std::to_string(size));
}

// Larger than the reader's buffer, so that records straddle its refills; cut at a few places.
TEST(PcapFileReader, FilesLargerThanTheBuffer) {
  std::mt19937 random(7);
  FileShape shape{false, false, 1, 262144};
  ByteVector whole = file_header(shape);
  for (std::uint32_t i = 0; whole.size() < 3'300'000; ++i) {
    auto size = static_cast<std::uint32_t>(random() % 1600);
    add_record(whole, shape, i, i * 1000, size, size, size);
  }
  add_record(whole, shape, 9, 9, 200000, 200000, 200000);  // one record of 200 KB at the end
  expect_same_reading(whole, "whole");
  for (std::size_t cut : {1'048'576u, 1'048'590u, 2'097'100u, 3'000'001u})
    expect_same_reading(ByteVector(whole.begin(), whole.begin() + static_cast<long>(cut)),
                        "cut at " + std::to_string(cut));
}

TEST(PcapFileReader, EveryLinkTypeItTakes) {
  for (std::uint32_t link_type : {0u, 1u, 101u, 108u, 113u, 228u, 229u, 276u}) {
    FileShape shape{false, false, link_type, 262144};
    ByteVector bytes = file_header(shape);
    add_record(bytes, shape, 1, 1, 40, 40, 40);
    expect_same_reading(bytes, "link type " + std::to_string(link_type));
  }
}

// Files it must leave to libpcap: other versions (2.3 may have the lengths swapped), other
// magic numbers (Kuznetzov's longer record headers), link types libpcap renumbers or whose
// headers it byte-swaps, and anything that is not a pcap header.
TEST(PcapFileReader, LeavesOtherFilesToLibpcap) {
  FileShape plain;
  EXPECT_TRUE(accepted(file_header(plain)));
  ByteVector v23 = file_header(plain);
  v23[6] = 3;
  EXPECT_FALSE(accepted(v23));
  ByteVector kuznetzov = file_header(plain);
  kuznetzov[0] = 0x34;
  kuznetzov[1] = 0xcd;
  EXPECT_FALSE(accepted(kuznetzov));
  EXPECT_FALSE(accepted(file_header(FileShape{false, false, 12, 262144})));   // DLT_RAW's number
  EXPECT_FALSE(accepted(file_header(FileShape{false, false, 189, 262144})));  // USB_LINUX
  EXPECT_FALSE(accepted(file_header(FileShape{false, true, 113, 262144})));   // swapped SLL
  EXPECT_FALSE(accepted(file_header(FileShape{false, true, 276, 262144})));   // swapped SLL2
  EXPECT_TRUE(accepted(file_header(FileShape{false, false, 1 | 0x14000000u, 262144})));  // FCS bits
  ByteVector short_header = file_header(plain);
  short_header.pop_back();
  EXPECT_FALSE(accepted(short_header));
  EXPECT_FALSE(accepted(test::from_text("GET / HTTP/1.1\r\nHost: a.example\r\n\r\n")));
}

// Random files, many of them damaged: records of random sizes around the snapshot length and
// the maximum, random times, and an end at a random byte.
TEST(PcapFileReader, RandomFilesReadAsLibpcapReadsThem) {
  std::mt19937 random(20261126);
  auto pick = [&](std::uint32_t bound) { return static_cast<std::uint32_t>(random() % bound); };
  for (int round = 0; round < 2000; ++round) {
    FileShape shape{pick(2) == 1, pick(2) == 1, pick(2) ? 1u : 101u,
                    pick(4) == 0 ? pick(300) : 262144};
    ByteVector bytes = file_header(shape);
    std::uint32_t records = pick(8);
    for (std::uint32_t i = 0; i < records; ++i) {
      std::uint32_t captured = pick(20) == 0 ? 262140 + pick(10) : pick(600);
      std::uint32_t present = captured > 1000 ? pick(1000) : captured;
      add_record(bytes, shape, static_cast<std::uint32_t>(random()),
                 static_cast<std::uint32_t>(random()), captured, pick(2000), present);
    }
    auto records_bytes = static_cast<std::uint32_t>(bytes.size() - kPcapFileHeaderBytes);
    if (pick(2) == 1) bytes.resize(kPcapFileHeaderBytes + pick(records_bytes + 1));
    expect_same_reading(bytes, "round " + std::to_string(round));
  }
}

}  // namespace
}  // namespace mqscope::capture
