#include "mqscope/field/registry.hpp"

#include <bit>

#include <fmt/format.h>

namespace mqscope::field {

void Registry::add_fields(std::span<const FieldId> fields, std::string_view group) {
  for (FieldId f : fields) {
    fields_.push_back(f);
    by_abbrev_[f->abbrev].push_back(f);
    groups_.emplace(f, group);
  }
}

std::string_view Registry::group_of(FieldId field) const {
  auto it = groups_.find(field);
  return it == groups_.end() ? std::string_view{} : it->second;
}

void Registry::add_notes(std::span<const NoteId> notes) {
  for (NoteId n : notes) {
    notes_.push_back(n);
    notes_by_name_.emplace(n->name, n);
  }
}

std::span<const FieldId> Registry::find(std::string_view abbrev) const {
  auto it = by_abbrev_.find(abbrev);
  if (it == by_abbrev_.end()) return {};
  return it->second;
}

NoteId Registry::find_note(std::string_view name) const {
  auto it = notes_by_name_.find(name);
  return it == notes_by_name_.end() ? nullptr : it->second;
}

namespace {

void check_field(const FieldInfo& f, std::vector<std::string>& problems) {
  unsigned bits = f.bit_width ? f.bit_width : type_bits(f.type);
  if (f.bitmask != 0 && bits != 0 && bits < 64 && (f.bitmask >> bits) != 0)
    problems.push_back(fmt::format("{}: mask 0x{:x} wider than the type", f.abbrev, f.bitmask));
  if (f.bitmask != 0 && bits == 0)
    problems.push_back(fmt::format("{}: mask on a non-integer field", f.abbrev));
  if (!f.values.empty() && !is_integer(f.type))
    problems.push_back(fmt::format("{}: value names on a non-integer field", f.abbrev));
  if (f.abbrev.empty() || f.name.empty())
    problems.push_back(fmt::format("field '{}' / '{}' lacks a name", f.name, f.abbrev));
  if (!is_abbreviation_text(f.abbrev))
    problems.push_back(fmt::format("{}: abbreviation has characters other than letters, digits, "
                                   "'.', '_' and '-'", f.abbrev));
  for (std::size_t i = 0; i < f.values.size(); ++i) {
    for (std::size_t j = i + 1; j < f.values.size(); ++j) {
      if (f.values[i].value == f.values[j].value)
        problems.push_back(fmt::format("{}: value {} named twice", f.abbrev, f.values[i].value));
    }
  }
}

}  // namespace

std::vector<std::string> Registry::self_check() const {
  std::vector<std::string> problems;
  for (FieldId f : fields_) check_field(*f, problems);
  for (const auto& [abbrev, variants] : by_abbrev_) {
    for (FieldId v : variants) {
      if (v->name != variants.front()->name || v->type != variants.front()->type)
        problems.push_back(fmt::format("{}: registered with different names or types", abbrev));
    }
  }
  for (NoteId n : notes_) {
    auto it = notes_by_name_.find(n->name);
    if (it != notes_by_name_.end() && it->second != n)
      problems.push_back(fmt::format("note {} registered twice", n->name));
  }
  return problems;
}

}  // namespace mqscope::field
