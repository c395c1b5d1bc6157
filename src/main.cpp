// mqscope: command-line options only; everything else lives in the library.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "mqscope/app/live.hpp"
#include "mqscope/app/registry.hpp"
#include "mqscope/app/run.hpp"
#include "mqscope/core/limit_names.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/version.hpp"

namespace {

using mqscope::app::Options;

// A count that fits 64 bits. CLI11 reads "-1" into an unsigned option as 2^64 - 1, that is as
// "no limit", and says nothing.
const CLI::Validator kCount(
    [](std::string& text) -> std::string {
      std::uint64_t value = 0;
      const char* last = text.data() + text.size();
      auto [end, problem] = std::from_chars(text.data(), last, value);
      if (problem != std::errc() || end != last || text.empty())
        return "'" + text + "' is not a whole number from 0 to 18446744073709551615";
      return "";
    },
    "N");

// tshark's -E key=value output options.
bool apply_field_option(const std::string& spec, Options& options, std::string& error) {
  auto eq = spec.find('=');
  std::string key = spec.substr(0, eq);
  std::string value = eq == std::string::npos ? "" : spec.substr(eq + 1);
  auto& f = options.fields;
  if (key == "header") {
    f.header = value == "y";
    return value == "y" || value == "n" || (error = "-E header= takes y or n", false);
  }
  if (key == "separator" || key == "aggregator") {
    char c = value == "/t" ? '\t' : value == "/s" ? ' ' : value.size() == 1 ? value[0] : '\0';
    if (c == '\0') {
      error = fmt::format("-E {}= takes one character, /t or /s", key);
      return false;
    }
    (key == "separator" ? f.separator : f.aggregator) = c;
    return true;
  }
  error = fmt::format("unknown -E option '{}' (header, separator, aggregator)", key);
  return false;
}

// tshark's ring buffer options: -b filesize:KB and -b files:N.
bool apply_ring_option(const std::string& spec, Options& options, std::string& error) {
  auto colon = spec.find(':');
  std::string key = spec.substr(0, colon);
  std::string value = colon == std::string::npos ? "" : spec.substr(colon + 1);
  char* end = nullptr;
  unsigned long long number = std::strtoull(value.c_str(), &end, 10);
  bool valid = !value.empty() && *end == '\0' && value[0] != '-' && number > 0;
  if (key == "filesize" && valid) {
    options.save.file_size_kb = number;
    return true;
  }
  if (key == "files" && valid && number <= 100000) {
    options.save.max_files = static_cast<std::uint32_t>(number);
    return true;
  }
  error = key == "filesize" || key == "files"
              ? fmt::format("-b {}: takes a positive number", key)
              : fmt::format("unknown -b option '{}' (filesize:KB, files:N)", spec);
  return false;
}

// Options that only make sense with -i, and -w/-b that need each other.
bool check_live_options(const CLI::App& cli, Options& options, const std::vector<std::string>& ring,
                        std::string& error) {
  bool live = !options.live.interface.empty();
  for (const char* name : {"-f", "-s", "-p", "-B", "--immediate", "-w", "-b"}) {
    if (!live && cli.count(name) > 0) {
      error = fmt::format("{} applies to a live capture: add -i INTERFACE (mqscope -D lists them)",
                          name);
      return false;
    }
  }
  if (live && !options.input.empty()) {
    error = "give either -i INTERFACE or a capture file, not both";
    return false;
  }
  if (options.save.path == "-") {
    error = "-w - is not supported: standard output carries the decoded packets";
    return false;
  }
  for (const std::string& spec : ring)
    if (!apply_ring_option(spec, options, error)) return false;
  if (!ring.empty() && options.save.path.empty()) {
    error = "-b needs -w FILE: the ring buffer's files are named after it";
    return false;
  }
  if (options.save.max_files != 0 && options.save.file_size_kb == 0) {
    error = "-b files:N needs -b filesize:KB: a file of the ring is full at that size";
    return false;
  }
  return true;
}

// -i, -D, -f, -s, -p, -B, --immediate, -w and -b, as tshark spells them.
struct CaptureFlags {
  bool list_interfaces = false;
  bool no_promiscuous = false;
  std::vector<std::string> ring;
};

// What the command line says before it is turned into Options: values that need checking or
// mapping, and choices spread over several flags.
struct CommandLine {
  std::string read_file;
  std::string positional;
  CaptureFlags capture;
  std::vector<std::string> decode_as;
  std::string mqtt_version;
  std::vector<std::string> limits;  // --limit NAME=N
  bool verbose = false;
  bool explain = false;
  std::string output_format = "text";
  std::vector<std::string> field_options;
  std::string colour = "auto";
  std::string flow_format = "text";
  std::string glossary;
};

void add_capture_options(CLI::App& cli, Options& options, CaptureFlags& flags) {
  auto* capture = cli.add_option_group("Capture");
  capture->add_option("-i,--interface", options.live.interface,
                      "Capture live on this interface (any = all of them; -D lists them)");
  capture->add_flag("-D,--list-interfaces", flags.list_interfaces, "List the interfaces and exit");
  capture->add_option("-f", options.live.filter,
                      "Capture filter, BPF syntax (default: tcp; '' = everything)");
  capture->add_option("-s,--snapshot-length", options.live.snapshot_length,
                      "Bytes to keep of each packet (default and 0: 262144)");
  capture->add_flag("-p,--no-promiscuous-mode", flags.no_promiscuous,
                    "Do not put the interface into promiscuous mode");
  capture->add_option("-B,--buffer-size", options.live.buffer_mib,
                      "Kernel capture buffer in MiB (default 32); more if packets are dropped");
  capture->add_flag("--immediate,!--no-immediate", options.live.immediate,
                    "Deliver each packet as it arrives (the default); --no-immediate batches them");
  capture->add_option("-w", options.save.path,
                      "Save the captured packets to FILE (.pcap: pcap, otherwise pcapng)");
  capture
      ->add_option("-b", flags.ring,
                   "Ring buffer: filesize:KB (new file after KB kB), files:N (keep N)")
      ->allow_extra_args(false);
}

void add_input_options(CLI::App& cli, CommandLine& line) {
  auto* input = cli.add_option_group("Input");
  input->add_option("-r,--read-file", line.read_file,
                    "Read packets from FILE (pcap or pcapng; - = stdin)");
  cli.add_option("file", line.positional, "Capture file (same as -r)");
}

void add_processing_options(CLI::App& cli, Options& options, CommandLine& line) {
  auto* processing = cli.add_option_group("Processing");
  processing->add_option("-c,--count", options.max_packets, "Stop after N MQTT packets")
      ->check(kCount);
  processing->add_flag("-2", options.two_pass,
                       "Two passes over a file: requests show the frame of their response");
  processing->add_option("-Y,--display-filter", options.display_filter,
                         "Show only what matches this display filter (Wireshark syntax)");
  processing->add_option("--topic", options.topic_filter,
                         "Show only packets whose topic matches this MQTT topic filter (+, #)");
  processing
      ->add_option("-d", line.decode_as, "Decode a port as: tcp.port==N[-M],mqtt|http|websocket")
      ->allow_extra_args(false);
  processing
      ->add_option("--mqtt-version", line.mqtt_version,
                   "Decode every MQTT connection as this version, whatever its CONNECT says")
      ->check(CLI::IsMember({"3.1", "3.1.1", "5.0"}));
  processing
      ->add_option("--mqtt-packet-limit", options.limits.mqtt_packet_bytes,
                   "Largest MQTT packet decoded, in bytes; larger ones are reported and "
                   "skipped (default 16777216)")
      ->check(CLI::Range(std::size_t{2}, std::size_t{268435460}));
  processing
      ->add_option("--limit", line.limits,
                   "Set a limit: NAME=N, a member of Limits (README, Limits) (repeatable)")
      ->allow_extra_args(false);
}

void add_output_options(CLI::App& cli, Options& options, CommandLine& line) {
  auto* out = cli.add_option_group("Output");
  out->add_flag("-V,--verbose", line.verbose, "Print the protocol tree of each frame");
  out->add_flag("-x,--hex", options.hex,
                "Show each packet's bytes annotated with its fields (raw bytes in json/ek)");
  out->add_flag("--explain", line.explain,
                "Walk through each packet: the frames it came from and what each byte means");
  out->add_option("-T", line.output_format, "Output format: text (default), fields, json or ek")
      ->check(CLI::IsMember({"text", "fields", "json", "ek"}));
  // One value per occurrence, like tshark: "-e a -e b FILE" must not take FILE as a field.
  out->add_option("-e", options.fields.fields, "Field to print with -T fields (repeatable)")
      ->allow_extra_args(false);
  out->add_option("-E", line.field_options,
                  "Fields option: header=y|n, separator=/t|/s|C, aggregator=C")
      ->allow_extra_args(false);
  out->add_option("--color,--colour", line.colour,
                  "Colour summary lines: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  out->add_flag("--hide-secrets", options.hide_secrets,
                "Mask passwords and authentication data in every output");
}

void add_statistics_options(CLI::App& cli, Options& options, CommandLine& line) {
  auto* statistics = cli.add_option_group("Statistics");
  statistics
      ->add_option("-z", options.statistics,
                   "Statistics: mqtt,sessions mqtt,types mqtt,topics mqtt,qos mqtt,latency "
                   "mqtt,keepalive mqtt,notes mqtt,flow tcp,reassembly (repeatable)")
      ->allow_extra_args(false);
  statistics->add_flag("-q,--quiet", options.quiet, "Print only the statistics, no packets");
  statistics
      ->add_option("--flow-format", line.flow_format, "mqtt,flow as text (default) or mermaid")
      ->check(CLI::IsMember({"text", "mermaid"}));
  statistics->add_option("--stats-interval", options.stats_interval_s,
                         "Also print the statistics every N seconds (and on SIGUSR1)");
  auto* misc = cli.add_option_group("Miscellaneous");
  misc->add_option("-G", line.glossary, "Print a glossary: fields (every field and note)")
      ->check(CLI::IsMember({"fields"}));
}

// -d rules, --mqtt-version, --limit and -E, checked and put into Options.
bool apply_processing(const CommandLine& line, Options& options, std::string& error) {
  for (const std::string& spec : line.decode_as) {
    if (!mqscope::app::parse_decode_as(spec, options.decode_as.emplace_back(), error)) return false;
  }
  // The MQTT Protocol Level of each version (MQTT 3.1.1 §3.1.2.2, 5.0 §3.1.2.2).
  const std::map<std::string, std::uint8_t> levels{{"3.1", 3}, {"3.1.1", 4}, {"5.0", 5}};
  if (!line.mqtt_version.empty()) options.mqtt_version = levels.at(line.mqtt_version);
  for (const std::string& assignment : line.limits) {
    if (!mqscope::set_limit(options.limits, assignment, error)) return false;
  }
  for (const std::string& spec : line.field_options) {
    if (!apply_field_option(spec, options, error)) return false;
  }
  return true;
}

// -T, --explain and -V choose one output mode; --color, NO_COLOR and the terminal the colour.
bool apply_output(const CommandLine& line, Options& options, std::string& error) {
  using mqscope::app::OutputMode;
  if (line.output_format == "fields") {
    options.mode = OutputMode::Fields;
    if (options.fields.fields.empty()) {
      error = "-T fields needs at least one -e FIELD";
      return false;
    }
    if (!mqscope::output::FieldsSink::validate(options.fields, mqscope::app::registry(), error))
      return false;
  } else if (line.output_format == "json") {
    options.mode = OutputMode::Json;
  } else if (line.output_format == "ek") {
    options.mode = OutputMode::Ek;
  } else if (line.explain) {
    options.mode = OutputMode::Explain;
  } else if (line.verbose) {
    options.mode = OutputMode::Tree;
  }
  options.flow_mermaid = line.flow_format == "mermaid";
  // https://no-color.org: a non-empty NO_COLOR turns automatic colour off.
  const char* no_colour = std::getenv("NO_COLOR");
  options.colour = line.colour == "always" ||
                   (line.colour == "auto" && isatty(fileno(stdout)) && !(no_colour && *no_colour));
  options.progress = isatty(fileno(stderr)) != 0;
  return true;
}

// Everything after parsing: the input, then each group's checks. False with `error` set when
// the command line cannot be run.
bool make_options(const CLI::App& cli, CommandLine& line, Options& options, std::string& error) {
  options.input = !line.read_file.empty() ? line.read_file : line.positional;
  options.live.promiscuous = !line.capture.no_promiscuous;
  if (!check_live_options(cli, options, line.capture.ring, error)) return false;
  if (options.input.empty() && !mqscope::app::is_live(options)) {
    error = "no capture given (mqscope FILE, -r FILE or -i INTERFACE; --help for more)";
    return false;
  }
  return apply_processing(line, options, error) && apply_output(line, options, error);
}

void list_fields() {
  for (mqscope::field::FieldId f : mqscope::app::registry().fields())
    fmt::print("F\t{}\t{}\n", f->name, f->abbrev);
  for (mqscope::NoteId n : mqscope::app::registry().notes())
    fmt::print("N\t{}\t{}\t{}\n", n->name, mqscope::severity_name(n->severity), n->message);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"mqscope: MQTT over WebSocket and TCP, taken apart from packet captures"};
  cli.set_version_flag("--version", std::string("mqscope ") + mqscope::kVersion);
  Options options;
  CommandLine line;
  add_input_options(cli, line);
  add_capture_options(cli, options, line.capture);
  add_processing_options(cli, options, line);
  add_output_options(cli, options, line);
  add_statistics_options(cli, options, line);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    cli.exit(e);
    return mqscope::app::kExitUsage;
  }
  if (!line.glossary.empty()) {
    list_fields();
    return mqscope::app::kExitOk;
  }
  if (line.capture.list_interfaces) return mqscope::app::list_interfaces(stdout, stderr);
  std::string error;
  if (!make_options(cli, line, options, error)) {
    fmt::print(stderr, "mqscope: {}\n", error);
    return mqscope::app::kExitUsage;
  }
  return mqscope::app::run(options, stdout, stderr);
}
