# conflictmap render: a PNG, an SVG and a PDF of the default map; the SVG is
# XML with one <path> per district (class="district", id = pcode); --bbox,
# --crs, --labels dari, --events and --style give a map; sizes are honoured.
. "$(dirname "$0")/lib.bash"
cat > state.csv <<'S'
pcode,controller,valid_from
AF,taliban,2021-08-15
AF08,resistance,2021-08-15
AF0906,contested,2021-08-20
S
cat > events.jsonl <<'J'
{"lon": 69.55, "lat": 35.32, "action": "hold", "label": "Bazarak"}
{"lon": 68.80, "lat": 35.45, "action": "capture", "label": "Deh Salah", "date": "2021-08-21"}
{"lon": 68.70, "lat": 36.10, "action": "attack", "label": "Banu", "date": "2021-08-22"}
J
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}'; }
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

"$CM_BIN" render --date 2021-08-21 --state state.csv --quiet -o map.png || bad "render png"
is_png map.png && [ "$(png_size map.png)" = 1600x1200 ] && ok "map.png is a 1600x1200 PNG" || bad "map.png: $(png_size map.png)"

"$CM_BIN" render --date 2021-08-21 --state state.csv --quiet -o map.svg || bad "render svg"
xmllint --noout map.svg && ok "map.svg parses as XML" || bad "map.svg is not XML"
n=$(grep -o 'class="district"' map.svg | wc -l)
[ "$n" = 399 ] && ok "map.svg holds 399 district paths" || bad "map.svg holds $n district paths"
ids=$(grep -o '<path id="AF[0-9]*" class="district"' map.svg | sort -u | wc -l)
[ "$ids" = 399 ] && ok "every district path has its own pcode id" || bad "$ids distinct ids"
grep -q 'width="1600pt" height="1200pt"' map.svg && ok "SVG size in points" || bad "SVG size: $(head -3 map.svg)"
# The outline is stored once; the fill is a <use> of it whose class the style sheet colours.
cls=$(grep -o '<use xlink:href="#AF0801" class="s[0-9]*"/>' map.svg | head -1 | sed 's/.*class="\(s[0-9]*\)".*/\1/')
[ -n "$cls" ] && grep -q "^\.$cls{[^}]*fill:#3f9656;" map.svg \
  && ok "Bazarak (AF0801) filled in the resistance colour (class $cls)" || bad "AF0801 fill: class '$cls': $(grep "^\.$cls{" map.svg)"
[ "$(grep -c '<use xlink:href="#AF[0-9]*" class="s[0-9]*"/>' map.svg)" -ge 399 ] \
  && ok "every district drawn from its one outline" || bad "district uses: $(grep -c '<use xlink:href="#AF' map.svg)"
! grep -q '[0-9]\.[0-9][0-9][0-9]' <(grep -o ' d="[^"]*"' map.svg) \
  && ok "path data rounded (a tenth of a unit, glyphs a hundredth)" || bad "path data with 3 or more decimals"

"$CM_BIN" render --date 2021-08-21 --state state.csv --quiet -o map.pdf || bad "render pdf"
[ "$(head -c 5 map.pdf)" = "%PDF-" ] && ok "map.pdf is a PDF" || bad "map.pdf"

"$CM_BIN" render --date 2021-08-21 --state state.csv --quiet --width 800 --height 500 \
  --bbox 68.5,34.8,70.5,36.5 --events events.jsonl -o zoom.png || bad "render bbox"
[ "$(png_size zoom.png)" = 800x500 ] && ok "--width/--height and --bbox" || bad "zoom.png: $(png_size zoom.png)"

"$CM_BIN" render --date 2021-08-21 --state state.csv --quiet --labels dari --crs EPSG:32642 -o dari.png \
  && is_png dari.png && ok "--labels dari --crs EPSG:32642" || bad "dari/utm"

printf 'color.taliban = #000000\nwidth.province = 3\n' > my.style
"$CM_BIN" render --date 2021-08-21 --state state.csv --quiet --style my.style -o styled.png \
  && is_png styled.png && ok "--style" || bad "--style"

# without --state every district is "no information"; still a map
"$CM_BIN" render --date 2021-08-21 --quiet -o empty.png && is_png empty.png && ok "no state: a grey map" || bad "no state"

# PNG to standard output
"$CM_BIN" render --date 2021-08-21 --quiet -o - > stdout.png && is_png stdout.png && ok "-o - writes PNG to stdout" || bad "-o -"

"$CM_BIN" render --help | grep -q -- "--bbox" && ok "render --help" || bad "render --help"
no_leftovers "$T"
finish
