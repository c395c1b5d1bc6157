// The base framing header of RFC 6455 §5.2 and the masking of §5.3.
#include <gtest/gtest.h>

#include <limits>

#include "bytes.hpp"
#include "mqscope/websocket/frame.hpp"

namespace mqscope::ws {
namespace {

using test::ByteVector;
using test::from_hex;

FrameHeader parsed(const ByteVector& bytes) {
  FrameHeader h;
  EXPECT_TRUE(parse_header(bytes, h));
  return h;
}

// Whether `bytes` hold a whole header; `out` is left as it was when they do not.
bool whole_header(const ByteVector& bytes) {
  FrameHeader out;
  out.opcode = 0xf;
  bool whole = parse_header(bytes, out);
  if (!whole) {
    EXPECT_EQ(out.opcode, 0xf);
  }
  return whole;
}

// RFC 6455 §5.2: 2 bytes, +2 for length 126, +8 for length 127, +4 when the mask bit is set.
TEST(HeaderLengthFor, CountsExtendedLengthAndMaskingKey) {
  EXPECT_EQ(header_length_for(0x82, 0x00), 2u);
  EXPECT_EQ(header_length_for(0x82, 0x7d), 2u);
  EXPECT_EQ(header_length_for(0x82, 0x7e), 4u);
  EXPECT_EQ(header_length_for(0x82, 0x7f), 10u);
  EXPECT_EQ(header_length_for(0x82, 0x80), 6u);
  EXPECT_EQ(header_length_for(0x82, 0xfd), 6u);
  EXPECT_EQ(header_length_for(0x82, 0xfe), 8u);
  EXPECT_EQ(header_length_for(0x82, 0xff), kMaxHeaderLength);
  EXPECT_EQ(header_length_for(0x00, 0xff), header_length_for(0xff, 0xff));  // b0 is irrelevant
}

// RFC 6455 §5.2: FIN, RSV1-3 and opcode in the first byte; the seed capture's PINGREQ frame.
TEST(ParseHeader, FirstByteGivesFinRsvAndOpcode) {
  FrameHeader h = parsed(from_hex("82 81 0c3cb539"));
  EXPECT_TRUE(h.fin);
  EXPECT_EQ(h.rsv, 0);
  EXPECT_EQ(h.opcode, 0x2);
  EXPECT_TRUE(h.masked);
  EXPECT_EQ(h.length7, 1);
  EXPECT_EQ(h.payload_length, 1u);
  EXPECT_EQ(h.header_length, 6);
  EXPECT_EQ(h.mask_key, (std::array<std::uint8_t, 4>{0x0c, 0x3c, 0xb5, 0x39}));
  EXPECT_EQ(h.mask_key_value(), 0x0c3cb539u);

  FrameHeader g = parsed(from_hex("71 00"));  // no FIN, RSV1..3 set, Text
  EXPECT_FALSE(g.fin);
  EXPECT_EQ(g.rsv, 0x7);
  EXPECT_EQ(g.opcode, 0x1);
  EXPECT_FALSE(g.masked);
  EXPECT_EQ(g.header_length, 2);
  EXPECT_EQ(parsed(from_hex("c8 00")).rsv, 0x4);  // RSV1 alone is bit 2
  EXPECT_EQ(parsed(from_hex("9f 00")).rsv, 0x1);  // RSV3 alone is bit 0
}

// RFC 6455 §5.2: lengths 0-125 fit in 7 bits; 125 is the largest.
TEST(ParseHeader, SevenBitLengthsUpTo125) {
  FrameHeader h = parsed(from_hex("82 7d"));
  EXPECT_EQ(h.payload_length, 125u);
  EXPECT_EQ(h.length7, 125);
  EXPECT_FALSE(h.length_not_minimal);
  EXPECT_EQ(parsed(from_hex("82 00")).payload_length, 0u);
}

// RFC 6455 §5.2: 126 means a 16-bit length follows; 126 and 65535 are its bounds.
TEST(ParseHeader, SixteenBitLengthsFrom126To65535) {
  FrameHeader lo = parsed(from_hex("82 7e 007e"));
  EXPECT_EQ(lo.length7, 126);
  EXPECT_EQ(lo.payload_length, 126u);
  EXPECT_EQ(lo.header_length, 4);
  EXPECT_FALSE(lo.length_not_minimal);
  FrameHeader hi = parsed(from_hex("82 fe ffff 01020304"));
  EXPECT_EQ(hi.payload_length, 65535u);
  EXPECT_EQ(hi.header_length, 8);
  EXPECT_TRUE(hi.masked);
  EXPECT_EQ(hi.mask_key_value(), 0x01020304u);
  EXPECT_FALSE(hi.length_not_minimal);
}

// RFC 6455 §5.2: 127 means a 64-bit length follows; 65536 is the smallest that needs it.
TEST(ParseHeader, SixtyFourBitLengthsFrom65536) {
  FrameHeader h = parsed(from_hex("82 7f 0000000000010000"));
  EXPECT_EQ(h.length7, 127);
  EXPECT_EQ(h.payload_length, 65536u);
  EXPECT_EQ(h.header_length, 10);
  EXPECT_FALSE(h.length_not_minimal);
  EXPECT_FALSE(h.length_top_bit);
  FrameHeader m = parsed(from_hex("82 ff 7fffffffffffffff aabbccdd"));
  EXPECT_EQ(m.payload_length, 0x7fffffffffffffffu);
  EXPECT_EQ(m.header_length, 14);
  EXPECT_EQ(m.mask_key_value(), 0xaabbccddu);
  EXPECT_FALSE(m.length_top_bit);
}

// RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length".
TEST(ParseHeader, NonMinimalLengthsAreFlagged) {
  EXPECT_TRUE(parsed(from_hex("82 7e 0005")).length_not_minimal);
  EXPECT_TRUE(parsed(from_hex("82 7e 007d")).length_not_minimal);
  EXPECT_TRUE(parsed(from_hex("82 7f 0000000000000005")).length_not_minimal);
  EXPECT_TRUE(parsed(from_hex("82 7f 000000000000ffff")).length_not_minimal);
  EXPECT_EQ(parsed(from_hex("82 7e 0005")).payload_length, 5u);
}

// RFC 6455 §5.2: "the most significant bit MUST be 0" in a 64-bit length.
TEST(ParseHeader, SixtyFourBitLengthWithTopBitIsFlagged) {
  FrameHeader h = parsed(from_hex("82 7f 8000000000000001"));
  EXPECT_TRUE(h.length_top_bit);
  EXPECT_EQ(h.payload_length, 0x8000000000000001u);
  EXPECT_TRUE(parsed(from_hex("82 7f ffffffffffffffff")).length_top_bit);
}

// RFC 6455 §5.2: the header is complete only with all of its 2 to 14 bytes.
TEST(ParseHeader, ShortInputGivesNothing) {
  EXPECT_FALSE(whole_header(ByteVector{}));
  EXPECT_FALSE(whole_header(from_hex("82")));
  EXPECT_FALSE(whole_header(from_hex("82 7e 00")));
  EXPECT_FALSE(whole_header(from_hex("82 ff 7fffffffffffffff aabbcc")));
  EXPECT_FALSE(whole_header(from_hex("82 81 0c3cb5")));
  EXPECT_TRUE(whole_header(from_hex("82 81 0c3cb539 1c")));  // extra bytes ignored
}

// RFC 6455 §5.3: octet i of the payload is XORed with octet (i MOD 4) of the key; starting
// at phase p continues a payload cut after a multiple of 4 plus p bytes.
TEST(ApplyMask, EqualsByteByByteXorForEveryPhaseAndLength) {
  const std::array<std::uint8_t, 4> key{0x0c, 0x3c, 0xb5, 0x39};
  for (std::uint8_t phase = 0; phase < 4; ++phase) {
    for (std::size_t size = 0; size <= 40; ++size) {
      ByteVector data(size);
      for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<std::uint8_t>(i * 37 + 11);
      ByteVector expected = data;
      for (std::size_t i = 0; i < size; ++i) expected[i] ^= key[(phase + i) % 4];
      std::uint8_t next = apply_mask(data.data(), size, key, phase);
      EXPECT_EQ(data, expected) << "phase " << int{phase} << " size " << size;
      EXPECT_EQ(next, (phase + size) % 4) << "phase " << int{phase} << " size " << size;
    }
  }
}

// RFC 6455 §5.3: unmasking while copying out of the captured bytes gives what unmasking a
// copy in place gives, for every phase, length and alignment, and leaves the source alone.
TEST(ApplyMask, CopyingFormEqualsTheInPlaceForm) {
  const std::array<std::uint8_t, 4> key{0x98, 0xf0, 0x07, 0x81};
  for (std::uint8_t phase = 0; phase < 4; ++phase) {
    for (std::size_t size = 0; size <= 40; ++size) {
      for (std::size_t shift = 0; shift < 3; ++shift) {
        ByteVector source(size + shift);
        for (std::size_t i = 0; i < source.size(); ++i) source[i] = static_cast<std::uint8_t>(i * 53 + 7);
        const ByteVector original = source;
        ByteVector in_place(source.begin() + static_cast<std::ptrdiff_t>(shift), source.end());
        ByteVector copied(size);
        std::uint8_t next_in_place = apply_mask(in_place.data(), size, key, phase);
        std::uint8_t next_copied = apply_mask(source.data() + shift, copied.data(), size, key, phase);
        EXPECT_EQ(copied, in_place) << "phase " << int{phase} << " size " << size;
        EXPECT_EQ(next_copied, next_in_place);
        EXPECT_EQ(source, original);
      }
    }
  }
}

// RFC 6455 §5.3: the same work at any alignment of the buffer in memory.
TEST(ApplyMask, UnalignedBuffersGiveTheSameResult) {
  const std::array<std::uint8_t, 4> key{0xde, 0x13, 0x42, 0xc9};
  ByteVector buffer(64 + 8);
  for (std::size_t shift = 0; shift < 8; ++shift) {
    for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<std::uint8_t>(i);
    std::uint8_t phase = apply_mask(buffer.data() + shift, 64, key, 1);
    EXPECT_EQ(phase, 1);
    for (std::size_t i = 0; i < 64; ++i)
      ASSERT_EQ(buffer[shift + i], static_cast<std::uint8_t>((shift + i) ^ key[(1 + i) % 4]))
          << "shift " << shift << " byte " << i;
  }
}

// RFC 6455 §5.3: masking is its own inverse; in the seed capture, "de17" under key de1342c9
// is the payload "0004".
TEST(ApplyMask, UnmasksTheSeedCapturePayloadAndIsItsOwnInverse) {
  const std::array<std::uint8_t, 4> key{0xde, 0x13, 0x42, 0xc9};
  ByteVector data = from_hex("de17");
  EXPECT_EQ(apply_mask(data.data(), data.size(), key, 0), 2);
  EXPECT_EQ(data, from_hex("0004"));
  EXPECT_EQ(apply_mask(data.data(), data.size(), key, 0), 2);
  EXPECT_EQ(data, from_hex("de17"));
}

// RFC 6455 §5.2: opcodes 0-2 and 8-A are defined; the high bit marks control frames (§5.5).
TEST(Opcodes, KnownAndControlClassification) {
  for (std::uint8_t op = 0; op < 16; ++op) {
    EXPECT_EQ(is_control(op), op >= 8) << int{op};
    EXPECT_EQ(is_known_opcode(op), op <= 2 || (op >= 8 && op <= 10)) << int{op};
  }
}

}  // namespace
}  // namespace mqscope::ws
