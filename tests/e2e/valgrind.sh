# No leaks and no memory errors under valgrind on the end-to-end path: extract,
# timeline, render, a short series with its viewer, export. (Definite and
# indirect leaks fail; what GDAL, fontconfig and Pango keep for the life of
# the process is reachable, not lost.)
. "$(dirname "$0")/../cli/lib.bash"
command -v valgrind >/dev/null || { bad "valgrind missing (./setup installs it)"; finish; }
vg() {
  valgrind -q --suppressions="$(dirname "$0")/valgrind.supp" --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
    --error-exitcode=99 "$CM_BIN" "$@" 2>vg.err
  local rc=$?
  if [ $rc -eq 0 ]; then ok "valgrind clean: $1"; else bad "valgrind: $1 exit $rc: $(grep -m3 -E '==[0-9]+== [A-Z]' vg.err)"; fi
}
vg extract "$CM_SHARED"/corpus/*.txt -o events.jsonl -q
vg timeline events.jsonl -o control.geojson -q
vg render --date 2021-08-21 --events events.jsonl -o map.png -q
vg series --events events.jsonl --from 2021-08-19 --to 2021-08-21 --out s -j 2 -q
mkdir run && cp events.jsonl run/ && vg places "$CM_SHARED"/corpus/*.txt --json -o run/places.jsonl -q
vg export --in run -o all.gpkg -q
finish
