# conflictmap render with the prepared-map cache (docs/map-cache.md): the map
# drawn from a cold cache, from a warm one and with the cache off are the same
# bytes (PNG and SVG, default view and a --bbox/--crs/--labels dari one); the
# cache file appears on first use; a damaged cache file is refused and
# rewritten; a stale one (a boundary file touched) is not used; a cache folder
# that cannot be written is no error; the map read from the cache still knows
# the boundaries' pcodes (an unknown one in --state fails as before).
. "$(dirname "$0")/lib.bash"
cat > state.csv <<'S'
pcode,controller,valid_from
AF,taliban,2021-08-15
AF08,resistance,2021-08-15
AF0906,contested,2021-08-20
S
export CONFLICTMAP_CACHE=$PWD/cache
draw() { # OUT [options...]: the map with the given cache setting
  local out=$1; shift
  "$CM_BIN" render --date 2021-08-21 --state state.csv --quiet "$@" -o "$out"
}
logged() { # OUT: the default map, the cache's debug lines in log.txt
  CONFLICTMAP_DEBUG=1 "$CM_BIN" render --date 2021-08-21 --state state.csv -o "$1" 2> log.txt
}
for args in "" "--bbox 68.5,34.8,70.5,36.5 --crs EPSG:32642 --labels dari --width 900 --height 700"; do
  for ext in png svg; do
    # shellcheck disable=SC2086
    CONFLICTMAP_CACHE=off draw "off.$ext" $args || bad "render $ext, cache off"
    rm -rf cache
    # shellcheck disable=SC2086
    draw "cold.$ext" $args || bad "render $ext, cold cache"
    n=$(find cache -name 'map-*.cmc' 2>/dev/null | wc -l)
    [ "$n" = 1 ] && ok "first use writes one cache file ($ext $args)" || bad "$n cache files after first use"
    # shellcheck disable=SC2086
    draw "warm.$ext" $args || bad "render $ext, warm cache"
    cmp -s "off.$ext" "cold.$ext" && cmp -s "cold.$ext" "warm.$ext" \
      && ok "cache off, cold and warm draw the same $ext ($args)" || bad "$ext differs with the cache ($args)"
  done
done

rm -rf cache
draw off.png || bad "fill the cache"
f=$(find cache -name 'map-*.cmc' | head -1)
logged warm.png || bad "warm render"
grep -q "map cache: read" log.txt && ok "a warm render reads the cache" || bad "no cache read: $(cat log.txt)"
# damage one byte in the middle: refused (checksum), the map prepared again and the file rewritten
size=$(stat -c %s "$f")
printf '\xff\xfe' | dd of="$f" bs=1 seek=$((size / 2)) conv=notrunc status=none
logged damaged.png || bad "render over a damaged cache"
grep -q "checksum mismatch" log.txt && ok "a damaged cache file is refused" || bad "damage not seen: $(cat log.txt)"
cmp -s off.png damaged.png && ok "and the map is right" || bad "map over a damaged cache differs"
logged again.png
grep -q "map cache: read" log.txt && ok "the damaged file was rewritten" || bad "not rewritten: $(cat log.txt)"
# a boundaries folder whose files change: another key (a folder of links to
# the shared files, one of which is then replaced by a copy: another file)
mkdir bnd && ln -s "$CONFLICTMAP_BOUNDARIES"/* bnd/
CONFLICTMAP_BOUNDARIES=$PWD/bnd draw b1.png || bad "render from the linked folder"
dbf=$(ls bnd/*adm2*.dbf) && rm "$dbf" && cp "$CONFLICTMAP_BOUNDARIES/$(basename "$dbf")" "$dbf"
CONFLICTMAP_BOUNDARIES=$PWD/bnd logged b2.png || bad "render after touch"
grep -q "map cache: no " log.txt && ok "a touched boundary file makes the cache stale" || bad "stale cache used: $(cat log.txt)"
# an unwritable cache is no error
CONFLICTMAP_CACHE=/proc/conflictmap-cache draw ro.png && cmp -s off.png ro.png \
  && ok "an unwritable cache folder is no error" || bad "unwritable cache failed the render"
# pcodes still checked against the boundaries with the map from the cache
printf 'pcode,controller,valid_from\nAF9999,taliban,2021-08-15\n' > badstate.csv
expect_fail 1 "AF9999" "$CM_BIN" render --date 2021-08-21 --state badstate.csv --quiet -o bad.png
finish
