#include "mqscope/core/address.hpp"

#include <arpa/inet.h>

#include "mqscope/core/text_buffer.hpp"

namespace mqscope {

template <class Out>
void append_ipv4(Out& out, Bytes four) {
  append_in_place(out, 15, [four](char* text) {
    for (std::size_t i = 0; i < four.size() && i < 4; ++i) {
      if (i) *text++ = '.';
      std::uint8_t octet = four[i];
      if (octet >= 100) *text++ = static_cast<char>('0' + octet / 100);
      if (octet >= 10) *text++ = static_cast<char>('0' + octet / 10 % 10);
      *text++ = static_cast<char>('0' + octet % 10);
    }
    return text;
  });
}

template void append_ipv4(std::string&, Bytes);
template void append_ipv4(TextBuffer&, Bytes);

std::string Address::to_string() const {
  std::string text;
  append_to(text);
  return text;
}

namespace {
template <class Out>
void append_address(Out& out, const Address& address) {
  if (address.family == 4) return append_ipv4(out, address.view());
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, address.bytes.data(), buf, sizeof buf);
  out += buf;
}
}  // namespace

void Address::append_to(std::string& out) const { append_address(out, *this); }
void Address::append_to(TextBuffer& out) const { append_address(out, *this); }

}  // namespace mqscope
