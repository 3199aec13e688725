#!/usr/bin/env bash
# bench/acled/run.sh: `conflictmap import --format acled` beside GDAL's CSV
# driver (ogr2ogr to GeoJSONSeq: parse the same CSV and write one point a row)
# on the same file, in the same run, in alternating rounds.
#
#   bench/acled/run.sh [ROWS] [ROUNDS]    (default 200000 rows, 5 rounds; env
#                                          CM_BIN, CONFLICTMAP_BOUNDARIES override)
#
# The file is generated in a temporary folder (removed at exit, never in git)
# from the rows of tests/cases/acled/rows.csv (written for the project): the good
# rows repeated with new event ids and points moved by up to 0.05 degrees, so
# quoting, line breaks in notes and every event type occur as in that file.
# ogr2ogr does less than import (no point in polygon, no actor table, no
# claim record), so the ratio is an upper bound on what we spend over parsing.
# Prints the median wall and CPU seconds of each, MB/s, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-200000}; rounds=${2:-5}
bin=${CM_BIN:-build/conflictmap}
export CONFLICTMAP_BOUNDARIES=${CONFLICTMAP_BOUNDARIES:-../shared/geodata/ocha-cod-ab-2018}
[ -x "$bin" ] || { echo "bench: no binary at $bin (build first, or set CM_BIN)" >&2; exit 1; }
command -v ogr2ogr >/dev/null || { echo "bench: needs ogr2ogr (gdal-bin)" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cm-bench-acled.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

python3 - tests/cases/acled/rows.csv "$tmp/big.csv" "$rows" <<'P'
import csv, random, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
r = list(csv.reader(open(src, newline='', encoding='utf-8-sig')))
head, body = r[0], [x for x in r[1:] if len(x) == len(r[0]) and x[0].startswith('AFG')]
good = []
for x in body:
    try:
        float(x[22]); good.append(x)
    except ValueError:
        pass
random.seed(7)
with open(dst, 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f, lineterminator='\r\n')
    w.writerow(head)
    for i in range(n):
        x = list(random.choice(good))
        x[0] = 'AFG%07d' % i
        x[22] = '%.4f' % (float(x[22]) + random.uniform(-0.05, 0.05))
        x[23] = '%.4f' % (float(x[23]) + random.uniform(-0.05, 0.05))
        w.writerow(x)
P
mb=$(du -m "$tmp/big.csv" | cut -f1)
echo "input: $rows rows, $mb MB"
t() { /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" > /dev/null 2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }; cat "$tmp/time"; }
cat "$tmp/big.csv" > /dev/null
for ((k = 0; k < rounds; k++)); do
  t "$bin" import --format acled -q "$tmp/big.csv" -o "$tmp/out.jsonl" >> "$tmp/ours"
  rm -f "$tmp/out.geojsons"
  t ogr2ogr -f GeoJSONSeq "$tmp/out.geojsons" "$tmp/big.csv" -oo X_POSSIBLE_NAMES=longitude \
    -oo Y_POSSIBLE_NAMES=latitude -oo KEEP_GEOM_COLUMNS=NO >> "$tmp/ogr"
done
echo "claims written: $(wc -l < "$tmp/out.jsonl"), ogr2ogr features: $(wc -l < "$tmp/out.geojsons")"
med() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
ow=$(awk '{print $1}' "$tmp/ours" | med); oc=$(awk '{print $2 + $3}' "$tmp/ours" | med)
gw=$(awk '{print $1}' "$tmp/ogr" | med); gc=$(awk '{print $2 + $3}' "$tmp/ogr" | med)
orss=$(awk '{print $4}' "$tmp/ours" | med); grss=$(awk '{print $4}' "$tmp/ogr" | med)
awk -v mb="$mb" -v ow="$ow" -v oc="$oc" -v gw="$gw" -v gc="$gc" -v orss="$orss" -v grss="$grss" 'BEGIN {
  printf "conflictmap import: %.2f s wall, %.2f s CPU, %.1f MB/s, peak RSS %d MB\n", ow, oc, mb / ow, orss / 1024
  printf "ogr2ogr (CSV -> GeoJSONSeq): %.2f s wall, %.2f s CPU, %.1f MB/s, peak RSS %d MB\n", gw, gc, mb / gw, grss / 1024
  printf "ratio ours/ogr2ogr: %.2fx wall, %.2fx CPU (below 1: faster)\n", ow / gw, oc / gc }'
