#include "mqscope/analyze/table.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace mqscope::analyze {

namespace {

std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

bool numeric(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '%';
  });
}

}  // namespace

void Table::write(std::string& out) const {
  std::vector<std::size_t> widths(headers_.size());
  for (std::size_t c = 0; c < headers_.size(); ++c) widths[c] = width(headers_[c]);
  for (const auto& row : rows_)
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
      widths[c] = std::max(widths[c], width(row[c]));
  auto line = [&](const std::vector<std::string>& cells, bool header) {
    std::string text = " ";
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = c < cells.size() ? cells[c] : "";
      std::string pad(widths[c] - std::min(widths[c], width(cell)), ' ');
      bool right = !header && numeric(cell) && c > 0;
      text += ' ';
      text += right ? pad + cell : cell + (c + 1 < widths.size() ? pad : "");
      if (c + 1 < widths.size()) text += ' ';
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  };
  line(headers_, true);
  for (const auto& row : rows_) line(row, false);
}

void write_heading(std::string& out, std::string_view name, std::string_view what) {
  out += fmt::format("\n== mqtt,{}: {} ==\n", name, what);
}

std::string seconds(std::uint64_t nanoseconds) {
  return fmt::format("{}.{:06}", nanoseconds / 1'000'000'000, nanoseconds % 1'000'000'000 / 1000);
}

}  // namespace mqscope::analyze
