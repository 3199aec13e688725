#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for a fixed
# budget, starting from the seed corpus in tests/fuzz/corpus/<target>/ plus what
# earlier runs found (build-fuzz/corpus/<target>/). Prints one line per target:
# executions, coverage (edges), corpus size, crashes. A crash fails the run and
# its input is left in build-fuzz/crashes/ — add it to the seed corpus as a
# regression test once fixed.
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-15}; shift || true
CC=clang cmake -S . -B build-fuzz -DCM_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
cmake --build build-fuzz -j"$(nproc)" >/dev/null || exit 1
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.c; do t=$(basename "$f" .c); targets+=("${t#fuzz_}"); done
fi
mkdir -p build-fuzz/crashes
# Targets that need the gazetteer index build it once from ../shared.
export CONFLICTMAP_GAZETTEER=${CONFLICTMAP_GAZETTEER:-$PWD/build-fuzz/fuzz.gaz}
# (with this build's own conflictmap: another build folder may be stale)
if [ ! -f "$CONFLICTMAP_GAZETTEER" ] && [ -f src/geo/gazbuild.c ] && [ -x build-fuzz/conflictmap ]; then
  ASAN_OPTIONS=detect_leaks=0 build-fuzz/conflictmap gazetteer build --boundaries ../shared/geodata/ocha-cod-ab-2018 \
    --geonames ../shared/geodata/geonames-af-cities500.tsv \
    --countries ../shared/geodata/natural-earth/countries-50m.json \
    --curated gazetteer -o "$CONFLICTMAP_GAZETTEER" >/dev/null 2>&1
fi
status=0
printf '%-10s %12s %8s %8s %8s\n' target execs cov corpus crashes
for t in "${targets[@]}"; do
  bin=build-fuzz/tests/fuzz/fuzz-$t
  corp=build-fuzz/corpus/$t
  mkdir -p "$corp"
  cp -n tests/fuzz/corpus/"$t"/* "$corp"/ 2>/dev/null
  dict=(); [ -f tests/fuzz/"$t".dict ] && dict=(-dict=tests/fuzz/"$t".dict)
  log=build-fuzz/fuzz-$t.log
  ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix=build-fuzz/crashes/"$t"- "${dict[@]}" "$corp" >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  crashes=$(ls build-fuzz/crashes/"$t"-* 2>/dev/null | wc -l)
  printf '%-10s %12s %8s %8s %8s\n' "$t" "${execs:-?}" "${cov:-?}" "$(ls "$corp" | wc -l)" "$crashes"
  if [ $rc -ne 0 ]; then status=1; echo "fuzz-$t failed (exit $rc):"; grep -E 'ERROR|SUMMARY|Test unit' "$log" | head -5; fi
done
exit $status
