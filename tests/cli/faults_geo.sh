# Fault injection on the geographic inputs:
#  - a curated gazetteer file with a bad row: `gazetteer build` exits 1 with
#    one line naming the file and line (and what is wrong); no index is left;
#  - a shapefile without its .prj: degrees are taken as WGS 84 with a warning
#    naming the file (the map is the same as with the .prj); a projected one
#    without .prj is refused (exit 1, one line) rather than drawn as nonsense;
#  - a district .shp cut in half: `timeline` and `run` exit 1 with one line
#    naming the file; no control layer, no maps, no temporary file; what run
#    finished before (places.jsonl, events.jsonl, their layers) is complete.
. "$(dirname "$0")/lib.bash"
B=$CONFLICTMAP_BOUNDARIES
mkdir dest

# ---- curated rows -------------------------------------------------------------------
mkdir cur1 cur2 cur3
printf '# ours\nKabol\tAF01\tspelling\nBadachschan\tAF15\tGerman\nFoo\tAF9999\ttypo\n' > cur1/curated.tsv
printf 'Kabol\tAF01\tspelling\nonly a name\n' > cur2/curated.tsv
printf 'Kabol\tAF01\tspelling\nSomewhere\tcity:Nowhere\tforeign\t95.5\t12\n' > cur3/curated.tsv
GB=("$CM_BIN" gazetteer build -q --boundaries "$B" --geonames "$CONFLICTMAP_GEONAMES" --countries "$CONFLICTMAP_COUNTRIES")
expect_fail 1 "cur1/curated.tsv:4: unknown P-code AF9999" "${GB[@]}" --curated cur1 -o dest/g1.gaz
expect_fail 1 "cur2/curated.tsv:2: want name<TAB>target<TAB>reason" "${GB[@]}" --curated cur2 -o dest/g2.gaz
expect_fail 1 "cur3/curated.tsv:2: bad coordinates '95.5' '12'" "${GB[@]}" --curated cur3 -o dest/g3.gaz
[ -z "$(ls -A dest)" ] && ok "bad curated rows: no index left" || bad "left: $(ls dest)"

# ---- a missing .prj -----------------------------------------------------------------
printf 'pcode,controller,valid_from\nAF,taliban,2021-08-15\nAF08,resistance,2021-08-15\n' > st.csv
mkdir noprj
for f in "$B"/*; do ln -s "$f" noprj/; done
rm noprj/*.prj
R=("$CM_BIN" render --date 2021-08-21 --state st.csv --width 400)
"${R[@]}" -o with.png 2>/dev/null || bad "render with the .prj failed"
"${R[@]}" --boundaries noprj -o without.png 2>err.txt; rc=$?
if [ $rc -eq 0 ] && [ "$(grep -c 'no CRS (.prj missing?): coordinates taken as WGS 84 degrees' err.txt)" -eq 3 ] &&
   grep -q 'noprj/afg_admbnda_adm2_agcho_20180522.shp: no CRS' err.txt; then
  ok "missing .prj: exit 0, one warning per layer naming it"
else bad "missing .prj: exit $rc: $(cat err.txt)"; fi
cmp -s with.png without.png && ok "missing .prj: the same map" || bad "missing .prj: a different map"
"$CM_BIN" gazetteer build --boundaries noprj --geonames "$CONFLICTMAP_GEONAMES" --countries "$CONFLICTMAP_COUNTRIES" \
  --curated "$CM_SOURCE/gazetteer" -o noprj.gaz 2>err.txt && [ "$(grep -c 'no CRS' err.txt)" -eq 3 ] &&
  ok "missing .prj: gazetteer build warns too" || bad "gazetteer build without .prj: $(cat err.txt)"
# a projected layer (UTM 42N metres) without its .prj (needs ogr2ogr)
if command -v ogr2ogr >/dev/null; then
  mkdir utm
  for f in "$B"/*; do ln -s "$f" utm/; done
  rm utm/*adm0*
  ogr2ogr -t_srs EPSG:32642 utm/afg_admbnda_adm0_agcho_20180522.shp "$B"/afg_admbnda_adm0_agcho_20180522.shp 2>/dev/null
  rm utm/*adm0*.prj
  expect_fail 1 "utm/afg_admbnda_adm0_agcho_20180522.shp: no CRS (.prj missing?) and coordinates beyond degrees" \
    "${R[@]}" --boundaries utm -o dest/utm.png
else
  echo "skipped: projected shapefile without .prj (no ogr2ogr)"
fi

# ---- a district .shp cut in half ----------------------------------------------------------
mkdir trunc
for f in "$B"/*; do ln -s "$f" trunc/; done
rm trunc/*adm2*.shp
shp=$(ls "$B"/*adm2*.shp)
head -c $(( $(stat -c %s "$shp") / 2 )) "$shp" > trunc/afg_admbnda_adm2_agcho_20180522.shp
printf 'date: 2021-08-16\nlang: en\n\nThe Taliban captured Kandahar and Herat on Thursday, officials said.\n' > a.txt
"$CM_BIN" extract a.txt -o ev.jsonl 2>/dev/null && [ -s ev.jsonl ] || bad "extract failed"
expect_fail 1 "trunc/afg_admbnda_adm2_agcho_20180522.shp: " "$CM_BIN" timeline ev.jsonl --boundaries trunc -o dest/control.geojson
grep -q "truncated or corrupt\|truncated:" "$T/err" && ok "timeline: says the file is truncated" || bad "timeline: $(cat "$T/err")"
expect_fail 1 "trunc/afg_admbnda_adm2_agcho_20180522.shp: " "$CM_BIN" run a.txt --boundaries trunc --out dest/run -q -f svg
[ ! -e dest/control.geojson ] && [ ! -e dest/run/control.geojson ] && [ ! -e dest/run/maps ] &&
  ok "truncated .shp: no control layer, no maps" || bad "truncated .shp left: $(ls -R dest)"
python3 - <<'PY' && ok "run: the files it finished are complete" || bad "run: an incomplete file"
import json
for f in ('dest/run/events.jsonl', 'dest/run/places.jsonl'):
    rows = [json.loads(l) for l in open(f)]
    assert rows, f
for f in ('dest/run/events.geojson', 'dest/run/places.geojson'):
    assert json.load(open(f))['features'], f
PY
cmp -s ev.jsonl dest/run/events.jsonl && ok "run: events.jsonl as extract writes it" || bad "run: events.jsonl differs"

no_leftovers "$T"
finish
