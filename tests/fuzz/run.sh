#!/bin/sh
# Runs one libFuzzer target for a chosen time in one process, in a scratch corpus outside git that
# starts from the committed seed corpus and past findings; new crash inputs land in
# build/fuzz-work/TARGET/findings/. Build first: cmake --preset fuzz && cmake --build --preset fuzz
#
#   tests/fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags...]
#
# TARGET is one of: pipeline tcp http websocket mqtt filter. SECONDS defaults to 600.
set -eu
if [ $# -lt 1 ]; then
  echo "usage: $0 TARGET [SECONDS] [libFuzzer flags...]" >&2
  exit 2
fi
target=$1
seconds=${2:-600}
[ $# -ge 2 ] && shift 2 || shift 1
root=$(cd "$(dirname "$0")/../.." && pwd)
binary=$root/build/fuzz/tests/fuzz/fuzz_$target
if [ ! -x "$binary" ]; then
  echo "$0: $binary not built (cmake --preset fuzz && cmake --build --preset fuzz)" >&2
  exit 2
fi
work=$root/build/fuzz-work/$target
mkdir -p "$work/corpus" "$work/findings"
# The seeds and past findings join the scratch corpus; libFuzzer adds what it finds new.
cp -n "$root/tests/fuzz/corpus/$target/"* "$work/corpus/" 2>/dev/null || true
cp -n "$root/tests/fuzz/regressions/$target/"* "$work/corpus/" 2>/dev/null || true
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec "$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
  -print_final_stats=1 -artifact_prefix="$work/findings/" "$@" "$work/corpus"
