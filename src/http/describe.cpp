#include "mqscope/http/describe.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mqscope/field/format.hpp"
#include "mqscope/http/fields.hpp"

namespace mqscope::http {

namespace {

using field::NodeIndex;
using field::Subtree;
using field::Tree;

struct KnownHeader {
  std::string_view name;
  field::FieldId field;
};

constexpr KnownHeader kKnownHeaders[] = {
    {"Host", &hf::host},
    {"User-Agent", &hf::user_agent},
    {"Authorization", &hf::authorization},
    {"Proxy-Authorization", &hf::proxy_authorization},
    {"Connection", &hf::connection},
    {"Upgrade", &hf::upgrade},
    {"Sec-WebSocket-Key", &hf::ws_key},
    {"Sec-WebSocket-Accept", &hf::ws_accept},
    {"Sec-WebSocket-Protocol", &hf::ws_protocol},
    {"Sec-WebSocket-Extensions", &hf::ws_extensions},
    {"Sec-WebSocket-Version", &hf::ws_version},
};

field::FieldId known_field(std::string_view name) {
  for (const KnownHeader& k : kKnownHeaders) {
    if (iequals(k.name, name)) return k.field;
  }
  return nullptr;
}

std::uint32_t offset_in(const Tree& tree, std::string_view part) {
  Bytes src = tree.source(tree.current_source());
  return static_cast<std::uint32_t>(part.data() - reinterpret_cast<const char*>(src.data()));
}

std::string_view status_description(int status) {
  switch (status) {
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 426: return "Upgrade Required";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

void describe_start_line(Tree& tree, const Head& head) {
  Bytes src = tree.source(tree.current_source());
  std::string_view line = as_text(src.first(head.start_line_length));
  NodeIndex start = tree.add_text(field::escape_text(std::string(line) + "\r\n"), 0,
                                  head.start_line_length);
  Subtree sub(tree, start);
  auto add_part = [&](field::FieldId f, std::string_view part) {
    tree.add(f, offset_in(tree, part), static_cast<std::uint32_t>(part.size()));
  };
  if (head.is_request) {
    add_part(&hf::request_method, head.method);
    add_part(&hf::request_uri, head.target);
    add_part(&hf::request_version, head.version);
    return;
  }
  add_part(&hf::response_version, head.version);
  NodeIndex code = tree.add(&hf::response_code, offset_in(tree, head.version) +
                                                    static_cast<std::uint32_t>(head.version.size()) + 1,
                            3, static_cast<std::uint64_t>(head.status));
  (void)code;
  std::string_view description = status_description(head.status);
  if (!description.empty()) tree.add_generated_text(&hf::response_code_desc, description);
  if (!head.reason.empty()) add_part(&hf::response_phrase, head.reason);
}

// RFC 7692 §7.1: the permessage-deflate parameters in force after this answer.
void describe_deflate(Tree& tree, const UpgradeOffer& offer, const UpgradeAnswer& answer) {
  DeflateAgreement a = agree_deflate(offer, answer);
  if (!a.accepted) return;
  NodeIndex top = tree.add_generated_text(&hf::ws_deflate, "permessage-deflate");
  Subtree sub(tree, top);
  auto generated = [&](field::FieldId f, std::uint64_t v) {
    tree.set_flags(tree.add(f, 0, 0, v), field::kGenerated);
  };
  generated(&hf::ws_deflate_server_no_takeover, a.server_no_context_takeover);
  generated(&hf::ws_deflate_client_no_takeover, a.client_no_context_takeover);
  generated(&hf::ws_deflate_server_bits, a.server_max_window_bits);
  generated(&hf::ws_deflate_client_bits, a.client_max_window_bits);
}

bool offered(const UpgradeOffer& offer, std::string_view extension) {
  return std::any_of(offer.extension_list.begin(), offer.extension_list.end(),
                     [&](const Extension& e) { return iequals(e.name, extension); });
}

// RFC 6455 §4.1 and §9.1, RFC 7692 §7.1: the extensions of the answer.
void check_extensions(const UpgradeOffer& offer, const UpgradeAnswer& answer,
                      std::vector<NoteId>& problems) {
  if (answer.extensions_malformed) problems.push_back(&notes::extensions_malformed);
  for (const Extension& e : answer.extension_list) {
    if (offered(offer, e.name)) continue;
    problems.push_back(&notes::extension_not_offered);
    break;
  }
  DeflateAgreement deflate = agree_deflate(offer, answer);
  problems.insert(problems.end(), deflate.problems.begin(), deflate.problems.end());
}

void describe_accept(Tree& tree, const Head& head, const UpgradeOffer& offer) {
  UpgradeAnswer answer = read_answer(head);
  if (!answer.switching || offer.key.empty() || answer.accept.empty()) return;
  std::string expected = expected_accept(offer.key);
  bool valid = expected == answer.accept;
  NodeIndex n = tree.add(&hf::ws_accept_valid, 0, 0, valid ? 1 : 0);
  tree.set_flags(n, field::kGenerated);
  if (!valid) tree.add_generated_text(&hf::ws_accept_expected, expected);
}

}  // namespace

std::vector<NoteId> check_upgrade(const UpgradeOffer& offer, const UpgradeAnswer& answer) {
  std::vector<NoteId> problems;
  if (!offer.websocket) return problems;
  if (!answer.switching) {
    problems.push_back(&notes::upgrade_refused);
    return problems;
  }
  if (answer.accept.empty()) problems.push_back(&notes::accept_missing);
  else if (!offer.key.empty() && expected_accept(offer.key) != answer.accept)
    problems.push_back(&notes::accept_mismatch);
  if (!answer.protocol.empty() &&
      std::none_of(offer.protocols.begin(), offer.protocols.end(),
                   [&](const std::string& p) { return p == answer.protocol; }))
    problems.push_back(&notes::subprotocol_not_offered);
  if (answer.protocol.empty() && !offer.protocols.empty())
    problems.push_back(&notes::subprotocol_missing);
  check_extensions(offer, answer, problems);
  return problems;
}

void describe_head(Tree& tree, const Head& head, const UpgradeOffer* offer) {
  Bytes src = tree.source(tree.current_source());
  NodeIndex top = tree.add(&hf::http, 0, static_cast<std::uint32_t>(src.size()));
  Subtree sub(tree, top);
  describe_start_line(tree, head);
  for (const HeaderLine& h : head.headers) {
    std::string label = field::escape_text(std::string(as_text(src.subspan(h.offset, h.length))) + "\r\n");
    if (field::FieldId f = known_field(h.name)) {
      NodeIndex n = tree.add(f, h.value_offset, static_cast<std::uint32_t>(h.value.size()));
      tree.set_label(n, label);
    } else {
      tree.add_text(label, h.offset, h.length);
    }
  }
  tree.add_text("\\r\\n");
  if (head.is_request && read_offer(head).extensions_malformed)
    tree.add_note(&notes::extensions_malformed);
  if (!head.is_request && offer != nullptr) {
    describe_accept(tree, head, *offer);
    UpgradeAnswer answer = read_answer(head);
    if (answer.switching) describe_deflate(tree, *offer, answer);
    for (NoteId note : check_upgrade(*offer, answer)) tree.add_note(note);
  }
}

}  // namespace mqscope::http
