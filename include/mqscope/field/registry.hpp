// All field and note descriptions of all layers, looked up by abbreviation. The application
// builds one from each layer's table; layers do not know each other's tables.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mqscope/core/notes.hpp"
#include "mqscope/field/field.hpp"

namespace mqscope::field {

class Registry {
 public:
  // `group` names the table the fields come from ("mqtt", "net", ...).
  void add_fields(std::span<const FieldId> fields, std::string_view group = {});
  void add_notes(std::span<const NoteId> notes);

  // Every description registered under `abbrev` (Wireshark reuses an abbreviation for the
  // variants of one field, e.g. the CONNACK flags of MQTT 3.1 and 3.1.1).
  std::span<const FieldId> find(std::string_view abbrev) const;
  NoteId find_note(std::string_view name) const;
  // The group `field` was registered with (empty if unknown).
  std::string_view group_of(FieldId field) const;
  const std::vector<FieldId>& fields() const { return fields_; }
  const std::vector<NoteId>& notes() const { return notes_; }

  // Problems with the tables themselves: duplicate abbreviations with different meanings,
  // masks wider than the type, value names on non-integers. Empty when all is well.
  std::vector<std::string> self_check() const;

 private:
  std::vector<FieldId> fields_;
  std::vector<NoteId> notes_;
  std::unordered_map<std::string_view, std::vector<FieldId>> by_abbrev_;
  std::unordered_map<std::string_view, NoteId> notes_by_name_;
  std::unordered_map<FieldId, std::string_view> groups_;
};

}  // namespace mqscope::field
