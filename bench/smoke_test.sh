#!/usr/bin/env bash
# The benchmark's generator and truth check, small: a WebSocket and a plain TCP capture of
# about 1 MB with many packets split over WebSocket messages, several packets per message,
# fragmented messages and TCP segments cut inside headers and Remaining Length varints; every
# MQTT packet count per type and direction must equal the generator's record. A tampered
# record must be caught (the check can fail).
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
