// -T json and -T ek: one record per capture frame that carries something decoded (the frames
// -V shows). A record holds the frame's layers: "frame", "eth", "ip", "tcp" as objects, and
// "http", "websocket" and "mqtt" as arrays (a frame can complete several of each). Each MQTT
// packet carries its stream, direction, transport and provenance ("mqscope.*" keys).
#pragma once

#include <string>
#include <vector>

#include "mqscope/output/json.hpp"
#include "mqscope/output/sink.hpp"
#include "mqscope/output/writer.hpp"

namespace mqscope::output {

class JsonSink : public Sink {
 public:
  enum class Format : std::uint8_t { Json, Ek };
  JsonSink(Writer& out, Format format, bool raw_bytes);

  bool wants_layer_trees() const override { return true; }
  bool shows_lower_labels() const override { return false; }
  void on_packet(FrameContext& frame, const PacketRecord& packet) override;
  void on_layer_tree(FrameContext& frame, const field::Tree& tree) override;
  void finish() override;

 private:
  void enter_frame(FrameContext& frame);
  void flush_frame();
  void add_item(const field::Tree& tree, const PacketRecord* packet);
  TextBuffer& list_of(std::string_view layer);

  Writer& out_;
  Format format_;
  JsonStyle style_;
  std::uint32_t current_frame_ = 0;
  Timestamp current_time_;
  std::size_t records_ = 0;
  TextBuffer lower_;  // members of the frame's lower layers
  struct Layer {
    std::string name;
    TextBuffer objects;  // "{...},{...}"
  };
  std::vector<Layer> items_;  // the first layers_used_ hold this frame's items
  std::size_t layers_used_ = 0;
  std::int64_t index_day_ = 0;
  std::string index_;  // "packets-YYYY-MM-DD" of index_day_
  JsonMembers members_;
};

}  // namespace mqscope::output
