# conflictmap run on the shared corpus: every output file, a second run gives
# the same files, pixel probes on the 2021-08-21 frame, the control layer, a
# GeoPackage of the three layers, and the viewer in headless Chromium.
. "$(dirname "$0")/../cli/lib.bash"
here=$(cd "$(dirname "$0")" && pwd)
# Under ASan+UBSan (several times slower) the SVG frames are left out: the PNG
# path covers the same drawing code, and the plain build checks both.
fmt=png,svg; [ "${CM_SANITIZED:-0}" = 1 ] && fmt=png
"$CM_BIN" run "$CM_SHARED"/corpus/*.txt --out out -q --format $fmt || bad "run failed"
for f in events.jsonl places.jsonl events.geojson places.geojson control.geojson index.html; do
  [ -s out/$f ] && ok "map/$f written" || bad "map/$f missing"
done
first=$(basename "$(ls out/maps/*.png | head -1)" .png); last=$(basename "$(ls out/maps/*.png | tail -1)" .png)
days=$(( ( $(date -ud "$last" +%s) - $(date -ud "$first" +%s) ) / 86400 + 1 ))
nsvg=$(ls out/maps/ | grep -c '\.svg$'); [ $fmt = png ] && nsvg=$days
[ "$(ls out/maps/*.png | wc -l)" = "$days" ] && [ "$nsvg" = "$days" ] \
  && ok "frames ($fmt) for each of the $days days $first..$last" || bad "frames missing between $first and $last"
evfirst=$(grep -o '"date":"[0-9-]*"' out/events.jsonl | cut -d'"' -f4 | grep -E '^....-..-..$' | sort | head -1)
[ "$evfirst" = "$first" ] && ok "the series starts on the first claim's day" || bad "series starts $first, first claim $evfirst"

# Same input, same files.
"$CM_BIN" run "$CM_SHARED"/corpus/*.txt --out out2 -q --format $fmt || bad "second run failed"
# (the stamps beside the layers record each file's inode and time, so they differ)
diff -r -x '.*.stamp' out out2 >/dev/null && ok "a second run gives identical files" \
  || bad "runs differ: $(diff -rq -x '.*.stamp' out out2 | head -3)"
ls -A out | grep -qx .control.geojson.stamp && ok "the layers are stamped" || bad "no stamp beside control.geojson"
no_leftovers out

# 2021-08-21: Panjsher and the three Baghlan districts resistance, Kandahar and
# Kabul province Taliban (colours from docs/style.md).
python3 "$here/probe.py" out/maps/outlines.json out/maps/2021-08-21.png AF08=#3f9656 AF0907=#3f9656 AF0912=#3f9656 \
  AF0908=#3f9656 AF27=#dcb35c AF01=#dcb35c@0.8 && ok "pixel probes on 2021-08-21" || bad "pixel probes"

# The control layer opens with ogrinfo and has Andarab's period from 2021-08-20.
ogrinfo -ro -al out/control.geojson -where "pcode='AF0907'" | grep -q "valid_from (Date) = 2021/08/20" \
  && ok "control.geojson: AF0907 from 2021-08-20" || bad "control.geojson: no AF0907 period from 2021-08-20"
"$CM_BIN" export --in out -o out.gpkg -q || bad "export to GeoPackage"
layers=$(ogrinfo -ro -q out.gpkg | sed -n 's/^[0-9]*: \([a-z]*\).*/\1/p' | sort | tr '\n' ' ')
[ "$layers" = "control events places " ] && ok "the GeoPackage holds control, events, places" || bad "GeoPackage layers: $layers"

# The viewer in headless Chromium (tests/e2e/viewer.cjs): the shared view
# #2021-08-20/AF0907, hover, a click, the search in several spellings (each
# folded as the command line folds it), keys, filters. Screenshots in artefacts/.
mkdir -p "$CM_BUILD/artefacts"
if [ -x /usr/bin/chromium ] && [ -d "$CM_SOURCE/.cache/node/node_modules/playwright-core" ]; then
  spellings=()
  for s in "Pol-e-Hesar" "Pul-i-Hisar" "Masar-i-Scharif" "Badachschan" "پل حصار" "Andarāb"; do
    out=$("$CM_BIN" gazetteer lookup "$s")
    key=$(sed -n 's/^  key: //p' <<<"$out" | head -1)
    win=$(sed -n 's/.*winner: .* \(AF[0-9]*\) (confidence.*/\1/p' <<<"$out" | head -1)
    [ -n "$key" ] && [ -n "$win" ] && spellings+=("$s=$key=$win") || bad "gazetteer lookup gave no key or winner for $s"
  done
  NODE_PATH="$CM_SOURCE/.cache/node/node_modules" timeout 180 node "$here/viewer.cjs" corpus "$T/out/index.html" \
    "$CM_BUILD/artefacts" "${spellings[@]}" \
    && ok "viewer: shared view, hover, history, search, keys, filters (screenshots in $CM_BUILD/artefacts)" || bad "viewer test"
else
  bad "chromium or playwright-core missing (./setup installs them)"
fi
finish
