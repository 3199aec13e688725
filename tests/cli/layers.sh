# Layers written only when out of date, the simplified control layer, and
# export without --in:
#  - `timeline` twice with nothing changed: the second leaves the file alone
#    (same inode and time); a changed events file, another option (--simplify,
#    --format), a changed boundary file (.prj), an edited or deleted output or
#    a deleted stamp each make it write again, and the new file is right;
#  - `run` twice: places/events/control.geojson kept the second time, and the
#    series too (nothing drawn, no map prepared) until a frame is deleted or
#    the formats change;
#  - `--simplify 200`: smaller, every district valid, and neighbours still
#    meet — the districts' areas add up to the area of their union (no
#    overlap) and the union is one polygon without holes (no gap); the layer's
#    description states the tolerance;
#  - `export --events FILE` without --in: the layers whose input is there,
#    one stderr line per layer skipped; a named input that is missing and an
#    asked-for layer without input stay errors.
. "$(dirname "$0")/lib.bash"
cat > ev.jsonl <<'J'
{"id":"a:1","doc":"a","pcode":"AF","date":"2021-08-15","controller":"taliban","lon":66.0,"lat":34.0}
{"id":"b:2","doc":"b","pcode":"AF0907","date":"2021-08-20","controller":"resistance","lon":69.22,"lat":35.62}
{"id":"b:3","doc":"b","pcode":"AF08","date":"2021-08-15","controller":"resistance","lon":69.52,"lat":35.36}
J
id() { stat -c '%i %Y.%y' "$1" 2>/dev/null; }
TL=("$CM_BIN" timeline -q)

"${TL[@]}" ev.jsonl -o c.geojson || bad "timeline"
first=$(id c.geojson)
[ -f .c.geojson.stamp ] && ok "a stamp beside the layer" || bad "no stamp: $(ls -A)"
sleep 1.1
"${TL[@]}" ev.jsonl -o c.geojson || bad "timeline again"
[ "$(id c.geojson)" = "$first" ] && ok "nothing changed: not rewritten" || bad "rewritten although nothing changed"
"$CM_BIN" timeline ev.jsonl -o c.geojson 2>err; grep -q "c.geojson: up to date, not rewritten" err \
  && ok "says it is up to date" || bad "no up-to-date line: $(cat err)"

# a changed input
echo '{"id":"c:4","doc":"c","pcode":"AF0806","date":"2021-09-01","controller":"taliban"}' >> ev.jsonl
"${TL[@]}" ev.jsonl -o c.geojson || bad "timeline after a change"
[ "$(id c.geojson)" != "$first" ] && ogrinfo -ro -al c.geojson -where "pcode='AF0806'" | grep -q "valid_from (Date) = 2021/09/01" \
  && ok "a changed events file rewrites the layer (AF0806 from 2021-09-01)" || bad "not rewritten after the events changed"
# another option, another format
second=$(id c.geojson)
"${TL[@]}" ev.jsonl -o c.geojson --simplify 500 || bad "timeline --simplify"
[ "$(id c.geojson)" != "$second" ] && grep -q '"description": "[^"]*simplified to 500 m' c.geojson \
  && ok "another --simplify rewrites (description: 500 m)" || bad "not rewritten for --simplify"
third=$(id c.geojson)
"${TL[@]}" ev.jsonl -o c.geojson --simplify 500 -f GeoJSON && [ "$(id c.geojson)" = "$third" ] \
  && ok "the same options spelt out: kept" || bad "rewritten with the same options"
# an edited or deleted output, a deleted stamp
echo ' ' >> c.geojson; edited=$(id c.geojson)
"${TL[@]}" ev.jsonl -o c.geojson --simplify 500 && [ "$(id c.geojson)" != "$edited" ] && ogrinfo -ro -q c.geojson >/dev/null \
  && ok "an edited output is rewritten" || bad "edited output kept"
rm c.geojson; "${TL[@]}" ev.jsonl -o c.geojson --simplify 500 && [ -s c.geojson ] && ok "a deleted output is written" || bad "deleted output"
rm .c.geojson.stamp; before=$(id c.geojson); sleep 1.1
"${TL[@]}" ev.jsonl -o c.geojson --simplify 500 && [ "$(id c.geojson)" != "$before" ] && [ -f .c.geojson.stamp ] \
  && ok "without its stamp the layer is written again" || bad "kept without a stamp"
# a changed boundary file: a copy of the folder whose .prj differs by a line end
mkdir bnd; cp "$CONFLICTMAP_BOUNDARIES"/*adm2* bnd/
"${TL[@]}" ev.jsonl -o b.geojson --boundaries bnd || bad "timeline on the copy"
b1=$(id b.geojson)
"${TL[@]}" ev.jsonl -o b.geojson --boundaries bnd && [ "$(id b.geojson)" = "$b1" ] && ok "same boundaries: kept" || bad "rewritten"
chmod u+w bnd/*.prj; echo >> bnd/*.prj
"${TL[@]}" ev.jsonl -o b.geojson --boundaries bnd && [ "$(id b.geojson)" != "$b1" ] \
  && ok "a changed boundary file (.prj) rewrites" || bad "kept after the boundaries changed"
# a link: the stamp goes beside the file it points to, the link stays
mkdir real; ln -s real/l.geojson link.geojson
"${TL[@]}" ev.jsonl -o link.geojson && [ -L link.geojson ] && [ -f real/.l.geojson.stamp ] \
  && ok "through a link: the target replaced and stamped" || bad "link: $(ls -la . real)"

# ---- the simplified layer -----------------------------------------------------------
"${TL[@]}" ev.jsonl -o full.geojson && "${TL[@]}" ev.jsonl -o s200.geojson --simplify 200 || bad "simplify"
fs=$(stat -c %s full.geojson) ss=$(stat -c %s s200.geojson)
[ "$ss" -lt $((fs / 4)) ] && ok "--simplify 200: $ss bytes, full $fs" || bad "--simplify 200 not smaller: $ss vs $fs"
q() { ogrinfo -ro -q -dialect sqlite -sql "$2" "$1" | sed -n 's/^ *[a-z]* ([A-Za-z]*) = //p' | tr '\n' ' '; }
cov="SELECT count(*) n, SUM(ST_IsValid(geometry)) v, ROUND(SUM(ST_Area(geometry)), 9) a,
  ROUND(ST_Area(ST_Union(geometry)), 9) u FROM control WHERE valid_to IS NULL"
read -r n v a u <<<"$(q s200.geojson "$cov")"
[ "$n" = 399 ] && [ "$v" = 399 ] && ok "399 districts, all valid" || bad "districts $n, valid $v"
[ -n "$a" ] && [ "$a" = "$u" ] && ok "no overlaps: the areas add up to the union's ($a)" || bad "areas $a, union $u"
read -r parts holes <<<"$(q s200.geojson "SELECT ST_NumGeometries(u) p, ST_NumInteriorRing(ST_GeometryN(u, 1)) h
  FROM (SELECT ST_Union(geometry) u FROM control WHERE valid_to IS NULL)")"
[ "$parts" = 1 ] && [ "$holes" = 0 ] && ok "no gaps: the union is one polygon without holes" || bad "union: $parts parts, $holes holes"
read -r fa <<<"$(q full.geojson "SELECT ROUND(SUM(ST_Area(geometry)), 9) a FROM control WHERE valid_to IS NULL")"
awk -v a="$a" -v f="$fa" 'BEGIN { d = a - f; exit !(d < 0.001 * f && d > -0.001 * f) }' \
  && ok "the area within 0.1 % of the full layer's ($a, $fa)" || bad "area $a against $fa"
expect_fail 2 "--simplify wants metres" "$CM_BIN" timeline ev.jsonl -o x.geojson --simplify -5

# ---- run twice ------------------------------------------------------------------------
cat > a.txt <<'A'
title: test
date: 2021-08-20

Taliban merebut Distrik Andarab di Provinsi Baghlan pada Jumat (20/8/2021).
A
"$CM_BIN" run a.txt --out r -q --formats png || bad "run"
ids1=$(for f in places events control; do id r/$f.geojson; done)
sleep 1.1
"$CM_BIN" run a.txt --out r -q --formats png || bad "run again"
ids2=$(for f in places events control; do id r/$f.geojson; done)
[ "$ids1" = "$ids2" ] && ok "run again: the three layers kept" || bad "run again rewrote layers"
"$CM_BIN" run a.txt --out r --formats png 2>err || bad "run a third time"
grep -q "r: up to date, nothing drawn" err && ok "run again: the series and viewer up to date" || bad "series: $(cat err)"
frame=$(ls r/maps/*.png | head -1); rm "$frame"
"$CM_BIN" run a.txt --out r --formats png 2>err && [ -s "$frame" ] && grep -q "(1 drawn" err \
  && ok "a deleted frame is drawn again (and only it)" || bad "deleted frame: $(cat err)"
"$CM_BIN" run a.txt --out r --formats png,svg 2>err && [ "$(ls r/maps/*.svg | wc -l)" -ge 1 ] \
  && ! grep -q "nothing drawn" err && ok "other --formats: drawn" || bad "--formats png,svg: $(cat err)"

# ---- export without --in --------------------------------------------------------------
mkdir ex && cd ex
head -3 ../ev.jsonl > claims.jsonl
"$CM_BIN" export --events claims.jsonl -o x.gpkg 2>err || bad "export --events without --in: $(cat err)"
layers=$(ogrinfo -ro -q x.gpkg | sed -n 's/^[0-9]*: \([a-z]*\).*/\1/p' | sort | tr '\n' ' ')
[ "$layers" = "control events " ] && ok "export --events: the events and control layers" || bad "layers: $layers"
[ "$(wc -l <err)" = 1 ] && grep -q "places layer skipped: output/places.jsonl not found" err \
  && ok "one line for the skipped layer: $(cat err)" || bad "stderr: $(cat err)"
expect_fail 1 "nope.jsonl: cannot open" "$CM_BIN" export --events nope.jsonl -o y.gpkg
expect_fail 1 "output/places.jsonl: cannot open" "$CM_BIN" export --events claims.jsonl --layers events,places -o y.gpkg
expect_fail 1 "nothing to export" "$CM_BIN" export -o y.gpkg
[ ! -e y.gpkg ] && ok "no output after the failures" || bad "y.gpkg left"
cd ..
no_leftovers .
finish
