#include "mqscope/field/field.hpp"

#include <bit>

namespace mqscope::field {

unsigned type_bits(Type type) {
  switch (type) {
    case Type::Boolean:
    case Type::UInt8: return 8;
    case Type::UInt16: return 16;
    case Type::UInt24: return 24;
    case Type::UInt32:
    case Type::FrameNum: return 32;
    case Type::UInt64: return 64;
    default: return 0;
  }
}

bool is_integer(Type type) { return type_bits(type) != 0; }

bool is_abbreviation_text(std::string_view text) {
  for (char c : text) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

std::uint64_t masked_value(const FieldInfo& field, std::uint64_t raw) {
  if (field.bitmask == 0) return raw;
  return (raw & field.bitmask) >> std::countr_zero(field.bitmask);
}

std::string_view value_name(const FieldInfo& field, std::uint64_t value) {
  for (const ValueString& vs : field.values) {
    if (vs.value == value) return vs.text;
  }
  return {};
}

namespace {

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::optional<std::uint64_t> value_of_name(const FieldInfo& field, std::string_view name) {
  for (const ValueString& vs : field.symbols) {
    if (same_ignoring_case(vs.text, name)) return vs.value;
  }
  for (const ValueString& vs : field.values) {
    if (same_ignoring_case(vs.text, name)) return vs.value;
  }
  return std::nullopt;
}

}  // namespace mqscope::field
