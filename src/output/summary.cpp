#include "mqscope/output/summary.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "mqscope/core/swar.hpp"
#include "mqscope/output/sinks.hpp"

namespace mqscope::output {

namespace {

constexpr const char* kDim = "2";
constexpr const char* kBold = "1";
constexpr const char* kError = "1;31";
constexpr const char* kWarning = "33";

// The most severe note in the record's tree.
const NoteInfo* worst_note(const field::Tree& tree) {
  const NoteInfo* worst = nullptr;
  for (const field::Node& n : tree.nodes()) {
    if (n.note && (!worst || n.note->severity > worst->severity)) worst = n.note;
  }
  return worst;
}

// Columns of UTF-8 text: one per lead byte. Endpoints are addresses and ports, ASCII, so the
// count is the length once a word-at-a-time pass (the last word overlapping) finds no byte
// from 0x80.
std::size_t display_width(std::string_view text) {
  std::size_t i = 0;
  while (i + 8 <= text.size() && swar::all_ascii(swar::load(text.data() + i))) i += 8;
  if (i == text.size() || (i + 8 > text.size() && text.size() >= 8 &&
                           swar::all_ascii(swar::load(text.data() + text.size() - 8))))
    return text.size();
  std::size_t n = i;
  for (; i < text.size(); ++i) n += (static_cast<unsigned char>(text[i]) & 0xc0) != 0x80;
  return n;
}

// The pieces of one line, worked out before it is written.
struct LineParts {
  std::string_view stamp;  // frame number and time, right-aligned in their columns
  std::string_view client;
  std::size_t client_pad = 0;
  std::string_view arrow;
  std::string_view broker;
  std::size_t broker_pad = 0;
  std::string_view transport;
  const char* alarm = nullptr;  // the SGR of a flagged packet, else null
  std::string_view type;
  std::string_view rest;
};

// Sixteen spaces, stored whole for any padding up to that wide.
constexpr char kSpaces[] = "                ";
constexpr std::size_t kSpacesWide = sizeof kSpaces - 1;
// Room a line needs beyond its pieces: padding may store kSpacesWide bytes, however few count.
constexpr std::size_t kLineSlack = kSpacesWide + 16;

// Writes into room reserved beforehand (kLineSlack more than the pieces), without colour: the
// line of nearly every run. Its pieces are a few bytes each: calls to memcpy and memset cost
// more than the copies.
struct PlainLine {
  char* at;
  [[gnu::always_inline]] void text(std::string_view s) {
    copy_short(at, s.data(), s.size());
    at += s.size();
  }
  [[gnu::always_inline]] void spaces(std::size_t n) {
    if (n <= kSpacesWide)
      std::memcpy(at, kSpaces, kSpacesWide);
    else
      std::memset(at, ' ', n);
    at += n;
  }
  void styled(std::string_view s, const char*) { text(s); }
};

// Appends, with each styled piece between its SGR sequence and a reset.
struct ColouredLine {
  TextBuffer& out;
  void text(std::string_view s) { out.append(s); }
  void spaces(std::size_t n) { out.append(n, ' '); }
  void styled(std::string_view s, const char* sgr) {
    if (!s.empty()) fmt::format_to(std::back_inserter(out), "\x1b[{}m{}\x1b[0m", sgr, s);
  }
};

template <typename Line>
void write_line(Line& line, const LineParts& p) {
  line.styled(p.stamp, kDim);
  line.text(" ");
  line.text(p.client);
  line.spaces(p.client_pad);
  line.text(" ");
  line.styled(p.arrow, kBold);
  line.text(" ");
  line.text(p.broker);
  line.spaces(p.broker_pad);
  line.text(" ");
  line.text(p.transport);
  line.spaces(p.transport.size() < 3 ? 3 - p.transport.size() : 0);
  line.text(" ");
  if (p.alarm)
    line.styled("!", p.alarm);
  else
    line.text(" ");
  line.styled(p.type, kBold);
  if (p.alarm)
    line.styled(p.rest, p.alarm);
  else
    line.text(p.rest);
}

// `text` right-aligned in `width` columns of ASCII (never cut), written at `at`.
// `at` has room for kSpacesWide more bytes than width or the text, whichever is longer.
char* write_right(char* at, const char* text, const char* text_end, std::size_t width) {
  auto used = static_cast<std::size_t>(text_end - text);
  if (used < width) {
    PlainLine pad{at};
    pad.spaces(width - used);
    at = pad.at;
  }
  copy_short(at, text, used);
  return at + used;
}

}  // namespace

// Each line is written straight into the output's buffer: no string is made per packet.
void SummarySink::on_packet(FrameContext& frame, const PacketRecord& packet) {
  LineParts parts;
  parts.client = packet.from_client ? packet.source : packet.destination;
  parts.broker = packet.from_client ? packet.destination : packet.source;
  std::size_t client_used = display_width(parts.client);
  std::size_t broker_used = display_width(parts.broker);
  client_width_ = std::max(client_width_, client_used);
  broker_width_ = std::max(broker_width_, broker_used);
  parts.client_pad = client_width_ - client_used;
  parts.broker_pad = broker_width_ - broker_used;
  parts.arrow = packet.from_client ? "\u2192" : "\u2190";
  parts.transport = packet.transport;
  const NoteInfo* worst = worst_note(*packet.tree);
  if (worst && worst->severity >= Severity::Warning)
    parts.alarm = worst->severity == Severity::Error ? kError : kWarning;
  std::string_view info = packet.info;
  std::size_t space = std::min(info.find(' '), info.size());
  parts.type = info.substr(0, space);
  parts.rest = info.substr(space);
  // Columns padded by hand: fmt's runtime width handling was a quarter of the summary run.
  // At most 10 digits; room beyond 16 keeps GCC (LTO) from warning of a copy it cannot rule out.
  char number[24];
  char* number_end = std::to_chars(number, number + sizeof number, frame.number()).ptr;
  char time[kRelativeTextMax];
  char* time_end = write_relative(time, frame.time(), frame.first_time(), 6);
  char* stamp_end = write_right(stamp_.data(), number, number_end, 5);
  *stamp_end++ = ' ';
  stamp_end = write_right(stamp_end, time, time_end, 10);
  parts.stamp =
      std::string_view(stamp_.data(), static_cast<std::size_t>(stamp_end - stamp_.data()));
  TextBuffer& out = out_.line_buffer();
  if (options_.colour) {
    ColouredLine line{out};
    write_line(line, parts);
  } else {
    // Room for every piece and its padding, then only what was written is kept.
    char* start = out.reserve_tail(parts.stamp.size() + parts.client.size() + parts.client_pad +
                                   parts.arrow.size() + parts.broker.size() + parts.broker_pad +
                                   parts.transport.size() + info.size() + kLineSlack);
    PlainLine line{start};
    write_line(line, parts);
    out.commit(static_cast<std::size_t>(line.at - start));
  }
  out_.end_line();
  // A note line has no bytes of its own to show; a WebSocket message has its data.
  if (options_.hex && (packet.is_packet || packet.is_ws_message)) {
    write_packet_hex(packet, out_);
    out_.line("");
  }
}

}  // namespace mqscope::output
