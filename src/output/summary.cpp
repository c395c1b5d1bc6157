#include "mqscope/output/summary.hpp"

#include <algorithm>
#include <charconv>
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
// count starts with a word-at-a-time pass over the ASCII prefix.
std::size_t display_width(std::string_view text) {
  std::size_t i = 0;
  while (i + 8 <= text.size() && swar::all_ascii(swar::load(text.data() + i))) i += 8;
  std::size_t n = i;
  for (; i < text.size(); ++i) n += (static_cast<unsigned char>(text[i]) & 0xc0) != 0x80;
  return n;
}

// `text`, `used` columns wide, and spaces up to `width` columns (text is never cut).
void append_left(std::string& out, std::string_view text, std::size_t used, std::size_t width) {
  out.append(text);
  if (used < width) out.append(width - used, ' ');
}

// Spaces, then what `append_text` appends, right-aligned to `width` columns of ASCII.
template <typename AppendText>
void append_right(std::string& out, std::size_t width, AppendText append_text) {
  std::size_t start = out.size();
  append_text(out);
  std::size_t used = out.size() - start;
  if (used < width) out.insert(start, width - used, ' ');
}

}  // namespace

namespace {

// `text` as it is, or between the SGR sequence and a reset when colour is on.
void append_styled(std::string& out, bool colour, std::string_view text, const char* sgr) {
  if (!colour || text.empty()) {
    out.append(text);
    return;
  }
  fmt::format_to(std::back_inserter(out), "\x1b[{}m{}\x1b[0m", sgr, text);
}

}  // namespace

// Written piece by piece straight into the output's buffer: no string is made per packet.
void SummarySink::on_packet(FrameContext& frame, const PacketRecord& packet) {
  std::string_view client = packet.from_client ? packet.source : packet.destination;
  std::string_view broker = packet.from_client ? packet.destination : packet.source;
  std::size_t client_used = display_width(client);
  std::size_t broker_used = display_width(broker);
  client_width_ = std::max(client_width_, client_used);
  broker_width_ = std::max(broker_width_, broker_used);
  const NoteInfo* worst = worst_note(*packet.tree);
  bool flagged = worst && worst->severity >= Severity::Warning;
  const char* alarm = flagged && worst->severity == Severity::Error ? kError : kWarning;
  std::string_view info = packet.info;
  std::size_t space = std::min(info.find(' '), info.size());
  std::string_view type = info.substr(0, space);
  std::string_view rest = info.substr(space);
  // Columns padded by hand: fmt's runtime width handling was a quarter of the summary run.
  stamp_.clear();
  append_right(stamp_, 5, [&](std::string& out) {
    char digits[16];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, frame.number()).ptr);
  });
  stamp_ += ' ';
  append_right(stamp_, 10, [&](std::string& out) {
    append_relative(out, frame.time(), frame.first_time(), 6);
  });
  bool colour = options_.colour;
  std::string& line = out_.line_buffer();
  append_styled(line, colour, stamp_, kDim);
  line += ' ';
  append_left(line, client, client_used, client_width_);
  line += ' ';
  append_styled(line, colour, packet.from_client ? "\u2192" : "\u2190", kBold);
  line += ' ';
  append_left(line, broker, broker_used, broker_width_);
  line += ' ';
  append_left(line, packet.transport, packet.transport.size(), 3);
  line += ' ';
  if (flagged) append_styled(line, colour, "!", alarm);
  else line += ' ';
  append_styled(line, colour, type, kBold);
  if (flagged) append_styled(line, colour, rest, alarm);
  else line.append(rest);
  out_.end_line();
  if (options_.hex) {
    write_packet_hex(packet, out_);
    out_.line("");
  }
}

}  // namespace mqscope::output
