#include "mqscope/capture/fields.hpp"

#include <fmt/format.h>

#include "mqscope/capture/pcap_source.hpp"
#include "mqscope/field/format.hpp"

namespace mqscope::capture {

namespace {

std::uint64_t nanoseconds_between(Timestamp from, Timestamp to) {
  std::int64_t ns = to.total_ns() - from.total_ns();
  return ns < 0 ? 0 : static_cast<std::uint64_t>(ns);
}

}  // namespace

void describe_frame(field::Tree& tree, const Frame& frame, Timestamp first, Timestamp previous) {
  auto caplen = static_cast<std::uint32_t>(frame.data.size());
  field::NodeIndex top = tree.add(&hf::frame, 0, caplen);
  tree.set_label(top, {});  // the label is all text, written in place below
  field::append_formatted(tree, top,
                          FMT_COMPILE("Frame {}: {} bytes on wire ({} bits), {} bytes captured "
                                      "({} bits)"),
                          frame.number, frame.wire_length, frame.wire_length * 8ull, caplen,
                          caplen * 8ull);
  field::Subtree sub(tree, top);
  field::NodeIndex encap = tree.add(&hf::link_type, 0, 0, static_cast<std::uint64_t>(frame.link_type));
  field::append_formatted(tree, encap, FMT_COMPILE(" ({})"), link_type_name(frame.link_type));
  field::NodeIndex arrival = tree.add_text("Arrival Time: ");
  tree.append_text_by(arrival, [&](TextBuffer& out) { append_arrival(out, frame.time); });
  auto epoch_ns = static_cast<std::uint64_t>(frame.time.total_ns() < 0 ? 0 : frame.time.total_ns());
  tree.add(&hf::time_epoch, 0, 0, epoch_ns);
  tree.set_flags(tree.add(&hf::time_delta, 0, 0, nanoseconds_between(previous, frame.time)),
                 field::kGenerated);
  tree.set_flags(tree.add(&hf::time_relative, 0, 0, nanoseconds_between(first, frame.time)),
                 field::kGenerated);
  tree.add(&hf::number, 0, 0, frame.number);
  field::append_formatted(tree, tree.add(&hf::len, 0, 0, frame.wire_length),
                          FMT_COMPILE(" bytes ({} bits)"), frame.wire_length * 8ull);
  field::append_formatted(tree, tree.add(&hf::cap_len, 0, 0, caplen),
                          FMT_COMPILE(" bytes ({} bits)"), caplen * 8ull);
}

}  // namespace mqscope::capture
