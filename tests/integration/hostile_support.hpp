// Hostile captures built in code and decoded in a child process, so that the test can check
// the memory and time the decoding took. A capture is produced by a function writing pcap
// records to a pipe, while the decoder reads the other end, so that captures of gigabytes
// never exist whole.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "bytes.hpp"
#include "child_process.hpp"
#include "mqscope/app/options.hpp"
#include "pcap_builder.hpp"

namespace mqscope::test {

// What one run of the program over a hostile capture gave: its exit status, its messages
// (stderr), the number of output lines and the first and last lines of its output.
struct HostileRun {
  ChildResult child;
  int status = -1;
  std::uint64_t frames = 0;
  std::uint64_t mqtt_packets = 0;
  std::uint64_t output_lines = 0;
  std::string messages;
  std::string head;  // the first 16 KiB of the output
  std::string tail;  // the last 16 KiB

  bool output_has(std::string_view text) const {
    return head.find(text) != std::string::npos || tail.find(text) != std::string::npos;
  }
};

// The ceilings a run must stay under. Under AddressSanitizer the memory ceiling is raised by
// its quarantine of freed blocks, redzones and shadow memory (effective_kb()).
struct Ceiling {
  std::uint64_t megabytes = 0;
  double seconds = 0;
  std::uint64_t effective_kb() const;
};

using Producer = std::function<void(PcapWriter& out)>;

// Runs app::run with `options` (its input is replaced) over the capture `produce` writes, read
// from a pipe by name, or from standard input when `from_stdin`.
HostileRun run_hostile(app::Options options, const Producer& produce, const Ceiling& ceiling,
                       bool from_stdin = false);
// The same for a capture given as bytes, written to a file (damaged files, empty files).
HostileRun run_hostile_file(app::Options options, const ByteVector& file, const Ceiling& ceiling);

// "peak 3.2 MiB in 0.41 s" for failure messages and the test log.
std::string describe(const HostileRun& run);

// MQTT 3.1.1 packets (§3.1, §3.2, §3.3) for the conversations around the hostile parts.
ByteVector mqtt_connect(std::string_view client_id);
ByteVector mqtt_connack();
ByteVector mqtt_publish(std::string_view topic, std::string_view payload);

// RFC 7692 §7.2.1: a message of `count` zero bytes compressed as permessage-deflate sends it
// (raw DEFLATE, flushed, without the final 00 00 ff ff), made without holding it whole.
ByteVector deflate_zeros(std::uint64_t count);

// The WebSocket opening handshake (RFC 6455 §4) choosing subprotocol mqtt, with
// permessage-deflate agreed when `deflate` (RFC 7692 §7.1).
std::string ws_request(bool deflate);
std::string ws_response(bool deflate);

// The opening of a plain MQTT connection: the TCP handshake, a CONNECT from `client_id`, a
// CONNACK.
void write_mqtt_opening(PcapWriter& out, TcpConversation& tcp, std::string_view client_id);
// The end of a connection: a FIN from the client, then one from the server.
void write_closing(PcapWriter& out, TcpConversation& tcp);

// `bytes` from the client in segments of at most `segment_bytes` (an IPv4 packet holds less
// than 64 KiB).
void write_client_segments(PcapWriter& out, TcpConversation& tcp, const ByteVector& bytes,
                           std::size_t segment_bytes);

// A plain MQTT connection on port 1883 that completes normally: CONNECT, CONNACK, a PUBLISH
// to `topic`, FIN both ways. Hostile captures end with one, to show that the rest is decoded.
void write_normal_connection(PcapWriter& out, std::uint8_t client_host, std::string_view topic);

}  // namespace mqscope::test
