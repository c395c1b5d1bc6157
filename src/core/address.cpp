#include "mqscope/core/address.hpp"

#include <arpa/inet.h>

namespace mqscope {

std::string Address::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(family == 4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

}  // namespace mqscope
