#!/usr/bin/env bash
# Live capture options and the errors a person can act on: the exit status and the message of
# each. Checks that need the right to capture (or to drop it, or a network namespace of their
# own) say "skipped:" and are left out where the machine does not allow them.
# Usage: errors_test.sh MQSCOPE
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/live_lib.sh"
work=$(mktemp -d)
trap cleanup EXIT
trap "exit 130" INT
trap "exit 143" TERM

expect() {  # status description command...
  local want=$1 what=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [[ $got == "$want" ]] || fail "$what: exit status $got, expected $want ($(head -c 400 "$work/err"))"
}

expect_stderr() {  # fixed-text description
  grep -qF -- "$1" "$work/err" || fail "$2: stderr lacks '$1': $(head -c 400 "$work/err")"
}

# Options that need -i, and -w/-b that need each other: status 1 and what to do instead.
expect 1 "-w without -i" "$bin" -w "$work/x.pcapng"
expect_stderr "-w applies to a live capture: add -i INTERFACE" "-w without -i"
expect 1 "-f with a file" "$bin" -f tcp "$here/../../../captures/seed-replica.pcap"
expect_stderr "-f applies to a live capture" "-f with a file"
expect 1 "-i and a file" "$bin" -i lo "$here/../../../captures/seed-replica.pcap"
expect_stderr "give either -i INTERFACE or a capture file, not both" "-i and a file"
expect 1 "-b without -w" "$bin" -i lo -b filesize:10
expect_stderr "-b needs -w FILE" "-b without -w"
expect 1 "-b files without filesize" "$bin" -i lo -w "$work/x.pcapng" -b files:3
expect_stderr "-b files:N needs -b filesize:KB" "-b files without filesize"
expect 1 "-b with an unknown key" "$bin" -i lo -w "$work/x.pcapng" -b duration:10
expect_stderr "unknown -b option 'duration:10' (filesize:KB, files:N)" "-b with an unknown key"
expect 1 "-b filesize:0" "$bin" -i lo -w "$work/x.pcapng" -b filesize:0
expect_stderr "-b filesize: takes a positive number" "-b filesize:0"
expect 1 "-w -" "$bin" -i lo -w -
expect_stderr "standard output carries the decoded packets" "-w -"

# -D lists the interfaces, the loopback among them.
expect 0 "-D" "$bin" -D
grep -qE '^[0-9]+\. lo \(Loopback\)$' "$work/out" || fail "-D does not list lo as '(N). lo (Loopback)': $(cat "$work/out")"

# An interface that does not exist: status 2, its name, and the ones there are. (Without the
# right to capture too: the name is checked against the list of interfaces.)
expect 2 "no such interface" "$bin" -i mqscope-none0
expect_stderr "no interface named 'mqscope-none0'; there are: " "no such interface"
grep -qE "there are: .*\blo\b" "$work/err" || fail "no such interface: the list lacks lo: $(cat "$work/err")"

# No permission: status 2, and how to get it, with this program's path.
no_permission() {
  expect 2 "no permission" "$@" -i lo
  expect_stderr "no permission to capture on lo" "no permission"
  expect_stderr "run mqscope as root, or let it capture as any user with:" "no permission"
  expect_stderr "sudo setcap cap_net_raw=ep $(readlink -f "$bin")" "no permission"
  echo "checked: the no-permission message"
}
if ! can_capture; then
  no_permission "$bin"
elif [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null && [[ -x $bin ]] &&
     setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$bin" 2>/dev/null; then
  # As root: the same program run as nobody, with no capabilities.
  no_permission setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$bin"
else
  skip_part "the no-permission message (this user can capture and cannot drop the right)"
fi

if ! can_capture; then
  skip_part "bad capture filters, setcap and an interface going down need root/CAP_NET_RAW"
  finish
fi

# A capture filter libpcap rejects: status 1, the expression and libpcap's own words.
expect 1 "unknown port in the filter" "$bin" -i lo -f "tcp port nosuchservice"
expect_stderr "invalid capture filter 'tcp port nosuchservice': " "unknown port in the filter"
expect_stderr "nosuchservice" "unknown port in the filter"
expect 1 "syntax error in the filter" "$bin" -i lo -f "tcp and ("
expect_stderr "invalid capture filter 'tcp and (': " "syntax error in the filter"
expect_stderr "syntax error" "syntax error in the filter"
echo "checked: bad capture filters"

# The setcap command the message gives works: a copy of the program with cap_net_raw captures
# as nobody. (LeakSanitizer cannot run in a process with file capabilities: it is off here.)
if [[ $(id -u) == 0 ]] && command -v setcap >/dev/null && command -v setpriv >/dev/null; then
  mkdir -p "$work/setcap" && chmod 755 "$work" "$work/setcap"
  cp "$bin" "$work/setcap/mqscope" && chmod 755 "$work/setcap/mqscope"
  if setcap cap_net_raw=ep "$work/setcap/mqscope" 2>/dev/null; then
    ASAN_OPTIONS=detect_leaks=0 setpriv --reuid=65534 --regid=65534 --clear-groups \
      "$work/setcap/mqscope" -i lo -f "tcp port 9" >"$work/setcap.out" 2>"$work/setcap.err" &
    pid=$!
    track "$pid"
    wait_for "the setcap copy to capture as nobody" 10 \
      bash -c "grep -q 'capturing on lo' '$work/setcap.err' || ! kill -0 $pid" || true
    grep -q "capturing on lo" "$work/setcap.err" ||
      fail "with cap_net_raw=ep, nobody cannot capture: $(cat "$work/setcap.err")"
    kill -INT "$pid"
    wait "$pid" || fail "the setcap copy: exit status $? after SIGINT"
    untrack "$pid"
    echo "checked: with cap_net_raw=ep, nobody captures"
  else
    skip_part "setcap (this file system keeps no capabilities)"
  fi
else
  skip_part "setcap (needs root, setcap and setpriv)"
fi

# An interface that goes down, comes back and then disappears, in a network namespace of this
# test's own (unshare -n) with a veth pair: the first two are reported and the capture goes
# on; the last ends it with status 2 once output and counts are written.
interface_changes() {  # returns 3 where this namespace cannot have a veth pair
  ip link add mqs0 type veth peer name mqs1 2>/dev/null || return 3
  ip link set mqs0 up && ip link set mqs1 up || return 3
  wait_for "mqs0 to be up" 5 bash -c "ip link show mqs0 | grep -q LOWER_UP" || return 3
  "$bin" -i mqs0 >"$work/down.out" 2>"$work/down.err" &
  local pid=$!
  wait_for "the capture on mqs0" 10 grep -q "capturing on mqs0" "$work/down.err"
  ip link set mqs0 down
  wait_for "the report of mqs0 going down" 10 grep -q "interface mqs0 went down" "$work/down.err"
  ip link set mqs0 up
  wait_for "the report of mqs0 coming back" 10 grep -q "interface mqs0 is up again" "$work/down.err"
  ip link del mqs0
  wait_for "mqscope to stop" 10 bash -c "! kill -0 $pid" || kill -KILL "$pid"
  wait "$pid"
  echo "status $?" >>"$work/down.err"
}
if [[ $(id -u) == 0 ]] && command -v unshare >/dev/null && command -v ip >/dev/null &&
   unshare -n true 2>/dev/null; then
  export -f interface_changes wait_for
  export bin work
  unshare -n bash -c interface_changes
  if (($? == 3)); then
    skip_part "an interface going down (no veth pair in a new network namespace here)"
  else
    for text in "capturing on mqs0" \
                "interface mqs0 went down or lost its link; the capture goes on when it is back" \
                "interface mqs0 is up again" "capture on mqs0 stopped: " "the kernel received" \
                "status 2"; do
      grep -qF "$text" "$work/down.err" || fail "interface going away: stderr lacks '$text': $(cat "$work/down.err")"
    done
    echo "checked: an interface going down, coming back and disappearing"
  fi
else
  skip_part "an interface going down (needs root and unshare)"
fi
finish
