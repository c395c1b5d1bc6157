// MQTT 5.0 §2.2.2.2 Table 2-4, with the places and value ranges of §3.1.2.11 to §3.15.2.2.
#include <array>

#include "mqscope/mqtt/fields_v5.hpp"
#include "mqscope/mqtt/properties.hpp"

namespace mqscope::mqtt {

namespace {

using PT = PacketType;
using T = PropertyType;

constexpr PlaceSet kPublishOrWill = place(PT::Publish) | kWillPlace;
constexpr PlaceSet kConnects = place(PT::Connect) | place(PT::Connack);
constexpr PlaceSet kAcks = place(PT::Puback) | place(PT::Pubrec) | place(PT::Pubrel) |
                           place(PT::Pubcomp) | place(PT::Suback) | place(PT::Unsuback);
// §3.x: a Reason String may accompany every reason code but a CONNECT's.
constexpr PlaceSet kReasonString =
    place(PT::Connack) | kAcks | place(PT::Disconnect) | place(PT::Auth);
// §2.2.2.2: User Property may appear wherever properties do, any number of times.
constexpr PlaceSet kEverywhere = kConnects | kPublishOrWill | kAcks | place(PT::Subscribe) |
                                 place(PT::Unsubscribe) | place(PT::Disconnect) | place(PT::Auth);
constexpr std::uint32_t kVarintMax = 268'435'455;

constexpr PropertyInfo kTable[] = {
    // §3.3.2.3.2: 0 or 1 (a Protocol Error otherwise, as for every "0 or 1" byte below).
    {0x01, T::Byte, &hf::p_payload_format, &hf::prop_number, kPublishOrWill, 0, 0, 1},
    {0x02, T::FourByte, &hf::p_expiry, &hf::prop_number, kPublishOrWill},
    {0x03, T::String, &hf::prop_content_type, nullptr, kPublishOrWill},
    {0x08, T::String, &hf::p_response_topic, &hf::prop_string, kPublishOrWill},
    {0x09, T::Binary, &hf::p_correlation_data, &hf::prop_string, kPublishOrWill},
    // §3.3.4: a PUBLISH to a client may carry several; §3.8.2.1.2: 0 is a Protocol Error.
    {0x0b, T::Varint, &hf::p_subscription_id, &hf::prop_number,
     place(PT::Publish) | place(PT::Subscribe), place(PT::Publish), 1, kVarintMax},
    {0x11, T::FourByte, &hf::p_session_expiry, &hf::prop_number,
     kConnects | place(PT::Disconnect)},
    {0x12, T::String, &hf::p_assigned_client_id, &hf::prop_string, place(PT::Connack)},
    {0x13, T::TwoByte, &hf::p_server_keep_alive, &hf::prop_number, place(PT::Connack)},
    {0x15, T::String, &hf::p_auth_method, &hf::prop_string, kConnects | place(PT::Auth)},
    {0x16, T::Binary, &hf::p_auth_data, &hf::prop_string, kConnects | place(PT::Auth)},
    {0x17, T::Byte, &hf::p_request_problem, &hf::prop_number, place(PT::Connect), 0, 0, 1},
    {0x18, T::FourByte, &hf::p_will_delay, &hf::prop_number, kWillPlace},
    {0x19, T::Byte, &hf::p_request_response, &hf::prop_number, place(PT::Connect), 0, 0, 1},
    {0x1a, T::String, &hf::p_response_info, &hf::prop_string, place(PT::Connack)},
    {0x1c, T::String, &hf::p_server_reference, &hf::prop_string,
     place(PT::Connack) | place(PT::Disconnect)},
    {0x1f, T::String, &hf::p_reason_string, &hf::prop_string, kReasonString},
    // §3.1.2.11.3, §3.2.2.3.3: a Receive Maximum of 0 is a Protocol Error.
    {0x21, T::TwoByte, &hf::p_receive_maximum, &hf::prop_number, kConnects, 0, 1, 0xffff},
    {0x22, T::TwoByte, &hf::p_topic_alias_maximum, &hf::prop_number, kConnects},
    // §3.3.2.3.4: alias 0 is checked with the alias maximum (mqtt.topic_alias_invalid).
    {0x23, T::TwoByte, &hf::prop_topic_alias, nullptr, place(PT::Publish)},
    {0x24, T::Byte, &hf::prop_max_qos, nullptr, place(PT::Connack), 0, 0, 1},
    {0x25, T::Byte, &hf::p_retain_available, &hf::prop_number, place(PT::Connack), 0, 0, 1},
    {0x26, T::Pair, &hf::p_user_property, nullptr, kEverywhere, kEverywhere},
    // §3.1.2.11.4, §3.2.2.3.6: a Maximum Packet Size of 0 is a Protocol Error.
    {0x27, T::FourByte, &hf::p_maximum_packet_size, &hf::prop_number, kConnects, 0, 1},
    {0x28, T::Byte, &hf::p_wildcard_available, &hf::prop_number, place(PT::Connack), 0, 0, 1},
    {0x29, T::Byte, &hf::p_subscription_id_available, &hf::prop_number, place(PT::Connack), 0,
     0, 1},
    {0x2a, T::Byte, &hf::p_shared_available, &hf::prop_number, place(PT::Connack), 0, 0, 1},
};

// Identifiers are below 0x40: a direct index.
constexpr std::array<const PropertyInfo*, 64> build_index() {
  std::array<const PropertyInfo*, 64> index{};
  for (const PropertyInfo& p : kTable) index[p.id] = &p;
  return index;
}

constexpr std::array<const PropertyInfo*, 64> kIndex = build_index();

}  // namespace

const PropertyInfo* find_property(std::uint8_t id) { return id < kIndex.size() ? kIndex[id] : nullptr; }

std::span<const PropertyInfo> all_properties() { return kTable; }

}  // namespace mqscope::mqtt
