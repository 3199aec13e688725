# The second conflict, end to end: profile `ukraine` (Russia's invasion since
# February 2022; oblasts as units, towns as points). Articles we wrote
# (tests/cases/ukraine) → extract → timeline → run (frames, layers) → pixel
# probes on a frame → a GeoPackage. Needs ./setup's Ukraine data
# (shapefiles/ukraine, gazetteer/geonames-ua.tsv, gazetteer/ukraine.gaz).
. "$(dirname "$0")/../cli/lib.bash"
here=$(cd "$(dirname "$0")" && pwd)
cases="$CM_SOURCE/tests/cases/ukraine"
# The suite's environment points at Afghanistan's data: the profile's own paths here.
unset CONFLICTMAP_BOUNDARIES CONFLICTMAP_COUNTRIES CONFLICTMAP_GAZETTEER CONFLICTMAP_GEONAMES
export CONFLICTMAP_CACHE="$T/cache" CONFLICTMAP_PROFILE=ukraine
[ -f "$CM_SOURCE/shapefiles/ukraine/ukr_admbnda_adm1_ne10m.shp" ] || { bad "no Ukraine boundaries: run ./setup"; finish; }
if [ ! -s "$CM_SOURCE/gazetteer/ukraine.gaz" ]; then
  export CONFLICTMAP_GAZETTEER="$T/ukraine.gaz"
  "$CM_BIN" gazetteer build -q -o "$CONFLICTMAP_GAZETTEER" || bad "gazetteer build --profile ukraine"
fi

"$CM_BIN" profiles >profiles.txt || bad "profiles"
grep -q '^\* ukraine .*UA Ukraine .*russia ukraine' profiles.txt && grep -q 'afghanistan' profiles.txt \
  && ok "profiles lists ukraine (current) and afghanistan" || bad "profiles: $(cat profiles.txt)"
# An index of one profile is refused under another.
expect_fail 1 "built for profile ukraine, not afghanistan" "$CM_BIN" --profile afghanistan places \
  --gazetteer "${CONFLICTMAP_GAZETTEER:-$CM_SOURCE/gazetteer/ukraine.gaz}" "$cases/articles/en-001.txt"

# Claims: oblasts paint, towns are points.
"$CM_BIN" extract "$cases"/articles/*.txt -o events.jsonl -q || bad "extract"
claim() { # PCODE ACTION ACTOR CONTROLLER: one claim with these values
  python3 - "$@" <<'PY'
import json, sys
pc, act, actor, ctrl = sys.argv[1:]
rows = [json.loads(l) for l in open('events.jsonl') if l.strip()]
sys.exit(0 if any(r['pcode'] == pc and r['action'] == act and r.get('actor') == actor and
                  (r.get('controller') or 'null') == ctrl for r in rows) else 1)
PY
}
for c in "UA-09 hold russia russia" "UA-32 retake ukraine ukraine" "UA-43 hold russia russia" \
         "UA-59 retake ukraine ukraine" "UA-74 retake ukraine ukraine" "UA-65 capture russia null"; do
  claim $c && ok "claim $c" || bad "no claim $c in $(cut -c1-400 events.jsonl)"
done

# The sentences of tests/cases/ukraine/claims (en, ru, uk) against their hand
# annotations: little read that the annotation lacks, most of it found.
python3 - "$CM_BIN" "$cases/claims" <<'PY' && ok "hand-annotated sentences: precision and recall >= 0.8" || bad "hand-annotated sentences"
import glob, json, subprocess, sys
binp, d = sys.argv[1:]
key = lambda o: (o['pcode'], o['action'], o.get('actor'), o['date'], bool(o.get('negated')))
got = exp = found = right = 0
for f in sorted(glob.glob(d + '/*/*.txt')):
    out = subprocess.run([binp, 'extract', '-q', f], capture_output=True, text=True, check=True).stdout
    g = [key(json.loads(l)) for l in out.splitlines() if l.strip()]
    e = [key(json.loads(l)) for l in open(f[:-4] + '.expected.jsonl') if l.strip()]
    extra = [x for x in g if x not in e]
    if extra: print('read but not annotated:', f, extra)
    got += len(g); exp += len(e); right += len(g) - len(extra); found += sum(1 for x in e if x in g)
p, r = right / max(got, 1), found / max(exp, 1)
print('claims read %d, annotated %d: precision %.2f, recall %.2f' % (got, exp, p, r))
sys.exit(0 if p >= 0.8 and r >= 0.8 else 1)
PY

"$CM_BIN" timeline events.jsonl -o control.csv -q || bad "timeline"
python3 - <<'PY' && ok "timeline: Luhansk russia from 2022-07-03, Kyiv oblast ukraine from 2022-04-02" || bad "timeline: $(head -c 600 control.csv)"
import csv, sys
rows = list(csv.DictReader(open('control.csv')))
want = {('UA-09', 'russia', '2022-07-03'), ('UA-32', 'ukraine', '2022-04-02')}
have = {(r['pcode'], r['controller'], r['valid_from'].replace('/', '-')[:10]) for r in rows}
sys.exit(0 if want <= have and all(r['pcode'].startswith('UA-') for r in rows) else 1)
PY

# run: frames, layers; probes on 2022-07-10 (colours from profiles/ukraine/profile.tsv).
"$CM_BIN" run "$cases"/articles/*.txt --out ua -q --format png || bad "run failed"
for f in events.jsonl control.geojson index.html maps/outlines.json maps/2022-07-10.png maps/2022-09-12.png; do
  [ -s ua/$f ] && ok "ua/$f written" || bad "ua/$f missing"
done
# 2022-07-10: Crimea not yet reported (its claim is of 2022-09-12); 2022-09-12: it is.
python3 "$here/probe.py" ua/maps/outlines.json ua/maps/2022-07-10.png UA-09=#e57368 UA-43=#d9d9d9 \
  UA-32=#3f78c0 UA-59=#3f78c0 UA-74=#3f78c0 UA-46=#d9d9d9 UA-65=#d9d9d9 \
  && ok "pixel probes on 2022-07-10: Luhansk russia; Kyiv, Sumy, Chernihiv oblasts ukraine; Crimea, Lviv, Kherson no information" \
  || bad "pixel probes on 2022-07-10"
"$CM_BIN" render --date 2022-09-12 --events ua/events.jsonl -o map.png -q || bad "render"
python3 "$here/probe.py" ua/maps/outlines.json map.png UA-09=#e57368 UA-43=#e57368 UA-32=#3f78c0 UA-65=#d9d9d9 \
  && ok "render on 2022-09-12: Crimea russia as well" || bad "render pixel probes on 2022-09-12"
# The viewer knows the profile's sides and labels, and nothing of Afghanistan's.
grep -q '"russia"' ua/index.html && grep -q '"Ukraine"' ua/index.html && ! grep -qi 'taliban' ua/index.html \
  && ok "the viewer's sides are russia and ukraine" || bad "viewer sides"
# ACLED rows (ours, tests/cases/ukraine/acled.csv): actors to the profile's sides
# by profiles/ukraine/acled-actors.tsv, units by point in polygon; a town's
# event in an oblast paints nothing (towns=point).
"$CM_BIN" import --format acled "$cases/acled.csv" -o acled.jsonl -q || bad "import --format acled"
python3 - <<'PY' && ok "ACLED rows: Kherson captured by russia, retaken by ukraine, no paint" || bad "ACLED rows: $(cat acled.jsonl)"
import json, sys
c = [(o['pcode'], o['action'], o['actor'], o.get('controller')) for o in map(json.loads, open('acled.jsonl'))]
sys.exit(0 if c == [('UA-65', 'capture', 'russia', None), ('UA-65', 'retake', 'ukraine', None),
                    ('UA-14', 'clash', 'russia', None)] else 1)
PY
"$CM_BIN" export --in ua -o ua.gpkg -q || bad "export to GeoPackage"
ogrinfo -ro -al ua.gpkg control -where "pcode='UA-09' AND controller='russia'" | grep -q 'valid_from' \
  && ok "GeoPackage control layer: Luhansk held by russia" || bad "GeoPackage control layer"
finish
