// The WebSocket opening handshake as HTTP carries it (RFC 6455 §4): reading the client's
// offer and the server's answer, computing Sec-WebSocket-Accept, and the notes on a bad answer.
#include <gtest/gtest.h>

#include "mqscope/http/describe.hpp"
#include "mqscope/http/fields.hpp"
#include "mqscope/http/upgrade.hpp"

namespace mqscope::http {
namespace {

using Names = std::vector<std::string_view>;

Head parsed(std::string_view text) {
  Head head;
  EXPECT_TRUE(parse_head(text, head)) << text;
  return head;
}

Names note_names(const std::vector<NoteId>& notes) {
  Names out;
  for (NoteId n : notes) out.push_back(n->name);
  return out;
}

constexpr std::string_view kOffer =
    "GET /mqtt HTTP/1.1\r\n"
    "Host: broker:8083\r\n"
    "Upgrade: WebSocket\r\n"
    "Connection: keep-alive, Upgrade\r\n"
    "Sec-WebSocket-Key: npQCPFw1Pc5G9vqjJyi90w==\r\n"
    "Sec-WebSocket-Protocol: mqtt, mqttv3.1\r\n"
    "Sec-WebSocket-Extensions: permessage-deflate\r\n"
    "sec-websocket-protocol: mqttv5\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "\r\n";

// A valid answer to kOffer, built from its parts so that tests can vary one of them.
std::string answer_text(std::string_view status_line, std::string_view accept,
                        std::string_view protocol) {
  std::string text = std::string(status_line) + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
  if (!accept.empty()) text += "Sec-WebSocket-Accept: " + std::string(accept) + "\r\n";
  if (!protocol.empty()) text += "Sec-WebSocket-Protocol: " + std::string(protocol) + "\r\n";
  return text + "\r\n";
}

constexpr std::string_view kSeedAccept = "biw/vsujgvKx8B0bfoDnjuxHMgA=";

// RFC 6455 §4.2.2 step 5.4, with the worked example of §1.3.
TEST(ExpectedAccept, MatchesTheRfc6455Example) {
  EXPECT_EQ(expected_accept("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

// RFC 6455 §4.2.2: the seed capture's key and the accept value its server sent.
TEST(ExpectedAccept, MatchesTheSeedCapturePair) {
  EXPECT_EQ(expected_accept("npQCPFw1Pc5G9vqjJyi90w=="), kSeedAccept);
}

// RFC 6455 §4.2.2: the key is used as sent; another key gives another answer.
TEST(ExpectedAccept, DependsOnEveryByteOfTheKey) {
  EXPECT_NE(expected_accept("npQCPFw1Pc5G9vqjJyi90x=="), kSeedAccept);
  EXPECT_EQ(expected_accept("").size(), 28u);  // base64 of a 20-byte SHA-1
}

// RFC 6455 §4.1 items 5-6, 9-10 and §11.3.4: the protocol list may be spread over several
// header lines, each a comma list, in the client's order of preference.
TEST(ReadOffer, CollectsKeyVersionExtensionsAndEveryProtocolInOrder) {
  UpgradeOffer offer = read_offer(parsed(kOffer));
  EXPECT_TRUE(offer.websocket);
  EXPECT_EQ(offer.key, "npQCPFw1Pc5G9vqjJyi90w==");
  EXPECT_EQ(offer.protocols, (std::vector<std::string>{"mqtt", "mqttv3.1", "mqttv5"}));
  EXPECT_EQ(offer.extensions, "permessage-deflate");
  EXPECT_EQ(offer.version, "13");
}

// RFC 6455 §4.1 items 5-6: an upgrade needs both Upgrade: websocket and Connection: Upgrade.
TEST(ReadOffer, NeedsBothUpgradeAndConnectionTokens) {
  EXPECT_FALSE(read_offer(parsed("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n")).websocket);
  EXPECT_FALSE(read_offer(parsed("GET / HTTP/1.1\r\nConnection: Upgrade\r\n\r\n")).websocket);
  EXPECT_FALSE(
      read_offer(parsed("GET / HTTP/1.1\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n")).websocket);
  EXPECT_TRUE(read_offer(parsed("GET / HTTP/1.1\r\nupgrade: websocket\r\nconnection: "
                                "UPGRADE\r\n\r\n"))
                  .websocket);
}

// RFC 6455 §4.1: only a client request is an offer.
TEST(ReadOffer, ResponseIsNoOffer) {
  UpgradeOffer offer = read_offer(parsed(answer_text("HTTP/1.1 101 Switching Protocols",
                                                     kSeedAccept, "mqtt")));
  EXPECT_FALSE(offer.websocket);
  EXPECT_TRUE(offer.key.empty());
}

// RFC 6455 §4.2.2 step 5: 101 with Upgrade: websocket, the accept value and the subprotocol.
TEST(ReadAnswer, ReadsA101Answer) {
  UpgradeAnswer answer = read_answer(parsed(
      "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-Websocket-Accept: " +
      std::string(kSeedAccept) + "\r\nSec-Websocket-Protocol: mqtt\r\n"
      "Sec-WebSocket-Extensions: permessage-deflate\r\nUpgrade: websocket\r\n\r\n"));
  EXPECT_EQ(answer.status, 101);
  EXPECT_TRUE(answer.switching);
  EXPECT_EQ(answer.accept, kSeedAccept);
  EXPECT_EQ(answer.protocol, "mqtt");
  EXPECT_EQ(answer.extensions, "permessage-deflate");
}

// RFC 6455 §4.1: any status other than 101, or a 101 to something else, is no switch.
TEST(ReadAnswer, OnlyA101ToWebsocketSwitches) {
  UpgradeAnswer refused = read_answer(parsed(answer_text("HTTP/1.1 400 Bad Request", "", "")));
  EXPECT_EQ(refused.status, 400);
  EXPECT_FALSE(refused.switching);
  EXPECT_FALSE(read_answer(parsed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n"))
                   .switching);
  EXPECT_FALSE(read_answer(parsed("HTTP/1.1 101 Switching Protocols\r\n\r\n")).switching);
  EXPECT_FALSE(read_answer(parsed(kOffer)).switching);
}

// RFC 6455 §4.2.2: the seed capture's handshake is correct and raises nothing.
TEST(CheckUpgrade, ValidAnswerHasNoNotes) {
  UpgradeOffer offer = read_offer(parsed(kOffer));
  UpgradeAnswer answer =
      read_answer(parsed(answer_text("HTTP/1.1 101 Switching Protocols", kSeedAccept, "mqtt")));
  EXPECT_EQ(note_names(check_upgrade(offer, answer)), Names{});
}

// RFC 6455 §4.1: a server that answers without 101 has not upgraded the connection.
TEST(CheckUpgrade, RefusalIsNotedAlone) {
  UpgradeOffer offer = read_offer(parsed(kOffer));
  UpgradeAnswer answer = read_answer(parsed(answer_text("HTTP/1.1 426 Upgrade Required", "", "")));
  EXPECT_EQ(note_names(check_upgrade(offer, answer)), Names{"http.upgrade_refused"});
}

// RFC 6455 §4.1 item 4: the client fails the connection when the accept value is wrong.
TEST(CheckUpgrade, WrongAcceptIsAMismatch) {
  UpgradeOffer offer = read_offer(parsed(kOffer));
  UpgradeAnswer answer = read_answer(parsed(
      answer_text("HTTP/1.1 101 Switching Protocols", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "mqtt")));
  EXPECT_EQ(note_names(check_upgrade(offer, answer)),
            Names{"http.sec_websocket_accept_mismatch"});
}

// RFC 6455 §4.1 item 4: a 101 without Sec-WebSocket-Accept fails the connection too.
TEST(CheckUpgrade, AbsentAcceptIsMissing) {
  UpgradeOffer offer = read_offer(parsed(kOffer));
  UpgradeAnswer answer =
      read_answer(parsed(answer_text("HTTP/1.1 101 Switching Protocols", "", "mqtt")));
  EXPECT_EQ(note_names(check_upgrade(offer, answer)), Names{"http.sec_websocket_accept_missing"});
}

// RFC 6455 §4.1 item 6: the server's subprotocol must be one the client offered.
TEST(CheckUpgrade, UnofferedSubprotocolIsNoted) {
  UpgradeOffer offer = read_offer(parsed(kOffer));
  UpgradeAnswer answer =
      read_answer(parsed(answer_text("HTTP/1.1 101 Switching Protocols", kSeedAccept, "amqp")));
  EXPECT_EQ(note_names(check_upgrade(offer, answer)), Names{"http.subprotocol_not_offered"});
}

// RFC 6455 §4.2.2 step 5.4: the server answers with one subprotocol, not a list.
TEST(CheckUpgrade, SubprotocolListAnswerIsNotAnOfferedValue) {
  UpgradeOffer offer = read_offer(parsed(kOffer));
  UpgradeAnswer answer = read_answer(
      parsed(answer_text("HTTP/1.1 101 Switching Protocols", kSeedAccept, "mqtt, mqttv5")));
  EXPECT_EQ(note_names(check_upgrade(offer, answer)), Names{"http.subprotocol_not_offered"});
}

// RFC 6455 §4.2.2: choosing no subprotocol is allowed, MQTT needs "mqtt" (MQTT-6.0.0-4).
TEST(CheckUpgrade, NoSubprotocolChosenIsNotedWhenOffered) {
  UpgradeOffer offer = read_offer(parsed(kOffer));
  UpgradeAnswer answer =
      read_answer(parsed(answer_text("HTTP/1.1 101 Switching Protocols", kSeedAccept, "")));
  EXPECT_EQ(note_names(check_upgrade(offer, answer)), Names{"http.subprotocol_missing"});
  offer.protocols.clear();
  EXPECT_EQ(note_names(check_upgrade(offer, answer)), Names{});
}

// RFC 6455 §4.1: several faults of one answer are all reported.
TEST(CheckUpgrade, MismatchAndUnofferedSubprotocolAreBothNoted) {
  UpgradeOffer offer = read_offer(parsed(kOffer));
  UpgradeAnswer answer =
      read_answer(parsed(answer_text("HTTP/1.1 101 Switching Protocols", "bogus=", "amqp")));
  EXPECT_EQ(note_names(check_upgrade(offer, answer)),
            (Names{"http.sec_websocket_accept_mismatch", "http.subprotocol_not_offered"}));
}

// RFC 6455 §4.1: without a WebSocket offer there is no handshake to check.
TEST(CheckUpgrade, NothingIsCheckedWithoutAnOffer) {
  UpgradeOffer offer = read_offer(parsed("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  UpgradeAnswer answer = read_answer(parsed("HTTP/1.1 200 OK\r\n\r\n"));
  EXPECT_EQ(note_names(check_upgrade(offer, answer)), Names{});
}

// The note tables: each name is stable and unique, as filters and JSON rely on them.
TEST(HttpNotes, NamesAreStableAndUnique) {
  EXPECT_EQ(notes::upgrade_refused.name, "http.upgrade_refused");
  EXPECT_EQ(notes::accept_mismatch.name, "http.sec_websocket_accept_mismatch");
  EXPECT_EQ(notes::accept_missing.name, "http.sec_websocket_accept_missing");
  EXPECT_EQ(notes::subprotocol_not_offered.name, "http.subprotocol_not_offered");
  EXPECT_EQ(notes::subprotocol_missing.name, "http.subprotocol_missing");
  for (std::size_t i = 0; i < std::size(notes::kAll); ++i)
    for (std::size_t j = i + 1; j < std::size(notes::kAll); ++j)
      EXPECT_NE(notes::kAll[i]->name, notes::kAll[j]->name);
}

}  // namespace
}  // namespace mqscope::http
