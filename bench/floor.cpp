// mqscope-bench-floor: the least any pcap dissector must do: read every record with libpcap,
// parse Ethernet, IPv4 and TCP, and look the connection up in a hash table. Its speed is the
// floor the benchmark compares mqscope's decode-everything mode with.
#include <pcap/pcap.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <unordered_map>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 1;
  }
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t* p = pcap_open_offline(argv[1], errbuf);
  if (!p) {
    std::fprintf(stderr, "%s\n", errbuf);
    return 2;
  }
  std::unordered_map<std::uint64_t, std::uint64_t> flows;
  std::uint64_t packets = 0, bytes = 0, tcp_payload = 0;
  pcap_pkthdr* h;
  const u_char* d;
  auto start = std::chrono::steady_clock::now();
  while (pcap_next_ex(p, &h, &d) == 1) {
    ++packets;
    bytes += h->caplen;
    if (h->caplen < 54 || d[12] != 0x08 || d[13] != 0x00) continue;
    const u_char* ip = d + 14;
    unsigned ihl = (ip[0] & 0x0fu) * 4u;
    if (ip[9] != 6 || h->caplen < 14 + ihl + 20) continue;
    const u_char* tcp = ip + ihl;
    std::uint64_t key = (std::uint64_t{ip[12]} << 56) ^ (std::uint64_t{ip[15]} << 48) ^
                        (std::uint64_t{ip[16]} << 40) ^ (std::uint64_t{ip[19]} << 32) ^
                        (std::uint64_t{tcp[0]} << 24 | std::uint64_t{tcp[1]} << 16 |
                         std::uint64_t{tcp[2]} << 8 | tcp[3]);
    unsigned total = static_cast<unsigned>(ip[2] << 8 | ip[3]);
    unsigned data_offset = (tcp[12] >> 4) * 4u;
    unsigned payload = total > ihl + data_offset ? total - ihl - data_offset : 0;
    tcp_payload += payload;
    ++flows[key];
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("packets %llu bytes %llu tcp_payload %llu flows %zu seconds %.3f\n",
              static_cast<unsigned long long>(packets), static_cast<unsigned long long>(bytes),
              static_cast<unsigned long long>(tcp_payload), flows.size(), seconds);
  pcap_close(p);
  return 0;
}
