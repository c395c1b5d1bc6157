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
  std::string text;
  append_to(text);
  return text;
}

void Address::append_to(std::string& out) const {
  if (family == 4) return append_ipv4(out, view());
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
  out += buf;
}

}  // namespace mqscope
