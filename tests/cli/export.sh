# conflictmap export: every layer through OGR to GeoJSON, GPKG, FlatGeobuf, CSV,
# read back through OGR (features, not bytes); and PostGIS against a real,
# throw-away server on a loopback port.
. "$(dirname "$0")/lib.bash"
mkdir run
# Claims as `extract` writes them (docs/events-schema.md), written for this test.
cat > run/events.jsonl <<'J'
{"id":"t1:10","doc":"t1","date":"2021-08-15","pcode":"AF","place":"Afghanistan","lon":66.0,"lat":34.0,"action":"capture","controller":"taliban","negated":false,"confidence":0.9}
{"id":"t2:40","doc":"t2","date":"2021-08-20","pcode":"AF0907","place":"Andarab","lon":69.22,"lat":35.62,"action":"retake","controller":"resistance","negated":false,"confidence":0.8}
{"id":"t2:90","doc":"t2","date":"2021-08-15","pcode":"AF08","place":"Panjsher","lon":69.52,"lat":35.36,"action":"hold","controller":"resistance","negated":false,"confidence":0.8}
{"id":"t3:5","doc":"t3","date":"2021-09-01","pcode":"AF0806","place":"Shutul","lon":69.31,"lat":35.29,"action":"attack","controller":"contested","negated":false,"confidence":0.7}
J
cat > run/places.jsonl <<'J'
{"doc":"t1","offset":3,"surface":"Panjshir","name":"Panjsher","pcode":"AF08","kind":"province","lon":69.6,"lat":35.4,"confidence":0.95}
{"doc":"t1","offset":40,"surface":"Kandahar","name":"Kandahar","pcode":"AF2701","kind":"district","lon":65.71,"lat":31.61,"confidence":0.9}
J
count() { ogrinfo -ro -so "$1" "$2" 2>/dev/null | sed -n 's/Feature Count: //p'; }
"$CM_BIN" export --in run -o all.gpkg || bad "export gpkg"
[ "$(count all.gpkg events)" = 4 ] && [ "$(count all.gpkg places)" = 2 ] && [ "$(count all.gpkg control)" = 401 ] \
  && ok "GPKG holds events 4, places 2, control 401" || bad "GPKG layers: $(ogrinfo -ro -so all.gpkg)"
ogrinfo -ro all.gpkg -sql "SELECT valid_from FROM control WHERE pcode='AF0907' ORDER BY valid_from DESC" | grep -q "2021/08/20" \
  && ok "control is temporal: AF0907 valid_from 2021-08-20" || bad "control valid_from"
for f in GeoJSON FlatGeobuf CSV; do
  "$CM_BIN" export --in run -f $f -o out-$f || bad "export $f"
  ext=$(case $f in GeoJSON) echo geojson;; FlatGeobuf) echo fgb;; CSV) echo csv;; esac)
  [ "$(count out-$f/events.$ext events)" = 4 ] && ok "$f events read back" || bad "$f events: $(ls out-$f)"
done
grep -q '"type": "FeatureCollection"' out-GeoJSON/control.geojson && ! grep -q '"crs"' out-GeoJSON/control.geojson \
  && ok "GeoJSON is RFC 7946 (no crs member)" || bad "GeoJSON not RFC 7946"
head -1 out-CSV/events.csv | grep -q '^WKT,' && ok "CSV carries WKT geometry" || bad "CSV geometry"
expect_fail 2 "unknown layer 'roads'" "$CM_BIN" export --in run -o x.gpkg --layers roads
expect_fail 2 "-o DEST is required" "$CM_BIN" export --in run
expect_fail 1 "nope/events.jsonl: cannot open" "$CM_BIN" export --in nope -o y.gpkg
[ ! -e x.gpkg ] && [ ! -e y.gpkg ] && ok "nothing written on failure" || bad "partial output"
no_leftovers .

# PostGIS: a throw-away cluster. PostgreSQL refuses to run as root, so as root
# the server runs as the postgres user.
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  bad "PostgreSQL is not installed (./setup installs it)"; finish
fi
as() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg=$(mktemp -d /tmp/cmpg.XXXXXX); chmod 777 "$pg"
port=$((20000 + RANDOM % 20000))
user=$( [ "$(id -u)" -eq 0 ] && echo postgres || id -un )
as "$pgbin/initdb" -D "$pg/data" -A trust -U "$user" >/dev/null || bad "initdb"
as "$pgbin/pg_ctl" -D "$pg/data" -o "-p $port -k $pg -c listen_addresses=127.0.0.1" -l "$pg/log" -w start >/dev/null || bad "pg start: $(tail -3 $pg/log)"
stop_pg() { as "$pgbin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pg"; }
trap 'stop_pg; rm -rf "$T"' EXIT
psqlc() { "$pgbin/psql" -h 127.0.0.1 -p $port -U "$user" -d cm -Atqc "$1"; }
"$pgbin/createdb" -h 127.0.0.1 -p $port -U "$user" cm && psqlc "CREATE EXTENSION postgis" || bad "createdb/postgis"
"$CM_BIN" export --in run -o "PG:host=127.0.0.1 port=$port user=$user dbname=cm" || bad "export to PostGIS"
n=$(psqlc "SELECT count(*) FROM events")
[ "$n" = 4 ] && ok "PostGIS events: 4 rows" || bad "PostGIS events: '$n'"
inside=$(psqlc "SELECT string_agg(DISTINCT e.place, ',' ORDER BY e.place) FROM events e JOIN control c ON ST_Within(e.wkb_geometry, c.wkb_geometry) WHERE c.province = 'AF08'")
[ "$inside" = "Panjsher,Shutul" ] && ok "spatial query: events inside Panjsher: $inside" || bad "events inside Panjsher: '$inside'"
# Re-export replaces the tables (OVERWRITE), it does not append.
"$CM_BIN" export --in run -o "PG:host=127.0.0.1 port=$port user=$user dbname=cm" --layers events || bad "re-export"
[ "$(psqlc "SELECT count(*) FROM events")" = 4 ] && ok "re-export overwrites" || bad "re-export appended"
expect_fail 1 "cannot connect" "$CM_BIN" export --in run -o "PG:host=127.0.0.1 port=1 user=x dbname=none"
finish
