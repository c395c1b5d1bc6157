// WebSocket extension negotiation in the handshake: the Sec-WebSocket-Extensions grammar
// (RFC 6455 §9.1) and the permessage-deflate parameters of an answer (RFC 7692 §7.1), with
// the notes on answers a client must refuse.
#include <gtest/gtest.h>

#include <algorithm>

#include "mqscope/field/format.hpp"
#include "mqscope/http/describe.hpp"
#include "mqscope/http/extensions.hpp"
#include "mqscope/http/fields.hpp"
#include "mqscope/http/upgrade.hpp"

namespace mqscope::http {
namespace {

using Names = std::vector<std::string_view>;

// "name; p; q=v" for each extension, "|" between them, to compare parses at a glance.
std::string flat(const std::vector<Extension>& list) {
  std::string out;
  for (const Extension& e : list) {
    if (!out.empty()) out += "|";
    out += e.name;
    for (const ExtensionParam& p : e.params)
      out += "; " + p.name + (p.has_value ? "=" + p.value : "");
  }
  return out;
}

std::string parse(std::string_view value, bool* ok = nullptr) {
  std::vector<Extension> list;
  bool good = parse_extensions(value, list);
  if (ok) *ok = good;
  return flat(list);
}

Head parsed(std::string_view text) {
  Head head;
  EXPECT_TRUE(parse_head(text, head)) << text;
  return head;
}

UpgradeOffer offer_with(std::string_view extensions) {
  return read_offer(
      parsed("GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
             "Sec-WebSocket-Extensions: " +
             std::string(extensions) + "\r\n\r\n"));
}

UpgradeAnswer answer_with(std::string_view extensions) {
  return read_answer(
      parsed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
             "Connection: Upgrade\r\n"
             "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
             "Sec-WebSocket-Extensions: " +
             std::string(extensions) + "\r\n\r\n"));
}

Names note_names(const std::vector<NoteId>& notes) {
  Names out;
  for (NoteId n : notes) out.push_back(n->name);
  return out;
}

// RFC 6455 §9.1: extensions with parameters, values as tokens or quoted strings, several
// offers of one extension in the client's order of preference (RFC 7692 §5.1).
TEST(ParseExtensions, FollowsTheGrammarOfSection9_1) {
  EXPECT_EQ(parse("permessage-deflate"), "permessage-deflate");
  EXPECT_EQ(parse("permessage-deflate; client_max_window_bits"),
            "permessage-deflate; client_max_window_bits");
  EXPECT_EQ(parse("permessage-deflate;server_max_window_bits=10 ; client_no_context_takeover"),
            "permessage-deflate; server_max_window_bits=10; client_no_context_takeover");
  EXPECT_EQ(parse("permessage-deflate; server_max_window_bits=\"10\", permessage-deflate, foo"),
            "permessage-deflate; server_max_window_bits=10|permessage-deflate|foo");
  EXPECT_EQ(parse("x; a=\"b\\c\""), "x; a=bc");  // quoted-pair
  EXPECT_EQ(parse(" , foo ,, bar , "), "foo|bar");
  EXPECT_EQ(parse(""), "");
}

// RFC 6455 §9.1: what does not follow the grammar is malformed; what came before is kept.
TEST(ParseExtensions, MalformedValuesAreRefused) {
  for (const char* bad : {"foo; ", "foo bar", "foo; =1", "foo; a=", "foo; a=\"b c\"",
                          "foo; a=\"unterminated", "foo; a=\"\"", "@foo", "foo;; a"}) {
    bool ok = true;
    parse(bad, &ok);
    EXPECT_FALSE(ok) << bad;
  }
  bool ok = true;
  EXPECT_EQ(parse("a; b=1, c d", &ok), "a; b=1");
  EXPECT_FALSE(ok);
}

// RFC 6455 §11.3.2: the header may appear several times; every line counts.
TEST(ParseExtensions, EveryHeaderLineIsRead) {
  UpgradeOffer offer =
      read_offer(parsed("GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                        "sec-websocket-extensions: x-webkit-deflate-frame\r\n\r\n"));
  EXPECT_EQ(flat(offer.extension_list),
            "permessage-deflate; client_max_window_bits|x-webkit-deflate-frame");
  EXPECT_FALSE(offer.extensions_malformed);
}

// RFC 7692 §7.1: without parameters both sides use 15-bit windows with context takeover.
TEST(AgreeDeflate, DefaultsWhenTheAnswerHasNoParameters) {
  DeflateAgreement a = agree_deflate(offer_with("permessage-deflate; client_max_window_bits"),
                                     answer_with("permessage-deflate"));
  EXPECT_TRUE(a.accepted);
  EXPECT_FALSE(a.server_no_context_takeover);
  EXPECT_FALSE(a.client_no_context_takeover);
  EXPECT_EQ(a.server_max_window_bits, 15);
  EXPECT_EQ(a.client_max_window_bits, 15);
  EXPECT_TRUE(a.problems.empty());
}

// RFC 7692 §7.1.1-7.1.2: every parameter of an answer, case-insensitive names.
TEST(AgreeDeflate, ReadsEveryParameter) {
  DeflateAgreement a = agree_deflate(
      offer_with("permessage-deflate; client_max_window_bits; server_max_window_bits=10"),
      answer_with("permessage-deflate; Server_No_Context_Takeover; client_no_context_takeover; "
                  "server_max_window_bits=10; client_max_window_bits=\"9\""));
  EXPECT_TRUE(a.accepted);
  EXPECT_TRUE(a.server_no_context_takeover);
  EXPECT_TRUE(a.client_no_context_takeover);
  EXPECT_EQ(a.server_max_window_bits, 10);
  EXPECT_EQ(a.client_max_window_bits, 9);
  EXPECT_EQ(note_names(a.problems), Names{});
}

// RFC 7692 §5: a server that does not answer with permessage-deflate did not accept it.
TEST(AgreeDeflate, NotAcceptedWithoutTheExtensionInTheAnswer) {
  EXPECT_FALSE(agree_deflate(offer_with("permessage-deflate"), answer_with("foo")).accepted);
}

// RFC 7692 §7.1: the client fails the connection on an unknown or repeated parameter, a
// value where none belongs, window bits outside 8-15 or with a leading zero, and
// client_max_window_bits it did not offer (§7.1.2.2). The parameter keeps its default.
TEST(AgreeDeflate, InvalidAnswersAreNotedAndKeepTheDefault) {
  UpgradeOffer offer = offer_with("permessage-deflate");
  UpgradeOffer offer_bits = offer_with("permessage-deflate; client_max_window_bits");
  struct Case {
    const UpgradeOffer* offer;
    const char* answer;
  };
  for (const Case& c : {Case{&offer, "permessage-deflate; foo"},
                        Case{&offer, "permessage-deflate; server_no_context_takeover=1"},
                        Case{&offer, "permessage-deflate; server_max_window_bits"},
                        Case{&offer, "permessage-deflate; server_max_window_bits=7"},
                        Case{&offer, "permessage-deflate; server_max_window_bits=16"},
                        Case{&offer, "permessage-deflate; server_max_window_bits=010"},
                        Case{&offer, "permessage-deflate; client_max_window_bits=10"},
                        Case{&offer_bits, "permessage-deflate; client_max_window_bits"},
                        Case{&offer,
                             "permessage-deflate; server_max_window_bits=9; "
                             "server_max_window_bits=10"},
                        Case{&offer, "permessage-deflate, permessage-deflate"}}) {
    DeflateAgreement a = agree_deflate(*c.offer, answer_with(c.answer));
    EXPECT_TRUE(a.accepted) << c.answer;
    EXPECT_EQ(note_names(a.problems), Names{"http.permessage_deflate_parameter_invalid"})
        << c.answer;
    EXPECT_FALSE(a.server_no_context_takeover) << c.answer;
    EXPECT_EQ(a.client_max_window_bits, 15) << c.answer;
  }
  DeflateAgreement repeated = agree_deflate(
      offer,
      answer_with("permessage-deflate; server_max_window_bits=9; server_max_window_bits=10"));
  EXPECT_EQ(repeated.server_max_window_bits, 9);
}

// RFC 6455 §4.1: "If the response includes a Sec-WebSocket-Extensions header field and this
// header field indicates the use of an extension that was not present in the client's
// handshake ..., the client MUST _Fail the WebSocket Connection_."
TEST(CheckUpgradeExtensions, AnExtensionTheClientDidNotOfferIsNoted) {
  UpgradeOffer offer = offer_with("permessage-deflate");
  offer.key = "dGhlIHNhbXBsZSBub25jZQ==";
  EXPECT_EQ(note_names(check_upgrade(offer, answer_with("permessage-deflate"))), Names{});
  EXPECT_EQ(note_names(check_upgrade(offer, answer_with("x-webkit-deflate-frame"))),
            Names{"http.extension_not_offered"});
  EXPECT_EQ(note_names(check_upgrade(offer, answer_with("permessage-deflate; bogus"))),
            Names{"http.permessage_deflate_parameter_invalid"});
  EXPECT_EQ(note_names(check_upgrade(offer, answer_with("permessage-deflate; a=\"b"))),
            Names{"http.sec_websocket_extensions_malformed"});
}

// The 101's tree says what was agreed, so that a reader need not apply RFC 7692 §7.1 by hand.
TEST(DescribeHead, AgreedDeflateParametersAreShown) {
  std::string text =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
      "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10\r\n\r\n";
  Head head = parsed(text);
  UpgradeOffer offer = offer_with("permessage-deflate; server_max_window_bits=10");
  field::Tree tree;
  tree.add_source(as_bytes(text));
  describe_head(tree, head, &offer);
  std::vector<std::string> lines;
  for (field::NodeIndex i = 0; i < tree.size(); ++i)
    lines.push_back(std::string(2u * tree[i].depth, ' ') + field::format_label(tree, i));
  auto at =
      std::find(lines.begin(), lines.end(), "  [WebSocket extension agreed: permessage-deflate]");
  ASSERT_NE(at, lines.end());
  ASSERT_GE(lines.end() - at, 5);
  EXPECT_EQ(at[1], "    [server_no_context_takeover: False]");
  EXPECT_EQ(at[2], "    [client_no_context_takeover: False]");
  EXPECT_EQ(at[3], "    [server_max_window_bits: 10]");
  EXPECT_EQ(at[4], "    [client_max_window_bits: 15]");
}

}  // namespace
}  // namespace mqscope::http
