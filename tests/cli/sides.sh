# The sides come from the profile, not the code: a profile of four sides on
# the Afghanistan boundaries (--profile FILE):
#  - `series` paints Panjsher (AF08) in the fourth side's colour and the rest
#    in the first's (pixel probes on the frame), and the viewer lists the four
#    sides with the profile's labels; `--style` with `color.west` repaints it;
#  - `timeline` writes the fourth side's id as the controller;
#  - the afghanistan profile's side ids are unknown under it: a state file
#    naming one and a style key `color.taliban` are refused (exit 1, one line);
#    `--labels fa` is a usage error when the profile has no `fa` names, and
#    the afghanistan profile still takes `--labels dari` (its `fa` names).
here=$(cd "$(dirname "$0")/../e2e" && pwd)
. "$(dirname "$0")/lib.bash"
mkdir four
cat > four/profile.tsv <<'P'
profile	four
country	AF	Afghanistan
layer	country	adm0	code=ADM0_PCODE	name.en=ADM0_EN
layer	region	adm1	code=ADM1_PCODE	parent=ADM0_PCODE	noun=province	name.en=ADM1_EN
layer	unit	adm2	code=ADM2_PCODE	parent=ADM1_PCODE	noun=district	name.en=ADM2_EN
side	north	#c08040	ground	The North
side	east	#4080c0	ground	The East
side	raiders	#777777	no-ground	Raiders
side	south	#40a060	ground	The South
side	west	#ff00ff	ground	The West
crs	+proj=lcc +lat_1=32 +lat_2=37 +lat_0=34 +lon_0=66 +datum=WGS84 +units=m +no_defs +type=crs
title	Fourland
subtitle	Fourland: who holds each district
attribution	Boundaries: OCHA/AGCHO 2018 · test profile
P
printf 'pcode,controller,valid_from\nAF,North,2022-03-01\nAF08,west,2022-03-02\n' > state.csv
# no gazetteer index of its own (the test's is afghanistan's): the viewer goes without
F=(env CONFLICTMAP_GAZETTEER="$T/none.gaz" "$CM_BIN" --profile "$T/four")

"${F[@]}" series --state state.csv --from 2022-03-01 --to 2022-03-03 --out s --formats png -q \
  && ok "series under a profile of four sides" || bad "series (four sides)"
python3 "$here/probe.py" s/maps/outlines.json s/maps/2022-03-03.png AF08=#ff00ff AF01=#c08040@0.8 AF27=#c08040 \
  && ok "Panjsher in the fourth side's colour, the rest in the first's" || bad "probes (four sides)"
python3 "$here/probe.py" s/maps/outlines.json s/maps/2022-03-01.png AF08=#c08040 \
  && ok "the day before the fourth side takes Panjsher, the first holds it" || bad "probes (day 1)"
grep -q '"id":"west","label":"The West","color":"rgba(255,0,255,1)","ground":true' s/index.html \
  && grep -q '"id":"raiders","label":"Raiders","color":"rgba(119,119,119,1)","ground":false' s/index.html \
  && grep -q '<title>Fourland: control by district, day by day</title>' s/index.html \
  && ok "the viewer lists the profile's sides, labels and title" || bad "viewer sides: $(grep -o '"sides":[^]]*' s/index.html | head -c 300)"

printf 'color.west = #00ffff\n' > cyan.style
"${F[@]}" series --state state.csv --from 2022-03-03 --to 2022-03-03 --out c --formats png --style cyan.style -q \
  && python3 "$here/probe.py" c/maps/outlines.json c/maps/2022-03-03.png AF08=#00ffff \
  && grep -q '"id":"west","label":"The West","color":"rgba(0,255,255,1)"' c/index.html \
  && ok "color.west in a style file repaints the side (frames and viewer)" || bad "color.west"

"${F[@]}" timeline --state state.csv -o control.geojson -q && ok "timeline (four sides)" || bad "timeline (four sides)"
python3 - control.geojson <<'PY' && ok "the control layer names the fourth side" || bad "control layer controllers"
import json, sys
fs = json.load(open(sys.argv[1]))['features']
west = {f['properties']['pcode'] for f in fs if f['properties']['controller'] == 'west'}
north = {f['properties']['pcode'] for f in fs if f['properties']['controller'] == 'north'}
assert west and all(p.startswith('AF08') for p in west), west
assert len(north) == 399, len(north)
PY

printf 'pcode,controller,valid_from\nAF,taliban,2022-03-01\n' > af.csv
expect_fail 1 "af.csv:2: unknown controller 'taliban' (one of north, east, south, west, contested)" \
  "${F[@]}" render --date 2022-03-03 --state af.csv -o x.png
printf 'color.taliban = #102030\n' > af.style
expect_fail 1 "af.style:1: unknown style key 'color.taliban'" "${F[@]}" render --date 2022-03-03 --style af.style -o x.png
expect_fail 2 "--labels wants en, or none, not 'fa'" "${F[@]}" render --date 2022-03-03 --labels fa -o x.png
[ ! -e x.png ] && ok "no map left by the refusals" || bad "x.png written"
"$CM_BIN" render --date 2021-08-21 --labels dari --width 400 --height 300 -o dari.png -q \
  && ok "--labels dari (the afghanistan profile's fa names)" || bad "--labels dari"
finish
