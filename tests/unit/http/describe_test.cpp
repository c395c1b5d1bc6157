// describe_head: the "Hypertext Transfer Protocol" subtree as Wireshark prints it for the
// WebSocket opening handshake (RFC 6455 §4, RFC 9112 §3-5).
#include <gtest/gtest.h>

#include "mqscope/field/format.hpp"
#include "mqscope/http/describe.hpp"
#include "mqscope/http/fields.hpp"

namespace mqscope::http {
namespace {

using field::NodeIndex;
using field::Tree;
using Lines = std::vector<std::string>;

// Every label of the tree, indented by two spaces per level.
Lines labels(const Tree& tree) {
  Lines out;
  for (NodeIndex i = 0; i < tree.size(); ++i)
    out.push_back(std::string(2u * tree[i].depth, ' ') + field::format_label(tree, i));
  return out;
}

constexpr std::string_view kRequest =
    "GET /mqtt HTTP/1.1\r\n"
    "Host: 103.61.37.192:8083\r\n"
    "Accept: */*\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "Sec-WebSocket-Protocol: mqtt\r\n"
    "Sec-WebSocket-Key: npQCPFw1Pc5G9vqjJyi90w==\r\n"
    "Connection: keep-alive, Upgrade\r\n"
    "Upgrade: websocket\r\n"
    "\r\n";

std::string response(std::string_view accept) {
  return "HTTP/1.1 101 Switching Protocols\r\n"
         "Connection: Upgrade\r\n"
         "Sec-Websocket-Accept: " + std::string(accept) + "\r\n"
         "Sec-Websocket-Protocol: mqtt\r\n"
         "Upgrade: websocket\r\n"
         "\r\n";
}

struct Described {
  std::string text;  // the head's bytes, which the tree points into
  Head head;
  Tree tree;
};

void describe(Described& d, std::string_view text, const UpgradeOffer* offer) {
  d.text = std::string(text);
  ASSERT_TRUE(parse_head(d.text, d.head));
  d.tree.add_source(as_bytes(d.text), "HTTP head");
  describe_head(d.tree, d.head, offer);
}

UpgradeOffer offer_of(std::string_view request) {
  Head head;
  EXPECT_TRUE(parse_head(request, head));
  return read_offer(head);
}

// RFC 9112 §3 and §5: the request line with its three parts, each header line as sent with a
// literal \r\n, then the empty line; as in the seed capture's golden output.
TEST(DescribeHead, RequestLinesReadLikeWireshark) {
  Described d;
  describe(d, kRequest, nullptr);
  EXPECT_EQ(labels(d.tree), (Lines{
                                "Hypertext Transfer Protocol",
                                "  GET /mqtt HTTP/1.1\\r\\n",
                                "    Request Method: GET",
                                "    Request URI: /mqtt",
                                "    Request Version: HTTP/1.1",
                                "  Host: 103.61.37.192:8083\\r\\n",
                                "  Accept: */*\\r\\n",
                                "  Sec-WebSocket-Version: 13\\r\\n",
                                "  Sec-WebSocket-Protocol: mqtt\\r\\n",
                                "  Sec-WebSocket-Key: npQCPFw1Pc5G9vqjJyi90w==\\r\\n",
                                "  Connection: keep-alive, Upgrade\\r\\n",
                                "  Upgrade: websocket\\r\\n",
                                "  \\r\\n",
                            }));
}

// RFC 9112 §5: known headers become fields whose value is the trimmed field value, located
// at its bytes in the head (what -T fields prints and filters compare).
TEST(DescribeHead, KnownHeadersAreFieldsOverTheirValueBytes) {
  Described d;
  describe(d, kRequest, nullptr);
  NodeIndex host = d.tree.find(&hf::host);
  ASSERT_NE(host, field::kNoNode);
  EXPECT_EQ(field::format_field_value(d.tree, d.tree[host]), "103.61.37.192:8083");
  EXPECT_EQ(d.tree[host].offset, 26u);
  NodeIndex key = d.tree.find(&hf::ws_key);
  ASSERT_NE(key, field::kNoNode);
  EXPECT_EQ(field::format_field_value(d.tree, d.tree[key]), "npQCPFw1Pc5G9vqjJyi90w==");
  NodeIndex uri = d.tree.find(&hf::request_uri);
  ASSERT_NE(uri, field::kNoNode);
  EXPECT_EQ(d.tree[uri].offset, 4u);
  EXPECT_EQ(d.tree[uri].length, 5u);
  EXPECT_EQ(d.tree[0].length, kRequest.size());
}

// RFC 9112 §4 and RFC 6455 §4.2.2: the status line's parts, the headers as sent (case kept),
// and a generated line saying the accept value matches the request's key.
TEST(DescribeHead, ResponseLinesEndWithAGeneratedAcceptCheck) {
  UpgradeOffer offer = offer_of(kRequest);
  Described d;
  describe(d, response("biw/vsujgvKx8B0bfoDnjuxHMgA="), &offer);
  EXPECT_EQ(labels(d.tree), (Lines{
                                "Hypertext Transfer Protocol",
                                "  HTTP/1.1 101 Switching Protocols\\r\\n",
                                "    Response Version: HTTP/1.1",
                                "    Status Code: 101",
                                "    [Status Code Description: Switching Protocols]",
                                "    Response Phrase: Switching Protocols",
                                "  Connection: Upgrade\\r\\n",
                                "  Sec-Websocket-Accept: biw/vsujgvKx8B0bfoDnjuxHMgA=\\r\\n",
                                "  Sec-Websocket-Protocol: mqtt\\r\\n",
                                "  Upgrade: websocket\\r\\n",
                                "  \\r\\n",
                                "  [Sec-WebSocket-Accept valid: True]",
                            }));
  NodeIndex code = d.tree.find(&hf::response_code);
  ASSERT_NE(code, field::kNoNode);
  EXPECT_EQ(d.tree[code].offset, 9u);
  EXPECT_EQ(d.tree[code].length, 3u);
}

// RFC 6455 §4.1 item 4: a wrong accept value is shown with the expected one and a warning.
TEST(DescribeHead, WrongAcceptShowsTheExpectedValueAndANote) {
  UpgradeOffer offer = offer_of(kRequest);
  Described d;
  describe(d, response("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), &offer);
  Lines got = labels(d.tree);
  ASSERT_GE(got.size(), 3u);
  EXPECT_EQ(got[got.size() - 3], "  [Sec-WebSocket-Accept valid: False]");
  EXPECT_EQ(got[got.size() - 2], "  [Expected Sec-WebSocket-Accept: biw/vsujgvKx8B0bfoDnjuxHMgA=]");
  EXPECT_EQ(got.back(),
            "  [Expert Info (Warning/Protocol): Sec-WebSocket-Accept does not match "
            "Sec-WebSocket-Key (RFC 6455 §4.2.2) (http.sec_websocket_accept_mismatch)]");
}

// RFC 6455 §4.1: a refusal gets its note but no accept check.
TEST(DescribeHead, RefusedUpgradeIsNotedWithoutAcceptCheck) {
  UpgradeOffer offer = offer_of(kRequest);
  Described d;
  describe(d, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", &offer);
  EXPECT_EQ(labels(d.tree), (Lines{
                                "Hypertext Transfer Protocol",
                                "  HTTP/1.1 404 Not Found\\r\\n",
                                "    Response Version: HTTP/1.1",
                                "    Status Code: 404",
                                "    [Status Code Description: Not Found]",
                                "    Response Phrase: Not Found",
                                "  Content-Length: 0\\r\\n",
                                "  \\r\\n",
                                "  [Expert Info (Note/Sequence): WebSocket upgrade not accepted "
                                "(no 101) (http.upgrade_refused)]",
                            }));
}

// Wireshark escapes control characters in labels; a header value with a tab stays one line.
TEST(DescribeHead, ControlCharactersInHeaderLinesAreEscaped) {
  Described d;
  describe(d, "GET / HTTP/1.1\r\nX-Odd: a\tb\x01\r\n\r\n", nullptr);
  Lines got = labels(d.tree);
  ASSERT_EQ(got.size(), 7u);
  EXPECT_EQ(got[5], "  X-Odd: a\\tb\\x01\\r\\n");
}

}  // namespace
}  // namespace mqscope::http
