// Address text: dotted quads for IPv4 (RFC 791 §3.2 style), RFC 5952 text for IPv6.
#include <gtest/gtest.h>

#include <string>

#include "mqscope/core/address.hpp"
#include "mqscope/core/text_buffer.hpp"

namespace mqscope {
namespace {

Address v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  Address address;
  address.family = 4;
  address.bytes[0] = a;
  address.bytes[1] = b;
  address.bytes[2] = c;
  address.bytes[3] = d;
  return address;
}

// The text through both outputs (-V writes into a tree's TextBuffer), which must agree.
std::string text_of(const Address& address) {
  TextBuffer buffer;
  address.append_to(buffer);
  EXPECT_EQ(buffer.view(), address.to_string());
  return address.to_string();
}

// Octets of one, two and three digits, at their bounds, with no leading zeros.
TEST(CoreAddress, DottedQuadsHaveNoLeadingZeros) {
  EXPECT_EQ(text_of(v4(0, 9, 10, 99)), "0.9.10.99");
  EXPECT_EQ(text_of(v4(100, 199, 200, 255)), "100.199.200.255");
  EXPECT_EQ(text_of(v4(192, 168, 1, 46)), "192.168.1.46");
}

// RFC 5952 §4.2.2: the longest run of zero groups is compressed.
TEST(CoreAddress, Ipv6IsWrittenInItsCanonicalForm) {
  Address address;
  address.family = 6;
  address.bytes[15] = 1;
  EXPECT_EQ(text_of(address), "::1");
  address.bytes[0] = 0x20;
  address.bytes[1] = 0x01;
  address.bytes[2] = 0x0d;
  address.bytes[3] = 0xb8;
  EXPECT_EQ(text_of(address), "2001:db8::1");
}

}  // namespace
}  // namespace mqscope
