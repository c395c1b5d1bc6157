// The MQTT 5.0 properties (§2.2.2.2, Table 2-4): how each value is encoded, the field it is
// shown as, which packets may carry it, which may carry it more than once, and the values the
// specification allows. The decoder, its checks and the tests read this one table.
#pragma once

#include <cstdint>
#include <span>

#include "mqscope/field/field.hpp"
#include "mqscope/mqtt/session.hpp"

namespace mqscope::mqtt {

enum class PropertyType : std::uint8_t { Byte, TwoByte, FourByte, Varint, String, Binary, Pair };

// A set of places a property may appear: one bit per packet type, and one for the will
// properties of a CONNECT (§3.1.3.2), which allow a different set than the CONNECT's own.
using PlaceSet = std::uint32_t;
inline constexpr PlaceSet place(PacketType type) { return PlaceSet{1} << static_cast<unsigned>(type); }
inline constexpr PlaceSet kWillPlace = PlaceSet{1} << 16;

struct PropertyInfo {
  std::uint8_t id = 0;
  PropertyType type = PropertyType::Byte;
  field::FieldId field = nullptr;    // the typed line ("Session Expiry Interval: 120 (2 minutes)")
  field::FieldId generic = nullptr;  // tshark's generic field for the same value, kept hidden
                                     // for filters and -T fields; null when `field` is tshark's
  PlaceSet allowed = 0;              // where the property may appear at all
  PlaceSet repeatable = 0;           // where it may appear more than once
  std::uint32_t min = 0;             // values outside [min, max] are a Protocol Error
  std::uint32_t max = 0xffffffffu;
};

// The description of property `id`, or null for an identifier MQTT 5.0 does not define.
const PropertyInfo* find_property(std::uint8_t id);
std::span<const PropertyInfo> all_properties();

}  // namespace mqscope::mqtt
