// The statistics mqscope computes, one class each; Analyzer (analyzer.hpp) creates them from
// their -z names.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "mqscope/analyze/module.hpp"
#include "mqscope/core/limits.hpp"

namespace mqscope::analyze {

// "CONNECT", ... (the names of MQTT's specification).
std::string_view packet_type_name(std::uint8_t type);

// -z mqtt,types: packets and bytes per packet type and direction.
class TypeStats : public Module {
 public:
  std::string_view name() const override { return "types"; }
  void on_packet(const PacketFacts& packet, const PairEvent& pair) override;
  void write_text(std::string& out) const override;
  void write_json(std::string& out) const override;

 private:
  struct Count {
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
  };
  std::array<std::array<Count, 2>, 16> counts_{};  // [type][0 = client→broker, 1 = back]
};

// -z mqtt,notes: every note by name, with the first frames where it occurred.
class NoteStats : public Module {
 public:
  std::string_view name() const override { return "notes"; }
  void on_packet(const PacketFacts& packet, const PairEvent& pair) override;
  void write_text(std::string& out) const override;
  void write_json(std::string& out) const override;

 private:
  struct Seen {
    std::uint64_t count = 0;
    std::vector<std::uint32_t> first_frames;  // at most kFramesKept
  };
  static constexpr std::size_t kFramesKept = 5;
  std::map<std::string, Seen> notes_;
};

// -z mqtt,qos and -z mqtt,latency: the request/response exchanges and their response times.
class ExchangeStats : public Module {
 public:
  ExchangeStats(bool latency, const Limits& limits) : latency_(latency), limits_(&limits) {}
  ExchangeStats(bool, const Limits&&) = delete;  // keeps a pointer: no temporaries
  std::string_view name() const override { return latency_ ? "latency" : "qos"; }
  void on_packet(const PacketFacts& packet, const PairEvent& pair) override;
  bool uses_pairs() const override { return true; }
  void write_text(std::string& out) const override;
  void write_json(std::string& out) const override;

 private:
  struct Kind {
    std::uint64_t requests = 0;
    std::uint64_t completed = 0;
    std::uint64_t unsolicited = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t ids_reused = 0;
    std::vector<std::uint64_t> latencies;  // nanoseconds, at most Limits::latency_samples
  };
  bool latency_;
  const Limits* limits_;
  std::array<Kind, kExchangeKinds> kinds_{};
  std::map<std::uint32_t, std::array<Kind, kExchangeKinds>> per_session_;

  void count(Kind& kind, const PairEvent& pair) const;
  void write_latency_text(std::string& out) const;
  void write_qos_text(std::string& out) const;
};

}  // namespace mqscope::analyze

namespace mqscope::analyze {

// -z mqtt,sessions: one row per MQTT connection.
class SessionStats : public Module {
 public:
  explicit SessionStats(const Limits& limits) : limits_(&limits) {}
  explicit SessionStats(const Limits&&) = delete;  // keeps a pointer: no temporaries
  std::string_view name() const override { return "sessions"; }
  void on_connection(const ConnectionFacts& connection) override;
  void on_packet(const PacketFacts& packet, const PairEvent& pair) override;
  void on_connection_end(std::uint32_t stream, EndReason reason, Timestamp time) override;
  void finish(Timestamp first, Timestamp) override { first_ = first; }
  void write_text(std::string& out) const override;
  void write_json(std::string& out) const override;

  struct Session {
    ConnectionFacts connection;
    std::uint8_t version = 0;
    std::string client_id, username;
    std::optional<bool> clean_start;
    std::optional<std::uint32_t> session_expiry;
    std::optional<std::uint16_t> keepalive;
    Timestamp start, end;
    std::array<std::uint64_t, 2> packets{}, bytes{};  // [client→broker, broker→client]
    EndReason ended = EndReason::Open;
    std::optional<std::uint8_t> disconnect_reason;
    bool disconnect_by_client = true;
    std::uint64_t notes = 0;
  };
  const std::map<std::uint32_t, Session>& sessions() const { return sessions_; }

 private:
  Session* find(std::uint32_t stream, Timestamp time);
  const Limits* limits_;
  std::map<std::uint32_t, Session> sessions_;
  std::uint64_t not_listed_ = 0;
  Timestamp first_;
};

// -z mqtt,keepalive: clients silent longer than 1.5 × their keep-alive (MQTT-3.1.2-24).
class KeepAliveStats : public Module {
 public:
  std::string_view name() const override { return "keepalive"; }
  void on_packet(const PacketFacts& packet, const PairEvent& pair) override;
  void on_connection_end(std::uint32_t stream, EndReason reason, Timestamp time) override;
  void finish(Timestamp first, Timestamp last) override;
  void write_text(std::string& out) const override;
  void write_json(std::string& out) const override;

 private:
  struct Silence {
    std::uint32_t stream;
    std::string client_id;
    std::uint16_t keepalive;
    std::uint32_t after_frame;  // the client's last packet before the silence
    Timestamp from, to;
    bool until_end;             // the silence ran until the connection or capture ended
  };
  struct State {
    std::string client_id;
    std::uint16_t keepalive = 0;
    bool seen_client = false;
    std::uint32_t last_frame = 0;
    Timestamp last;
    bool disconnected = false;
  };
  void check(std::uint32_t stream, State& s, Timestamp now, bool until_end);
  std::map<std::uint32_t, State> states_;
  std::vector<Silence> silences_;
  Timestamp first_;
};

}  // namespace mqscope::analyze

namespace mqscope::analyze {

// -z mqtt,topics: the topic tree with, per topic, its PUBLISH traffic and who took part.
class TopicStats : public Module {
 public:
  explicit TopicStats(const Limits& limits) : limits_(&limits) {}
  explicit TopicStats(const Limits&&) = delete;  // keeps a pointer: no temporaries
  std::string_view name() const override { return "topics"; }
  void on_packet(const PacketFacts& packet, const PairEvent& pair) override;
  void finish(Timestamp first, Timestamp) override { first_ = first; }
  void write_text(std::string& out) const override;
  void write_json(std::string& out) const override;

 private:
  struct Topic {
    std::array<std::uint64_t, 2> publishes{};  // [client→broker, broker→client]
    std::uint64_t payload_bytes = 0;
    std::array<std::uint64_t, 3> qos{};
    std::uint64_t retained = 0;
    std::set<std::string> publishers;   // client ids that published to it
    std::set<std::string> subscribers;  // client ids it was delivered to
    Timestamp first, last;
  };
  const Limits* limits_;
  std::map<std::uint32_t, std::string> client_ids_;  // per stream, from CONNECT
  std::map<std::string, Topic, std::less<>> topics_;  // ordered: prints as a tree
  std::map<std::string, std::set<std::string>> filters_;  // subscription filter → client ids
  std::uint64_t not_listed_ = 0;
  Timestamp first_;
};

// -z mqtt,flow: a ladder diagram per session, as text or as a Mermaid sequenceDiagram.
class FlowDiagram : public Module {
 public:
  FlowDiagram(bool mermaid, const Limits& limits) : mermaid_(mermaid), limits_(&limits) {}
  FlowDiagram(bool, const Limits&&) = delete;  // keeps a pointer: no temporaries
  std::string_view name() const override { return "flow"; }
  void on_connection(const ConnectionFacts& connection) override;
  void on_packet(const PacketFacts& packet, const PairEvent& pair) override;
  void finish(Timestamp first, Timestamp) override { first_ = first; }
  void write_text(std::string& out) const override;
  void write_json(std::string& out) const override;

 private:
  struct Arrow {
    std::uint32_t frame;
    Timestamp time;
    bool from_client;
    std::string label;
  };
  struct Session {
    ConnectionFacts connection;
    std::string client_id;
    std::vector<Arrow> arrows;
    std::uint64_t not_drawn = 0;
  };
  void write_mermaid(std::string& out) const;
  bool mermaid_;
  const Limits* limits_;
  std::map<std::uint32_t, Session> sessions_;
  Timestamp first_;
};

// One short label for a packet: "PUBLISH q1 id=7 a/b", "CONNACK rc=0".
std::string packet_label(const PacketFacts& packet);

}  // namespace mqscope::analyze
