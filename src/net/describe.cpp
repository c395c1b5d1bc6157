#include "mqscope/net/describe.hpp"

#include <fmt/format.h>

#include "mqscope/core/cursor.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/net/fields.hpp"

namespace mqscope::net {

namespace {

using field::NodeIndex;
using field::Subtree;
using field::Tree;

// "aa:bb:cc:dd:ee:ff" of the six bytes at `offset`.
struct MacText {
  char text[17];
  std::string_view view() const { return {text, sizeof text}; }
};

MacText mac_text(Bytes data, std::uint32_t offset) {
  MacText mac;
  write_hex(mac.text, data.subspan(offset, 6), ':');
  return mac;
}

void describe_link(Tree& tree, Bytes data, const LinkHeader& link) {
  // An Ethernet header that did not decode (frame cut short) has nothing to show.
  if (link.type == kLinkEthernet && (link.length < 14 || data.size() < link.length)) return;
  if (link.type != kLinkEthernet) {
    if (link.length > 0) tree.add(&hf::link_header, link.offset, link.length);
    return;
  }
  NodeIndex top = tree.add(&hf::eth, link.offset, link.length);
  field::append_formatted(tree, top, FMT_COMPILE(", Src: {}, Dst: {}"), mac_text(data, 6).view(),
                          mac_text(data, 0).view());
  Subtree sub(tree, top);
  tree.add(&hf::eth_dst, 0, 6);
  tree.add(&hf::eth_src, 6, 6);
  tree.add(&hf::eth_type, link.length - 2, 2, link.ethertype);
}

// ", Src: 10.0.0.2, Dst: 10.0.0.1" of an IP header's label.
void append_addresses(Tree& tree, NodeIndex top, const IpHeader& ip) {
  tree.append_text_by(top, [&](TextBuffer& out) {
    out += ", Src: ";
    ip.src.append_to(out);
    out += ", Dst: ";
    ip.dst.append_to(out);
  });
}

void describe_ipv4(Tree& tree, Bytes data, const IpHeader& ip) {
  NodeIndex top = tree.add(&hf::ip, ip.offset, ip.header_length);
  append_addresses(tree, top, ip);
  Subtree sub(tree, top);
  std::uint32_t o = ip.offset;
  tree.add(&hf::ip_version, o, 1, data[o]);
  NodeIndex hl = tree.add(&hf::ip_hdr_len, o, 1, data[o]);
  field::append_formatted(tree, hl, FMT_COMPILE(" ({} bytes)"), ip.header_length);
  tree.add(&hf::ip_len, o + 2, 2, ip.total_length);
  tree.add(&hf::ip_id, o + 4, 2, ip.id);
  NodeIndex flags = tree.add(&hf::ip_flags, o + 6, 1, data[o + 6]);
  tree.set_flags(flags, field::kBitmaskSummary);
  {
    Subtree flag_bits(tree, flags);
    tree.add(&hf::ip_flags_rb, o + 6, 1, data[o + 6]);
    tree.add(&hf::ip_flags_df, o + 6, 1, data[o + 6]);
    tree.add(&hf::ip_flags_mf, o + 6, 1, data[o + 6]);
  }
  tree.add(&hf::ip_frag_offset, o + 6, 2, ip.flags_fragment);
  tree.add(&hf::ip_ttl, o + 8, 1, ip.ttl);
  tree.add(&hf::ip_proto, o + 9, 1, data[o + 9]);
  tree.add(&hf::ip_src, o + 12, 4);
  tree.add(&hf::ip_dst, o + 16, 4);
}

void describe_ipv6(Tree& tree, Bytes data, const IpHeader& ip) {
  NodeIndex top = tree.add(&hf::ipv6, ip.offset, ip.header_length);
  append_addresses(tree, top, ip);
  Subtree sub(tree, top);
  std::uint32_t o = ip.offset;
  tree.add(&hf::ipv6_version, o, 1, data[o]);
  tree.add(&hf::ipv6_plen, o + 4, 2, ip.total_length - 40);
  tree.add(&hf::ipv6_nxt, o + 6, 1, data[o + 6]);
  tree.add(&hf::ipv6_hlim, o + 7, 1, ip.ttl);
  tree.add(&hf::ipv6_src, o + 8, 16);
  tree.add(&hf::ipv6_dst, o + 24, 16);
}

// " (SYN, ACK)": the names of the flags set, lowest bit first, as Wireshark lists them.
void append_tcp_flag_names(TextBuffer& out, std::uint16_t flags) {
  static constexpr std::pair<std::uint16_t, std::string_view> kNames[] = {
      {0x100, "AE"},  {0x080, "CWR"}, {0x040, "ECE"}, {0x020, "URG"},
      {0x010, "ACK"}, {0x008, "PSH"}, {0x004, "RST"}, {0x002, "SYN"}, {0x001, "FIN"}};
  std::string_view separator = " (";
  for (auto it = std::rbegin(kNames); it != std::rend(kNames); ++it) {
    if (!(flags & it->first)) continue;
    out += separator;
    out += it->second;
    separator = ", ";
  }
  if (separator == " (") out += separator;  // none set: " ()"
  out += ')';
}

void describe_tcp_flags(Tree& tree, const TcpHeader& tcp) {
  std::uint32_t o = tcp.offset + 12;
  NodeIndex flags = tree.add(&hf::tcp_flags, o, 2, tcp.flags);
  tree.append_text_by(flags, [&](TextBuffer& out) { append_tcp_flag_names(out, tcp.flags); });
  Subtree sub(tree, flags);
  for (field::FieldId f : {&hf::tcp_flags_res, &hf::tcp_flags_ae, &hf::tcp_flags_cwr,
                           &hf::tcp_flags_ece, &hf::tcp_flags_urg, &hf::tcp_flags_ack,
                           &hf::tcp_flags_push, &hf::tcp_flags_reset, &hf::tcp_flags_syn,
                           &hf::tcp_flags_fin}) {
    tree.add(f, o, 2, tcp.flags);
  }
}

void describe_tcp(Tree& tree, const TcpHeader& tcp, const TcpContext& context) {
  std::uint32_t seq = context.relative ? tcp.seq - context.seq_base : tcp.seq;
  std::uint32_t ack = context.relative ? tcp.ack - context.ack_base : tcp.ack;
  NodeIndex top = tree.add(&hf::tcp, tcp.offset, tcp.header_length);
  field::append_formatted(tree, top, FMT_COMPILE(", Src Port: {}, Dst Port: {}, Seq: {}"),
                          tcp.src_port, tcp.dst_port, seq);
  if (tcp.has_ack()) field::append_formatted(tree, top, FMT_COMPILE(", Ack: {}"), ack);
  field::append_formatted(tree, top, FMT_COMPILE(", Len: {}"),
                          tcp.payload_length + tcp.payload_missing);
  Subtree sub(tree, top);
  std::uint32_t o = tcp.offset;
  tree.add(&hf::tcp_srcport, o, 2, tcp.src_port);
  tree.add(&hf::tcp_dstport, o + 2, 2, tcp.dst_port);
  tree.set_flags(tree.add(&hf::tcp_stream, 0, 0, context.stream), field::kGenerated);
  tree.set_flags(tree.add(&hf::tcp_len, 0, 0, tcp.payload_length + tcp.payload_missing),
                 field::kGenerated);
  const char* relative = context.relative ? "    (relative sequence number)" : "";
  tree.append_text(tree.add(&hf::tcp_seq, o + 4, 4, seq), relative);
  tree.add(&hf::tcp_seq_raw, o + 4, 4, tcp.seq);
  if (tcp.has_ack()) {
    const char* relative_ack = context.relative ? "    (relative ack number)" : "";
    tree.append_text(tree.add(&hf::tcp_ack, o + 8, 4, ack), relative_ack);
    tree.add(&hf::tcp_ack_raw, o + 8, 4, tcp.ack);
  }
  NodeIndex hl = tree.add(&hf::tcp_hdr_len, o + 12, 1, tcp.header_length / 4 << 4);
  field::append_formatted(tree, hl, FMT_COMPILE(" ({} bytes)"), tcp.header_length);
  describe_tcp_flags(tree, tcp);
  tree.add(&hf::tcp_window, o + 14, 2, tcp.window);
  if (tcp.payload_length > 0) {
    NodeIndex payload = tree.add_text("TCP payload (", tcp.payload_offset, tcp.payload_length);
    field::append_formatted(tree, payload, FMT_COMPILE("{} bytes)"), tcp.payload_length);
  }
  if (tcp.payload_missing > 0) {
    tree.add_text(fmt::format("[{} bytes of payload not captured (snapshot length)]",
                              tcp.payload_missing));
  }
  if (!context.disposition.empty())
    tree.add_generated_text(&hf::tcp_disposition, context.disposition);
  if (context.note != nullptr) tree.add_note(context.note);
}

}  // namespace

void describe_reassembled(Tree& tree, Bytes datagram, const Packet& packet,
                          std::span<const std::pair<std::uint32_t, std::uint32_t>> fragments,
                          const TcpContext& context) {
  std::string line = fmt::format("[{} IPv{} Fragments ({} bytes):", fragments.size(),
                                 packet.ip.version, datagram.size() - packet.ip.header_length);
  for (std::size_t i = 0; i < fragments.size(); ++i)
    line += fmt::format("{} #{}({})", i == 0 ? "" : ",", fragments[i].first, fragments[i].second);
  tree.add_text(line + "]");
  tree.add_source(datagram, packet.ip.version == 4 ? "Reassembled IPv4" : "Reassembled IPv6");
  describe_packet(tree, datagram, packet, context);
}

void describe_packet(Tree& tree, Bytes data, const Packet& packet, const TcpContext& context) {
  describe_link(tree, data, packet.link);
  if (!packet.has_ip) return;
  if (packet.ip.version == 4) describe_ipv4(tree, data, packet.ip);
  else describe_ipv6(tree, data, packet.ip);
  if (packet.has_tcp) describe_tcp(tree, packet.tcp, context);
}

}  // namespace mqscope::net
