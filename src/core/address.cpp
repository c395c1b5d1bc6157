#include "mqscope/core/address.hpp"

#include <arpa/inet.h>

namespace mqscope {

std::string Address::to_string() const {
  if (family == 4) {  // dotted quad written here: inet_ntop goes through sprintf
    std::string text;
    for (std::size_t i = 0; i < 4; ++i) {
      if (i) text += '.';
      std::uint8_t octet = bytes[i];
      if (octet >= 100) text += static_cast<char>('0' + octet / 100);
      if (octet >= 10) text += static_cast<char>('0' + octet / 10 % 10);
      text += static_cast<char>('0' + octet % 10);
    }
    return text;
  }
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(family == 4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

}  // namespace mqscope
