// parse_head and the token helpers: start lines and header fields of RFC 9112 §3-5, and the
// recognisers that decide whether a TCP stream starts with HTTP.
#include <gtest/gtest.h>

#include "mqscope/http/head.hpp"

namespace mqscope::http {
namespace {

using Views = std::vector<std::string_view>;

constexpr std::string_view kRequest =
    "GET /mqtt HTTP/1.1\r\n"
    "Host: 103.61.37.192:8083\r\n"
    "Connection: keep-alive, Upgrade\r\n"
    "Upgrade: websocket\r\n"
    "\r\n";

// RFC 9112 §3: request-line = method SP request-target SP HTTP-version.
TEST(ParseHead, RequestLineGivesMethodTargetAndVersion) {
  Head head;
  ASSERT_TRUE(parse_head(kRequest, head));
  EXPECT_TRUE(head.is_request);
  EXPECT_EQ(head.method, "GET");
  EXPECT_EQ(head.target, "/mqtt");
  EXPECT_EQ(head.version, "HTTP/1.1");
  EXPECT_EQ(head.start_line_length, 18u);
  EXPECT_EQ(head.status, 0);
}

// RFC 9112 §5: field-line = field-name ":" OWS field-value OWS; offsets point into the head.
TEST(ParseHead, HeaderLinesCarryTheirOffsetsLengthsAndValueOffsets) {
  Head head;
  ASSERT_TRUE(parse_head(kRequest, head));
  ASSERT_EQ(head.headers.size(), 3u);
  const HeaderLine& host = head.headers[0];
  EXPECT_EQ(host.name, "Host");
  EXPECT_EQ(host.value, "103.61.37.192:8083");
  EXPECT_EQ(host.offset, 20u);
  EXPECT_EQ(host.length, 24u);
  EXPECT_EQ(host.value_offset, 26u);
  const HeaderLine& upgrade = head.headers[2];
  EXPECT_EQ(kRequest.substr(upgrade.offset, upgrade.length), "Upgrade: websocket");
  EXPECT_EQ(kRequest.substr(upgrade.value_offset, upgrade.value.size()), "websocket");
}

// RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
TEST(ParseHead, StatusLineGivesVersionCodeAndReason) {
  constexpr std::string_view text =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n";
  Head head;
  ASSERT_TRUE(parse_head(text, head));
  EXPECT_FALSE(head.is_request);
  EXPECT_EQ(head.version, "HTTP/1.1");
  EXPECT_EQ(head.status, 101);
  EXPECT_EQ(head.reason, "Switching Protocols");
  EXPECT_EQ(head.start_line_length, 32u);
  ASSERT_EQ(head.headers.size(), 1u);
  EXPECT_EQ(head.headers[0].offset, 34u);
}

// RFC 9112 §4: the reason-phrase is optional.
TEST(ParseHead, StatusLineWithoutReasonIsAccepted) {
  Head head;
  ASSERT_TRUE(parse_head("HTTP/1.1 400\r\n\r\n", head));
  EXPECT_EQ(head.status, 400);
  EXPECT_TRUE(head.reason.empty());
}

// RFC 9112 §4: status-code = 3DIGIT; anything else is not a status line.
TEST(ParseHead, StatusCodeMustBeThreeDigits) {
  Head head;
  EXPECT_FALSE(parse_head("HTTP/1.1 1010 Too Long\r\n\r\n", head));
  EXPECT_FALSE(parse_head("HTTP/1.1 -01 Negative\r\n\r\n", head));
  EXPECT_FALSE(parse_head("HTTP/1.1 +99 Signed\r\n\r\n", head));
  EXPECT_FALSE(parse_head("HTTP/1.1 10 Short\r\n\r\n", head));
  EXPECT_FALSE(parse_head("HTTP/1.1 abc Letters\r\n\r\n", head));
}

// RFC 9112 §2.2: a recipient MAY recognize a single LF as a line terminator.
TEST(ParseHead, BareLineFeedsAreTolerated) {
  constexpr std::string_view text = "GET /mqtt HTTP/1.1\nHost: broker\nUpgrade: websocket\n\n";
  Head head;
  ASSERT_TRUE(parse_head(text, head));
  EXPECT_EQ(head.target, "/mqtt");
  ASSERT_EQ(head.headers.size(), 2u);
  EXPECT_EQ(head.headers[0].offset, 19u);
  EXPECT_EQ(head.headers[0].length, 12u);
  EXPECT_EQ(head.headers[1].value, "websocket");
}

// RFC 9112 §5.1: OWS around the field value is not part of it.
TEST(ParseHead, HeaderValuesAreTrimmedOfSpacesAndTabs) {
  constexpr std::string_view text = "GET / HTTP/1.1\r\nHost: \t broker \t\r\nX-Empty:   \r\n\r\n";
  Head head;
  ASSERT_TRUE(parse_head(text, head));
  ASSERT_EQ(head.headers.size(), 2u);
  EXPECT_EQ(head.headers[0].value, "broker");
  EXPECT_EQ(text.substr(head.headers[0].value_offset, 6), "broker");
  EXPECT_EQ(head.headers[0].length, 16u);
  EXPECT_EQ(head.headers[1].value, "");
}

// RFC 9110 §5.1: field names are case-insensitive.
TEST(ParseHead, HeaderLookupIgnoresCaseAndReturnsTheFirst) {
  constexpr std::string_view text =
      "HTTP/1.1 101 OK\r\nSec-Websocket-Accept: one\r\nSEC-WEBSOCKET-ACCEPT: two\r\n\r\n";
  Head head;
  ASSERT_TRUE(parse_head(text, head));
  EXPECT_EQ(head.header("sec-websocket-accept"), "one");
  EXPECT_TRUE(head.has_header("Sec-WebSocket-Accept"));
  EXPECT_FALSE(head.has_header("Sec-WebSocket-Protocol"));
  EXPECT_EQ(head.header("Sec-WebSocket-Protocol"), "");
}

// RFC 9112 §5: a line without a colon is no field line; it is skipped, the rest still parsed.
TEST(ParseHead, LinesWithoutAColonAreSkipped) {
  Head head;
  ASSERT_TRUE(parse_head("GET / HTTP/1.1\r\nnonsense\r\n: no name\r\nHost: a\r\n\r\n", head));
  ASSERT_EQ(head.headers.size(), 1u);
  EXPECT_EQ(head.headers[0].name, "Host");
}

// RFC 9112 §2.1: a head without its empty line, or without a start line, is not complete.
TEST(ParseHead, IncompleteOrEmptyHeadsAreRejected) {
  Head head;
  EXPECT_FALSE(parse_head("GET / HTTP/1.1\r\nHost: a\r\n", head));
  EXPECT_FALSE(parse_head("GET / HTTP/1.1", head));
  EXPECT_FALSE(parse_head("\r\n", head));
  EXPECT_FALSE(parse_head("", head));
}

// RFC 9112 §3: the method is a token and the version must be present.
TEST(ParseHead, MalformedRequestLinesAreRejected) {
  Head head;
  EXPECT_FALSE(parse_head("GET\r\n\r\n", head));
  EXPECT_FALSE(parse_head("GET /mqtt\r\n\r\n", head));
  EXPECT_FALSE(parse_head("GET /mqtt FTP/1.0\r\n\r\n", head));
  EXPECT_FALSE(parse_head("G(T / HTTP/1.1\r\n\r\n", head));
  EXPECT_FALSE(parse_head(" / HTTP/1.1\r\n\r\n", head));
}

// RFC 9110 §5.6.1: lists are comma-separated, with empty elements and OWS ignored.
TEST(SplitList, GivesTrimmedNonEmptyElements) {
  EXPECT_EQ(split_list("mqtt, mqttv3.1 ,,\tmqttv5\t"), (Views{"mqtt", "mqttv3.1", "mqttv5"}));
  EXPECT_EQ(split_list("single"), (Views{"single"}));
  EXPECT_EQ(split_list(" , ,"), Views{});
  EXPECT_EQ(split_list(""), Views{});
}

// RFC 9110 §7.6.1 and §7.8: Connection options and Upgrade protocols are case-insensitive.
TEST(HasToken, FindsCaseInsensitiveListMembersOnly) {
  EXPECT_TRUE(has_token("keep-alive, Upgrade", "upgrade"));
  EXPECT_TRUE(has_token("Upgrade", "upgrade"));
  EXPECT_TRUE(has_token("WebSocket", "websocket"));
  EXPECT_TRUE(has_token(" upgrade ,keep-alive", "Upgrade"));
  EXPECT_FALSE(has_token("keep-alive", "upgrade"));
  EXPECT_FALSE(has_token("upgrades", "upgrade"));
  EXPECT_FALSE(has_token("keep-alive upgrade", "upgrade"));
  EXPECT_FALSE(has_token("", "upgrade"));
}

// RFC 9110 §5.1: tokens compare case-insensitively, character by character.
TEST(Iequals, ComparesAsciiIgnoringCase) {
  EXPECT_TRUE(iequals("Sec-WebSocket-Key", "sec-websocket-key"));
  EXPECT_TRUE(iequals("", ""));
  EXPECT_FALSE(iequals("Upgrade", "Upgrades"));
  EXPECT_FALSE(iequals("Upgrade", "Upgrad_"));
}

// Only A-Z fold: '@' and '`', '[' and '{' differ by the case bit but are not letters, and
// neither are bytes from 0x80 (Latin-1's À and à differ by that bit too).
TEST(Iequals, FoldsOnlyAsciiLetters) {
  EXPECT_TRUE(iequals("AZaz09-", "azAZ09-"));
  EXPECT_FALSE(iequals("@", "`"));
  EXPECT_FALSE(iequals("[", "{"));
  EXPECT_FALSE(iequals("^", "~"));
  EXPECT_FALSE(iequals("\xc0", "\xe0"));
  EXPECT_TRUE(iequals("\xc0", "\xc0"));
}

// RFC 9110 §9: a request starts with a method and SP; prefixes cannot be judged yet.
TEST(LooksLikeRequest, MethodPrefixesNeedMore) {
  EXPECT_EQ(looks_like_request(as_bytes("")), Match::NeedMore);
  EXPECT_EQ(looks_like_request(as_bytes("G")), Match::NeedMore);
  EXPECT_EQ(looks_like_request(as_bytes("GE")), Match::NeedMore);
  EXPECT_EQ(looks_like_request(as_bytes("GET")), Match::NeedMore);
  EXPECT_EQ(looks_like_request(as_bytes("OPTIO")), Match::NeedMore);
  EXPECT_EQ(looks_like_request(as_bytes("GET ")), Match::Yes);
  EXPECT_EQ(looks_like_request(as_bytes("GET /mqtt HTTP/1.1\r\n")), Match::Yes);
  EXPECT_EQ(looks_like_request(as_bytes("POST /")), Match::Yes);
}

// RFC 9110 §9.1: methods are case-sensitive; MQTT's CONNECT packet (0x10) is no request.
TEST(LooksLikeRequest, OtherStartsAreNo) {
  EXPECT_EQ(looks_like_request(as_bytes("get /")), Match::No);
  EXPECT_EQ(looks_like_request(as_bytes("GETX")), Match::No);
  EXPECT_EQ(looks_like_request(as_bytes("HTTP/1.1 101")), Match::No);
  const std::uint8_t connect[] = {0x10, 0x0c, 0x00, 0x04, 'M', 'Q', 'T', 'T'};
  EXPECT_EQ(looks_like_request(Bytes(connect)), Match::No);
}

// RFC 9112 §4: a response starts with "HTTP/1.x" SP.
TEST(LooksLikeResponse, VersionPrefixesNeedMoreAndFullVersionsMatch) {
  EXPECT_EQ(looks_like_response(as_bytes("")), Match::NeedMore);
  EXPECT_EQ(looks_like_response(as_bytes("HTTP/1.")), Match::NeedMore);
  EXPECT_EQ(looks_like_response(as_bytes("HTTP/1.1")), Match::NeedMore);
  EXPECT_EQ(looks_like_response(as_bytes("HTTP/1.1 ")), Match::Yes);
  EXPECT_EQ(looks_like_response(as_bytes("HTTP/1.0 200 OK")), Match::Yes);
  EXPECT_EQ(looks_like_response(as_bytes("HTTP/2 200")), Match::No);
  EXPECT_EQ(looks_like_response(as_bytes("GET / HTTP/1.1")), Match::No);
  const std::uint8_t connack[] = {0x20, 0x02, 0x00, 0x00};
  EXPECT_EQ(looks_like_response(Bytes(connack)), Match::No);
}

}  // namespace
}  // namespace mqscope::http
