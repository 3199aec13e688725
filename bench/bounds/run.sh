#!/usr/bin/env bash
# bench/bounds/run.sh: does memory stay bounded on streamed input?
#
#   bench/bounds/run.sh [MB...]     (default: 250 1000; env CM_BIN,
#                                    CONFLICTMAP_GAZETTEER override the paths)
#
# For each size, bench/bounds/gen.py writes that many megabytes of JSON Lines
# articles (generated on the fly from our own sentence templates, never
# stored; one 4 MB article every 100 MB, so every stream holds the same largest
# document) straight into `conflictmap extract -q --stats -`, whose claims go
# to a pipe and are counted. Prints, per size: documents, claims, seconds,
# MB/s and the peak RSS of the extract process (GNU time, %M), then whether the
# largest stream's peak stays within 10% (+16 MB) of the smallest's.
#
# Then one single article of BIG_MB (default 16) megabytes of claim-dense text
# on stdin, to show what memory one document costs: the bound is set by the
# largest article (--max-mb, default 64 MiB), not by the length of the stream.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${CM_BIN:-build/conflictmap}
gaz=${CONFLICTMAP_GAZETTEER:-gazetteer/conflictmap.gaz}
big_mb=${BIG_MB:-16}
[ -x "$bin" ] || { echo "bench: no binary at $bin (build first, or set CM_BIN)" >&2; exit 1; }
[ -f "$gaz" ] || { echo "bench: no gazetteer at $gaz (./setup, or set CONFLICTMAP_GAZETTEER)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (/usr/bin/time)" >&2; exit 1; }
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(250 1000)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cm-bench-bounds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

printf '%8s %10s %10s %9s %7s %10s\n' input_MB documents claims seconds MB/s peak_MB
peaks=()
for mb in "${sizes[@]}"; do
  python3 bench/bounds/gen.py $((mb * 1000000)) |
    /usr/bin/time -f '%M %e' -o "$tmp/time" "$bin" extract -q --stats --gazetteer "$gaz" - -o - 2>"$tmp/stats" |
    wc -l >"$tmp/claims"
  read -r kb secs <"$tmp/time"
  docs=$(grep -o '[0-9]* documents' "$tmp/stats" | grep -o '^[0-9]*')
  printf '%8s %10s %10s %9s %7.1f %10.1f\n' "$mb" "$docs" "$(cat "$tmp/claims")" "$secs" \
    "$(echo "$mb / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
  peaks+=("$kb")
done
first=${peaks[0]} last=${peaks[${#peaks[@]}-1]}
if [ "$last" -le $((first + first / 10 + 16384)) ]; then
  echo "memory does not grow with the stream: ${sizes[-1]} MB peaks at $((last / 1024)) MB, ${sizes[0]} MB at $((first / 1024)) MB"
else
  echo "MEMORY GROWS: ${sizes[-1]} MB peaks at $((last / 1024)) MB, ${sizes[0]} MB at $((first / 1024)) MB"
  status=1
fi

# one large article
python3 - "$big_mb" >"$tmp/big.txt" <<'PY'
import sys
n = int(sys.argv[1]) << 20
s = "date: 2021-08-20\nlang: en\n\n"
line = "The Taliban captured Kunduz on Friday, officials said. Analysts said the situation remained uncertain. "
sys.stdout.write(s + line * (n // len(line)))
PY
/usr/bin/time -f '%M %e' -o "$tmp/time" "$bin" extract --gazetteer "$gaz" - -o - <"$tmp/big.txt" 2>"$tmp/err" | wc -l >"$tmp/claims"
read -r kb secs <"$tmp/time"
echo "one article of $big_mb MB: $(cat "$tmp/claims") claims kept, $secs s, peak $((kb / 1024)) MB ($(grep -o '[0-9]* claims, only the first [0-9]* kept' "$tmp/err" || echo 'no cap reached'))"
exit ${status:-0}
