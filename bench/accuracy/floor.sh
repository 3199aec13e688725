#!/usr/bin/env bash
# The accuracy floor: F1 on the development set may not fall more than 0.03 below
# the overall figure recorded in bench/accuracy/recorded.tsv, precision not more
# than 0.03 below its figure, and early paints not above the recorded count.
# Run by CTest (tests/e2e/accuracy_floor.sh); reads ../shared/devset, never a copy.
set -euo pipefail
src=${CM_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${CM_BIN:-$src/build/conflictmap}
devset=${CM_SHARED:-$src/../shared}/devset
rec=$src/bench/accuracy/recorded.tsv
out=$(python3 "$devset/score.py" --bin "$bin")
echo "$out"
read -r p r f < <(awk -F'\t' '$1 == "all" { print $2, $3, $4 }' "$rec")
early_rec=$(awk -F'\t' '$1 == "early" { print $2 }' "$rec")
read -r P R F < <(echo "$out" | awk '$1 == "all" { print $5, $6, $7 }')
early=$(echo "$out" | sed -n 's/^early paints: \([0-9]*\) of.*/\1/p')
fail=0
awk -v a="$F" -v b="$f" 'BEGIN { exit !(a + 0.03 < b) }' && { echo "FAIL: F1 $F is more than 0.03 below the recorded $f"; fail=1; }
awk -v a="$P" -v b="$p" 'BEGIN { exit !(a + 0.03 < b) }' && { echo "FAIL: precision $P is more than 0.03 below the recorded $p"; fail=1; }
[ "${early:-999}" -le "$early_rec" ] || { echo "FAIL: $early early paints, recorded $early_rec"; fail=1; }
[ $fail -eq 0 ] && echo "accuracy floor: F1 $F (recorded $f), P $P (recorded $p), early paints $early (recorded $early_rec)"
exit $fail
