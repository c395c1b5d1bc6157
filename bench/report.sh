#!/usr/bin/env bash
# Prints the benchmark's table and the performance targets from DATA/results.tsv (written by
# bench/run.sh, which calls this; it can also be run again on its own).
# Usage: report.sh DATA_DIR [TRUTH_FAILURES]
set -u
data=$1 truth_failures=${2:-}
results=$data/results.tsv
[[ -s $results ]] || { echo "report.sh: no $results: run bench/run.sh first" >&2; exit 1; }

# Ratios use CPU time (column 5: user + system), which other work on the machine does not
# stretch; start-up uses wall time.
seconds() { awk -F'\t' -v n="$1" -v t="$2" '$1 == n && $2 == t { print ($5 != "" ? $5 : $3) }' "$results"; }
wall_seconds() { awk -F'\t' -v n="$1" -v t="$2" '$1 == n && $2 == t { print $3 }' "$results"; }
rss_kib() { awk -F'\t' -v n="$1" -v t="$2" '$1 == n && $2 == t { print $4 }' "$results"; }
megabytes() { [[ -f $data/$1.pcap ]] && stat -L -c %s "$data/$1.pcap" | awk '{ print $1 / 1e6 }'; }
truth_value() { grep -oE "\"$2\":[0-9]+" "$data/$1.pcap.truth.json" | head -1 | cut -d: -f2; }
measured() { [[ -n $(seconds "$1" "$2") ]]; }

echo "== throughput =="
echo "  (rates from CPU time; wall time beside it)"
printf '  %-14s %-22s %9s %9s %9s %10s %12s %9s\n' capture program wall-s CPU-s MB/s frames/s \
  "MQTT pkts/s" "RSS MiB"
while IFS=$'\t' read -r name tool wall rss cpu; do
  secs=${cpu:-$wall}
  of=$name
  [[ $tool == *" @"* ]] && of=${tool##*@}  # a run of another capture, as a reference
  mb=$(megabytes "$of") frames=$(truth_value "$of" frames) packets=$(truth_value "$of" packets_total)
  awk -v n="$name" -v t="$tool" -v w="$wall" -v s="$secs" -v mb="$mb" -v f="$frames" \
    -v p="$packets" -v r="$rss" 'BEGIN {
      printf "  %-14s %-22s %9.3f %9.3f %9.1f %10.0f %12.0f %9.1f\n", n, t, w, s, mb / s, f / s,
        p / s, r / 1024 }'
done <"$results"

passes=0 failures=0
# verdict LABEL MEASURED-TEXT OK(1/0)
verdict() {
  local word=FAIL
  if (($3)); then word=PASS; passes=$((passes + 1)); else failures=$((failures + 1)); fi
  printf '  %-4s  %-58s %s\n' "$word" "$1" "$2"
}
# ratio LABEL CAPTURE SLOW-TOOL FAST-TOOL AT-LEAST: how many times faster FAST is than SLOW.
ratio() {
  local label=$1 name=$2 slow=$3 fast=$4 want=$5
  if ! measured "$name" "$slow" || ! measured "$name" "$fast"; then
    printf '  ----  %-58s not measured (%s or %s missing on %s)\n' "$label" "$slow" "$fast" "$name"
    return
  fi
  local x
  x=$(awk -v a="$(seconds "$name" "$slow")" -v b="$(seconds "$name" "$fast")" 'BEGIN { printf "%.1f", a / b }')
  verdict "$label" "${x}x on $name" "$(awk -v x="$x" -v w="$want" 'BEGIN { print (x >= w) }')"
}

echo "== targets =="
main=ws-200m
measured "$main" floor || main=ws-20m
ratio "summary >= 20x tshark's summary (-Y mqtt)" ws-20m tshark mqscope 20
ratio "summary >= 5x tcpdump -r F -n" "$main" tcpdump mqscope 5
if measured "$main" floor && measured "$main" "mqscope -q -z types"; then
  x=$(awk -v a="$(seconds "$main" "mqscope -q -z types")" -v b="$(seconds "$main" floor)" 'BEGIN { printf "%.2f", a / b }')
  verdict "-q -z mqtt,types within 2.5x of the libpcap floor" "${x}x the floor's time on $main" \
    "$(awk -v x="$x" 'BEGIN { print (x <= 2.5) }')"
fi
ratio "-V >= 20x tshark -V" ws-20m "tshark -V" "mqscope -V" 20
ratio "-T json >= 40x tshark -T json" ws-20m "tshark -T json" "mqscope -T json" 40
ratio "-T ek >= 40x tshark -T json" ws-20m "tshark -T json" "mqscope -T ek" 40

for name in ws-20m ws-1g; do
  measured "$name" mqscope || continue
  peak=$(awk -F'\t' -v n="$name" '$1 == n && $2 ~ /^mqscope/ && $4 > m { m = $4 } END { print m }' "$results")
  mib=$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')
  verdict "peak memory <= 32 MiB on $name (every mqscope mode)" "$mib MiB" \
    "$(awk -v m="$mib" 'BEGIN { print (m <= 32) }')"
done

# reference_seconds CAPTURE TOOL: the 200 MB capture's time for TOOL, from the runs made in
# the same rounds as CAPTURE's when there are any.
reference_seconds() {
  if measured "$1" "$2 @ws-200m"; then seconds "$1" "$2 @ws-200m"; else seconds ws-200m "$2"; fi
}

for tool in mqscope "mqscope -q -z types"; do
  if measured ws-1g "$tool" && measured ws-200m "$tool"; then
    x=$(awk -v a="$(seconds ws-1g "$tool")" -v b="$(reference_seconds ws-1g "$tool")" 'BEGIN { printf "%.2f", a / b }')
    verdict "linear: time(1 GB) / time(200 MB) <= 5.5 ($tool)" "$x (sizes $(megabytes ws-1g) / $(megabytes ws-200m) MB)" \
      "$(awk -v x="$x" 'BEGIN { print (x <= 5.5) }')"
  fi
  if measured ws-200m-20c "$tool" && measured ws-200m-2000c "$tool" && measured ws-200m "$tool"; then
    devs="" ok=1
    for name in ws-200m-20c ws-200m ws-200m-2000c; do
      ref=$(awk -v s="$(reference_seconds "$name" "$tool")" -v m="$(megabytes ws-200m)" 'BEGIN { print s / m }')
      dev=$(awk -v s="$(seconds "$name" "$tool")" -v m="$(megabytes "$name")" -v r="$ref" \
        'BEGIN { printf "%+.0f", (s / m / r - 1) * 100 }')
      awk -v d="$dev" 'BEGIN { exit !(d >= -20 && d <= 20) }' || ok=0
      label=${name#ws-200m}
      devs+="${label:--200c} ${dev}%  "
    done
    verdict "time per MB within +-20% of 200 connections' ($tool)" "20/200/2000: $devs" "$ok"
  fi
done

if measured tiny mqscope; then
  ms=$(awk -v s="$(wall_seconds tiny mqscope)" 'BEGIN { printf "%.1f", s * 1000 }')
  extra=""
  measured tiny tshark &&
    extra=" wall (tshark: $(awk -v s="$(wall_seconds tiny tshark)" 'BEGIN { printf "%.0f", s * 1000 }') ms)"
  verdict "start-up <= 10 ms on a tiny capture" "$ms ms$extra" "$(awk -v m="$ms" 'BEGIN { print (m <= 10) }')"
fi
if [[ -n $truth_failures ]]; then
  verdict "MQTT packet counts equal the generator's on every capture" \
    "$truth_failures capture(s) differ" "$((truth_failures == 0))"
fi
echo "  $passes passed, $failures failed (figures are medians; see the table above)"
