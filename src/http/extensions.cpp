#include "mqscope/http/extensions.hpp"

#include <algorithm>
#include <cctype>

#include "mqscope/http/fields.hpp"
#include "mqscope/http/head.hpp"
#include "mqscope/http/upgrade.hpp"

namespace mqscope::http {

namespace {

constexpr std::string_view kDeflate = "permessage-deflate";

// RFC 9110 §5.6.2: tchar.
bool is_tchar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A cursor over one header value with the few productions §9.1 needs.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  bool done() const { return pos_ >= text_.size(); }
  void skip_space() {
    while (!done() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool take(char c) {
    skip_space();
    if (done() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool token(std::string& out) {
    skip_space();
    std::size_t start = pos_;
    while (!done() && is_tchar(text_[pos_])) ++pos_;
    out.assign(text_.substr(start, pos_ - start));
    return !out.empty();
  }
  // RFC 9110 §5.6.4: quoted-string with quoted-pairs; §9.1: its content must be a token.
  bool quoted(std::string& out) {
    out.clear();
    if (!take('"')) return false;
    while (!done()) {
      char c = text_[pos_++];
      if (c == '"') return !out.empty() && std::all_of(out.begin(), out.end(), is_tchar);
      if (c == '\\') {
        if (done()) return false;
        c = text_[pos_++];
      }
      out += c;
    }
    return false;
  }
  bool at(char c) {
    skip_space();
    return !done() && text_[pos_] == c;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool parse_param(Scanner& s, ExtensionParam& param) {
  if (!s.token(param.name)) return false;
  if (!s.take('=')) return true;
  param.has_value = true;
  return s.at('"') ? s.quoted(param.value) : s.token(param.value);
}

}  // namespace

bool parse_extensions(std::string_view value, std::vector<Extension>& out) {
  Scanner s(value);
  while (true) {
    while (s.take(',')) {
    }  // RFC 9110 §5.6.1: empty list elements are ignored
    s.skip_space();
    if (s.done()) return true;
    Extension extension;
    if (!s.token(extension.name)) return false;
    while (s.take(';')) {
      ExtensionParam param;
      if (!parse_param(s, param)) return false;
      extension.params.push_back(std::move(param));
    }
    s.skip_space();
    if (!s.done() && !s.at(',')) return false;  // the element does not end here
    out.push_back(std::move(extension));
    if (s.done()) return true;
  }
}

namespace {

// §7.1.2.1-2: "a decimal integer value without leading zeroes between 8 to 15, inclusive".
bool read_window_bits(const ExtensionParam& p, std::uint8_t& bits) {
  const std::string& v = p.value;
  if (!p.has_value || v.empty() || v.size() > 2 || v[0] == '0' ||
      !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  int n = std::stoi(v);
  if (n < 8 || n > 15) return false;
  bits = static_cast<std::uint8_t>(n);
  return true;
}

bool offered_client_bits(const UpgradeOffer& offer) {
  for (const Extension& e : offer.extension_list) {
    if (!iequals(e.name, kDeflate)) continue;
    for (const ExtensionParam& p : e.params)
      if (iequals(p.name, "client_max_window_bits")) return true;
  }
  return false;
}

// One parameter of the server's answer (§7.1): known, not repeated, with a valid value. On
// false the caller drops what this call changed in `a`.
bool read_answer_param(const ExtensionParam& p, bool client_bits_offered, DeflateAgreement& a,
                       std::vector<std::string>& seen) {
  std::string name = p.name;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (std::find(seen.begin(), seen.end(), name) != seen.end()) return false;  // §7.1
  seen.push_back(name);
  if (name == "server_no_context_takeover") {
    a.server_no_context_takeover = true;
    return !p.has_value;
  }
  if (name == "client_no_context_takeover") {
    a.client_no_context_takeover = true;
    return !p.has_value;
  }
  if (name == "server_max_window_bits") return read_window_bits(p, a.server_max_window_bits);
  // §7.1.2.2: only if the client offered it, and then with a value.
  if (name == "client_max_window_bits")
    return client_bits_offered && read_window_bits(p, a.client_max_window_bits);
  return false;
}

}  // namespace

DeflateAgreement agree_deflate(const UpgradeOffer& offer, const UpgradeAnswer& answer) {
  DeflateAgreement agreement;
  const Extension* accepted = nullptr;
  for (const Extension& e : answer.extension_list) {
    if (!iequals(e.name, kDeflate)) continue;
    // §7: the server accepts one offer, with one element.
    if (accepted != nullptr)
      agreement.problems.push_back(&notes::deflate_parameter_invalid);
    else
      accepted = &e;
  }
  if (accepted == nullptr) return agreement;
  agreement.accepted = true;
  std::vector<std::string> seen;
  bool client_bits = offered_client_bits(offer);
  for (const ExtensionParam& p : accepted->params) {
    DeflateAgreement tried = agreement;
    if (read_answer_param(p, client_bits, tried, seen)) {
      agreement = std::move(tried);
      continue;
    }
    if (std::find(agreement.problems.begin(), agreement.problems.end(),
                  &notes::deflate_parameter_invalid) == agreement.problems.end())
      agreement.problems.push_back(&notes::deflate_parameter_invalid);
  }
  return agreement;
}

}  // namespace mqscope::http
