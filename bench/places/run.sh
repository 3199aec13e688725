#!/usr/bin/env bash
# bench/places/run.sh: the place finder against GNU grep on large corpora.
#
#   bench/places/run.sh [MB] [ROUNDS]   (defaults 52 and 3; env CM_BIN, CM_SHARED,
#                                        CONFLICTMAP_GAZETTEER override the paths)
#
# Builds, in a temporary folder (removed at exit, never in git), three inputs
# from the sample articles of $CM_SHARED/corpus, a word salad drawn from them
# (keeping their capitalised words) and the licence texts of
# /usr/share/common-licenses:
#   - news-like: MB megabytes in files of about 4 MB, nine copies of articles +
#     salad to two of the licences: a place name every ~180 bytes (issue 11);
#   - mixed: MB megabytes, each copy articles + salad + licences (one name
#     every ~460 bytes);
#   - articles only: ~20 MB in one file, one name every ~90 bytes.
# Then, on each, in the same run: grep -F -i -o -f PATTERNS once in C.UTF-8
# (for reference: it is slow there), and ROUNDS rounds alternating
# `LC_ALL=C grep -F -i -o -f PATTERNS` and `conflictmap places` (find AND
# resolve), PATTERNS being every name and alternate name of the gazetteer
# (`conflictmap gazetteer names`). Output goes to a file (GNU grep stops at the
# first match when its output is /dev/null). Prints for each the median wall
# and CPU (user + system) times, MB/s, and the largest peak RSS, and the
# ratio ours/grep of the medians.
set -euo pipefail
cd "$(dirname "$0")/../.."
mb=${1:-52}
rounds=${2:-3}
bin=${CM_BIN:-build/conflictmap}
shared=${CM_SHARED:-../shared}
gaz=${CONFLICTMAP_GAZETTEER:-gazetteer/conflictmap.gaz}
[ -x "$bin" ] || { echo "bench: no binary at $bin (build first, or set CM_BIN)" >&2; exit 1; }
[ -f "$gaz" ] || { echo "bench: no gazetteer at $gaz (./setup, or set CONFLICTMAP_GAZETTEER)" >&2; exit 1; }
ls "$shared"/corpus/*.txt >/dev/null 2>&1 || { echo "bench: no articles in $shared/corpus" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (./setup installs it)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cm-bench-places.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The pieces: the articles with a word salad from them; the licences.
{
  cat "$shared"/corpus/*.txt
  awk -v seed=42 'BEGIN { srand(seed) }
       { for (i = 1; i <= NF; i++) w[n++] = $i }
       END { for (l = 0; l < 400; l++) { s = ""; k = 8 + int(rand() * 20)
               for (j = 0; j < k; j++) s = s (j ? " " : "") w[int(rand() * n)]
               print s "." } }' "$shared"/corpus/*.txt
} > "$tmp/news.txt"
cat /usr/share/common-licenses/* > "$tmp/lic.txt" 2>/dev/null || true
# corpus DIR UNIT...: MB megabytes in files of about 4 MB, each the UNITs repeated.
corpus() {
  local dir=$1; shift
  mkdir "$dir"
  local f="$dir/part.txt"
  : > "$f"
  while [ "$(stat -c %s "$f")" -lt 4000000 ]; do cat "$@" >> "$f"; done
  local size; size=$(stat -c %s "$f")
  for i in $(seq -w 2 $(( (mb * 1000000 + size - 1) / size ))); do cp "$f" "$dir/part$i.txt"; done
}
corpus "$tmp/newslike" "$tmp/news.txt" "$tmp/news.txt" "$tmp/news.txt" "$tmp/lic.txt" \
  "$tmp/news.txt" "$tmp/news.txt" "$tmp/news.txt" "$tmp/lic.txt" "$tmp/news.txt" "$tmp/news.txt" "$tmp/news.txt"
corpus "$tmp/mixed" "$tmp/news.txt" "$tmp/lic.txt"
mkdir "$tmp/arts"
n=$(( 20000000 / $(cat "$shared"/corpus/*.txt | wc -c) + 1 ))
for i in $(seq 1 "$n"); do cat "$shared"/corpus/*.txt; done > "$tmp/arts/articles.txt"

"$bin" gazetteer names --gazetteer "$gaz" > "$tmp/patterns"
printf 'patterns: %d names of %s; %d rounds\n' "$(wc -l < "$tmp/patterns")" "$gaz" "$rounds"

# t LOG CMD...: runs CMD (output to a file), appends "wall user sys maxrss_kb" to LOG.
t() {
  local log=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  cat "$tmp/time" >> "$log"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# summary LOG LABEL BYTES: prints the median wall and CPU times, MB/s and the
# largest peak RSS; sets W and C to the medians.
summary() {
  W=$(awk '{ print $1 }' "$1" | median)
  C=$(awk '{ print $2 + $3 }' "$1" | median)
  local k; k=$(awk '$4 > k { k = $4 } END { print k + 0 }' "$1")
  awk -v l="$2" -v t="$3" -v w="$W" -v c="$C" -v k="$k" 'BEGIN {
    if (w <= 0) w = 1e-9; if (c <= 0) c = 1e-9
    printf "%-28s wall %6.2f s %7.1f MB/s | cpu %6.2f s %7.1f MB/s | peak RSS %6.1f MB\n", l, w, t / 1e6 / w, c, t / 1e6 / c, k / 1024 }'
}
run_set() { # label files...
  local label=$1; shift
  local bytes mentions; bytes=$(cat "$@" | wc -c)
  : > "$tmp/g8"; : > "$tmp/g"; : > "$tmp/c"
  cat "$@" > /dev/null # the page cache
  LC_ALL=C.UTF-8 t "$tmp/g8" grep -F -i -o -f "$tmp/patterns" "$@"
  for r in $(seq 1 "$rounds"); do
    LC_ALL=C t "$tmp/g" grep -F -i -o -f "$tmp/patterns" "$@"
    t "$tmp/c" "$bin" places --stats --gazetteer "$gaz" "$@"
  done
  mentions=$(grep -o '[0-9]* mentions' "$tmp/err" | cut -d' ' -f1)
  printf '== %s: %d files, %.1f MB, %d place mentions (one every %.0f bytes)\n' "$label" "$#" \
    "$(echo "$bytes / 1000000" | bc -l)" "$mentions" "$(echo "$bytes / $mentions" | bc -l)"
  summary "$tmp/g8" "grep -F -i -o (C.UTF-8)" "$bytes"
  summary "$tmp/g" "grep -F -i -o (LC_ALL=C)" "$bytes"
  local gw=$W gc=$C
  summary "$tmp/c" "conflictmap places" "$bytes"
  local cw=$W cc=$C
  echo "   conflictmap --stats (last round): $(grep -o 'gazetteer load [0-9.]* ms\|find+resolve [0-9.]* s ([0-9.]* MB/s)' "$tmp/err" | paste -sd' ')"
  awk -v gw="$gw" -v gc="$gc" -v cw="$cw" -v cc="$cc" 'BEGIN {
    printf "   ratio conflictmap/grep (C): wall %.2f, cpu %.2f (below 1: faster than grep)\n", cw / gw, cc / gc }'
}
run_set "news-like" "$tmp"/newslike/*.txt
run_set "mixed" "$tmp"/mixed/*.txt
run_set "articles only" "$tmp/arts/articles.txt"
