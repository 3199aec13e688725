# Vector frames show what the PNG frames show, in a fraction of the bytes:
# `series --formats png,svg` on the sample corpus for 2021-08-20..21; each SVG
# parses, holds every district once (a <path> in <defs>) and draws it with a
# <use>, has no inline style left and no path number finer than a hundredth;
# rasterised (rsvg-convert) it passes the pixel probes of run_corpus.sh and
# differs from the PNG frame in under 1.5 % of its pixels (the renderers
# anti-alias edges and shape text differently). --formats pdf writes PDF only,
# and the series default stays PNG.
. "$(dirname "$0")/../cli/lib.bash"
here=$(cd "$(dirname "$0")" && pwd)
command -v rsvg-convert >/dev/null || { bad "rsvg-convert missing (./setup installs librsvg2-bin)"; finish; }
"$CM_BIN" extract "$CM_SHARED"/corpus/*.txt -o events.jsonl -q || bad "extract"
S=("$CM_BIN" series --events events.jsonl --from 2021-08-20 --to 2021-08-21 -q -j 2)
"${S[@]}" --formats png,svg -o both || bad "series --formats png,svg"
[ "$(ls both/maps | grep -c '\.png$')" = 2 ] && [ "$(ls both/maps | grep -c '\.svg$')" = 2 ] \
  && ok "--formats png,svg: two of each" || bad "frames: $(ls both/maps)"
for d in 2021-08-20 2021-08-21; do
  f=both/maps/$d.svg
  xmllint --noout "$f" && ok "$d.svg parses" || bad "$d.svg is not XML"
  n=$(grep -c '^<path id="AF[0-9]*" class="district" d="' "$f")
  u=$(grep -o '<use xlink:href="#AF[0-9]*" class="s[0-9]*"/>' "$f" | sort -u | wc -l)
  [ "$n" = 399 ] && [ "$u" -ge 399 ] && ok "$d: 399 outlines stored once, each filled by a <use>" || bad "$d: $n outlines, $u fills"
  ! grep -q 'style="' "$f" && ok "$d: no inline styles (CSS classes)" || bad "$d: inline styles left"
  ! grep -o ' d="[^"]*"' "$f" | grep -q '[0-9]\.[0-9][0-9][0-9]' && ok "$d: path numbers rounded" || bad "$d: 3+ decimals"
  sz=$(stat -c %s "$f")
  [ "$sz" -lt 1000000 ] && ok "$d.svg: $sz bytes" || bad "$d.svg: $sz bytes (Cairo's own SVG was 1.6 MB)"
  rsvg-convert -w 1600 -h 1200 -b white "$f" -o "svg-$d.png" || bad "rsvg-convert $d"
  python3 "$here/pixdiff.py" "svg-$d.png" "both/maps/$d.png" 0.015 && ok "$d: the SVG shows the PNG's picture" \
    || bad "$d: SVG and PNG differ"
done
python3 "$here/probe.py" both/maps/outlines.json svg-2021-08-21.png AF08=#3f9656 AF0907=#3f9656 AF0912=#3f9656 \
  AF0908=#3f9656 AF27=#dcb35c AF01=#dcb35c@0.8 && ok "pixel probes on the rasterised SVG of 2021-08-21" || bad "probes (SVG)"
"${S[@]}" --formats pdf -o pdf || bad "series --formats pdf"
[ "$(ls pdf/maps | grep -v outlines.json)" = "$(printf '2021-08-20.pdf\n2021-08-21.pdf')" ] && ok "--formats pdf: PDF only" || bad "pdf: $(ls pdf/maps)"
"${S[@]}" -o dflt || bad "series (default formats)"
[ "$(ls dflt/maps | grep -v outlines.json)" = "$(printf '2021-08-20.png\n2021-08-21.png')" ] && ok "series default: PNG" || bad "default: $(ls dflt/maps)"
expect_fail 2 "--formats wants png, svg or pdf" "${S[@]}" --formats png,gif -o bad
no_leftovers .
finish
