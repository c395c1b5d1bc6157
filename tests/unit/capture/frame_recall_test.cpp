// FrameRecall gives back the captured bytes of earlier frames by their origin (frame number,
// offset in the frame): read again from the capture file, classic pcap (pcap-savefile(5)) or
// pcapng (EPB and SPB, RFC draft-ietf-opsawg-pcapng §4.3-4.4), where a frame has a place in
// one, and copied into a bounded ring where it has not (standard input, a pipe, a live
// interface). Older frames than the limits reach are not recalled, never mixed up.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "bytes.hpp"
#include "mqscope/capture/frame_recall.hpp"
#include "mqscope/capture/pcap_source.hpp"
#include "pcap_builder.hpp"
#include "pcapng_builder.hpp"

namespace mqscope::capture {
namespace {

using test::ByteVector;
using test::PipeFile;
using test::TempFile;

ByteVector frame_bytes(std::uint32_t number, std::size_t size) {
  ByteVector bytes(size);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::uint8_t>(number * 31 + i);
  return bytes;
}

// The bytes recalled at `from`, or "gone".
std::string recalled(const FrameRecall& recall, Origin from, std::size_t n) {
  std::vector<std::uint8_t> out(n);
  if (!recall.recall(from, out)) return "gone";
  return std::string(out.begin(), out.end());
}

std::string expected(std::uint32_t number, std::size_t offset, std::size_t n) {
  ByteVector bytes = frame_bytes(number, offset + n);
  return std::string(bytes.begin() + static_cast<std::ptrdiff_t>(offset), bytes.end());
}

// Reads every frame of `path`, noting each with the recall; afterwards every frame's bytes
// are recalled, from copies when `copied`, else from the file read again (nothing copied).
void expect_recalled(const std::string& path, std::size_t frames, bool copied) {
  std::string error;
  auto source = PcapSource::open_offline(path, error);
  ASSERT_TRUE(source) << error;
  FrameRecall recall{Limits{}};
  recall.read_from(source.get());
  std::size_t seen = 0;
  while (auto frame = source->next()) {
    EXPECT_EQ(frame->file_offset == kNotInFile, copied);
    recall.note(*frame);
    ++seen;
  }
  ASSERT_EQ(seen, frames);
  for (std::uint32_t n = 1; n <= frames; ++n) {
    EXPECT_EQ(recalled(recall, Origin{n, 0}, 40 + n), expected(n, 0, 40 + n)) << "frame " << n;
    EXPECT_EQ(recalled(recall, Origin{n, 7}, 20), expected(n, 7, 20)) << "frame " << n;
    EXPECT_EQ(recalled(recall, Origin{n, 0}, 41 + n), "gone") << "past the captured bytes";
  }
  EXPECT_EQ(recall.copy_position() > 0, copied);
}

// Five frames, n of 40 + n bytes, in each format.
ByteVector classic_file() {
  ByteVector file = test::pcap_file_header(1);
  for (std::uint32_t n = 1; n <= 5; ++n) {
    ByteVector record = test::pcap_record_header(n, 40 + n, 40 + n);
    ByteVector data = frame_bytes(n, 40 + n);
    file.insert(file.end(), record.begin(), record.end());
    file.insert(file.end(), data.begin(), data.end());
  }
  return file;
}

ByteVector pcapng_file() {
  test::PcapngBuilder b;
  b.section();
  b.interface(1);
  for (std::uint32_t n = 1; n <= 5; ++n) {
    if (n == 3) b.block(0x00000bad, ByteVector(10, 0));  // a block of a type not read
    if (n == 4)
      b.simple_packet(frame_bytes(n, 40 + n));
    else
      b.enhanced_packet(0, n, frame_bytes(n, 40 + n));
  }
  return b.bytes();
}

TEST(FrameRecall, ClassicPcapFramesAreReadAgainFromTheFile) {
  TempFile temp(classic_file());
  expect_recalled(temp.path(), 5, false);
}

TEST(FrameRecall, PcapngFramesAreReadAgainFromTheFile) {
  TempFile temp(pcapng_file());
  expect_recalled(temp.path(), 5, false);
}

// A pipe is read once: its frames are copied as they are read, in either format (classic
// pcap through libpcap, pcapng through mqscope's reader), and recalled from the copies.
TEST(FrameRecall, FramesFromAPipeAreRecalledFromCopies) {
  PipeFile classic(classic_file());
  expect_recalled(classic.path(), 5, true);
  PipeFile pcapng(pcapng_file());
  expect_recalled(pcapng.path(), 5, true);
}

Frame frame_of(std::uint32_t number, const ByteVector& bytes) {
  Frame frame;
  frame.number = number;
  frame.data = Bytes(bytes.data(), bytes.size());
  return frame;
}

// Frames 1, 2, ... of the given sizes, noted in order, without a file. (The recall keeps its
// own copies: the frames' bytes may go once noted, as a reader's do.)
void note_frames(FrameRecall& recall, std::initializer_list<std::size_t> sizes) {
  std::uint32_t number = 0;
  for (std::size_t size : sizes) {
    ByteVector bytes = frame_bytes(++number, size);
    recall.note(frame_of(number, bytes));
  }
}

// Without a file, frames are copied into a ring of Limits::recall_copy_bytes. A frame's copy
// is never split: one that does not fit before the ring's end starts it over.
TEST(FrameRecall, FramesWithoutAFileAreCopiedIntoABoundedRing) {
  Limits limits;
  limits.recall_copy_bytes = 100;
  FrameRecall recall(limits);
  note_frames(recall, {30, 30, 30, 30, 101});  // frame 5 is larger than the ring: not kept
  // Frames 1-3 went to 0-89; frame 4 did not fit before 100 and went to 0-29 over frame 1.
  EXPECT_EQ(recalled(recall, Origin{1, 0}, 30), "gone");
  EXPECT_EQ(recalled(recall, Origin{2, 0}, 30), expected(2, 0, 30));
  EXPECT_EQ(recalled(recall, Origin{3, 5}, 25), expected(3, 5, 25));
  EXPECT_EQ(recalled(recall, Origin{4, 0}, 30), expected(4, 0, 30));
  EXPECT_EQ(recalled(recall, Origin{5, 0}, 1), "gone");
  EXPECT_EQ(recalled(recall, Origin{3, 5}, 26), "gone");  // past frame 3's bytes
  EXPECT_EQ(recall.copy_position(), 130u);
  // Frame 6 goes to 30-59: frame 2 is written over.
  ByteVector six = frame_bytes(6, 30);
  recall.note(frame_of(6, six));
  EXPECT_EQ(recalled(recall, Origin{2, 0}, 1), "gone");
  EXPECT_EQ(recalled(recall, Origin{3, 0}, 30), expected(3, 0, 30));
  EXPECT_EQ(recalled(recall, Origin{6, 29}, 1), expected(6, 29, 1));
}

// Only the last Limits::recall_frames frames are remembered; an origin of a frame never seen,
// or of frame 0 (bytes not from a frame), recalls nothing.
TEST(FrameRecall, OnlyTheLastRecallFramesAreRemembered) {
  Limits limits;
  limits.recall_frames = 3;
  FrameRecall recall(limits);
  note_frames(recall, {10, 10, 10, 10, 10});
  EXPECT_EQ(recalled(recall, Origin{2, 0}, 10), "gone");
  EXPECT_EQ(recalled(recall, Origin{3, 0}, 10), expected(3, 0, 10));
  EXPECT_EQ(recalled(recall, Origin{5, 9}, 1), expected(5, 9, 1));
  EXPECT_EQ(recalled(recall, Origin{6, 0}, 1), "gone");
  EXPECT_EQ(recalled(recall, Origin{0, 0}, 1), "gone");
}

// Standard input is read once: its frames are copied, and recalled from the copies.
TEST(FrameRecall, FramesOfAFileGivenWithoutItsSourceAreCopied) {
  ByteVector bytes = frame_bytes(1, 16);
  Frame frame = frame_of(1, bytes);
  frame.file_offset = 24 + 16;
  FrameRecall recall{Limits{}};
  recall.note(frame);
  EXPECT_EQ(recalled(recall, Origin{1, 0}, 16), expected(1, 0, 16));
  EXPECT_EQ(recall.copy_position(), 16u);
}

}  // namespace
}  // namespace mqscope::capture
