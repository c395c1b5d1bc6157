// Saving frames (-w, -b): what is written reads back as the same frames, in both formats; the
// pcapng blocks are laid out as draft-ietf-opsawg-pcapng says; ring files are named and
// rotated as tshark's (wiretap/ringbuffer.c: PREFIX_NNNNN_YYYYmmddHHMMSS.SUFFIX).
#include <gtest/gtest.h>

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include "bytes.hpp"
#include "mqscope/capture/pcap_source.hpp"
#include "mqscope/capture/save_file.hpp"

namespace mqscope::capture {
namespace {

using test::ByteVector;

class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "mqscope-save-XXXXXX";
    path_ = ::mkdtemp(pattern.data()) ? pattern : "";
  }
  ~TempDir() {
    for (const std::string& name : names()) std::remove((path_ + "/" + name).c_str());
    ::rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    if (DIR* dir = ::opendir(path_.c_str())) {
      while (dirent* entry = ::readdir(dir))
        if (entry->d_name[0] != '.') out.emplace_back(entry->d_name);
      ::closedir(dir);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::string path_;
};

struct Stored {
  ByteVector bytes;
  Timestamp time;
  std::uint32_t wire_length;
};

Frame frame_of(const Stored& s, std::uint32_t number) {
  return Frame{number, s.time, s.wire_length, 1, Bytes(s.bytes.data(), s.bytes.size())};
}

std::vector<Stored> sample_frames(std::size_t count, std::size_t size) {
  std::vector<Stored> out;
  for (std::size_t i = 0; i < count; ++i) {
    ByteVector bytes(size, static_cast<std::uint8_t>(i + 1));
    // Nanoseconds that a microsecond format would lose, and a wire length above caplen.
    out.push_back({bytes, Timestamp{1700000000 + static_cast<std::int64_t>(i), 123456789},
                   static_cast<std::uint32_t>(size + 40)});
  }
  return out;
}

const SaveSource kSource{"lo", 1, 262144, "mqscope-test 1.0"};

void write_all(SaveFile& save, const std::vector<Stored>& frames) {
  std::uint32_t n = 0;
  for (const Stored& s : frames) ASSERT_TRUE(save.write(frame_of(s, ++n))) << save.error();
}

std::vector<Stored> read_all(const std::string& path) {
  std::string error;
  auto source = PcapSource::open_offline(path, error);
  EXPECT_NE(source, nullptr) << path << ": " << error;
  std::vector<Stored> out;
  if (!source) return out;
  EXPECT_EQ(source->link_type(), 1);
  while (auto frame = source->next())
    out.push_back(
        {ByteVector(frame->data.begin(), frame->data.end()), frame->time, frame->wire_length});
  EXPECT_EQ(source->problem(), "") << path;
  return out;
}

void expect_same(const std::vector<Stored>& got, const std::vector<Stored>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].bytes, want[i].bytes) << "frame " << i + 1;
    EXPECT_EQ(got[i].time, want[i].time) << "frame " << i + 1;
    EXPECT_EQ(got[i].wire_length, want[i].wire_length) << "frame " << i + 1;
  }
}

ByteVector file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return ByteVector(std::istreambuf_iterator<char>(in), {});
}

std::uint32_t le32(const ByteVector& b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at] | b[at + 1] << 8 | b[at + 2] << 16) |
         static_cast<std::uint32_t>(b[at + 3]) << 24;
}

// pcap-savefile(5): nanosecond-resolution files keep the stamps the capture had.
TEST(CaptureSaveFile, PcapReadsBackTheSameFrames) {
  TempDir dir;
  auto frames = sample_frames(3, 70);
  std::string error;
  auto save = SaveFile::open({dir.path() + "/out.pcap"}, kSource, error);
  ASSERT_NE(save, nullptr) << error;
  write_all(*save, frames);
  ASSERT_TRUE(save->close()) << save->error();
  ByteVector bytes = file_bytes(dir.path() + "/out.pcap");
  ASSERT_GE(bytes.size(), 4u);
  EXPECT_EQ(le32(bytes, 0), 0xa1b23c4du) << "the nanosecond pcap magic";
  expect_same(read_all(dir.path() + "/out.pcap"), frames);
}

// draft-ietf-opsawg-pcapng §4.2/§4.3: EPB timestamps in the units of the IDB's if_tsresol.
TEST(CaptureSaveFile, PcapngReadsBackTheSameFrames) {
  TempDir dir;
  auto frames = sample_frames(3, 71);  // not a multiple of 4: the data is padded
  std::string error;
  auto save = SaveFile::open({dir.path() + "/out.pcapng"}, kSource, error);
  ASSERT_NE(save, nullptr) << error;
  write_all(*save, frames);
  ASSERT_TRUE(save->close()) << save->error();
  expect_same(read_all(dir.path() + "/out.pcapng"), frames);
}

// §4.1 SHB (type 0x0A0D0D0A, byte-order magic 0x1A2B3C4D, version 1.0), §4.2 IDB (link
// type, snap length, if_tsresol = 9), §4.3 EPB; §3.1 every block's length is repeated at its
// end and is a multiple of 4.
TEST(CaptureSaveFile, PcapngBlocksFollowTheSpecification) {
  TempDir dir;
  std::string path = dir.path() + "/blocks.pcapng";
  std::string error;
  auto save = SaveFile::open({path}, SaveSource{"eth7", 113, 1500, "mqscope-test 1.0"}, error);
  ASSERT_NE(save, nullptr) << error;
  Stored one{ByteVector{1, 2, 3, 4, 5}, Timestamp{2, 5}, 60};
  ASSERT_TRUE(save->write(frame_of(one, 1)));
  ASSERT_TRUE(save->close());
  ByteVector b = file_bytes(path);
  std::vector<std::uint32_t> types;
  std::size_t at = 0;
  while (at + 12 <= b.size()) {
    std::uint32_t length = le32(b, at + 4);
    ASSERT_EQ(length % 4, 0u);
    ASSERT_LE(at + length, b.size());
    EXPECT_EQ(le32(b, at + length - 4), length) << "trailing length of block at " << at;
    types.push_back(le32(b, at));
    at += length;
  }
  EXPECT_EQ(at, b.size());
  ASSERT_EQ(types, (std::vector<std::uint32_t>{0x0A0D0D0A, 1, 6}));
  EXPECT_EQ(le32(b, 8), 0x1A2B3C4Du);
  EXPECT_EQ(le32(b, 12), 1u) << "major 1, minor 0";
  std::string shb_text(b.begin(), b.begin() + static_cast<long>(le32(b, 4)));
  EXPECT_NE(shb_text.find(std::string("\x04\x00\x10\x00mqscope-test 1.0", 20)), std::string::npos)
      << "shb_userappl option: code 4, length 16";
  std::size_t idb = le32(b, 4);
  EXPECT_EQ(le32(b, idb + 8) & 0xffff, 113u) << "link type";
  EXPECT_EQ(le32(b, idb + 12), 1500u) << "snap length";
  std::string idb_text(b.begin() + static_cast<long>(idb),
                       b.begin() + static_cast<long>(idb + le32(b, idb + 4)));
  EXPECT_NE(idb_text.find(std::string("\x09\x00\x01\x00\x09", 5)), std::string::npos)
      << "if_tsresol option: code 9, length 1, value 9";
  EXPECT_NE(idb_text.find("eth7"), std::string::npos) << "if_name option";
  std::size_t epb = idb + le32(b, idb + 4);
  std::uint64_t ns = 2'000'000'005;
  EXPECT_EQ(le32(b, epb + 12), static_cast<std::uint32_t>(ns >> 32));
  EXPECT_EQ(le32(b, epb + 16), static_cast<std::uint32_t>(ns));
  EXPECT_EQ(le32(b, epb + 20), 5u) << "captured length";
  EXPECT_EQ(le32(b, epb + 24), 60u) << "original length";
}

TEST(CaptureSaveFile, FormatFollowsTheExtension) {
  EXPECT_EQ(format_for_path("a.pcap"), FileFormat::Pcap);
  EXPECT_EQ(format_for_path("dir/A.PCAP"), FileFormat::Pcap);
  EXPECT_EQ(format_for_path("x.cap"), FileFormat::Pcap);
  EXPECT_EQ(format_for_path("x.pcapng"), FileFormat::Pcapng);
  EXPECT_EQ(format_for_path("x"), FileFormat::Pcapng) << "tshark's default format";
  EXPECT_EQ(format_for_path("dir.pcap/x"), FileFormat::Pcapng)
      << "the directory's dot is not an extension";
}

TEST(CaptureSaveFile, RingFilesAreNamedLikeTsharks) {
  std::time_t at = 1764081005;  // a fixed moment; the name carries local time, as tshark's
  std::tm local{};
  localtime_r(&at, &local);
  char stamp[32] = {};
  std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &local);
  EXPECT_EQ(ring_file_name("dir/out.pcapng", 1, at),
            std::string("dir/out_00001_") + stamp + ".pcapng");
  EXPECT_EQ(ring_file_name("out", 12345, at), std::string("out_12345_") + stamp);
  EXPECT_EQ(ring_file_name("a.b/out", 7, at), std::string("a.b/out_00007_") + stamp);
}

// -b filesize: a file is full once it holds that many kB (1000 bytes); the frame after that
// starts the next file, so every frame is in exactly one file, whole.
TEST(CaptureSaveFile, RingStartsANewFileWhenOneIsFull) {
  TempDir dir;
  auto frames = sample_frames(10, 300);
  std::string error;
  auto save = SaveFile::open({dir.path() + "/ring.pcap", 1, 0}, kSource, error);
  ASSERT_NE(save, nullptr) << error;
  write_all(*save, frames);
  ASSERT_TRUE(save->close());
  std::vector<std::string> names = dir.names();
  // 24-byte header + 316 bytes per record: a file passes 1000 bytes with its 4th frame.
  ASSERT_EQ(names.size(), 3u);
  std::regex pattern("ring_0000[123]_[0-9]{14}\\.pcap");
  std::vector<Stored> all;
  std::vector<std::size_t> counts;
  for (const std::string& name : names) {
    EXPECT_TRUE(std::regex_match(name, pattern)) << name;
    auto part = read_all(dir.path() + "/" + name);
    counts.push_back(part.size());
    all.insert(all.end(), part.begin(), part.end());
  }
  EXPECT_EQ(counts, (std::vector<std::size_t>{4, 4, 2}));
  expect_same(all, frames);
  EXPECT_EQ(save->files().size(), 3u);
}

// -b files:N: only the newest N files are kept; the oldest is removed when a new one starts.
TEST(CaptureSaveFile, RingKeepsOnlyTheNewestFiles) {
  TempDir dir;
  auto frames = sample_frames(10, 300);
  std::string error;
  auto save = SaveFile::open({dir.path() + "/ring.pcapng", 1, 2}, kSource, error);
  ASSERT_NE(save, nullptr) << error;
  write_all(*save, frames);
  ASSERT_TRUE(save->close());
  // 92 bytes of section and interface blocks + 332 per Enhanced Packet Block: a file passes
  // 1000 bytes with its 3rd frame, so the 10 frames fill files 1 to 4 (3, 3, 3, 1).
  std::vector<std::string> names = dir.names();
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].substr(0, 11), "ring_00003_");
  EXPECT_EQ(names[1].substr(0, 11), "ring_00004_");
  std::vector<Stored> kept = read_all(dir.path() + "/" + names[0]);
  auto last = read_all(dir.path() + "/" + names[1]);
  kept.insert(kept.end(), last.begin(), last.end());
  expect_same(kept, std::vector<Stored>(frames.begin() + 6, frames.end()));
  EXPECT_EQ(save->files(),
            (std::deque<std::string>{dir.path() + "/" + names[0], dir.path() + "/" + names[1]}));
}

TEST(CaptureSaveFile, UnwritablePathIsReported) {
  std::string error;
  auto save = SaveFile::open({"/nonexistent-dir-mqscope/out.pcapng"}, kSource, error);
  EXPECT_EQ(save, nullptr);
  EXPECT_NE(error.find("/nonexistent-dir-mqscope/out.pcapng"), std::string::npos) << error;
  save = SaveFile::open({"/nonexistent-dir-mqscope/out.pcap"}, kSource, error);
  EXPECT_EQ(save, nullptr);
  EXPECT_NE(error.find("out.pcap"), std::string::npos) << error;
}

}  // namespace
}  // namespace mqscope::capture
