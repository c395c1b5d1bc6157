#!/usr/bin/env bash
# The benchmark: generates synthetic MQTT captures (if missing), runs mqscope in each output
# mode, the libpcap read-loop floor, tshark (with bench/ws-mqtt-stream.lua, so that it decodes
# MQTT inside WebSocket at all, reassembled as mqscope does) and tcpdump when installed, in
# rounds that run each program once, and prints medians, throughput, peak memory, the targets
# of the performance issue as PASS/FAIL, and the check of mqscope's packet counts against the
# generator's own record. Builds nothing: build first with
#   cmake --preset release && cmake --build --preset release
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

usage() {
  cat <<EOF
usage: bench/run.sh [options]
  -b DIR      build directory with mqscope and bench/ (default: build/release;
              bench/build-pgo.sh makes build/release-pgo, the fastest)
  -d DIR      where generated captures are kept (default: bench/data)
  -n N        rounds, each running every program of a capture once; medians are shown
              (default: 3)
  --quick     only the 20 MB WebSocket capture, the tiny one and a 20 MB TCP one
  --no-1g     everything but the 1 GB capture
  --no-tshark do not run tshark (it takes minutes)
EOF
}

build=$root/build/release data=$here/data runs=3 quick=0 big=1 with_tshark=1
while (($# > 0)); do
  case $1 in
    -b) build=$2; shift ;;
    -d) data=$2; shift ;;
    -n) runs=$2; shift ;;
    --quick) quick=1 ;;
    --no-1g) big=0 ;;
    --no-tshark) with_tshark=0 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 1 ;;
  esac
  shift
done
mqscope=$build/mqscope gen=$build/bench/mqscope-bench-gen floor=$build/bench/mqscope-bench-floor
for program in "$mqscope" "$gen" "$floor"; do
  [[ -x $program ]] || { echo "run.sh: $program is missing: build first (see the top of this file)" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "run.sh: needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }
have_tshark=0; ((with_tshark)) && command -v tshark >/dev/null && have_tshark=1
have_tcpdump=0; command -v tcpdump >/dev/null && have_tcpdump=1
have_perf=0; perf stat -x, -e task-clock -o /dev/null true 2>/dev/null && have_perf=1
# tshark 4.0 decodes no MQTT inside WebSocket without a script. The ratios use the one that
# reassembles MQTT packets across WebSocket messages, so that tshark does the work mqscope does;
# captures/ws-mqtt.lua, which hands each message to MQTT alone, is measured beside it: tshark
# then decodes a few percent of the packets and is the faster for it.
lua=$here/ws-mqtt-stream.lua per_message_lua=$root/captures/ws-mqtt.lua
mkdir -p "$data"
results=$data/results.tsv
: >"$results"

# name size-MB connections transport: the captures of the issue (200 interleaved connections,
# payloads 10 B - 2 KB), the same 200 MB from 20 and 2000 connections, plain TCP, a tiny one.
captures=("tiny 0.02 4 ws" "ws-20m 20 200 ws")
if ((quick)); then
  captures+=("tcp-20m 20 200 tcp")
else
  captures+=("ws-200m 200 200 ws" "ws-200m-20c 200 20 ws" "ws-200m-2000c 200 2000 ws"
             "tcp-200m 200 200 tcp")
  ((big)) && captures+=("ws-1g 1000 200 ws")
fi

file_of() { echo "$data/$1.pcap"; }

generate() {
  local name=$1 size=$2 connections=$3 transport=$4 file
  file=$(file_of "$name")
  [[ -s $file && -s $file.truth.json ]] && return
  echo "generating $name ($size MB, $connections connections, $transport) ..."
  "$gen" --out "$file" --size-mb "$size" --connections "$connections" --transport "$transport" \
    --seed 1 || { echo "run.sh: the generator failed" >&2; exit 1; }
}

# run_once CAPTURE TOOL COMMAND...: runs it once (output to /dev/null) and appends its wall
# time, CPU time (user + system, from perf stat when it is installed, else the wall time) and
# peak RSS to $samples. Other work on a shared machine stretches wall times; the CPU time a
# process used is what it needed. Start-up (the tiny capture) is a few milliseconds: no perf
# around it, as its own start would be most of the wall time.
run_once() {
  local name=$1 tool=$2 t0 t1 wall cpu timer=()
  shift 2
  [[ $name != tiny ]] && ((have_perf)) && timer=(perf stat -x, -e task-clock -o "$data/.cpu" --)
  t0=$EPOCHREALTIME
  "${timer[@]}" /usr/bin/time -f %M -o "$data/.rss" "$@" >/dev/null 2>"$data/.err" ||
    echo "  warning: $tool failed on $name: $(grep -v '^Command exited' "$data/.err" | head -c 200)"
  t1=$EPOCHREALTIME
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
  cpu=$wall
  ((${#timer[@]})) && cpu=$(awk -F, '/task-clock/ { printf "%.6f", $1 / 1000 }' "$data/.cpu")
  printf '%s\t%s\t%s\t%s\n' "$tool" "$wall" "$cpu" "$(tail -1 "$data/.rss")" >>"$samples"
}

# summarise CAPTURE TOOL: the median wall and CPU time and the largest peak RSS of its runs.
summarise() {
  local name=$1 tool=$2 wall cpu rss
  median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  wall=$(awk -F'\t' -v t="$tool" '$1 == t { print $2 }' "$samples" | median)
  cpu=$(awk -F'\t' -v t="$tool" '$1 == t { print $3 }' "$samples" | median)
  rss=$(awk -F'\t' -v t="$tool" '$1 == t && $4 > m { m = $4 } END { print m + 0 }' "$samples")
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$tool" "$wall" "$rss" "$cpu" >>"$results"
  printf '  %-14s %-22s %9.3f s wall %9.3f s CPU %7.1f MiB\n' "$name" "$tool" "$wall" "$cpu" \
    "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
}

# The programs to measure on one capture, in order: tools[i] is a label, commands[i] its
# command line with its words joined by the unit separator (paths may hold spaces).
tools=() commands=()
add() {
  local tool=$1 IFS=$'\x1f'
  shift
  tools+=("$tool") commands+=("$*")
}

# measure_all CAPTURE: runs every program added, round by round ($runs rounds; at least 11
# for the tiny capture, so that one slow start does not decide), so that a slow minute of
# the shared machine falls on all of them alike and the ratios between them hold; then the
# medians, in the order the programs were added.
measure_all() {
  local name=$1 rounds=$runs round i command
  [[ $name == tiny ]] && ((rounds < 11)) && rounds=11
  samples=$data/.samples
  : >"$samples"
  for ((round = 0; round < rounds; ++round)); do
    for ((i = 0; i < ${#tools[@]}; ++i)); do
      IFS=$'\x1f' read -r -a command <<<"${commands[i]}"
      run_once "$name" "${tools[i]}" "${command[@]}"
    done
  done
  for ((i = 0; i < ${#tools[@]}; ++i)); do summarise "$name" "${tools[i]}"; done
  tools=() commands=()
}

# tshark_line FILE SCRIPT: tshark's command line for FILE with SCRIPT, in the array `tshark`.
tshark_line() { tshark=(tshark -X "lua_script:$2" -r "$1" -d tcp.port==8083,http -Y mqtt); }

run_capture() {
  local name=$1 file all_modes=$2 tshark_too=$3
  file=$(file_of "$name")
  cat "$file" >/dev/null  # into the page cache
  add floor "$floor" "$file"
  ((have_tcpdump)) && add tcpdump tcpdump -r "$file" -n
  add "mqscope" "$mqscope" "$file"
  add "mqscope -q -z types" "$mqscope" -q -z mqtt,types "$file"
  if ((all_modes)); then
    add "mqscope -V" "$mqscope" -V "$file"
    add "mqscope -T json" "$mqscope" -T json "$file"
    add "mqscope -T ek" "$mqscope" -T ek "$file"
  fi
  # The captures compared with the 200 MB one (time per MB, linearity) run it again in the
  # same rounds: compared with a run minutes before, the machine's other work decided.
  if [[ $name == ws-200m-20c || $name == ws-200m-2000c || $name == ws-1g ]]; then
    add "mqscope @ws-200m" "$mqscope" "$(file_of ws-200m)"
    add "mqscope -q -z types @ws-200m" "$mqscope" -q -z mqtt,types "$(file_of ws-200m)"
  fi
  if ((tshark_too && have_tshark)); then
    tshark_line "$file" "$lua"
    add "tshark" "${tshark[@]}"
    add "tshark -V" "${tshark[@]}" -V
    add "tshark -T json" "${tshark[@]}" -T json
    if [[ $name != tiny ]]; then
      tshark_line "$file" "$per_message_lua"
      add "tshark/msg" "${tshark[@]}"
      add "tshark/msg -V" "${tshark[@]}" -V
      add "tshark/msg -T json" "${tshark[@]}" -T json
    fi
  fi
  measure_all "$name"
}

echo "== machine =="
echo "  cpu:     $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores online)"
echo "  memory:  $(free -g | awk '/^Mem:/ { print $2 " GiB" }')"
echo "  g++:     $(g++ --version | head -1)"
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt" 2>/dev/null; }
ipo=$(cache_value CMAKE_INTERPROCEDURAL_OPTIMIZATION) pgo=$(cache_value MQSCOPE_PGO)
echo "  build:   $build ($(cache_value CMAKE_BUILD_TYPE); link-time optimisation ${ipo:-OFF};" \
     "profile-guided: ${pgo:-no})"
((have_tshark)) && echo "  tshark:  $(tshark --version 2>/dev/null | head -1)"
((have_tcpdump)) && echo "  tcpdump: $(tcpdump --version 2>&1 | head -1)"
echo "  load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"
echo "  runs:    $runs rounds per capture, each program once per round; medians shown"

for c in "${captures[@]}"; do
  # shellcheck disable=SC2086
  generate $c
done

echo "== truth: mqscope's counts per MQTT packet type and direction against the generator's =="
truth_failures=0
for c in "${captures[@]}"; do
  name=${c%% *}
  "$here/truth_check.sh" "$mqscope" "$(file_of "$name")" || truth_failures=$((truth_failures + 1))
done

# How many MQTT packets tshark finds with each script, against the generator's record. With the
# per-message script it loses MQTT framing wherever a packet spans WebSocket messages; with the
# reassembling one it loses packets only around fragmented WebSocket messages, which tshark 4.0's
# WebSocket dissector mishandles (on a capture generated with --fragment 0 it finds every one).
tshark_count() {
  local file want got_stream got_message
  file=$(file_of "$1")
  want=$(grep -oE '"packets_total":[0-9]+' "$file.truth.json" | cut -d: -f2)
  tshark_line "$file" "$lua"
  got_stream=$("${tshark[@]}" -T fields -e mqtt.msgtype 2>/dev/null | tr ',' '\n' | grep -c .)
  tshark_line "$file" "$per_message_lua"
  got_message=$("${tshark[@]}" -T fields -e mqtt.msgtype 2>/dev/null | tr ',' '\n' | grep -c .)
  awk -v n="$1" -v w="$want" -v s="$got_stream" -v m="$got_message" 'BEGIN {
    printf "  tshark on %s: %d MQTT packets reassembled, %d per message (with bogus ones), where the generator wrote %d\n", n, s, m, w }'
}
if ((have_tshark)); then
  for c in "${captures[@]}"; do
    name=${c%% *}
    [[ $name == tiny || $name == ws-20m ]] && tshark_count "$name"
  done
fi

echo "== measurements (wall and CPU time, medians of $runs rounds; peak RSS, largest) =="
((have_perf)) || echo "  (perf is not installed: CPU time is the wall time)"
for c in "${captures[@]}"; do
  name=${c%% *}
  case $name in
    tiny) run_capture "$name" 0 1 ;;
    ws-20m) run_capture "$name" 1 1 ;;
    ws-200m|tcp-200m|tcp-20m|ws-1g) run_capture "$name" 1 0 ;;
    *) run_capture "$name" 0 0 ;;
  esac
done
((have_tshark)) || echo "  (tshark not run)"
((have_tshark)) && echo "  (tshark runs on the tiny and the 20 MB capture only: on 1 GB it takes many minutes and GBs of memory)"

echo "  load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"
"$here/report.sh" "$data" "$truth_failures"
