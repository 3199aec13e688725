# conflictmap render, bad input: one clear line each; exit 1 for bad data or
# I/O (unknown controller or pcode, malformed date in the state file, missing
# or truncated shapefile, unknown CRS, unwritable output, bad style file),
# exit 2 for a malformed option value; never a partial output file.
. "$(dirname "$0")/lib.bash"
printf 'pcode,controller,valid_from\nAF,taliban,2021-08-15\n' > good.csv
printf 'pcode,controller,valid_from\nAF,taliban,2021-08-15\nAF08,warlords,2021-08-16\n' > ctrl.csv
printf 'pcode,controller,valid_from\nAF9999,taliban,2021-08-15\n' > pcode.csv
printf 'pcode,controller,valid_from\nAF08,resistance,2021-13-45\n' > date.csv
mkdir dest
R="$CM_BIN render --date 2021-08-21"

expect_fail 1 "ctrl.csv:3" $R --state ctrl.csv -o dest/a.png
expect_fail 1 "AF9999" $R --state pcode.csv -o dest/b.png
expect_fail 1 "date.csv:2" $R --state date.csv -o dest/c.png
expect_fail 1 "nosuch.csv" $R --state nosuch.csv -o dest/d.png
expect_fail 1 "boundaries folder not found" $R --state good.csv --boundaries /nonexistent/shapefiles -o dest/e.png

# a copy of the boundaries with adm2's .shp cut short, and one without its .dbf
mkdir trunc nodbf
for f in "$CONFLICTMAP_BOUNDARIES"/*; do ln -s "$f" trunc/; ln -s "$f" nodbf/; done
rm trunc/*adm2*.shp nodbf/*adm2*.dbf
head -c 1500000 "$CONFLICTMAP_BOUNDARIES"/*adm2*.shp > trunc/afg_admbnda_adm2_agcho_20180522.shp
expect_fail 1 "truncated" $R --state good.csv --boundaries trunc -o dest/f.png
expect_fail 1 ".dbf: missing" $R --state good.csv --boundaries nodbf -o dest/g.png
expect_fail 1 "countries file not found" $R --countries /nonexistent/countries.json -o dest/h.png

expect_fail 1 "unknown CRS 'EPSG:999999'" $R --state good.csv --crs EPSG:999999 -o dest/i.png
expect_fail 1 "unknown CRS 'nonsense'" $R --state good.csv --crs nonsense -o dest/j.png
expect_fail 1 "/nonexistent/dir/map.png" $R --state good.csv -o /nonexistent/dir/map.png
mkdir ro && chmod 555 ro
if [ "$(id -u)" != 0 ]; then expect_fail 1 "ro/map.png" $R --state good.csv -o ro/map.png; fi
printf 'color.taliban = red\n' > bad.style
expect_fail 1 "bad.style:1" $R --style bad.style -o dest/k.png
printf '{"lon": 69, "lat": 35, "action": "dance"}\n' > ev.jsonl
expect_fail 1 "ev.jsonl:1: unknown action 'dance'" $R --events ev.jsonl -o dest/l.png

expect_fail 2 "2021-13-45" "$CM_BIN" render --date 2021-13-45 -o dest/m.png
expect_fail 2 "--date" "$CM_BIN" render -o dest/n.png
expect_fail 2 "abc" $R --width abc -o dest/o.png
expect_fail 2 "16..20000" $R --width 0 -o dest/p.png
expect_fail 2 "--bbox" $R --bbox 68.5,34.8,70.5 -o dest/q.png
expect_fail 2 "--bbox" $R --bbox 70.5,34.8,68.5,36.5 -o dest/r.png
expect_fail 2 "--labels" $R --labels latin -o dest/s.png
expect_fail 2 "unknown map format" $R -o dest/t.jpg
expect_fail 2 "unknown option" $R --colour red -o dest/u.png

left=$(find dest ro -mindepth 1)
[ -z "$left" ] && ok "no output file left behind" || bad "left behind: $left"
no_leftovers "$T"
finish
