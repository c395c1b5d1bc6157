// CONNECT (MQTT 3.1.1 §3.1, 5.0 §3.1) and CONNACK (§3.2).
#include "mqscope/mqtt/fields.hpp"
#include "mqscope/mqtt/fields_v5.hpp"
#include "mqscope/mqtt/notes.hpp"
#include "reader.hpp"

namespace mqscope::mqtt::detail {

namespace {

constexpr std::uint8_t kUserNameFlag = 0x80;
constexpr std::uint8_t kPasswordFlag = 0x40;
constexpr std::uint8_t kWillFlag = 0x04;

bool decode_connect_flags(Reader& in, std::uint8_t& flags) {
  std::uint64_t value = 0;
  if (!in.uint(&hf::conflags, 1, value)) return false;
  field::Tree& tree = in.tree();
  field::NodeIndex node = in.last();
  tree.set_flags(node, field::kBitmaskSummary);
  field::Subtree sub(tree, node);
  auto at = tree[node].offset;
  for (field::FieldId f : {&hf::conflag_uname, &hf::conflag_passwd, &hf::conflag_retain,
                           &hf::conflag_qos, &hf::conflag_willflag, &hf::conflag_cleansess,
                           &hf::conflag_reserved}) {
    tree.add(f, at, 1, value);
  }
  flags = static_cast<std::uint8_t>(value);
  return true;
}

void decode_will(Context& ctx) {
  Reader& in = ctx.in;
  if (ctx.session.version == kVersion5 && !decode_properties(ctx, &hf::will_properties)) return;
  std::uint64_t topic_length = 0;
  if (!in.uint(&hf::willtopic_len, 2, topic_length)) return;
  if (topic_length > 0) {
    if (!in.bytes(&hf::willtopic, static_cast<std::size_t>(topic_length))) return;
  } else {
    field::Subtree sub(in.tree(), in.last());
    in.tree().add_note(&notes::illegal_topic_length);
  }
  in.length_prefixed(&hf::willmsg_len, &hf::willmsg);
}

}  // namespace

void decode_connect(Context& ctx) {
  Reader& in = ctx.in;
  if (!in.length_prefixed(&hf::proto_len, &hf::protoname)) return;
  std::uint64_t version = 0;
  if (!in.uint(&hf::ver, 1, version)) return;
  if (!ctx.session.version_forced) ctx.session.version = static_cast<std::uint8_t>(version);
  ctx.session.connect_seen = true;
  std::uint8_t flags = 0;
  if (!decode_connect_flags(in, flags)) return;
  if (!in.uint(&hf::kalive, 2)) return;
  if (ctx.session.version == kVersion5 && !decode_properties(ctx, &hf::properties)) return;
  if (!in.length_prefixed(&hf::clientid_len, &hf::clientid)) return;
  if (flags & kWillFlag) decode_will(ctx);
  // Like Wireshark, a flag without the bytes behind it is not an error here: MQTT 3.1 clients
  // set the password flag and send none.
  if ((flags & kUserNameFlag) && in.ok() && in.remaining() > 0)
    in.length_prefixed(&hf::username_len, &hf::username);
  if ((flags & kPasswordFlag) && in.ok() && in.remaining() > 0)
    in.length_prefixed(&hf::passwd_len, &hf::passwd);
  if (in.ok() && in.remaining() > 0) in.tree().add_note(&notes::trailing_bytes);
}

void decode_connack(Context& ctx) {
  Reader& in = ctx.in;
  field::Tree& tree = in.tree();
  std::uint64_t flags = 0;
  if (ctx.session.version == kVersion31) {
    // MQTT 3.1 §3.2: the first byte is reserved (no Session Present yet).
    if (!in.uint(&hf::conack_reserved, 1, flags)) return;
  } else {
    if (!in.uint(&hf::conack_flags, 1, flags)) return;
    field::NodeIndex node = in.last();
    tree.set_flags(node, field::kBitmaskSummary);
    field::Subtree sub(tree, node);
    tree.add(&hf::conackflag_reserved, tree[node].offset, 1, flags);
    tree.add(&hf::conackflag_sp, tree[node].offset, 1, flags);
  }
  // As in Wireshark, only MQTT 3.1 and 3.1.1 have a Return Code: any other version (5.0, or
  // none known yet) shows MQTT 5.0's Reason Code, with properties only for 5.0 itself.
  bool v3 = ctx.session.version == kVersion31 || ctx.session.version == kVersion311;
  if (!in.uint(v3 ? &hf::conack_val : &hf::rc_connack, 1)) return;
  if (ctx.session.version == kVersion5 && !decode_properties(ctx, &hf::properties)) return;
  if (in.ok() && in.remaining() > 0) tree.add_note(&notes::trailing_bytes);
}

}  // namespace mqscope::mqtt::detail
