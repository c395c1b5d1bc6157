#include "hostile_support.hpp"

#include <signal.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "mqscope/app/run.hpp"

namespace mqscope::test {

namespace {

constexpr std::size_t kKept = 16 * 1024;

// A FILE that counts lines and keeps only the first and last kKept bytes written to it.
class BoundedOutput {
 public:
  BoundedOutput() {
    cookie_io_functions_t io{};
    io.write = [](void* self, const char* data, std::size_t size) -> ssize_t {
      static_cast<BoundedOutput*>(self)->take(data, size);
      return static_cast<ssize_t>(size);
    };
    file_ = fopencookie(this, "w", io);
  }
  ~BoundedOutput() { close(); }
  BoundedOutput(const BoundedOutput&) = delete;
  BoundedOutput& operator=(const BoundedOutput&) = delete;

  std::FILE* file() { return file_; }
  void close() {
    if (file_) std::fclose(file_);
    file_ = nullptr;
  }

  std::string head;
  std::string tail;
  std::uint64_t lines = 0;

 private:
  void take(const char* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) lines += data[i] == '\n';
    if (head.size() < kKept) head.append(data, std::min(size, kKept - head.size()));
    tail.append(data, size);
    if (tail.size() > 2 * kKept) tail.erase(0, tail.size() - kKept);
  }

  std::FILE* file_ = nullptr;
};

void put_section(std::string& out, std::string_view name, std::string_view text) {
  out += fmt::format("{} {}\n", name, text.size());
  out += text;
}

// Runs the program in the child and writes what it gave into `report`.
int decode(app::Options options, std::string& report) {
  BoundedOutput out;
  BoundedOutput err;
  app::Statistics stats;
  int status = app::run(options, out.file(), err.file(), &stats);
  out.close();
  err.close();
  if (out.tail.size() > kKept) out.tail.erase(0, out.tail.size() - kKept);
  report = fmt::format("{} {} {} {}\n", status, stats.frames, stats.mqtt_packets, out.lines);
  put_section(report, "messages", err.head);
  put_section(report, "head", out.head);
  put_section(report, "tail", out.tail);
  return 0;
}

std::string take_section(std::istringstream& in) {
  std::string name;
  std::size_t size = 0;
  in >> name >> size;
  in.get();
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  return text;
}

HostileRun parse(const ChildResult& child) {
  HostileRun run;
  run.child = child;
  std::istringstream in(child.report);
  in >> run.status >> run.frames >> run.mqtt_packets >> run.output_lines;
  in.get();
  run.messages = take_section(in);
  run.head = take_section(in);
  run.tail = take_section(in);
  return run;
}

ByteVector string_packet(std::uint8_t header, const ByteVector& body) {
  ByteVector out{header};
  std::size_t n = body.size();
  do {  // MQTT-1.5.5: Remaining Length, seven bits a byte, low group first
    auto digit = static_cast<std::uint8_t>(n % 128);
    n /= 128;
    out.push_back(static_cast<std::uint8_t>(digit | (n > 0 ? 0x80 : 0)));
  } while (n > 0);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

}  // namespace

std::uint64_t Ceiling::effective_kb() const {
  std::uint64_t kb = megabytes * 1024;
  // ASan keeps up to 256 MiB of freed blocks in quarantine, pads every block with redzones
  // (small blocks grow several times: 100,000 connections of the SYN flood take 24 MiB
  // without it and 490 MiB with it), and adds shadow memory. Under ASan the ceiling still
  // catches what it is for, an allocation of what the input claims (gigabytes); the exact
  // ceiling is checked by the build without sanitizers, which CI runs too.
  if (address_sanitizer_active()) kb = kb * 6 + 320 * 1024;
  return kb;
}

HostileRun run_hostile(app::Options options, const Producer& produce, const Ceiling& ceiling,
                       bool from_stdin) {
  ChildResult child = run_in_child(
      [&](std::string& report) {
        ::signal(SIGPIPE, SIG_IGN);  // the decoder may stop reading before the producer ends
        int fds[2];
        if (::pipe(fds) != 0) return 3;
        std::thread producer([&] {
          PcapWriter writer(fds[1]);
          produce(writer);
          ::close(fds[1]);
        });
        if (from_stdin) {
          ::dup2(fds[0], STDIN_FILENO);
          ::close(fds[0]);
          fds[0] = STDIN_FILENO;
        }
        options.input = from_stdin ? std::string(1, '-') : fmt::format("/dev/fd/{}", fds[0]);
        decode(options, report);
        ::close(fds[0]);  // a producer still writing gets an error and stops
        producer.join();
        return 0;
      },
      ceiling.seconds);
  return parse(child);
}

HostileRun run_hostile_file(app::Options options, const ByteVector& file, const Ceiling& ceiling) {
  TempFile temp(file);
  options.input = temp.path();
  return parse(
      run_in_child([&](std::string& report) { return decode(options, report); }, ceiling.seconds));
}

std::string describe(const HostileRun& run) {
  return fmt::format(
      "peak {:.1f} MiB in {:.2f} s, status {}, {} frames, {} MQTT packets, {} "
      "output lines; messages: {}",
      static_cast<double>(run.child.peak_kb) / 1024, run.child.seconds, run.status, run.frames,
      run.mqtt_packets, run.output_lines, run.messages.substr(0, 600));
}

ByteVector mqtt_connect(std::string_view client_id) {
  ByteVector body = from_hex("0004 4d515454 04 02 003c");
  append_mqtt_string(body, client_id);
  return string_packet(0x10, body);
}

ByteVector mqtt_connack() {
  return from_hex("20020000");
}

ByteVector mqtt_publish(std::string_view topic, std::string_view payload) {
  ByteVector body;
  append_mqtt_string(body, topic);
  ByteVector text = from_text(payload);
  body.insert(body.end(), text.begin(), text.end());
  return string_packet(0x30, body);
}

ByteVector deflate_zeros(std::uint64_t count) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  ByteVector zeros(1 << 20, 0x00);
  ByteVector out;
  std::uint8_t buffer[1 << 16];
  std::uint64_t left = count;
  int flush = Z_NO_FLUSH;
  while (flush != Z_SYNC_FLUSH) {
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, zeros.size()));
    left -= n;
    flush = left == 0 ? Z_SYNC_FLUSH : Z_NO_FLUSH;
    z.next_in = zeros.data();
    z.avail_in = static_cast<uInt>(n);
    do {
      z.next_out = buffer;
      z.avail_out = sizeof buffer;
      deflate(&z, flush);
      out.insert(out.end(), buffer, buffer + (sizeof buffer - z.avail_out));
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  out.resize(out.size() - 4);  // the 00 00 ff ff of the empty stored block
  return out;
}

std::string ws_request(bool deflate) {
  std::string head =
      "GET /mqtt HTTP/1.1\r\nHost: 10.0.0.1:8080\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: mqtt\r\n";
  if (deflate) head.append("Sec-WebSocket-Extensions: permessage-deflate\r\n");
  head.append("\r\n");
  return head;
}

std::string ws_response(bool deflate) {
  std::string head =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: mqtt\r\n";
  if (deflate) head.append("Sec-WebSocket-Extensions: permessage-deflate\r\n");
  head.append("\r\n");
  return head;
}

void write_client_segments(PcapWriter& out, TcpConversation& tcp, const ByteVector& bytes,
                           std::size_t segment_bytes) {
  for (std::size_t at = 0; at < bytes.size(); at += segment_bytes) {
    std::size_t n = std::min(segment_bytes, bytes.size() - at);
    auto first = bytes.begin() + static_cast<std::ptrdiff_t>(at);
    out.add(tcp.client_data(ByteVector(first, first + static_cast<std::ptrdiff_t>(n))));
  }
}

void write_mqtt_opening(PcapWriter& out, TcpConversation& tcp, std::string_view client_id) {
  for (const ByteVector& f : tcp.handshake()) out.add(f);
  out.add(tcp.client_data(mqtt_connect(client_id)));
  out.add(tcp.server_data(mqtt_connack()));
}

void write_closing(PcapWriter& out, TcpConversation& tcp) {
  out.add(tcp.client_fin());
  out.add(tcp.server_fin());
}

void write_normal_connection(PcapWriter& out, std::uint8_t client_host, std::string_view topic) {
  TcpConversation tcp({{10, 9, 9, client_host}, 45000}, {{10, 9, 9, 1}, 1883});
  write_mqtt_opening(out, tcp, "survivor");
  out.add(tcp.client_data(mqtt_publish(topic, "still decoded")));
  write_closing(out, tcp);
}

}  // namespace mqscope::test
