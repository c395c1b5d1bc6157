#include "mqscope/core/address.hpp"

#include <arpa/inet.h>

namespace mqscope {

void append_ipv4(std::string& out, Bytes four) {
  for (std::size_t i = 0; i < four.size(); ++i) {
    if (i) out += '.';
    std::uint8_t octet = four[i];
    if (octet >= 100) out += static_cast<char>('0' + octet / 100);
    if (octet >= 10) out += static_cast<char>('0' + octet / 10 % 10);
    out += static_cast<char>('0' + octet % 10);
  }
}

std::string Address::to_string() const {
  if (family == 4) {
    std::string text;
    append_ipv4(text, view());
    return text;
  }
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

}  // namespace mqscope
