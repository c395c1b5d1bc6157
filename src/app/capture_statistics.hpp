// -z tcp,reassembly: what TCP reassembly made of the capture's segments and what it could not
// recover (RFC 9293 gives the rules; the counters come from the pipeline, not the analyzer,
// since they concern every connection, MQTT or not).
#pragma once

#include <string>
#include <vector>

#include "mqscope/app/pipeline.hpp"

namespace mqscope::app {

inline constexpr const char* kTcpReassemblyStatistic = "tcp,reassembly";

// The -z names the MQTT analyzer computes: all but the pipeline's own.
std::vector<std::string> analyzer_statistics(const std::vector<std::string>& names);
bool wants_tcp_reassembly(const std::vector<std::string>& names);
// False, with a message listing the known names, if a -z name is neither the analyzer's nor
// the pipeline's.
bool check_statistic_names(const std::vector<std::string>& names, std::string& error);

void write_tcp_reassembly_text(const Statistics& stats, std::string& out);
// One JSON member, `"tcp,reassembly":{...}`, without braces around it.
void write_tcp_reassembly_json(const Statistics& stats, std::string& out);

}  // namespace mqscope::app
