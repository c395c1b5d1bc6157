// A small JSON reader for tests: the ground-truth files, and later mqscope's own JSON output.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mqscope::test {

class Json {
 public:
  enum class Kind { Null, Bool, Number, String, Array, Object };

  // Parses `text`; on failure returns a Null value and sets `error` (with the byte offset).
  static Json parse(std::string_view text, std::string& error);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool boolean() const { return bool_; }
  double number() const { return number_; }
  std::int64_t integer() const { return static_cast<std::int64_t>(number_); }
  const std::string& string() const { return string_; }
  const std::vector<Json>& array() const { return array_; }
  const std::vector<std::pair<std::string, Json>>& object() const { return object_; }

  bool has(std::string_view key) const;
  // The member `key`, or a shared Null value.
  const Json& operator[](std::string_view key) const;

 private:
  friend class JsonParser;
  Kind kind_ = Kind::Null;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<Json> array_;
  std::vector<std::pair<std::string, Json>> object_;
};

// Reads a whole file into a string (empty on failure).
std::string read_file(const std::string& path);

}  // namespace mqscope::test
