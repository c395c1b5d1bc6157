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
expect_status 1 "negative count" "$bin" -c -1 "$captures/seed-replica.pcap"
expect_stderr "'-1' is not a whole number" "negative count"
expect_status 1 "count beyond 64 bits" "$bin" -c 18446744073709551616 "$captures/seed-replica.pcap"
expect_stderr "'18446744073709551616' is not a whole number" "count beyond 64 bits"
expect_status 0 "--help" "$bin" --help
grep -q -- "--read-file" "$work/out" || fail "--help does not list --read-file"
expect_status 0 "--version" "$bin" --version
grep -qE "^mqscope [0-9]+\.[0-9]+\.[0-9]+" "$work/out" || fail "--version prints no version"

# Unreadable input: status 2 and a message naming the file.
expect_status 2 "missing file" "$bin" "$work/does-not-exist.pcap"
expect_stderr "^mqscope: [^ ]*does-not-exist.pcap: No such file or directory$" "missing file"
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

# Display filters: errors point at the column and exit 1; a valid filter selects.
expect_status 1 "bad display filter" "$bin" -Y 'mqtt.qos == 1 and mqtt.nonsense' "$captures/seed-replica.pcap"
expect_stderr "unknown field 'mqtt.nonsense'" "bad display filter"
grep -qE '^ {18}\^' "$work/err" || fail "bad display filter: no caret under column 19: $(cat "$work/err")"
n=$("$bin" -Y 'mqtt.msgtype == PUBLISH' "$captures/seed-replica.pcap" | wc -l)
[[ $n == 2 ]] || fail "-Y mqtt.msgtype == PUBLISH printed $n lines, expected 2"
# matches: PCRE2 patterns; a test that gives up at a limit is counted and said, not silent.
n=$("$bin" -Y 'mqtt.topic matches "(?i)^/WORL++D$"' "$captures/seed-replica.pcap" | wc -l)
[[ $n == 3 ]] || fail "-Y matches with (?i) and a possessive quantifier printed $n lines, expected 3"
expect_status 0 "regex limit" "$bin" --limit regex_match_steps=2 -Y 'mqtt.topic matches "(.|o)*[xq]"' \
  "$captures/seed-replica.pcap"
expect_stderr "warning: [0-9]+ 'matches' tests? of the display filter gave up" "regex limit"
n=$("$bin" --topic '/+' "$captures/seed-replica.pcap" | wc -l)
[[ $n == 3 ]] || fail "--topic /+ printed $n lines, expected 3 (SUBSCRIBE and two PUBLISH)"

# --explain: the CONNECT's 13 WebSocket frames, the seed's masking key on the first.
"$bin" --explain -c 1 "$captures/seed-replica.pcap" >"$work/explain"
rows=$(grep -cE '^ +[0-9]+  #[0-9]+ ' "$work/explain")
[[ $rows == 13 ]] || fail "--explain listed $rows frames for the CONNECT, expected 13"
grep -qE '^ +1  #6 +0c3cb539 +10 +10 → Header Flags' "$work/explain" ||
  fail "--explain: first frame is not #6 with key 0c3cb539 and byte 10 = Header Flags"
grep -q '58 → Msg Len: 88' "$work/explain" || fail "--explain: no '58 → Msg Len: 88'"

# --hide-secrets leaves no password anywhere.
for mode in "" -V -x "-T json" "--explain"; do
  # shellcheck disable=SC2086
  "$bin" --hide-secrets $mode "$captures/seed-replica.pcap" >"$work/hidden"
  if grep -q 'E9jMXAl5R99Y' "$work/hidden" || grep -q '45 39 6a 4d 58 41' "$work/hidden" ||
     grep -q '45396a4d5841' "$work/hidden"; then
    fail "--hide-secrets $mode still shows the password"
  fi
done

# Statistics: an unknown one is a usage error; -2 links requests to their responses.
expect_status 1 "unknown statistic" "$bin" -z mqtt,bogus "$captures/seed-replica.pcap"
expect_stderr "unknown statistic 'mqtt,bogus'" "unknown statistic"
expect_status 1 "-2 on standard input" "$bin" -2 -r - <"$captures/seed-replica.pcap"
"$bin" -2 -T fields -e frame.number -e mqtt.response_in -e mqtt.response_to \
  -Y 'mqtt.msgtype == CONNECT or mqtt.msgtype == CONNACK' "$captures/seed-replica.pcap" >"$work/links"
printf '18\t19\t\n19\t\t18\n' | cmp -s - "$work/links" ||
  fail "-2: CONNECT in 18 should name its response 19 and CONNACK its request 18: $(cat "$work/links")"

# Every option --help lists is documented in the man page, which renders without warnings.
man_page="$(dirname "$0")/../../man/mqscope.1"
for option in $("$bin" --help | grep -oE '(^|[ ,])--?[A-Za-z][A-Za-z-]*' | sed 's/^[ ,]//' | sort -u); do
  grep -qF -- "$(printf '%s' "$option" | sed 's/-/\\-/g')" "$man_page" ||
    grep -qF -- "$option" "$man_page" || fail "option $option is not in man/mqscope.1"
done
if command -v groff >/dev/null; then
  warnings=$(groff -ww -man -z "$man_page" 2>&1)
  [[ -z $warnings ]] || fail "man page warnings: $warnings"
fi

# -d, --mqtt-version and --mqtt-packet-limit: values they do not take are usage errors.
v311="$captures/tcp-mosquitto-v311.pcap"
v5="$captures/tcp-mosquitto-v5.pcap"
expect_status 1 "-d without a protocol" "$bin" -d tcp.port==1883 "$v311"
expect_stderr "tcp.port==PORT,PROTOCOL" "-d without a protocol"
expect_status 1 "-d with an unknown protocol" "$bin" -d tcp.port==1883,amqp "$v311"
expect_stderr "unknown protocol 'amqp'" "-d with an unknown protocol"
expect_status 1 "--mqtt-version 4" "$bin" --mqtt-version 4 "$v311"
expect_status 1 "--mqtt-packet-limit 1" "$bin" --mqtt-packet-limit 1 "$v311"

# -d: port 1883 decoded as HTTP is no MQTT; decoded as MQTT it is what it always was.
n=$("$bin" -d tcp.port==1883,http "$v311" 2>/dev/null | wc -l)
[[ $n == 0 ]] || fail "-d tcp.port==1883,http still printed $n MQTT lines"
"$bin" "$v311" >"$work/plain" 2>/dev/null
"$bin" -d tcp.port==1883,mqtt "$v311" >"$work/forced" 2>/dev/null
cmp -s "$work/plain" "$work/forced" || fail "-d tcp.port==1883,mqtt changed the output"

# --mqtt-version 5.0 on a 5.0 capture changes nothing; 3.1.1 misreads it, with notes.
"$bin" "$v5" >"$work/plain" 2>/dev/null
"$bin" --mqtt-version 5.0 "$v5" >"$work/forced" 2>/dev/null
cmp -s "$work/plain" "$work/forced" || fail "--mqtt-version 5.0 changed a 5.0 capture"
"$bin" --mqtt-version 3.1.1 "$v5" 2>/dev/null | grep -q "mqtt.version_overridden" ||
  fail "--mqtt-version 3.1.1 on a 5.0 capture did not say so"

# --mqtt-packet-limit: the two 20 000-byte PUBLISH of tcp-mosquitto-v5 are reported and skipped,
# the other 50 packets decoded.
"$bin" --mqtt-packet-limit 1000 "$v5" >"$work/out" 2>/dev/null
n=$(grep -c "mqtt.packet_too_large" "$work/out")
[[ $n == 2 ]] || fail "--mqtt-packet-limit 1000: $n packets too large, expected 2"
n=$(grep -vc "mqtt.packet_too_large" "$work/out")
[[ $n == 50 ]] || fail "--mqtt-packet-limit 1000: $n packets decoded, expected 50"

# --limit NAME=N: any member of Limits by name; what is no limit is a usage error, and the
# limit applies (mqtt_packet_bytes as --mqtt-packet-limit does).
expect_status 1 "--limit unknown" "$bin" --limit no_such_limit=5 "$v311"
expect_stderr "unknown limit 'no_such_limit'" "--limit unknown"
expect_status 1 "--limit without a number" "$bin" --limit max_flows=many "$v311"
n=$("$bin" --limit mqtt_packet_bytes=1000 "$v5" 2>/dev/null | grep -c "mqtt.packet_too_large")
[[ $n == 2 ]] || fail "--limit mqtt_packet_bytes=1000: $n packets too large, expected 2"

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
same_as_golden seed-replica.hex.txt "-x" "$bin" -x "$captures/seed-replica.pcap"
same_as_golden seed-replica.explain.txt "--explain" "$bin" --explain "$captures/seed-replica.pcap"

# WebSocket: permessage-deflate and fragmentation, reviewed against the captures' ground truth.
same_as_golden ws-deflate-context-takeover.summary.txt "summary (permessage-deflate)" "$bin" \
  "$captures/ws-deflate-context-takeover.pcap"
same_as_golden ws-fragmented-control.summary.txt "summary (fragmented, control frames)" "$bin" \
  "$captures/ws-fragmented-control.pcap"

# RFC 7692: --explain says the first packet's bytes were inflated, not masked, in frame #8.
"$bin" --explain -c 1 "$captures/ws-deflate-context-takeover.pcap" >"$work/explain-deflate"
grep -qE '^ +1  #8 +\(inflated\) +10 17 00 04' "$work/explain-deflate" ||
  fail "--explain ws-deflate-context-takeover: the CONNECT is not shown inflated from frame #8"

# RFC 6455 §5.5.1, §7.4.1: both Close frames of ws-fragmented-control show the status code by
# name and the UTF-8 reason right under it.
"$bin" -V "$captures/ws-fragmented-control.pcap" >"$work/fragmented" 2>"$work/err" ||
  fail "-V ws-fragmented-control: exit status $?"
n=$(grep -A1 -E '^ +Status code: Normal Closure \(1000\)$' "$work/fragmented" |
  grep -cE '^ +Reason: lab done$')
[[ $n == 2 ]] || fail "-V ws-fragmented-control: $n Close frames with 1000 and 'lab done', expected 2"

# Every bundled capture in every output mode reads to the end: status 0, and no sanitizer
# report when the binary has sanitizers. (A note line of a capture that starts mid-stream once
# crashed the summary's -x, which no other test asked for.)
modes=("" -x "--color=always -x" -V "-V -x" "-T json" "-T json -x" "-T ek" "--explain"
       "-T fields -e frame.number -e mqtt.topic" "-q -z mqtt,types -z mqtt,notes -z tcp,reassembly"
       "-2 -V --hide-secrets")
for capture in "$captures"/*.pcap "$captures"/*.pcapng; do
  for mode in "${modes[@]}"; do
    # shellcheck disable=SC2086
    "$bin" $mode "$capture" >/dev/null 2>"$work/err"
    status=$?
    [[ $status == 0 ]] || fail "$(basename "$capture") $mode: exit status $status"
    ! grep -qE "runtime error|AddressSanitizer|LeakSanitizer" "$work/err" ||
      fail "$(basename "$capture") $mode: $(grep -m1 -E 'runtime error|Sanitizer' "$work/err")"
  done
done

if ((failures)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all command-line checks passed"
