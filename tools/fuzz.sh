#!/bin/sh
# Builds ember's libFuzzer targets (clang, ASan + UBSan) in build-fuzz/ and runs each for N
# seconds (default 30) on its seed corpus (fuzz/corpus/<target>/, new inputs go to
# build-fuzz/corpus/<target>/). Crashes are written to build-fuzz/crashes/; a crash makes the
# script exit non-zero. Usage: tools/fuzz.sh [seconds] [target...]   (targets: zip pickle safetensors npy)
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-30}
[ $# -gt 0 ] && shift
TARGETS=${*:-zip pickle safetensors npy}
BUILD=${FUZZ_BUILD:-build-fuzz}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DEMBER_FUZZ=ON -DEMBER_BUILD_TESTS=OFF -DEMBER_BUILD_EXAMPLES=OFF -DEMBER_BUILD_TOOLS=OFF >/dev/null
for t in $TARGETS; do cmake --build "$BUILD" -j "${JOBS:-2}" --target "fuzz_$t"; done
mkdir -p "$BUILD/crashes"
status=0
for t in $TARGETS; do
  mkdir -p "$BUILD/corpus/$t"
  echo "== fuzz_$t for ${SECONDS_EACH}s"
  if ! "$BUILD/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -malloc_limit_mb=1024 \
      -timeout=10 -artifact_prefix="$BUILD/crashes/$t-" -print_final_stats=1 \
      "$BUILD/corpus/$t" "fuzz/corpus/$t"; then
    echo "fuzz_$t found a crash: see $BUILD/crashes/"
    status=1
  fi
done
exit $status
