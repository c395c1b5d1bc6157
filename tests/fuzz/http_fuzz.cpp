// Fuzz target: the HTTP layer of the WebSocket handshake (RFC 9112 heads, RFC 6455 §4 and
// §9.1, RFC 7692 §7.1): HeadReader, parse_head, read_offer / read_answer, the
// Sec-WebSocket-Extensions parser, the permessage-deflate agreement, the handshake checks and
// the tree of both heads.
//
// Input: one byte choosing the head-size limit and the chunking, then the bytes of a request
// head followed by a response head (each ending with an empty line), as a connection carries
// them. The reader must give the same head whatever the chunking (split invariance).
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "mqscope/field/format.hpp"
#include "mqscope/http/describe.hpp"
#include "mqscope/http/extensions.hpp"
#include "mqscope/http/head.hpp"
#include "mqscope/http/upgrade.hpp"

namespace {

using namespace mqscope;

struct ReadResult {
  http::HeadReader::Status status = http::HeadReader::Status::NeedMore;
  std::size_t used = 0;
  std::string text;
};

// Feeds `chunks` to a fresh reader until the head is complete or too large.
ReadResult read_head(const std::vector<Bytes>& chunks, std::size_t limit) {
  http::HeadReader reader(limit);
  ReadResult result;
  for (Bytes chunk : chunks) {
    std::size_t used = reader.feed(chunk, result.status);
    fuzz::check(used <= chunk.size(), "HeadReader took more than it was given");
    result.used += used;
    if (result.status != http::HeadReader::Status::NeedMore) break;
    fuzz::check(used == chunk.size(), "HeadReader left bytes while it needs more");
  }
  if (result.status == http::HeadReader::Status::Complete) result.text = reader.text();
  fuzz::check(result.text.size() <= limit, "head longer than the limit");
  return result;
}

// Reads one head from the front of `stream` under two chunkings, which must agree.
ReadResult read_both_ways(Bytes stream, std::size_t limit, std::uint32_t seed) {
  ReadResult whole = read_head(fuzz::chunked(stream, 0), limit);
  ReadResult split = read_head(fuzz::chunked(stream, seed), limit);
  fuzz::check(whole.status == split.status && whole.text == split.text &&
                  (whole.status != http::HeadReader::Status::Complete || whole.used == split.used),
              "HeadReader depends on the chunking", whole.text + "\n---\n" + split.text);
  return whole;
}

void print(const field::Tree& tree) {
  std::size_t total = 0;
  for (field::NodeIndex i = 0; i < tree.size(); ++i) total += field::format_label(tree, i).size();
  fuzz::check(total < (std::size_t{1} << 30), "implausible tree text");
}

void exercise_lists(std::string_view text) {
  std::vector<http::Extension> extensions;
  http::parse_extensions(text, extensions);
  for (const http::Extension& e : extensions)
    fuzz::check(!e.name.empty(), "extension without a name");
  http::split_list(text);
  http::has_token(text, "upgrade");
  http::looks_like_request(as_bytes(text));
  http::looks_like_response(as_bytes(text));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in(data, size);
  std::uint8_t choice = in.byte();
  std::size_t limit = (choice & 1) ? 256 : 16 * 1024;
  std::uint32_t seed = choice >> 1;
  Bytes stream = in.rest();
  exercise_lists(as_text(stream));

  ReadResult request = read_both_ways(stream, limit, seed);
  if (request.status != http::HeadReader::Status::Complete) return 0;
  ReadResult response = read_both_ways(stream.subspan(request.used), limit, seed + 1);

  http::Head request_head;
  http::Head response_head;
  bool have_request = http::parse_head(request.text, request_head);
  bool have_response = response.status == http::HeadReader::Status::Complete &&
                       http::parse_head(response.text, response_head);
  http::UpgradeOffer offer;
  if (have_request) {
    offer = http::read_offer(request_head);
    http::expected_accept(offer.key);
    field::Tree tree;
    tree.add_source(as_bytes(request.text), "HTTP head");
    http::describe_head(tree, request_head, nullptr);
    print(tree);
  }
  if (have_response) {
    http::UpgradeAnswer answer = http::read_answer(response_head);
    http::check_upgrade(offer, answer);
    http::DeflateAgreement deflate = http::agree_deflate(offer, answer);
    fuzz::check(deflate.server_max_window_bits >= 8 && deflate.server_max_window_bits <= 15 &&
                    deflate.client_max_window_bits >= 8 && deflate.client_max_window_bits <= 15,
                "permessage-deflate window bits outside RFC 7692 §7.1.2's 8 to 15");
    field::Tree tree;
    tree.add_source(as_bytes(response.text), "HTTP head");
    http::describe_head(tree, response_head, &offer);
    print(tree);
  }
  return 0;
}
