// Repeated keys of one JSON object are found as the keys are written, whichever way a key is
// told apart: by its field's remembered number, among lines of text, or by text for everything.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mqscope/output/json_keys.hpp"

namespace mqscope::output {
namespace {

// Distinct objects standing for fields: only their addresses matter.
const char kFieldA = 0, kFieldB = 0, kFieldC = 0;

TEST(JsonKeySet, AFieldTwiceRepeatsAndANewObjectStartsEmpty) {
  JsonKeySet keys;
  keys.reset(false);
  EXPECT_TRUE(keys.insert({"tcp.srcport", {}, &kFieldA}));
  EXPECT_TRUE(keys.insert({"tcp.dstport", {}, &kFieldB}));
  EXPECT_TRUE(keys.insert({"tcp.srcport", "_raw", &kFieldA}));
  EXPECT_FALSE(keys.insert({"tcp.srcport", {}, &kFieldA}));
  keys.reset(false);
  EXPECT_TRUE(keys.insert({"tcp.srcport", {}, &kFieldA}));
}

// Keys are equal by their text: two fields with one abbreviation, and a node's "<abbrev>_tree"
// against a field named so.
TEST(JsonKeySet, KeysAreComparedAsTheyAreWritten) {
  JsonKeySet keys;
  keys.reset(false);
  EXPECT_TRUE(keys.insert({"mqtt.conack.flags.reserved", {}, &kFieldA}));
  EXPECT_FALSE(keys.insert({"mqtt.conack.flags.reserved", {}, &kFieldB}));
  keys.reset(false);
  EXPECT_TRUE(keys.insert({"test.c", "_tree", &kFieldA}));
  EXPECT_FALSE(keys.insert({"test.c_tree", {}, &kFieldC}));
}

// -T ek writes '.' as '_': "a.b" and "a_b" are one key there, two keys in nested JSON.
TEST(JsonKeySet, FlatStyleMakesDotsAndUnderscoresOne) {
  JsonKeySet keys;
  keys.reset(true);
  EXPECT_TRUE(keys.insert({"test.a.b", {}, &kFieldA}));
  EXPECT_FALSE(keys.insert({"test.a_b", {}, &kFieldB}));
  keys.reset(false);
  EXPECT_TRUE(keys.insert({"test.a.b", {}, &kFieldA}));
  EXPECT_TRUE(keys.insert({"test.a_b", {}, &kFieldB}));
}

TEST(JsonKeySet, LinesOfTextAreComparedWithEachOtherAndWithFields) {
  JsonKeySet keys;
  keys.reset(false);
  EXPECT_TRUE(keys.insert({"tcp.seq", {}, &kFieldA}));
  EXPECT_TRUE(keys.insert({"TCP payload (10 bytes)", {}, nullptr}));
  EXPECT_TRUE(keys.insert({"TCP payload (11 bytes)", {}, nullptr}));
  EXPECT_FALSE(keys.insert({"TCP payload (10 bytes)", {}, nullptr}));
  // A line that could be an abbreviation is compared with the fields too.
  keys.reset(false);
  EXPECT_TRUE(keys.insert({"Arrival Time: now", {}, nullptr}));
  EXPECT_TRUE(keys.insert({"tcp.seq", {}, &kFieldA}));
  EXPECT_FALSE(keys.insert({"tcp.seq", {}, nullptr}));
  EXPECT_FALSE(keys.insert({"Arrival Time: now", {}, nullptr}));
  // So is a field whose abbreviation has a space (refused by the registry, not assumed).
  keys.reset(false);
  EXPECT_TRUE(keys.insert({"odd name", {}, nullptr}));
  EXPECT_FALSE(keys.insert({"odd name", {}, &kFieldB}));
}

// Objects of hundreds of keys (the flat style joins a layer's tree) compared as text.
TEST(JsonKeySet, LargeObjectsComparedAsText) {
  std::vector<std::string> texts;
  for (int i = 0; i < 500; ++i) texts.push_back("line " + std::to_string(i));
  JsonKeySet keys;
  for (bool flat : {false, true}) {
    keys.reset(flat);
    EXPECT_TRUE(keys.insert({"x.y", {}, nullptr}));  // identifier-like: text for everything
    for (const std::string& t : texts) EXPECT_TRUE(keys.insert({t, {}, nullptr})) << t;
    EXPECT_FALSE(keys.insert({texts[250], {}, nullptr}));
    EXPECT_FALSE(keys.insert({flat ? "x_y" : "x.y", {}, &kFieldA}));
  }
}

}  // namespace
}  // namespace mqscope::output
