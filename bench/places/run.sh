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
# Prints MB/s of both, their ratio, the gazetteer load time and the peak RSS.
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

# Warm the page cache, then time each tool.
cat "$tmp"/corpus/*.txt > /dev/null
t() { /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" > /dev/null 2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }; cat "$tmp/time"; }
read -r g_s g_kb < <(LC_ALL=C.UTF-8 t grep -F -i -o -f "$tmp/patterns" "$tmp"/corpus/*.txt)
read -r c_s c_kb < <(t "$bin" places --stats --gazetteer "$gaz" "$tmp"/corpus/*.txt)
"$bin" places --stats --gazetteer "$gaz" "$tmp"/corpus/c*1.txt 2>&1 >/dev/null | sed 's/^/  /' | head -1
load=$(grep -o 'gazetteer load [0-9.]* ms' "$tmp/err" || true)
awk -v t="$total" -v gs="$g_s" -v cs="$c_s" -v gk="$g_kb" -v ck="$c_kb" -v load="$load" 'BEGIN {
  gm = t / 1e6 / (gs > 0 ? gs : 1e-9); cm = t / 1e6 / (cs > 0 ? cs : 1e-9)
  printf "grep -F -i -o -f PATTERNS: %6.2f s  %8.1f MB/s  peak RSS %6.1f MB\n", gs, gm, gk / 1024
  printf "conflictmap places:        %6.2f s  %8.1f MB/s  peak RSS %6.1f MB  (%s)\n", cs, cm, ck / 1024, load
  printf "ratio (ours / grep): %.2fx\n", cm / gm }'
