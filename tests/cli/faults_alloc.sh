# Allocation failures (CM_FAIL_ALLOC=N makes the N-th allocation of the
# arenas and buffers fail, core/str.h): `extract` and `timeline` must either
# fail cleanly — exit 1, one line saying "out of memory", no output file, no
# temporary file, and (in the sanitized build) no leak — or, when the failure
# hit something optional, succeed with exactly the output of an unhindered
# run. Never a crash, never a claim with a field silently missing.
# The allocation count is found by bisection; then each of the last 30
# allocations (the end of the lexicons, the gazetteer, the document's own
# processing, the output) is failed in turn, and an even sample of those
# before (CM_ALLOC_SAMPLES, default 12).
. "$(dirname "$0")/lib.bash"
printf 'date: 2021-08-16\nlang: en\n\nThe Taliban captured Kandahar and Herat on Thursday, officials said. Resistance fighters retook Andarab from the Taliban on Friday.\n' > a.txt
"$CM_BIN" extract a.txt -o ref.jsonl 2>/dev/null && [ -s ref.jsonl ] || { bad "reference extract failed"; finish; }
"$CM_BIN" timeline ref.jsonl -o ref.geojson 2>/dev/null || { bad "reference timeline failed"; finish; }

# sweep NAME REF OUT CMD...: runs CMD with CM_FAIL_ALLOC over the sample
sweep() {
  local name=$1 ref=$2 outf=$3; shift 3
  # the number of allocations: the smallest N at which the run is unhindered
  local lo=1 hi=${CM_ALLOC_GUESS:-64}
  while CM_FAIL_ALLOC=$hi "$@" >/dev/null 2>&1; [ $? -ne 0 ] || ! cmp -s "$outf" "$ref"; do
    lo=$hi; hi=$((hi * 2)); rm -f "$outf"
  done
  while [ $((hi - lo)) -gt 1 ]; do
    local m=$(((lo + hi) / 2)); rm -f "$outf"
    if CM_FAIL_ALLOC=$m "$@" >/dev/null 2>&1 && cmp -s "$outf" "$ref"; then hi=$m; else lo=$m; fi
  done
  local total=$lo step=$(( lo / ${CM_ALLOC_SAMPLES:-12} + 1 )) runs=0 clean=0 fine=0 n
  for n in $({ seq 1 "$step" "$total"; seq $((total > 30 ? total - 30 : 1)) "$total"; } | sort -nu); do
    rm -f "$outf"
    CM_FAIL_ALLOC=$n "$@" >out.txt 2>err.txt; local rc=$?
    runs=$((runs + 1))
    if [ $rc -eq 1 ] && [ "$(wc -l < err.txt)" -eq 1 ] && grep -q "out of memory" err.txt && [ ! -e "$outf" ]; then
      clean=$((clean + 1))
    elif [ $rc -eq 0 ] && cmp -s "$outf" "$ref"; then
      fine=$((fine + 1))
    else
      bad "$name: allocation $n of $total: exit $rc, $(head -c 300 err.txt | tr '\n' '|')"
    fi
  done
  ok "$name: $runs of its $total allocations failed in turn: $clean clean failures, $fine unhindered"
}
sweep extract ref.jsonl o.jsonl "$CM_BIN" extract a.txt -o o.jsonl
sweep timeline ref.geojson o.geojson "$CM_BIN" timeline ref.jsonl -o o.geojson
no_leftovers "$T"
finish
