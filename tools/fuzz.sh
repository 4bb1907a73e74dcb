#!/bin/sh
# Builds ember's libFuzzer targets (fuzz/, clang, ASan + UBSan; the readers instrumented, the rest
# from the main build's libember.a) in build-fuzz/ and runs each on its seed corpus
# (fuzz/corpus/<target>/; new inputs go to build-fuzz/corpus/<target>/), two at a time.
# Each run stops after RUNS inputs or SECONDS seconds, whichever comes first, with a fixed seed, so
# a CI run replays the same inputs as this machine's runs did. Crashes (and slow or memory-hungry
# inputs) are written to build-fuzz/crashes/ and make the script exit non-zero; keep each as a
# regression input in tests/fixtures/fuzz_crashers/<target>/ once fixed.
# Usage: tools/fuzz.sh [seconds] [target...]   targets: zip pickle safetensors npy idx image
# Environment: BUILD (main build dir, default build), FUZZ_BUILD (default build-fuzz),
#              FUZZ_RUNS (default 100000), FUZZ_SEED (default 1), JOBS (default 2),
#              FUZZ_KEEP_CORPUS=1 (grow build-fuzz/corpus across runs instead of starting afresh).
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=${*:-zip pickle safetensors npy idx image}
BUILD=${BUILD:-build}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
RUNS=${FUZZ_RUNS:-100000}
SEED=${FUZZ_SEED:-1}
JOBS=${JOBS:-2}
[ -f "$BUILD/libember.a" ] || { echo "fuzz.sh: $BUILD/libember.a is missing (run make build)" >&2; exit 2; }
cmake -S fuzz -B "$FUZZ_BUILD" -G Ninja -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_COMPILER=clang++ \
  -DEMBER_LIBRARY="$PWD/$BUILD/libember.a" >/dev/null
fuzz_targets=""
for t in $TARGETS; do fuzz_targets="$fuzz_targets fuzz_$t"; done
# shellcheck disable=SC2086
cmake --build "$FUZZ_BUILD" -j "$JOBS" --target $fuzz_targets
mkdir -p "$FUZZ_BUILD/crashes" "$FUZZ_BUILD/logs"
run_one() {
  t=$1
  # A fresh output corpus (unless FUZZ_KEEP_CORPUS=1) makes the run replay the same inputs.
  [ "${FUZZ_KEEP_CORPUS:-0}" = 1 ] || rm -rf "$FUZZ_BUILD/corpus/$t"
  mkdir -p "$FUZZ_BUILD/corpus/$t"
  if "$FUZZ_BUILD/fuzz_$t" -runs="$RUNS" -seed="$SEED" -max_total_time="$SECONDS_EACH" \
      -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 -max_len=65536 \
      -artifact_prefix="$FUZZ_BUILD/crashes/$t-" -print_final_stats=1 \
      "$FUZZ_BUILD/corpus/$t" "fuzz/corpus/$t" >"$FUZZ_BUILD/logs/$t.log" 2>&1; then
    echo "fuzz_$t: ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$FUZZ_BUILD/logs/$t.log" | grep -o '[0-9]*$') inputs, $(grep -o 'cov: [0-9]*' "$FUZZ_BUILD/logs/$t.log" | tail -1))"
  else
    echo "fuzz_$t: FAILED, see $FUZZ_BUILD/logs/$t.log and $FUZZ_BUILD/crashes/"
    tail -40 "$FUZZ_BUILD/logs/$t.log"
    return 1
  fi
}
export FUZZ_BUILD RUNS SEED SECONDS_EACH
status=0
pids=""
running=0
for t in $TARGETS; do
  run_one "$t" &
  pids="$pids $!"
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    for p in $pids; do wait "$p" || status=1; done
    pids=""
    running=0
  fi
done
for p in $pids; do wait "$p" || status=1; done
exit $status
