#!/usr/bin/env bash
# The command line: exit statuses, messages and the golden outputs of the seed replica.
# Usage: cli_test.sh MQSCOPE CAPTURES_DIR GOLDEN_DIR
set -u
bin=$1 captures=$2 golden=$3
failures=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

expect_status() {  # expected-status description command...
  local want=$1 what=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [[ $got == "$want" ]] || fail "$what: exit status $got, expected $want ($(head -c 300 "$work/err"))"
}

expect_stderr() {  # pattern description
  grep -qE -- "$1" "$work/err" || fail "$2: stderr lacks /$1/: $(head -c 300 "$work/err")"
}

same_as_golden() {  # golden-file description command...
  local file=$1 what=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err" || fail "$what: exit status $?"
  if [[ -n ${MQSCOPE_UPDATE_GOLDEN:-} ]]; then
    cp "$work/out" "$golden/$file"
  elif ! diff -u "$golden/$file" "$work/out" >"$work/diff"; then
    fail "$what differs from $file:"
    head -40 "$work/diff"
  fi
}

# Usage errors: status 1 and a message.
expect_status 1 "no arguments" "$bin"
expect_stderr "no capture given" "no arguments"
expect_status 1 "unknown option" "$bin" --no-such-option "$captures/seed-replica.pcap"
expect_status 1 "-T fields without -e" "$bin" -T fields "$captures/seed-replica.pcap"
expect_status 1 "unknown field" "$bin" -T fields -e mqtt.nonsense "$captures/seed-replica.pcap"
expect_stderr "unknown field 'mqtt.nonsense'" "unknown field"
expect_status 0 "--help" "$bin" --help
grep -q -- "--read-file" "$work/out" || fail "--help does not list --read-file"
expect_status 0 "--version" "$bin" --version
grep -qE "^mqscope [0-9]+\.[0-9]+\.[0-9]+" "$work/out" || fail "--version prints no version"

# Unreadable input: status 2 and a message naming the file.
expect_status 2 "missing file" "$bin" "$work/does-not-exist.pcap"
expect_stderr "does-not-exist.pcap" "missing file"
printf 'this is not a capture\n' >"$work/text.pcap"
expect_status 2 "not a capture" "$bin" "$work/text.pcap"
expect_stderr "text.pcap" "not a capture"
: >"$work/empty.pcap"
expect_status 2 "empty file" "$bin" "$work/empty.pcap"

# A capture cut inside a record: what was read is decoded, the cut is reported, status 0.
head -c 3000 "$captures/seed-replica.pcap" >"$work/cut.pcap"
expect_status 0 "truncated capture" "$bin" "$work/cut.pcap"
expect_stderr "cut short" "truncated capture"
grep -q "CONNECT" "$work/out" || fail "truncated capture: the packets before the cut are missing"

# Standard input gives the same output as the file.
"$bin" "$captures/seed-replica.pcap" >"$work/from-file" 2>/dev/null
"$bin" -r - <"$captures/seed-replica.pcap" >"$work/from-stdin" 2>/dev/null
cmp -s "$work/from-file" "$work/from-stdin" || fail "-r - differs from reading the file"
ng="$captures/ws-mqttjs-aedes-v311-pcapng.pcapng"
"$bin" "$ng" >"$work/ng-from-file" 2>/dev/null
"$bin" -r - <"$ng" >"$work/ng-from-stdin" 2>/dev/null
[[ -s "$work/ng-from-file" ]] || fail "pcapng file decoded to nothing"
cmp -s "$work/ng-from-file" "$work/ng-from-stdin" || fail "-r - differs from reading the pcapng file"
expect_status 2 "empty standard input" "$bin" -r - </dev/null

# -c N stops after N MQTT packets.
n=$("$bin" -c 3 "$captures/seed-replica.pcap" | wc -l)
[[ $n == 3 ]] || fail "-c 3 printed $n lines"

# Golden outputs of the seed replica, reviewed by hand against the seed document.
same_as_golden seed-replica.summary.txt "summary" "$bin" "$captures/seed-replica.pcap"
same_as_golden seed-replica.verbose.txt "-V" "$bin" -V "$captures/seed-replica.pcap"
same_as_golden seed-replica.fields.tsv "-T fields" "$bin" -T fields -E header=y \
  -e frame.number -e frame.time_relative -e ip.src -e ip.dst -e tcp.srcport -e tcp.dstport \
  -e tcp.stream -e mqtt.msgtype -e mqtt.qos -e mqtt.retain -e mqtt.dupflag -e mqtt.msgid \
  -e mqtt.topic -e mqtt.msg -e mqtt.clientid -e mqtt.username -e mqtt.ver -e mqtt.kalive \
  -e mqtt.conflags -e mqtt.conack.val -e mqtt.len "$captures/seed-replica.pcap"
same_as_golden seed-replica-onesegment.summary.txt "summary (one segment)" "$bin" \
  "$captures/seed-replica-onesegment.pcap"

if ((failures)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all command-line checks passed"
