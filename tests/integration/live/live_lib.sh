# Shared by the live-capture tests: skipping when the machine lacks something, waiting for
# readiness, and stopping every process a test started, even when it fails.
# The including script sets `bin` (the mqscope binary) and `work` (a scratch directory).

here=${here:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
failures=0
started=()  # processes to stop on exit

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Where the live tests must run (MQSCOPE_LIVE_REQUIRED, set by .ci/run), a missing
# prerequisite is a failure, not a skip.
skip() {
  if [[ -n ${MQSCOPE_LIVE_REQUIRED:-} ]]; then
    echo "FAIL: required but missing: $*"
    exit 1
  fi
  echo "skipped: $*"
  exit 77
}

# The same for one part of a test that goes on without it.
skip_part() {
  if [[ -n ${MQSCOPE_LIVE_REQUIRED:-} ]]; then
    fail "required but missing: $*"
  else
    echo "skipped: $*"
  fi
}

track() { started+=("$1"); }
untrack() {
  local kept=() p
  for p in "${started[@]}"; do [[ $p == "$1" ]] || kept+=("$p"); done
  started=("${kept[@]}")
}

cleanup() {
  local p
  for p in "${started[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${started[@]}"; do
    # A process that ignores SIGTERM for two seconds is killed.
    for _ in $(seq 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  # MQSCOPE_LIVE_KEEP=1 keeps the captures and logs of a failed run for a look.
  if [[ -n ${work:-} && -d $work ]]; then
    if ((failures)) && [[ -n ${MQSCOPE_LIVE_KEEP:-} ]]; then
      echo "kept: $work"
    else
      rm -rf "$work"
    fi
  fi
}

# Exits with the verdict; with an argument, fails first.
finish() {
  (($# > 0)) && failures=$((failures + $1))
  if ((failures)); then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "all checks passed"
  exit 0
}

# Polls a command until it succeeds or `seconds` pass (no fixed sleeps: each poll is short).
# Usage: wait_for DESCRIPTION SECONDS COMMAND...
wait_for() {
  local what=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "FAIL: timed out after ${seconds}s waiting for $what"
      return 1
    fi
    sleep 0.05
  done
}

# Capturing needs CAP_NET_RAW: root has it, or the binary was given it with setcap.
can_capture() {
  local capeff
  capeff=$(awk '/^CapEff:/ {print $2}' /proc/self/status 2>/dev/null)
  [[ -n $capeff ]] && (((16#$capeff >> 13) & 1)) && return 0
  command -v getcap >/dev/null && getcap "$bin" 2>/dev/null | grep -q cap_net_raw
}

require_capture_rights() {
  can_capture || skip "needs root/CAP_NET_RAW to capture on lo (sudo, or setcap cap_net_raw=ep $bin)"
  [[ -e /sys/class/net/lo ]] || skip "needs the Linux loopback interface lo"
}

require_node_peers() {
  command -v node >/dev/null || skip "needs node 20 or newer, and npm"
  # aedes 1.x needs Node.js 20 (Debian 12's own nodejs is 18).
  (($(node -p 'process.versions.node.split(".")[0]') >= 20)) ||
    skip "needs node 20 or newer (this one is $(node --version))"
  local m
  for m in aedes mqtt ws; do
    [[ -d $here/node_modules/$m ]] || skip "needs node/npm packages: run 'npm ci' in tests/integration/live"
  done
}

require_mosquitto() {
  local c
  for c in mosquitto mosquitto_pub mosquitto_sub stdbuf; do
    command -v "$c" >/dev/null || skip "needs mosquitto (Debian: apt-get install mosquitto mosquitto-clients)"
  done
}

# A free TCP port on 127.0.0.1, from the kernel.
free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# aedes behind a ws server on a port of its own choosing; sets broker_port.
# Usage: start_ws_broker [--deflate] [--coalesce]
start_ws_broker() {
  node "$here/peers.mjs" broker --ready "$work/broker.json" "$@" >"$work/broker.log" 2>&1 &
  track $!
  wait_for "the WebSocket broker to listen" 15 test -s "$work/broker.json" ||
    { cat "$work/broker.log"; finish 1; }
  broker_port=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$work/broker.json')).port)")
}

# mosquitto on a free port of 127.0.0.1, anonymous clients allowed; sets broker_port.
start_mosquitto() {
  local attempt
  for attempt in 1 2 3; do
    broker_port=$(free_port)
    printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$broker_port" >"$work/mosquitto.conf"
    mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
    local pid=$!
    track "$pid"
    # Another process may have taken the port in between: then mosquitto exits, try again.
    if wait_for "mosquitto to listen on $broker_port" 10 \
         bash -c "(exec 3<>/dev/tcp/127.0.0.1/$broker_port) 2>/dev/null || ! kill -0 $pid" &&
       kill -0 "$pid" 2>/dev/null; then
      return 0
    fi
    untrack "$pid"
  done
  cat "$work/mosquitto.log"
  finish 1
}
