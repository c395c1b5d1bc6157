#include "mqscope/app/registry.hpp"

#include "mqscope/analyze/fields.hpp"
#include "mqscope/capture/fields.hpp"
#include "mqscope/http/fields.hpp"
#include "mqscope/mqtt/tables.hpp"
#include "mqscope/net/fields.hpp"
#include "mqscope/net/notes.hpp"
#include "mqscope/tcp/notes.hpp"
#include "mqscope/websocket/fields.hpp"
#include "provenance.hpp"

namespace mqscope::app {

namespace {

field::Registry build() {
  field::Registry r;
  r.add_fields(capture::hf::kAll, kFrameGroup);
  r.add_fields(net::hf::kAll, kFrameGroup);
  r.add_fields(http::hf::kAll, "http");
  r.add_fields(ws::hf::kAll, "websocket");
  r.add_fields(mqtt::hf::kAll, "mqtt");
  r.add_fields(hf::kAll, "mqscope");
  r.add_fields(analyze::hf::kAll, "analyze");
  r.add_notes(net::notes::kAll);
  r.add_notes(tcp::notes::kAll);
  r.add_notes(http::notes::kAll);
  r.add_notes(ws::notes::kAll);
  r.add_notes(mqtt::notes::kAll);
  r.add_notes(notes::kAll);
  return r;
}

}  // namespace

const field::Registry& registry() {
  static const field::Registry instance = build();
  return instance;
}

}  // namespace mqscope::app
