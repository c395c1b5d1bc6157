#!/usr/bin/env bash
# Live capture against real MQTT peers on the loopback interface: mqscope captures `lo` while
# real clients and brokers talk over 127.0.0.1, then its output is compared with what the
# clients themselves sent and received (compare.mjs).
#
# Usage: live_test.sh SCENARIO MQSCOPE
#   tcp-mosquitto  mosquitto; mosquitto_sub/mosquitto_pub with MQTT 3.1.1 and 5.0, and
#                  MQTT.js with MQTT 5.0, over TCP
#   ws-v311        aedes behind ws; MQTT.js 3.1.1 over WebSocket, one message per packet
#   ws-split       the same with MQTT.js as shipped for Node: every field its own message
#   ws-deflate     a permessage-deflate connection: the server compresses every message
#   saved-file     one exchange captured four times at once: the summary with statistics and
#                  the fields read back from -w (pcapng, pcap) equal the live output; a -b
#                  ring; -c 3
# Exit status 77 (CTest's SKIP_RETURN_CODE) when the machine lacks what a scenario needs.
set -u
scenario=$1 bin=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/live_lib.sh"

require_capture_rights
require_node_peers
[[ $scenario == tcp-mosquitto ]] && require_mosquitto

# The columns compare.mjs reads; mqtt.msgtype is the 5th.
fields=(-T fields -E header=y "-E" "aggregator=|")
for f in frame.number tcp.stream tcp.srcport tcp.dstport mqtt.msgtype mqtt.msgid mqtt.topic \
         mqtt.clientid mqtt.qos mqtt.retain mqtt.msg mqscope.ws_frame_count mqtt.ver; do
  fields+=(-e "$f")
done
disconnect_row='$5 == 14'

# Starts mqscope on lo for `port` in the background and waits until its filter is in place.
# Usage: start_capture NAME PORT [mqscope options...]   (output in $work/NAME.out and .err)
start_capture() {
  local name=$1 port=$2
  shift 2
  "$bin" -i lo -f "tcp port $port" "$@" >"$work/$name.out" 2>"$work/$name.err" &
  track $!
  printf -v "pid_$name" '%s' $!
  wait_for "mqscope ($name) to start capturing" 10 \
    bash -c "grep -q 'capturing on lo' '$work/$name.err' || ! kill -0 $!"
  kill -0 $! 2>/dev/null && grep -q "capturing on lo" "$work/$name.err" ||
    { echo "FAIL: mqscope ($name) did not start capturing:"; cat "$work/$name.err"; finish 1; }
}

# Waits until the live output of NAME holds COUNT DISCONNECT lines (AWK-CONDITION picks them)
# while mqscope is still running, which line-buffered output guarantees; then stops it with
# SIGNAL and checks that it stopped cleanly.
stop_capture() {
  local name=$1 signal=$2 count=$3 condition=$4 pid_var="pid_$1"
  local pid=${!pid_var}
  wait_for "$name: $count DISCONNECT lines in the live output" 10 \
    bash -c "(( \$(awk -F'\t' '$condition' '$work/$name.out' | wc -l) >= $count ))" ||
    { cat "$work/$name.out" "$work/$name.err"; finish 1; }
  kill "-$signal" "$pid"
  wait "$pid"
  local status=$?
  untrack "$pid"
  [[ $status == 0 ]] || fail "$name: exit status $status after SIG$signal: $(cat "$work/$name.err")"
  local counts
  counts=$(grep -o "the kernel received [0-9]* packets and dropped [0-9]*" "$work/$name.err") ||
    fail "$name: no kernel counts on stderr after SIG$signal: $(cat "$work/$name.err")"
  [[ $counts == *"dropped 0" || -z $counts ]] ||
    fail "$name: $counts: the capture is incomplete (a larger -B would keep them)"
}

# Reading back what -w saved gives exactly the live output.
same_offline() {  # name saved-file mqscope-options...
  local name=$1 saved=$2
  shift 2
  "$bin" "$@" "$saved" >"$work/$name.offline" 2>"$work/$name.offline.err" ||
    fail "$name: reading $saved back failed: $(cat "$work/$name.offline.err")"
  if cmp -s "$work/$name.out" "$work/$name.offline"; then
    echo "$name: reading $(basename "$saved") back gives the live output ($(wc -l <"$work/$name.out") lines)"
  else
    fail "$name: the live output differs from reading $(basename "$saved") back:"
    diff "$work/$name.out" "$work/$name.offline" | head -20
  fi
}

compare_with_clients() {  # compare.mjs options...
  node "$here/compare.mjs" --fields "$work/live.out" "$@" ||
    fail "$scenario: mqscope's output is not what the clients sent and received"
}

# Usage: ws_exchange BROKER-OPTIONS... -- CLIENT-OPTIONS...
ws_exchange() {
  local broker=()
  while (($# > 0)) && [[ $1 != -- ]]; do broker+=("$1"); shift; done
  shift
  start_ws_broker "${broker[@]}"
  start_capture live "$broker_port" "${fields[@]}" -w "$work/capture.pcapng"
  node "$here/peers.mjs" clients --url "ws://127.0.0.1:$broker_port/mqtt" --name "${scenario//-/_}" \
    --events "$work/events.json" "$@" || finish 1
  stop_capture live INT 2 "$disconnect_row"
  same_offline live "$work/capture.pcapng" "${fields[@]}"
}

run_ws_deflate() {
  ws_exchange --deflate --coalesce -- --writes split --deflate
  # The frames, to check that the server's messages were compressed and so were inflated.
  "$bin" -T json "$work/capture.pcapng" >"$work/frames.json" || fail "-T json of the capture failed"
  compare_with_clients --events "$work/events.json" --deflate "$work/frames.json"
}

mosquitto_clients() {  # version (311 or 5)
  local v=$1 common=(-h 127.0.0.1 -p "$broker_port" -d -V "$1") connect=() publish=()
  if [[ $v == 5 ]]; then
    connect=(-D connect session-expiry-interval 30 -D connect user-property k v)
    publish=(-D publish user-property k v -D publish content-type text/plain)
  fi
  # stdbuf: the readiness check reads the subscriber's log while it runs.
  stdbuf -oL mosquitto_sub "${common[@]}" -i "sub$v" -q 2 -t "live$v/#" -t "other$v" -C 3 \
    "${connect[@]}" >"$work/sub$v.log" 2>&1 &
  local sub=$!
  track "$sub"
  wait_for "mosquitto_sub -V $v to subscribe" 10 grep -q "received SUBACK" "$work/sub$v.log" || finish 1
  for q in 0 1 2; do
    mosquitto_pub "${common[@]}" -i "pub${v}q$q" -q "$q" -t "live$v/q$q" -m "payload $q" \
      "${publish[@]}" >>"$work/pub$v.log" 2>&1 || fail "mosquitto_pub -V $v -q $q failed"
  done
  wait "$sub" || fail "mosquitto_sub -V $v: exit status $?: $(cat "$work/sub$v.log")"
  untrack "$sub"
}

run_tcp_mosquitto() {
  start_mosquitto
  start_capture live "$broker_port" "${fields[@]}" -w "$work/capture.pcap"
  mosquitto_clients 311
  mosquitto_clients 5
  node "$here/peers.mjs" clients --url "mqtt://127.0.0.1:$broker_port" --name mqttjs5 --version 5 \
    --events "$work/events.json" || finish 1
  # 2 subscribers, 6 publishers, 2 MQTT.js clients: 10 DISCONNECTs.
  stop_capture live TERM 10 "$disconnect_row"
  same_offline live "$work/capture.pcap" "${fields[@]}"
  compare_with_clients --events "$work/events.json" \
    --mosquitto "$work/sub311.log:4" --mosquitto "$work/pub311.log:4" \
    --mosquitto "$work/sub5.log:5" --mosquitto "$work/pub5.log:5"
}

# -b filesize:2 -b files:3: two or three files (the exchange is 5 to 9 kB), named
# ring_NNNNN_YYYYmmddHHMMSS.pcapng with consecutive numbers, each readable whole.
check_ring() {
  local dir=$1 files f previous=0
  mapfile -t files < <(ls "$dir")
  ((${#files[@]} >= 2 && ${#files[@]} <= 3)) || fail "ring: ${#files[@]} files, expected 2 or 3: ${files[*]}"
  for f in "${files[@]}"; do
    if [[ ! $f =~ ^ring_([0-9]{5})_[0-9]{14}\.pcapng$ ]]; then
      fail "ring: unexpected file name $f"
      continue
    fi
    local n=$((10#${BASH_REMATCH[1]}))
    ((previous == 0 || n == previous + 1)) || fail "ring: file numbers not consecutive: ${files[*]}"
    previous=$n
    "$bin" "$dir/$f" >/dev/null 2>"$work/ring-read.err" || fail "ring: $f cannot be read"
    grep -q "cut short" "$work/ring-read.err" && fail "ring: $f is not whole"
  done
  echo "ring: ${#files[@]} files kept: ${files[*]}"
}

run_saved_file() {
  start_ws_broker
  local port=$broker_port
  mkdir -p "$work/ring"
  # Statistics too: printed once the capture stops, as they are at the end of a file.
  start_capture summary "$port" -z mqtt,types -w "$work/summary.pcapng"
  start_capture live "$port" "${fields[@]}" -w "$work/fields.pcap"
  start_capture ring "$port" -T fields -e mqtt.msgtype -w "$work/ring/ring.pcapng" \
    -b filesize:2 -b files:3
  start_capture count "$port" -c 3
  node "$here/peers.mjs" clients --url "ws://127.0.0.1:$port/mqtt" --name saved --writes split \
    --events "$work/events.json" || finish 1
  stop_capture summary INT 2 '/ DISCONNECT$/'
  stop_capture live TERM 2 "$disconnect_row"
  stop_capture ring INT 2 '$1 == 14'
  # -c 3 ends the capture by itself after three MQTT packets, with status 0.
  wait "$pid_count"
  local status=$?
  untrack "$pid_count"
  [[ $status == 0 ]] || fail "-c 3: exit status $status: $(cat "$work/count.err")"
  [[ $(wc -l <"$work/count.out") == 3 ]] || fail "-c 3 printed $(wc -l <"$work/count.out") lines"
  grep -q "^== mqtt,types" "$work/summary.out" || fail "-z mqtt,types: no statistics after the stop"
  same_offline summary "$work/summary.pcapng" -z mqtt,types
  same_offline live "$work/fields.pcap" "${fields[@]}"
  compare_with_clients --events "$work/events.json"
  check_ring "$work/ring"
}

work=$(mktemp -d)
trap cleanup EXIT
trap "exit 130" INT
trap "exit 143" TERM
case $scenario in
  tcp-mosquitto) run_tcp_mosquitto ;;
  ws-v311)
    ws_exchange --coalesce -- --writes coalesced
    compare_with_clients --events "$work/events.json" --ws-frames whole ;;
  ws-split)
    ws_exchange -- --writes split
    compare_with_clients --events "$work/events.json" --ws-frames split ;;
  ws-deflate) run_ws_deflate ;;
  saved-file) run_saved_file ;;
  *) echo "unknown scenario $scenario"; exit 2 ;;
esac
finish
