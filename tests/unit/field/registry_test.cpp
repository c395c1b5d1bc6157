// The field and note tables of every layer are consistent: unique meanings per abbreviation,
// masks that fit their types, value names only on integers.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "mqscope/app/registry.hpp"
#include "mqscope/field/registry.hpp"

namespace mqscope {
namespace {

TEST(Registry, TablesPassTheirSelfCheck) {
  std::vector<std::string> problems = app::registry().self_check();
  EXPECT_TRUE(problems.empty()) << fmt::format("{}", fmt::join(problems, "\n"));
}

// JSON writes abbreviations as keys without escaping them: the self-check refuses one that
// would need an escape (or that a display filter could not name).
TEST(Registry, SelfCheckRefusesAbbreviationsThatAreNotIdentifiers) {
  static constexpr field::FieldInfo kQuoted{"Quoted", "test.\"quoted\"", field::Type::UInt8};
  static constexpr field::FieldInfo kSpaced{"Spaced", "test.with space", field::Type::UInt8};
  static constexpr field::FieldInfo kPlain{"Plain", "test.plain_name-1", field::Type::UInt8};
  static constexpr field::FieldId kFields[] = {&kQuoted, &kSpaced, &kPlain};
  field::Registry registry;
  registry.add_fields(kFields, "test");
  std::vector<std::string> problems = registry.self_check();
  ASSERT_EQ(problems.size(), 2u) << fmt::format("{}", fmt::join(problems, "\n"));
  EXPECT_NE(problems[0].find("test.\"quoted\""), std::string::npos);
  EXPECT_NE(problems[1].find("test.with space"), std::string::npos);
}

TEST(Registry, FindsWiresharkAbbreviations) {
  for (const char* abbrev : {"mqtt.conflag.uname", "mqtt.msgtype", "mqtt.topic", "websocket.opcode",
                             "websocket.masking_key", "tcp.stream", "ip.src", "frame.number",
                             "http.sec_websocket_accept"}) {
    EXPECT_FALSE(app::registry().find(abbrev).empty()) << abbrev;
  }
  EXPECT_TRUE(app::registry().find("mqtt.no_such_field").empty());
}

TEST(Registry, NoteNamesAreStableDottedSnakeCase) {
  for (NoteId note : app::registry().notes()) {
    std::string_view name = note->name;
    EXPECT_NE(name.find('.'), std::string_view::npos) << name;
    for (char c : name)
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.') << name;
    EXPECT_EQ(app::registry().find_note(name), note);
  }
}

}  // namespace
}  // namespace mqscope
