// The summary line of one packet, as SummarySink writes it: frame number (5 columns) and
// time (10 columns) right-aligned, the client and the broker padded to the widest seen so far
// (counted in characters, not bytes), the arrow of the direction, the transport in 3 columns,
// '!' before packets with warnings or errors, and the info. With colour, the same text with
// SGR sequences around the styled pieces.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "mqscope/core/notes.hpp"
#include "mqscope/output/summary.hpp"
#include "mqscope/output/writer.hpp"

namespace mqscope::output {
namespace {

class StubFrame : public FrameContext {
 public:
  StubFrame(std::uint32_t number, Timestamp time) : number_(number), time_(time) {}
  std::uint32_t number() const override { return number_; }
  Timestamp time() const override { return time_; }
  Timestamp first_time() const override { return Timestamp{100, 0}; }
  const field::Tree& lower_tree() override { return lower_; }

 private:
  std::uint32_t number_;
  Timestamp time_;
  field::Tree lower_;
};

constexpr NoteInfo kWarning{"test.warning", NoteGroup::Malformed, Severity::Warning, "w"};
constexpr NoteInfo kError{"test.error", NoteGroup::Malformed, Severity::Error, "e"};

struct Line {
  std::uint32_t number;
  Timestamp time;
  bool from_client;
  std::string client;
  std::string broker;
  std::string transport;
  std::string info;
  const NoteInfo* note = nullptr;
};

// The text the sink writes for `lines`, in order, through a real Writer.
std::string summarise(const std::vector<Line>& lines, bool colour = false) {
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* stream = open_memstream(&text, &size);
  {
    Writer writer(stream);
    SummarySink sink(writer, SummaryOptions{false, colour});
    for (const Line& l : lines) {
      field::Tree tree;
      if (l.note) tree.add_note(l.note);
      PacketRecord record;
      record.tree = &tree;
      record.from_client = l.from_client;
      record.source = l.from_client ? l.client : l.broker;
      record.destination = l.from_client ? l.broker : l.client;
      record.transport = l.transport;
      record.info = l.info;
      StubFrame frame(l.number, l.time);
      sink.on_packet(frame, record);
    }
  }
  std::fclose(stream);
  std::string out(text, size);
  std::free(text);
  return out;
}

TEST(SummaryLine, ColumnsOfOnePacket) {
  EXPECT_EQ(summarise({{7,
                        {101, 250'000'000},
                        true,
                        "10.0.0.2:50000",
                        "10.0.0.1:1883",
                        "WS",
                        "PUBLISH q0 topic=\"a\""}}),
            "    7   1.250000 10.0.0.2:50000        \u2192 10.0.0.1:1883         WS   "
            "PUBLISH q0 topic=\"a\"\n");
}

// Endpoints wider than 21 columns widen their column for the lines after them; a broker to
// client packet keeps the client on the left; widths count characters, so a two-byte "é" is
// one column.
TEST(SummaryLine, ColumnsWidenAndCountCharacters) {
  std::string wide_client = "[2001:db8::1234:5678]:50000";     // 27 columns
  std::string accented = "h\xc3\xa9te-broker-name-long:1883";  // 27 bytes, 26 columns
  std::string out = summarise({
      {1, {100, 0}, true, wide_client, "b:1", "TCP", "CONNECT"},
      {2, {100, 1'000}, false, "c:2", accented, "TCP", "CONNACK"},
      {3, {100, 2'000}, true, "c:2", "b:1", "WS", "PINGREQ"},
  });
  EXPECT_EQ(out, "    1   0.000000 " + wide_client +
                     " \u2192 b:1                   TCP  CONNECT\n"
                     "    2   0.000001 c:2                         \u2190 " +
                     accented +
                     " TCP  CONNACK\n"
                     "    3   0.000002 c:2                         \u2192 b:1" +
                     std::string(23, ' ') + " WS   PINGREQ\n");
}

// ASCII endpoints of 1 to 40 characters: each line's columns follow from the widths alone.
TEST(SummaryLine, EndpointsOfEveryLength) {
  for (std::size_t n = 1; n <= 40; ++n) {
    std::string client(n, 'c');
    std::string out = summarise({{1, {100, 0}, true, client, "b", "WS", "PINGREQ"}});
    std::size_t width = std::max<std::size_t>(n, 21);
    std::string expected = "    1   0.000000 " + client + std::string(width - n, ' ') +
                           " \u2192 b" + std::string(20, ' ') + " WS   PINGREQ\n";
    EXPECT_EQ(out, expected) << n;
  }
}

// Frame numbers of 1 to 10 digits and times from 0 to 10 digits of seconds, before the first
// frame or after it: each is right-aligned in its column, or overflows it, never cut.
TEST(SummaryLine, StampsOfEveryWidth) {
  std::uint32_t number = 1;
  for (int digits = 1; digits <= 10; ++digits, number = number * 10 + 9) {
    for (std::int64_t seconds : {std::int64_t{0}, std::int64_t{7}, std::int64_t{12345},
                                 std::int64_t{9'000'000'000}, std::int64_t{-3}}) {
      Timestamp time{100 + seconds, 5'000};
      std::string out = summarise({{number, time, true, "c", "b", "WS", "PINGREQ"}});
      std::string number_text = std::to_string(number);
      std::string time_text = (seconds < 0 ? "-" : "") +
                              std::to_string(seconds < 0 ? -seconds - 1 : seconds) +
                              (seconds < 0 ? ".999995" : ".000005");
      std::string expected =
          std::string(number_text.size() < 5 ? 5 - number_text.size() : 0, ' ') + number_text +
          " " + std::string(time_text.size() < 10 ? 10 - time_text.size() : 0, ' ') + time_text +
          " c" + std::string(20, ' ') + " \u2192 b" + std::string(20, ' ') + " WS   PINGREQ\n";
      EXPECT_EQ(out, expected) << number << " " << seconds;
    }
  }
}

TEST(SummaryLine, WarningsAndErrorsAreMarked) {
  std::string out = summarise({
      {1, {100, 0}, true, "c", "b", "WS", "PUBLISH q3", &kError},
      {2, {100, 0}, true, "c", "b", "WS", "PUBACK id=1", &kWarning},
  });
  EXPECT_EQ(
      out,
      "    1   0.000000 c                     \u2192 b                     WS  !PUBLISH q3\n"
      "    2   0.000000 c                     \u2192 b                     WS  !PUBACK id=1\n");
}

TEST(SummaryLine, ColourWrapsTheStyledPieces) {
  std::string out = summarise({{1, {100, 0}, true, "c", "b", "WS", "PUBLISH q3 x", &kError}}, true);
  EXPECT_EQ(
      out,
      "\x1b[2m    1   0.000000\x1b[0m c                     \x1b[1m\u2192\x1b[0m "
      "b                     WS  \x1b[1;31m!\x1b[0m\x1b[1mPUBLISH\x1b[0m\x1b[1;31m q3 x\x1b[0m\n");
}

}  // namespace
}  // namespace mqscope::output
