// Tests and XORs of sixteen bytes at once, for the scans that see every payload byte:
// unmasking WebSocket payloads, deciding whether a payload is text, escaping JSON strings.
// Written with the vector extensions of GCC and Clang, not a target's intrinsics: they become
// SSE2 on x86-64 (which every x86-64 processor has) and NEON on arm64, and plain word
// operations elsewhere. Each test is exact for any bytes.
#pragma once

#include <cstdint>
#include <cstring>

namespace mqscope::vec16 {

using Bytes16 = std::uint8_t __attribute__((vector_size(16)));

// The sixteen bytes at `at`, whatever their alignment.
inline Bytes16 load(const void* at) {
  Bytes16 v;
  std::memcpy(&v, at, sizeof v);
  return v;
}

inline void store(void* at, Bytes16 v) {
  std::memcpy(at, &v, sizeof v);
}

// Whether some lane of a comparison's result is set.
template <typename Mask>
bool any(Mask mask) {
  static_assert(sizeof(Mask) == 16);
  std::uint64_t halves[2];
  std::memcpy(halves, &mask, sizeof halves);
  return (halves[0] | halves[1]) != 0;
}

// Whether some byte is outside printable ASCII (0x20-0x7e): a C0 control, DEL, or a byte from
// 0x80.
inline bool any_outside_printable(Bytes16 v) {
  return any((v < 0x20) | (v > 0x7e));
}
// The same for 32 bytes, with one test of the combined lanes.
inline bool any_outside_printable(Bytes16 a, Bytes16 b) {
  return any((a < 0x20) | (a > 0x7e) | (b < 0x20) | (b > 0x7e));
}

// Whether some byte is a control (below 0x20, or DEL).
inline bool any_control(Bytes16 v) {
  return any((v < 0x20) | (v == 0x7f));
}

// The same as any_outside_printable, or a quote or backslash among them: a byte a JSON string
// cannot hold as it is (RFC 8259 §7), or one kept out of plain runs.
inline bool any_not_json_plain(Bytes16 v) {
  return any((v < 0x20) | (v > 0x7e) | (v == '"') | (v == '\\'));
}

// The lower-case hex digits of the sixteen bytes of `v`, 32 characters at `at`, each byte's
// high digit first: payloads in JSON are hex, and this is a tenth of the per-byte work of a
// table look-up. A digit d becomes '0' + d, and from 10 on 39 more ('a' is '0' + 10 + 39).
inline void store_hex(char* at, Bytes16 v) {
  Bytes16 high = v >> 4;
  Bytes16 low = v & 0x0f;
  high += '0' + (reinterpret_cast<Bytes16>(high > 9) & 39);
  low += '0' + (reinterpret_cast<Bytes16>(low > 9) & 39);
  Bytes16 first = __builtin_shufflevector(high, low, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21,
                                          6, 22, 7, 23);
  Bytes16 second = __builtin_shufflevector(high, low, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13,
                                           29, 14, 30, 15, 31);
  store(at, first);
  store(at + 16, second);
}

}  // namespace mqscope::vec16
