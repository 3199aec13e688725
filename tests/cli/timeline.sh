# conflictmap timeline: periods per district from claims, as a control layer.
. "$(dirname "$0")/lib.bash"
cat > ev.jsonl <<'J'
{"id":"a:1","doc":"a","pcode":"AF","date":"2021-08-15","controller":"taliban"}
{"id":"b:2","doc":"b","pcode":"AF0907","date":"2021-08-20","controller":"resistance"}
{"id":"c:9","doc":"c","pcode":"AF0907","date":"2021-08-20","controller":"resistance"}
{"id":"b:3","doc":"b","pcode":"AF08","date":"2021-08-15","controller":"resistance"}
{"id":"b:4","doc":"b","pcode":"AF0806","date":"2021-09-01","controller":"taliban","negated":true}
J
"$CM_BIN" timeline ev.jsonl -o control.geojson && ok "timeline ran" || bad "timeline failed"
info=$(ogrinfo -ro -al control.geojson -where "pcode='AF0907'")
echo "$info" | grep -q "valid_from (Date) = 2021/08/20" && ok "AF0907 resistance period from 2021-08-20" || bad "no AF0907 period from 2021-08-20"
echo "$info" | grep -q "nsources (Integer) = 2" && ok "two sources behind it" || bad "sources not counted"
n=$(ogrinfo -ro -al -so control.geojson | sed -n 's/Feature Count: //p')
[ "$n" = 400 ] && ok "400 periods (399 districts + the retake)" || bad "feature count $n"
ogrinfo -ro -al control.geojson -where "pcode='AF0806'" | grep -q "controller (String) = resistance" \
  && ok "a negated claim changes nothing" || bad "negated claim applied"
"$CM_BIN" timeline ev.jsonl -o control.gpkg && ogrinfo -ro -so control.gpkg control | grep -q "Feature Count: 400" \
  && ok "GeoPackage output" || bad "GeoPackage output"

expect_fail 1 "missing.jsonl: cannot open" "$CM_BIN" timeline missing.jsonl -o x.geojson
printf '{"pcode":"AF01","date":"2021-08-15"\n' > broken.jsonl
expect_fail 1 "broken.jsonl:1: malformed JSON" "$CM_BIN" timeline broken.jsonl -o x.geojson
expect_fail 1 "no/such/dir/x.geojson: cannot write" "$CM_BIN" timeline ev.jsonl -o no/such/dir/x.geojson
expect_fail 1 "no adm2 shapefile" "$CM_BIN" timeline ev.jsonl --boundaries . -o y.geojson
expect_fail 2 "unknown option '--bogus'" "$CM_BIN" timeline --bogus
expect_fail 2 "unknown format 'shp2'" "$CM_BIN" timeline ev.jsonl -f shp2
[ ! -e x.geojson ] && [ ! -e y.geojson ] && ok "no output after failures" || bad "partial output left"
no_leftovers .
finish
