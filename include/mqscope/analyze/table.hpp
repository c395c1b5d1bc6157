// Plain-text tables for the statistics: a title, column headers, rows; numbers right-aligned.
#pragma once

#include <string>
#include <vector>

namespace mqscope::analyze {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }
  // Appends the table, each line indented by two spaces.
  void write(std::string& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// "== mqtt,types: packets and bytes per type and direction ==" and the closing rule.
void write_heading(std::string& out, std::string_view name, std::string_view what);

// Seconds with microseconds: "0.002100".
std::string seconds(std::uint64_t nanoseconds);

}  // namespace mqscope::analyze
