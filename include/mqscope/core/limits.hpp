// Every bound mqscope puts on memory or work, in one place, with units. Hitting one is a note
// and a counter, never an allocation of what the input claims.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mqscope {

struct Limits {
  // Capture
  std::size_t capture_block_bytes = 16u << 20;        // one pcapng block; larger = damaged file
  // IP
  std::size_t ip_fragment_bytes = 4u << 20;           // payload bytes held for reassembly, total
  std::size_t ip_fragment_datagrams = 1024;           // datagrams being reassembled at once
  std::uint32_t ip_fragment_timeout_s = 30;           // capture seconds before one is given up
  // TCP
  std::size_t max_flows = 65536;                      // connections tracked at once (open or
                                                      // lately closed); then the least recently
                                                      // seen is evicted
  std::uint32_t flow_idle_timeout_s = 600;            // capture seconds of silence that close a
                                                      // connection
  std::uint32_t flow_closed_linger_s = 60;            // capture seconds a closed connection is
                                                      // remembered (late segments, port reuse)
  std::size_t tcp_out_of_order_bytes = 1u << 20;      // per direction, buffered ahead of a hole
  std::size_t tcp_out_of_order_segments = 1024;       // per direction
  std::uint32_t tcp_hole_wait_segments = 32;          // segments of a connection a hole waits,
                                                      // once data beyond it was captured or the
                                                      // peer acknowledged it, before it is a gap
  std::size_t tcp_recent_bytes = 64 * 1024;           // per direction, the last delivered bytes
                                                      // a retransmitted copy is compared with
  std::size_t tcp_recent_runs = 64;                   // per direction, runs of those bytes (one
                                                      // per segment) whose capture position is
                                                      // kept for that
  std::size_t recall_frames = 1u << 18;               // capture frames whose bytes can be read
                                                      // again for that comparison
  std::size_t recall_copy_bytes = 8u << 20;           // input that cannot be read again (a pipe,
                                                      // an interface): captured bytes copied for it
  // HTTP
  std::size_t http_head_bytes = 16 * 1024;            // request or response head
  std::size_t upgrade_hold_bytes = 256 * 1024;        // client bytes held until the 101 arrives
  std::size_t midstream_sniff_bytes = 4096;           // per direction, looked at to recognise a
                                                      // connection captured after its start
  // WebSocket
  std::size_t ws_control_payload_bytes = 125;         // RFC 6455 §5.5; larger ones are cut
  std::size_t ws_message_bytes_kept = 16u << 20;      // bytes of one message kept for display
  std::size_t ws_inflated_bytes = 64u << 20;          // per message, after permessage-deflate
  std::uint32_t ws_inflate_ratio = 1000;              // inflated / compressed, above = bomb
  std::size_t ws_resync_window_bytes = 64 * 1024;     // kept while looking for the next frame
                                                      // header after lost bytes
  // MQTT
  std::size_t mqtt_packet_bytes = 16u << 20;          // larger packets are reported and skipped
                                                      // (--mqtt-packet-limit)
  std::size_t mqtt_properties = 1024;                 // per packet
  std::size_t mqtt_topic_aliases = 65535;             // per direction
  std::size_t mqtt_resync_window_bytes = 64 * 1024;   // kept while looking for the next packet
                                                      // after lost bytes
  // Output
  std::size_t summary_payload_chars = 48;             // payload preview in summary lines
  std::size_t ws_frame_packets_held = 1024;           // MQTT packets held to follow the WebSocket
                                                      // frame that completed them (-V, JSON)
  // Statistics (-z)
  std::size_t latency_samples = 1u << 20;             // response times kept per exchange kind
  std::size_t open_exchanges = 1u << 16;              // requests waiting for their response
  std::size_t stats_sessions = 1u << 16;              // connections described by -z mqtt,sessions
  std::size_t stats_topics = 1u << 16;                // topics counted by -z mqtt,topics
  std::size_t flow_packets = 10000;                   // packets drawn per session by mqtt,flow
  // Display filter (-Y)
  std::uint32_t regex_match_steps = 1000000;          // steps of one `matches` test; then it
                                                      // gives up (counted, not a match)
  std::size_t regex_heap_bytes = 8u << 20;            // backtracking memory of one such test
};

}  // namespace mqscope
