#!/usr/bin/env bash
# The benchmark's generator and truth check, small: a WebSocket and a plain TCP capture of
# about 1 MB with many packets split over WebSocket messages, several packets per message,
# fragmented messages and TCP segments cut inside headers and Remaining Length varints; every
# MQTT packet count per type and direction must equal the generator's record. A tampered
# record must be caught (the check can fail). When tshark is installed, the script that makes it
# decode MQTT inside WebSocket for the benchmark must find every packet too.
# Usage: smoke_test.sh GENERATOR MQSCOPE
set -u
gen=$1 mqscope=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

shares=(--split 0.4 --multi 0.8 --fragment 0.3 --awkward-cuts 0.4)
"$gen" --out "$work/ws.pcap" --size-mb 1 --connections 30 --seed 11 "${shares[@]}" ||
  fail "generator (WebSocket)"
"$gen" --out "$work/tcp.pcap" --transport tcp --size-mb 1 --connections 30 --seed 12 \
  --awkward-cuts 0.4 || fail "generator (TCP)"

for capture in ws tcp; do
  "$here/truth_check.sh" "$mqscope" "$work/$capture.pcap" || fail "$capture capture"
done

# The shares must have produced every framing the check is meant to cover.
for counter in packets_split_over_messages messages_with_several_packets continuation_frames \
               cuts_in_ws_header cuts_in_mqtt_header cuts_in_remaining_length; do
  grep -qE "\"$counter\":[1-9]" "$work/ws.pcap.truth.json" || fail "no $counter in the WebSocket capture"
done

# tshark with the benchmark's reassembling script (bench/ws-mqtt-stream.lua) must find every
# packet of each type, so that its timings are of the same work; on a capture without
# fragmented WebSocket messages, which tshark 4.0 mishandles on its own.
# shellcheck source=truth_types.sh
. "$here/truth_types.sh"
tshark_types() {  # FILE: "TYPE COUNT" lines, sorted
  local names=(type0 CONNECT CONNACK PUBLISH PUBACK PUBREC PUBREL PUBCOMP SUBSCRIBE SUBACK
               UNSUBSCRIBE UNSUBACK PINGREQ PINGRESP DISCONNECT AUTH)
  tshark -X "lua_script:$here/ws-mqtt-stream.lua" -r "$1" -d tcp.port==8083,http \
    -T fields -e mqtt.msgtype 2>/dev/null | tr ',' '\n' | grep . | sort -n | uniq -c |
    while read -r count number; do echo "${names[number]:-type$number} $count"; done | sort
}
truth_types() {  # FILE: the generator's "TYPE COUNT" lines, both directions together
  per_type "$1.truth.json" | awk '$2 + $3 > 0 { print $1, $2 + $3 }'
}
if command -v tshark >/dev/null; then
  "$gen" --out "$work/whole.pcap" --size-mb 1 --connections 30 --seed 13 --split 0.4 --multi 0.8 \
    --fragment 0 --awkward-cuts 0.4 || fail "generator (no fragmented messages)"
  if [[ $(tshark_types "$work/whole.pcap") != "$(truth_types "$work/whole.pcap")" ]]; then
    fail "tshark with bench/ws-mqtt-stream.lua: $(tshark_types "$work/whole.pcap" | tr '\n' ' ')" \
         "where the generator wrote $(truth_types "$work/whole.pcap" | tr '\n' ' ')"
  fi
else
  echo "bench smoke test: tshark is not installed; its script is not checked"
fi

# A record that disagrees by one packet must fail the check.
sed -E 's/"PUBLISH":\{"c2s":([0-9]+)/"PUBLISH":{"c2s":1\1/' "$work/ws.pcap.truth.json" >"$work/tampered.json"
if "$here/truth_check.sh" "$mqscope" "$work/ws.pcap" "$work/tampered.json" >/dev/null; then
  fail "a tampered record passed the check"
fi

if ((failures > 0)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "bench smoke test: ok"
