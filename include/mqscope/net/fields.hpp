// Field descriptions of the link, IP and TCP headers, with Wireshark's abbreviations.
#pragma once

#include "mqscope/field/field.hpp"

namespace mqscope::net::hf {

using field::Base;
using field::FieldInfo;
using field::Type;
using field::ValueString;

inline constexpr ValueString kEtherTypes[] = {
    {0x0800, "IPv4"}, {0x86dd, "IPv6"}, {0x8100, "802.1Q Virtual LAN"}, {0x0806, "ARP"}};
inline constexpr ValueString kIpProtocols[] = {
    {1, "ICMP"}, {6, "TCP"}, {17, "UDP"}, {58, "ICMPv6"}};

inline constexpr FieldInfo eth{"Ethernet II", "eth", Type::Protocol};
inline constexpr FieldInfo eth_dst{"Destination", "eth.dst", Type::Ether};
inline constexpr FieldInfo eth_src{"Source", "eth.src", Type::Ether};
inline constexpr FieldInfo eth_type{"Type", "eth.type", Type::UInt16, Base::Hex, 0, kEtherTypes};
inline constexpr FieldInfo link_header{"Link-layer header", "frame.link_header", Type::Bytes};

inline constexpr FieldInfo ip{"Internet Protocol Version 4", "ip", Type::Protocol};
inline constexpr FieldInfo ip_version{"Version", "ip.version", Type::UInt8, Base::Dec, 0xf0};
inline constexpr FieldInfo ip_hdr_len{"Header Length", "ip.hdr_len", Type::UInt8, Base::Dec,
                                      0x0f};
inline constexpr FieldInfo ip_len{"Total Length", "ip.len", Type::UInt16, Base::Dec};
inline constexpr FieldInfo ip_id{"Identification", "ip.id", Type::UInt16, Base::HexDec};
inline constexpr FieldInfo ip_flags{"Flags", "ip.flags", Type::UInt8, Base::Hex, 0xe0};
inline constexpr FieldInfo ip_flags_rb{"Reserved bit", "ip.flags.rb", Type::Boolean, Base::None,
                                       0x80, {}, &field::kSetNotSet};
inline constexpr FieldInfo ip_flags_df{"Don't fragment", "ip.flags.df", Type::Boolean,
                                       Base::None, 0x40, {}, &field::kSetNotSet};
inline constexpr FieldInfo ip_flags_mf{"More fragments", "ip.flags.mf", Type::Boolean,
                                       Base::None, 0x20, {}, &field::kSetNotSet};
inline constexpr FieldInfo ip_frag_offset{"Fragment Offset", "ip.frag_offset", Type::UInt16,
                                          Base::Dec, 0x1fff};
inline constexpr FieldInfo ip_ttl{"Time to Live", "ip.ttl", Type::UInt8, Base::Dec};
inline constexpr FieldInfo ip_proto{"Protocol", "ip.proto", Type::UInt8, Base::Dec, 0,
                                    kIpProtocols};
inline constexpr FieldInfo ip_src{"Source Address", "ip.src", Type::IPv4};
inline constexpr FieldInfo ip_dst{"Destination Address", "ip.dst", Type::IPv4};

inline constexpr FieldInfo ipv6{"Internet Protocol Version 6", "ipv6", Type::Protocol};
inline constexpr FieldInfo ipv6_version{"Version", "ipv6.version", Type::UInt8, Base::Dec, 0xf0};
inline constexpr FieldInfo ipv6_plen{"Payload Length", "ipv6.plen", Type::UInt16, Base::Dec};
inline constexpr FieldInfo ipv6_nxt{"Next Header", "ipv6.nxt", Type::UInt8, Base::Dec, 0,
                                    kIpProtocols};
inline constexpr FieldInfo ipv6_hlim{"Hop Limit", "ipv6.hlim", Type::UInt8, Base::Dec};
inline constexpr FieldInfo ipv6_src{"Source Address", "ipv6.src", Type::IPv6};
inline constexpr FieldInfo ipv6_dst{"Destination Address", "ipv6.dst", Type::IPv6};

inline constexpr FieldInfo tcp{"Transmission Control Protocol", "tcp", Type::Protocol};
inline constexpr FieldInfo tcp_srcport{"Source Port", "tcp.srcport", Type::UInt16, Base::Dec};
inline constexpr FieldInfo tcp_dstport{"Destination Port", "tcp.dstport", Type::UInt16,
                                       Base::Dec};
inline constexpr FieldInfo tcp_stream{"Stream index", "tcp.stream", Type::UInt32, Base::Dec};
inline constexpr FieldInfo tcp_len{"TCP Segment Len", "tcp.len", Type::UInt32, Base::Dec};
inline constexpr FieldInfo tcp_seq{"Sequence Number", "tcp.seq", Type::UInt32, Base::Dec};
inline constexpr FieldInfo tcp_seq_raw{"Sequence Number (raw)", "tcp.seq_raw", Type::UInt32,
                                       Base::Dec};
inline constexpr FieldInfo tcp_nxtseq{"Next Sequence Number", "tcp.nxtseq", Type::UInt32,
                                      Base::Dec};
inline constexpr FieldInfo tcp_ack{"Acknowledgment Number", "tcp.ack", Type::UInt32, Base::Dec};
inline constexpr FieldInfo tcp_ack_raw{"Acknowledgment number (raw)", "tcp.ack_raw",
                                       Type::UInt32, Base::Dec};
inline constexpr FieldInfo tcp_hdr_len{"Header Length", "tcp.hdr_len", Type::UInt8, Base::Dec,
                                       0xf0};
inline constexpr FieldInfo tcp_flags{"Flags", "tcp.flags", Type::UInt16, Base::Hex, 0x0fff, {},
                                     nullptr, 12};
inline constexpr FieldInfo tcp_flags_res{"Reserved", "tcp.flags.res", Type::Boolean, Base::None,
                                         0xe00, {}, &field::kSetNotSet, 12};
inline constexpr FieldInfo tcp_flags_ae{"Accurate ECN", "tcp.flags.ae", Type::Boolean,
                                        Base::None, 0x100, {}, &field::kSetNotSet, 12};
inline constexpr FieldInfo tcp_flags_cwr{"Congestion Window Reduced", "tcp.flags.cwr",
                                         Type::Boolean, Base::None, 0x080, {},
                                         &field::kSetNotSet, 12};
inline constexpr FieldInfo tcp_flags_ece{"ECN-Echo", "tcp.flags.ece", Type::Boolean, Base::None,
                                         0x040, {}, &field::kSetNotSet, 12};
inline constexpr FieldInfo tcp_flags_urg{"Urgent", "tcp.flags.urg", Type::Boolean, Base::None,
                                         0x020, {}, &field::kSetNotSet, 12};
inline constexpr FieldInfo tcp_flags_ack{"Acknowledgment", "tcp.flags.ack", Type::Boolean,
                                         Base::None, 0x010, {}, &field::kSetNotSet, 12};
inline constexpr FieldInfo tcp_flags_push{"Push", "tcp.flags.push", Type::Boolean, Base::None,
                                          0x008, {}, &field::kSetNotSet, 12};
inline constexpr FieldInfo tcp_flags_reset{"Reset", "tcp.flags.reset", Type::Boolean,
                                           Base::None, 0x004, {}, &field::kSetNotSet, 12};
inline constexpr FieldInfo tcp_flags_syn{"Syn", "tcp.flags.syn", Type::Boolean, Base::None,
                                         0x002, {}, &field::kSetNotSet, 12};
inline constexpr FieldInfo tcp_flags_fin{"Fin", "tcp.flags.fin", Type::Boolean, Base::None,
                                         0x001, {}, &field::kSetNotSet, 12};
inline constexpr FieldInfo tcp_window{"Window", "tcp.window_size_value", Type::UInt16,
                                      Base::Dec};
inline constexpr FieldInfo tcp_payload{"TCP payload", "tcp.payload", Type::Bytes};
// mqscope's own: what stream reassembly did with the segment.
inline constexpr FieldInfo tcp_disposition{"Reassembly", "tcp.disposition", Type::String,
                                           Base::None, 0, {}, nullptr, 0,
                                           "in order, buffered, retransmission, overlap, out of "
                                           "window, after close or no payload"};

inline constexpr field::FieldId kAll[] = {
    &eth,           &eth_dst,        &eth_src,        &eth_type,       &link_header,
    &ip,            &ip_version,     &ip_hdr_len,     &ip_len,         &ip_id,
    &ip_flags,      &ip_flags_rb,    &ip_flags_df,    &ip_flags_mf,    &ip_frag_offset,
    &ip_ttl,        &ip_proto,       &ip_src,         &ip_dst,         &ipv6,
    &ipv6_version,  &ipv6_plen,      &ipv6_nxt,       &ipv6_hlim,      &ipv6_src,
    &ipv6_dst,      &tcp,            &tcp_srcport,    &tcp_dstport,    &tcp_stream,
    &tcp_len,       &tcp_seq,        &tcp_seq_raw,    &tcp_nxtseq,     &tcp_ack,
    &tcp_ack_raw,   &tcp_hdr_len,    &tcp_flags,      &tcp_flags_res,  &tcp_flags_ae,
    &tcp_flags_cwr, &tcp_flags_ece,  &tcp_flags_urg,  &tcp_flags_ack,  &tcp_flags_push,
    &tcp_flags_reset, &tcp_flags_syn, &tcp_flags_fin, &tcp_window, &tcp_payload,
    &tcp_disposition};

}  // namespace mqscope::net::hf
