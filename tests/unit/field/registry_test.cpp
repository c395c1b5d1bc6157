// The field and note tables of every layer are consistent: unique meanings per abbreviation,
// masks that fit their types, value names only on integers.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "mqscope/app/registry.hpp"

namespace mqscope {
namespace {

TEST(Registry, TablesPassTheirSelfCheck) {
  std::vector<std::string> problems = app::registry().self_check();
  EXPECT_TRUE(problems.empty()) << fmt::format("{}", fmt::join(problems, "\n"));
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
