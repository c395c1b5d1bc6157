#include "capture_support.hpp"

#include "mqscope/app/pipeline.hpp"
#include "mqscope/app/registry.hpp"
#include "mqscope/app/selection.hpp"
#include "mqscope/capture/pcap_source.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/mqtt/session.hpp"

namespace mqscope::test {

std::string capture_path(const std::string& name) {
  return std::string(MQSCOPE_CAPTURES_DIR) + "/" + name;
}

std::vector<std::string> DecodedPacket::values(const std::string& abbrev) const {
  std::vector<std::string> out;
  auto ids = app::registry().find(abbrev);
  const field::Tree& t = tree();
  field::NodeIndex end = t.subtree_end(top);
  for (field::NodeIndex i = top; i < end; ++i) {
    const field::Node& node = t[i];
    for (field::FieldId id : ids) {
      if (node.field == id) out.push_back(field::format_field_value(t, node));
    }
  }
  return out;
}

namespace {

std::vector<std::string> values_between(const field::Tree& t, const std::string& abbrev,
                                        field::NodeIndex begin, field::NodeIndex end) {
  std::vector<std::string> out;
  auto ids = app::registry().find(abbrev);
  for (field::NodeIndex i = begin; i < end; ++i) {
    for (field::FieldId id : ids) {
      if (t[i].field == id) out.push_back(field::format_field_value(t, t[i]));
    }
  }
  return out;
}

field::NodeIndex first_of(const field::Tree& t, const std::string& abbrev, field::NodeIndex top) {
  auto ids = app::registry().find(abbrev);
  for (field::NodeIndex i = top; i < t.subtree_end(top); ++i) {
    for (field::FieldId id : ids) {
      if (t[i].field == id) return i;
    }
  }
  return field::kNoNode;
}

}  // namespace

std::string DecodedPacket::fingerprint() const {
  std::string out;
  const field::Tree& t = tree();
  field::NodeIndex end = t.subtree_end(top);
  for (field::NodeIndex i = top; i < end; ++i) {
    const field::Node& node = t[i];
    if (node.note) out += std::string(node.note->name) + ";";
    if (!node.field) continue;
    out += std::string(node.field->abbrev) + "=" + field::format_field_value(t, node) + ";";
  }
  return out;
}

std::vector<std::string> DecodedPacket::values_within(const std::string& container,
                                                      const std::string& abbrev) const {
  field::NodeIndex at = first_of(tree(), container, top);
  if (at == field::kNoNode) return {};
  return values_between(tree(), abbrev, at, tree().subtree_end(at));
}

bool DecodedPacket::generated(const std::string& abbrev) const {
  field::NodeIndex at = first_of(tree(), abbrev, top);
  return at != field::kNoNode && (tree()[at].flags & field::kGenerated);
}

std::vector<std::uint32_t> DecodedPacket::source_frames() const {
  std::vector<std::uint32_t> frames;
  const field::Tree& t = tree();
  for (field::NodeIndex i = 0; i < top; ++i) {
    const field::Node& node = t[i];
    if (node.field && node.field->abbrev == "mqscope.frame")
      frames.push_back(static_cast<std::uint32_t>(node.value));
  }
  return frames;
}

std::string DecodedPacket::value(const std::string& abbrev) const {
  auto all = values(abbrev);
  return all.empty() ? std::string() : all.front();
}

namespace {

class Collector : public output::Sink {
 public:
  explicit Collector(DecodedCapture& out) : out_(out) {}
  bool wants_info() const override { return true; }
  void on_packet(output::FrameContext& frame, const output::PacketRecord& record) override {
    if (record.is_ws_message) {
      out_.ws_messages.push_back(std::string(record.info));
      return;
    }
    if (!record.is_packet) {
      out_.problems.push_back(std::string(record.info));
      return;
    }
    DecodedPacket& p = out_.packets.emplace_back(*record.tree);
    p.frame = frame.number();
    p.stream = record.stream;
    p.from_client = record.from_client;
    p.client_address = std::string(record.from_client ? record.source : record.destination);
    p.client_port = static_cast<std::uint16_t>(
        std::stoul(p.client_address.substr(p.client_address.rfind(':') + 1)));
    p.top = record.top;
    std::string type = p.value("mqtt.msgtype");
    p.type = mqtt::type_name(static_cast<std::uint8_t>(std::stoul(type)));
  }

 private:
  DecodedCapture& out_;
};

class Messages : public app::Diagnostics {
 public:
  explicit Messages(std::string& out) : out_(out) {}
  void message(const std::string& text) override { out_ += text + "\n"; }

 private:
  std::string& out_;
};

}  // namespace

DecodedCapture decode_capture(const std::string& path, const app::Options& base) {
  DecodedCapture result;
  std::string error;
  auto source = capture::PcapSource::open_offline(path, error);
  if (!source) {
    result.status = 2;
    result.messages = error;
    return result;
  }
  Collector collector(result);
  Messages messages(result.messages);
  app::Options options = base;
  options.input = path;
  auto selection = app::make_selection(options, collector, error);
  if (!selection) {
    result.status = 1;
    result.messages = error;
    return result;
  }
  app::Pipeline pipeline(options, *selection, messages);
  pipeline.read_again_from(*source);  // as the program does
  while (auto frame = source->next()) pipeline.process(*frame);
  pipeline.finish();
  result.stats = pipeline.statistics();
  return result;
}

}  // namespace mqscope::test
