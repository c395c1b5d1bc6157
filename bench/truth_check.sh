#!/usr/bin/env bash
# Compares mqscope's MQTT packet counts per type and direction (-z mqtt,types) with the
# generator's own record of what it wrote (CAPTURE.truth.json), and checks that mqscope raised
# no note and named no undecoded bytes on the capture.
# Usage: truth_check.sh MQSCOPE CAPTURE [TRUTH]    exit status 0 when every count agrees
set -u
mqscope=$1 capture=$2 truth=${3:-$2.truth.json}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=truth_types.sh
. "$(dirname "$0")/truth_types.sh"

if [[ ! -s $truth ]]; then
  echo "truth check: no truth file $truth"
  exit 2
fi
if ! "$mqscope" -q -T json -z mqtt,types -z mqtt,notes "$capture" >"$work/out" 2>"$work/err"; then
  echo "truth check: mqscope failed on $capture: $(head -c 300 "$work/err")"
  exit 1
fi
per_type "$truth" >"$work/want"
per_type "$work/out" >"$work/got"
status=0
if ! diff "$work/want" "$work/got" >"$work/diff"; then
  echo "truth check: $capture: counts differ (< generator, > mqscope; type c2s s2c):"
  cat "$work/diff"
  status=1
fi
if ! grep -q '"mqtt,notes":{}' "$work/out"; then
  echo "truth check: $capture: mqscope raised notes: $(grep -o '"mqtt,notes":.*' "$work/out" | head -c 300)"
  status=1
fi
if [[ -s $work/err ]]; then
  echo "truth check: $capture: mqscope said: $(head -c 300 "$work/err")"
  status=1
fi
total=$(awk '{ n += $2 + $3 } END { print n + 0 }' "$work/want")
if [[ $total == 0 ]]; then
  echo "truth check: $truth counts no packet"
  status=1
fi
(( status == 0 )) && echo "truth check: $capture: all $total MQTT packets counted, per type and direction"
exit $status
