#!/usr/bin/env bash
# bench/places/run.sh: the place finder against GNU grep on a large corpus.
#
#   bench/places/run.sh [MB]        (default 200; env CM_BIN, CM_SHARED,
#                                    CONFLICTMAP_GAZETTEER override the paths)
#
# Builds, in a temporary folder (removed at exit, never in git), a corpus of at
# least MB megabytes in files of about 4 MB: the sample articles of
# $CM_SHARED/corpus repeated, mixed with other text (a word salad drawn from the
# articles, keeping their capitalised words, and the licence texts of
# /usr/share/common-licenses). Then, in the same run:
#   - grep -F -i -o -f PATTERNS over it, PATTERNS being every name and
#     alternate name of the gazetteer (`conflictmap gazetteer names`);
#   - `conflictmap places` (find AND resolve, output to /dev/null).
# Prints MB/s of both (by wall and by CPU time), their ratio, the gazetteer
# load time and the peak RSS; then the same on ~20 MB of the articles alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
mb=${1:-200}
bin=${CM_BIN:-build/conflictmap}
shared=${CM_SHARED:-../shared}
gaz=${CONFLICTMAP_GAZETTEER:-gazetteer/conflictmap.gaz}
[ -x "$bin" ] || { echo "bench: no binary at $bin (build first, or set CM_BIN)" >&2; exit 1; }
[ -f "$gaz" ] || { echo "bench: no gazetteer at $gaz (./setup, or set CONFLICTMAP_GAZETTEER)" >&2; exit 1; }
ls "$shared"/corpus/*.txt >/dev/null 2>&1 || { echo "bench: no articles in $shared/corpus" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cm-bench-places.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# One chunk: the articles, a word salad from them, the licences.
chunk="$tmp/chunk.txt"
{
  cat "$shared"/corpus/*.txt
  awk -v seed=42 'BEGIN { srand(seed) }
       { for (i = 1; i <= NF; i++) w[n++] = $i }
       END { for (l = 0; l < 400; l++) { s = ""; k = 8 + int(rand() * 20)
               for (j = 0; j < k; j++) s = s (j ? " " : "") w[int(rand() * n)]
               print s "." } }' "$shared"/corpus/*.txt
  cat /usr/share/common-licenses/* 2>/dev/null || true
} > "$chunk"
# Files of about 4 MB.
file4="$tmp/part.txt"
: > "$file4"
while [ "$(stat -c %s "$file4")" -lt 4000000 ]; do cat "$chunk" >> "$file4"; done
size=$(stat -c %s "$file4")
nfiles=$(( (mb * 1000000 + size - 1) / size ))
mkdir "$tmp/corpus"
for i in $(seq -w 1 "$nfiles"); do cp "$file4" "$tmp/corpus/c$i.txt"; done
total=$(( size * nfiles ))
"$bin" gazetteer names --gazetteer "$gaz" > "$tmp/patterns"
npat=$(wc -l < "$tmp/patterns")
printf 'corpus: %d files, %.1f MB; patterns: %d names of %s\n' "$nfiles" "$(echo "$total / 1000000" | bc -l)" "$npat" "$gaz"

# Warm the page cache, then time each tool: wall time, and CPU time (user +
# system), the fairer measure on a shared machine.
cat "$tmp"/corpus/*.txt > /dev/null
# Output goes to a file: GNU grep stops at the first match when its output is
# /dev/null, which would time nothing.
t() { /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }; rm -f "$tmp/out"; cat "$tmp/time"; }
report() { # label total_bytes wall user sys kb
  awk -v l="$1" -v t="$2" -v w="$3" -v u="$4" -v s="$5" -v k="$6" 'BEGIN {
    c = u + s; if (c <= 0) c = 1e-9; if (w <= 0) w = 1e-9
    printf "%-28s wall %6.2f s %7.1f MB/s | cpu %6.2f s %7.1f MB/s | peak RSS %6.1f MB\n", l, w, t / 1e6 / w, c, t / 1e6 / c, k / 1024 }'
}
run_pair() { # label files...
  local label=$1; shift
  local bytes; bytes=$(cat "$@" | wc -c)
  read -r gw gu gs gk < <(LC_ALL=C.UTF-8 t grep -F -i -o -f "$tmp/patterns" "$@")
  # The C locale is grep's fastest (it then folds ASCII case only).
  read -r hw hu hs hk < <(LC_ALL=C t grep -F -i -o -f "$tmp/patterns" "$@")
  read -r cw cu cs ck < <(t "$bin" places --stats --gazetteer "$gaz" "$@")
  local stats; stats=$(grep -o 'gazetteer load [0-9.]* ms\|[0-9]* mentions\|find+resolve [0-9.]* s ([0-9.]* MB/s)' "$tmp/err" | paste -sd' ')
  echo "== $label: $(echo "$bytes / 1000000" | bc) MB"
  report "grep -F -i -o (C.UTF-8)" "$bytes" "$gw" "$gu" "$gs" "$gk"
  report "grep -F -i -o (LC_ALL=C)" "$bytes" "$hw" "$hu" "$hs" "$hk"
  report "conflictmap places" "$bytes" "$cw" "$cu" "$cs" "$ck"
  echo "   conflictmap --stats: $stats"
  awk -v gu="$gu" -v gs="$gs" -v hu="$hu" -v hs="$hs" -v cu="$cu" -v cs="$cs" 'BEGIN {
    g = gu + gs; h = hu + hs; c = cu + cs
    if (c > 0) printf "   speed ratio ours/grep by CPU time: %.2fx (C.UTF-8), %.2fx (C)\n", g / c, h / c }'
}
run_pair "mixed corpus" "$tmp"/corpus/*.txt
# The sample articles alone, about 20 MB: dense in place names.
mkdir "$tmp/arts"
n=$(( 20000000 / $(cat "$shared"/corpus/*.txt | wc -c) + 1 ))
for i in $(seq 1 "$n"); do cat "$shared"/corpus/*.txt; done > "$tmp/arts/articles.txt"
run_pair "articles only" "$tmp/arts/articles.txt"
