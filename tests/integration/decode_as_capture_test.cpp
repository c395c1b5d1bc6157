// ws-midstream-cut starts one connection after its upgrade and CONNECT (captures/README.md):
// nothing tells that it is WebSocket, nor which MQTT version it speaks. With
// "-d tcp.port==18083,websocket" mqscope decodes its frames anyway, guesses MQTT 3.1.1 from the
// first packet that parses only one way, and finds every packet the endpoints exchanged.
#include <gtest/gtest.h>

#include <algorithm>

#include "capture_support.hpp"
#include "json.hpp"
#include "mqscope/mqtt/notes.hpp"

namespace mqscope::test {
namespace {

TEST(DecodeAsOnCaptures, MidStreamWebSocketConnectionIsDecodedWithItsVersionGuessed) {
  std::string error;
  Json truth = Json::parse(read_file(capture_path("ws-midstream-cut.expected.json")), error);
  ASSERT_TRUE(error.empty()) << error;
  app::Options options;
  app::PortRule rule;
  ASSERT_TRUE(app::parse_decode_as("tcp.port==18083,websocket", rule, error)) << error;
  options.decode_as.push_back(rule);
  DecodedCapture decoded = decode_capture(capture_path("ws-midstream-cut.pcap"), options);

  ASSERT_EQ(decoded.packets.size(), truth["packets"].array().size()) << decoded.messages;
  for (const auto& [type, counts] : truth["mqtt_packet_counts"].object()) {
    long n = std::count_if(decoded.packets.begin(), decoded.packets.end(),
                           [&](const DecodedPacket& p) { return p.type == type; });
    EXPECT_EQ(n, counts["total"].integer()) << type;
  }
  // The cut connection (stream 0) has its version guessed once, from its first packet; the
  // complete one learns it from its CONNECT. Neither raises a conformance note.
  std::size_t guesses = 0;
  for (const DecodedPacket& p : decoded.packets) {
    for (field::NodeIndex i = p.top; i < p.tree().subtree_end(p.top); ++i) {
      NoteId note = p.tree()[i].note;
      if (note == &mqtt::notes::version_guessed) {
        ++guesses;
        EXPECT_EQ(p.stream, 0u);
        EXPECT_NE(p.tree().text(p.tree()[i]).find("MQTT v3.1.1"), std::string::npos);
      }
      EXPECT_TRUE(note == nullptr || !mqtt::notes::is_conformance(note))
          << "frame " << p.frame << ": " << note->name;
    }
  }
  EXPECT_EQ(guesses, 1u);
}

}  // namespace
}  // namespace mqscope::test
