// mqscope-bench-gen: deterministic synthetic captures of MQTT over WebSocket or TCP, of a
// chosen size and number of interleaved connections, with a share of the framings that make
// dissectors stumble (packets split over WebSocket messages, several packets per message,
// fragmented messages, TCP segments cut inside headers and varints). Writes the capture and
// a JSON sidecar with its own count of every MQTT packet it wrote and of those framings.
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "capture_writer.hpp"
#include "dice.hpp"
#include "mqtt_packets.hpp"
#include "websocket_framing.hpp"

namespace mqscope::bench {
namespace {

struct Config {
  std::string out = "bench.pcap";
  std::string truth;  // default: out + ".truth.json"
  double megabytes = 20;
  std::uint32_t connections = 200;
  bool websocket = true;
  FramingShares framing;
  SegmentPolicy segments{1448, 0.05};
  double text_share = 0.7;  // of payloads: JSON-like text; the others random bytes
  std::uint64_t seed = 1;
};

struct Counts {
  std::map<std::uint8_t, std::array<std::uint64_t, 2>> by_type;  // [c2s, s2c]
  std::uint64_t total = 0;
};

class Generator {
 public:
  explicit Generator(const Config& c)
      : config_(c), dice_(c.seed), out_(c.out), framer_(c.framing, dice_, headers_, framing_) {}
  bool run();
  const Counts& counts() const { return counts_; }
  const FramingCounts& framing() const { return framing_; }
  const PcapWriter& writer() const { return out_; }

 private:
  struct Session {
    std::unique_ptr<TcpConnection> tcp;
    std::uint16_t next_id = 1;
  };
  void open(std::uint32_t i);
  void send(std::uint32_t i, bool from_client, const std::vector<Bytes>& packets);
  void send_text(std::uint32_t i, bool from_client, const std::string& text);
  void exchange();
  Bytes payload(std::uint32_t publisher);
  static std::uint16_t packet_id(Session& s) {
    std::uint16_t id = s.next_id++;
    if (s.next_id == 0) s.next_id = 1;  // MQTT-2.3.1-1: identifiers are non-zero
    return id;
  }

  Config config_;
  Dice dice_;
  PcapWriter out_;
  std::uint32_t headers_ = 0;  // numbers every header written, for the cut counts
  FramingCounts framing_;
  WebSocketFramer framer_;
  std::vector<Session> sessions_;
  Counts counts_;
  std::uint64_t clock_ = 1'700'000'000ull * 1'000'000'000ull;
};

void Generator::send(std::uint32_t i, bool from_client, const std::vector<Bytes>& packets) {
  std::vector<MarkedBytes> marked;
  for (const Bytes& p : packets) {
    ++counts_.by_type[static_cast<std::uint8_t>(p[0] >> 4)][from_client ? 0 : 1];
    ++counts_.total;
    marked.push_back(mark_packet(p, ++headers_));
  }
  MarkedBytes bytes;
  if (config_.websocket) {
    bytes = framer_.frames(marked, from_client);
  } else {
    for (const MarkedBytes& m : marked) bytes.append(m, 0, m.size());
  }
  sessions_[i].tcp->send(out_, clock_, from_client, bytes, dice_, config_.segments, framing_);
}

void Generator::send_text(std::uint32_t i, bool from_client, const std::string& text) {
  MarkedBytes bytes;
  bytes.append(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), 0, Part::Other);
  sessions_[i].tcp->send(out_, clock_, from_client, bytes, dice_, config_.segments, framing_);
}

void Generator::open(std::uint32_t i) {
  Session& s = sessions_[i];
  auto client_ip = 0x0a000000u + 2 + i / 20000;
  auto port = static_cast<std::uint16_t>(20000 + i % 20000);
  s.tcp =
      std::make_unique<TcpConnection>(client_ip, port, 0x0a000001u, config_.websocket ? 8083 : 1883,
                                      static_cast<std::uint32_t>(dice_.next()));
  s.tcp->handshake(out_, clock_);
  if (config_.websocket) {  // RFC 6455 §1.3, with the example key and its accept value
    send_text(i, true,
              "GET /mqtt HTTP/1.1\r\nHost: 10.0.0.1:8083\r\nUpgrade: websocket\r\n"
              "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              "Sec-WebSocket-Protocol: mqtt\r\nSec-WebSocket-Version: 13\r\n\r\n");
    send_text(i, false,
              "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
              "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
              "Sec-WebSocket-Protocol: mqtt\r\n\r\n");
  }
  send(i, true, {connect("bench-" + std::to_string(i), 60)});
  send(i, false, {connack()});
  std::uint16_t id = packet_id(s);
  send(i, true, {subscribe(id, "sensors/#", 1)});
  send(i, false, {suback(id, 1)});
}

// 10 B to 2 KB, log-uniform; mostly JSON-like text, as sensors send.
Bytes Generator::payload(std::uint32_t publisher) {
  auto size = static_cast<std::size_t>(std::exp(dice_.uniform(std::log(10.0), std::log(2048.0))));
  Bytes out;
  out.reserve(size);
  if (dice_.chance(config_.text_share)) {
    std::string head = "{\"sensor\":" + std::to_string(publisher) + ",\"value\":\"";
    out.assign(head.begin(), head.end());
    while (out.size() + 2 < size) out.push_back(static_cast<std::uint8_t>('a' + dice_.pick(26)));
    out.push_back('"');
    out.push_back('}');
    out.resize(size, ' ');
    return out;
  }
  for (std::size_t k = 0; k < size; ++k) out.push_back(static_cast<std::uint8_t>(dice_.next()));
  return out;
}

// A publisher's PUBLISH, its acknowledgements, and the broker's delivery to a subscriber.
void Generator::exchange() {
  std::uint32_t from = dice_.pick(static_cast<std::uint32_t>(sessions_.size()));
  std::uint32_t to = dice_.pick(static_cast<std::uint32_t>(sessions_.size()));
  std::uint32_t roll = dice_.pick(10);
  auto qos = static_cast<std::uint8_t>(roll < 6 ? 0 : roll < 9 ? 1 : 2);
  Bytes body = payload(from);
  std::string topic = "sensors/" + std::to_string(from) + "/" + std::to_string(dice_.pick(8));
  std::uint16_t id = qos > 0 ? packet_id(sessions_[from]) : 0;
  std::vector<Bytes> burst{publish(topic, qos, id, body)};
  if (qos == 0 && dice_.chance(0.3)) burst.push_back(publish(topic, 0, 0, body));
  send(from, true, burst);
  if (qos == 1) send(from, false, {ack(kPuback, id)});
  if (qos == 2) {  // MQTT 3.1.1 §4.3.3
    send(from, false, {ack(kPubrec, id)});
    send(from, true, {ack(kPubrel, id)});
    send(from, false, {ack(kPubcomp, id)});
  }
  std::uint8_t delivered = qos > 1 ? 1 : qos;  // the subscription grants QoS 1
  std::uint16_t delivery_id = delivered > 0 ? packet_id(sessions_[to]) : 0;
  send(to, false, {publish(topic, delivered, delivery_id, body)});
  if (delivered == 1) send(to, true, {ack(kPuback, delivery_id)});
  if (dice_.chance(0.02)) {
    send(from, true, {empty(kPingreq)});
    send(from, false, {empty(kPingresp)});
  }
}

bool Generator::run() {
  if (!out_.ok()) return false;
  sessions_.resize(config_.connections);
  for (std::uint32_t i = 0; i < config_.connections; ++i) open(i);
  auto target = static_cast<std::uint64_t>(config_.megabytes * 1e6);
  while (out_.bytes() < target) exchange();
  for (std::uint32_t i = 0; i < config_.connections; ++i) {
    send(i, true, {empty(kDisconnect)});
    sessions_[i].tcp->close(out_, clock_);
  }
  return out_.close();
}

void write_truth(const Config& config, const Generator& g) {
  std::string path = config.truth.empty() ? config.out + ".truth.json" : config.truth;
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return;
  auto u = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
  std::fprintf(f, "{\"transport\":\"%s\",\"connections\":%u,\"seed\":%llu,\"frames\":%llu,",
               config.websocket ? "ws" : "tcp", config.connections, u(config.seed),
               u(g.writer().frames()));
  std::fprintf(f, "\"packets_total\":%llu,\"types\":{", u(g.counts().total));
  bool first = true;
  for (const auto& [type, c] : g.counts().by_type) {
    std::fprintf(f, "%s\"%s\":{\"c2s\":%llu,\"s2c\":%llu}", first ? "" : ",", type_name(type),
                 u(c[0]), u(c[1]));
    first = false;
  }
  const FramingCounts& k = g.framing();
  std::fprintf(
      f,
      "},\"framing\":{\"ws_frames\":%llu,\"ws_messages\":%llu,\"continuation_frames\":%llu,"
      "\"fragmented_messages\":%llu,\"packets_split_over_messages\":%llu,"
      "\"messages_with_several_packets\":%llu,\"tcp_data_segments\":%llu,"
      "\"cuts_in_ws_header\":%llu,\"cuts_in_mqtt_header\":%llu,"
      "\"cuts_in_remaining_length\":%llu}}\n",
      u(k.ws_frames), u(k.ws_messages), u(k.continuation_frames), u(k.fragmented_messages),
      u(k.packets_split_over_messages), u(k.messages_with_several_packets), u(k.segments),
      u(k.cuts_in_ws_header), u(k.cuts_in_mqtt_header), u(k.cuts_in_remaining_length));
  std::fclose(f);
}

bool parse(int argc, char** argv, Config& c) {
  try {
    for (int i = 1; i + 1 < argc; i += 2) {
      std::string k = argv[i], v = argv[i + 1];
      if (k == "--out")
        c.out = v;
      else if (k == "--truth")
        c.truth = v;
      else if (k == "--size-mb")
        c.megabytes = std::stod(v);
      else if (k == "--connections")
        c.connections = static_cast<std::uint32_t>(std::stoul(v));
      else if (k == "--transport" && (v == "ws" || v == "tcp"))
        c.websocket = v == "ws";
      else if (k == "--split")
        c.framing.split = std::stod(v);
      else if (k == "--multi")
        c.framing.multi = std::stod(v);
      else if (k == "--fragment")
        c.framing.fragment = std::stod(v);
      else if (k == "--awkward-cuts")
        c.segments.awkward_cut_share = std::stod(v);
      else if (k == "--text")
        c.text_share = std::stod(v);
      else if (k == "--seed")
        c.seed = std::stoull(v);
      else
        return false;
    }
  } catch (const std::exception&) {  // std::stod and friends on a value that is no number
    return false;
  }
  // Client ports 20000..39999 on as many client addresses as needed.
  return argc % 2 == 1 && c.connections > 0 && c.connections <= 2'000'000;
}

}  // namespace
}  // namespace mqscope::bench

int main(int argc, char** argv) {
  mqscope::bench::Config config;
  if (!mqscope::bench::parse(argc, argv, config)) {
    std::fprintf(stderr,
                 "usage: %s [--out F] [--truth F] [--size-mb N] [--connections N] "
                 "[--transport ws|tcp] [--split S] [--multi S] [--fragment S] "
                 "[--awkward-cuts S] [--text S] [--seed N]\n"
                 "shares S are between 0 and 1\n",
                 argv[0]);
    return 1;
  }
  mqscope::bench::Generator generator(config);
  if (!generator.run()) {
    std::fprintf(stderr, "cannot write %s\n", config.out.c_str());
    return 2;
  }
  mqscope::bench::write_truth(config, generator);
  return 0;
}
