# The viewer on a long series: 400 days of generated claims (written here,
# deterministic) on the 399 districts; viewer.cjs prints how long the page
# takes to open and to step a day (performance.now() in Chromium) and asserts
# only generous bounds. The page size is printed too.
. "$(dirname "$0")/../cli/lib.bash"
here=$(cd "$(dirname "$0")" && pwd)
adm2=$(ls "$CM_SHARED"/geodata/ocha-cod-ab-2018/*adm2*.shp | head -1)
ogr2ogr -q -f CSV districts.csv "$adm2" -dialect sqlite \
  -sql "SELECT ADM2_PCODE AS p, ADM2_EN AS n, ST_X(ST_PointOnSurface(geometry)) AS x, ST_Y(ST_PointOnSurface(geometry)) AS y FROM \"$(basename "$adm2" .shp)\"" \
  || bad "ogr2ogr: district points"
python3 - <<'PY' || bad "generating the claims"
import csv, json, random, datetime
rnd = random.Random(12)
ds = list(csv.DictReader(open('districts.csv')))
day0 = datetime.date(2021, 1, 1)
acts = [('capture', 'taliban', 'taliban'), ('retake', 'government', 'government'), ('hold', 'resistance', 'resistance'),
        ('clash', 'taliban', 'contested'), ('siege', 'taliban', 'contested')]
with open('events.jsonl', 'w') as f:
    for i in range(400):
        date = (day0 + datetime.timedelta(days=i)).isoformat()
        for k in range(rnd.randint(2, 6)):
            d = rnd.choice(ds); a, actor, ctrl = rnd.choice(acts); doc = 'doc%03d.txt' % rnd.randrange(120)
            f.write(json.dumps({'id': '%s:%d:%s' % (doc, i * 10 + k, d['p']), 'doc': doc, 'date': date, 'date_precision': 1,
                                'place': d['n'], 'pcode': d['p'], 'province': d['p'][:4], 'place_kind': 'district',
                                'lat': float(d['y']), 'lon': float(d['x']), 'actor': actor, 'action': a, 'controller': ctrl,
                                'asserted_by': 'reporter', 'confidence': round(rnd.uniform(0.4, 0.95), 2), 'negated': False,
                                'hedged': False, 'sentence': 'A sentence we wrote about %s on %s.' % (d['n'], date)}) + '\n')
PY
# Small frames: the page is what is measured, not the drawing of the frames.
"$CM_BIN" series --events events.jsonl --from 2021-01-01 --to 2022-02-04 --out out -q -j2 --width 400 --height 300 || bad "series failed"
[ -s out/index.html ] && ok "index.html of 400 days: $(( $(stat -c %s out/index.html) / 1024 )) KiB" || bad "no index.html"
mkdir -p "$CM_BUILD/artefacts"
if [ -x /usr/bin/chromium ] && [ -d "$CM_SOURCE/.cache/node/node_modules/playwright-core" ]; then
  NODE_PATH="$CM_SOURCE/.cache/node/node_modules" timeout 300 node "$here/viewer.cjs" speed "$T/out/index.html" \
    "$CM_BUILD/artefacts" && ok "viewer speed (figures above)" || bad "viewer speed"
else
  bad "chromium or playwright-core missing (./setup installs them)"
fi
finish
