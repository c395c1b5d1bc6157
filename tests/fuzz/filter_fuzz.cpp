// Fuzz target: display filters (-Y), Wireshark's syntax over mqscope's field registry:
// filter::Filter::compile, then matches() against a small tree holding one field of every
// type (integers with value names, booleans, strings, bytes, addresses, frame numbers, times,
// notes), and the error message with its caret.
//
// Input: the filter text.
#include <string>

#include "fuzz_support.hpp"
#include "mqscope/analyze/fields.hpp"
#include "mqscope/app/registry.hpp"
#include "mqscope/filter/filter.hpp"
#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "mqscope/net/fields.hpp"
#include "mqscope/websocket/fields.hpp"

namespace {

using namespace mqscope;

// A PUBLISH QoS 1 with a topic, a payload of text and one of binary, from 10.1.2.3 and
// 2001:db8::1, with a note and a response time.
struct Trees {
  std::string topic = "sensors/kitchen/temp";
  std::uint8_t payload[6] = {'2', '1', '.', '5', 0x00, 0xff};
  std::uint8_t addresses[26] = {10, 1, 2, 3, 0x20, 0x01, 0x0d, 0xb8, 0,    0,    0,    0, 0,
                                0,  0, 0, 0, 1,    0x00, 0x1b, 0x21, 0x3c, 0x4d, 0x5e, 0, 0};
  field::Tree tree;
  field::Tree lower;

  Trees() {
    tree.add_source(as_bytes(topic), "topic");
    tree.add(&mqtt::hf::hdrflags, 0, 1, 0x32);
    tree.add(&mqtt::hf::msgtype, 0, 1, 0x32);
    tree.add(&mqtt::hf::qos, 0, 1, 0x32);
    tree.add(&mqtt::hf::retain, 0, 1, 0x32);
    tree.add(&mqtt::hf::topic, 0, static_cast<std::uint32_t>(topic.size()));
    tree.add(&mqtt::hf::msgid, 0, 0, 7);
    tree.add_source(Bytes(payload, sizeof payload), "payload");
    tree.add(&mqtt::hf::msg, 0, sizeof payload);
    tree.add(&mqtt::hf::len, 0, 0, 28);
    tree.add(&analyze::hf::response_to, 0, 0, 3);
    tree.add(&analyze::hf::response_time, 0, 0, 1'500'000'000);
    tree.add_generated_text(&mqtt::hf::clientid, "client\x01\xfe");
    tree.add_note(&mqtt::notes::unknown_version, "detail");
    lower.add_source(Bytes(addresses, sizeof addresses), "link and ip");
    lower.add(&net::hf::ip_src, 0, 4);
    lower.add(&net::hf::ipv6_src, 4, 16);
    lower.add(&net::hf::eth_src, 20, 6);
    lower.add(&net::hf::tcp_srcport, 0, 0, 50000);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Trees trees;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  filter::Error error;
  std::optional<filter::Filter> compiled = filter::Filter::compile(text, app::registry(), error);
  if (!compiled) {
    fuzz::check(!error.message.empty(), "a filter refused without a reason");
    fuzz::check(error.column <= text.size() + 1, "error column past the end of the filter");
    filter::describe_error(text, error);
    return 0;
  }
  compiled->matches(filter::Target{&trees.tree, [] { return &trees.lower; }});
  compiled->matches(filter::Target{&trees.lower, {}});
  return 0;
}
