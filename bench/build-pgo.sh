#!/usr/bin/env bash
# Builds mqscope with link-time and profile-guided optimisation (GCC) in build/release-pgo:
#   1. an instrumented build, whose programs record which branches and calls they take;
#   2. training runs of it: the bundled captures and three captures of the benchmark's
#      generator (seeds the benchmark does not use), in every output mode;
#   3. the optimised build, which lays out and inlines code from that record.
# The program decodes exactly as the release build does; bench/smoke_test.sh checks its
# counts. Usage: bench/build-pgo.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=$root/build/release-pgo
data=$build/pgo-data training=$build/pgo-training

rm -rf "$data" "$training"
mkdir -p "$training"
cmake --preset release-pgo -DMQSCOPE_PGO=generate -DMQSCOPE_PGO_DATA="$data" >/dev/null
cmake --build --preset release-pgo

echo "build-pgo.sh: training runs ..."
gen=$build/bench/mqscope-bench-gen
"$gen" --out "$training/ws.pcap" --size-mb 4 --connections 200 --seed 101 >/dev/null
"$gen" --out "$training/ws-many.pcap" --size-mb 2 --connections 2000 --seed 102 >/dev/null
"$gen" --out "$training/tcp.pcap" --size-mb 2 --connections 200 --transport tcp --seed 103 \
  >/dev/null
modes=("" "-q -z mqtt,types" "-V" "-T json" "-T ek" "-T fields -e frame.number -e mqtt.topic"
       "-x" "--color=always")
for capture in "$training"/*.pcap captures/*.pcap captures/*.pcapng; do
  for mode in "${modes[@]}"; do
    # shellcheck disable=SC2086
    "$build/mqscope" $mode "$capture" >/dev/null 2>&1 ||
      { echo "build-pgo.sh: mqscope $mode $capture failed" >&2; exit 1; }
  done
done

cmake --preset release-pgo -DMQSCOPE_PGO=use >/dev/null
cmake --build --preset release-pgo
echo "build-pgo.sh: $build/mqscope is built"
