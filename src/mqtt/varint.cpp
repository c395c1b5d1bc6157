#include "mqscope/mqtt/varint.hpp"

namespace mqscope::mqtt {

Varint read_varint(Bytes bytes) {
  Varint v;
  std::uint32_t multiplier = 1;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4) {
      v.status = VarintStatus::TooLong;
      return v;
    }
    std::uint8_t b = bytes[i];
    v.value += (b & 0x7fu) * multiplier;
    multiplier <<= 7;
    if ((b & 0x80) == 0) {
      v.status = VarintStatus::Complete;
      v.length = static_cast<std::uint8_t>(i + 1);
      v.not_minimal = i > 0 && b == 0;
      return v;
    }
  }
  v.status = bytes.size() >= 4 ? VarintStatus::TooLong : VarintStatus::NeedMore;
  return v;
}

}  // namespace mqscope::mqtt
