# Fault injection: a full disk, an unwritable folder, a missing parent folder.
# Each gives one line naming the file, exit 1, and leaves no partial file.
. "$(dirname "$0")/lib.bash"
cat > ev.jsonl <<'J'
{"id":"a:1","doc":"a","pcode":"AF","date":"2021-08-15","controller":"taliban","lon":66,"lat":34}
{"id":"b:2","doc":"b","pcode":"AF0907","date":"2021-08-20","controller":"resistance","lon":69.2,"lat":35.6}
J
cp ev.jsonl places.jsonl; mkdir run; cp ev.jsonl places.jsonl run/; mv run/ev.jsonl run/events.jsonl

# A full disk: a 64 KiB tmpfs (needs root to mount; skipped otherwise).
if [ "$(id -u)" -eq 0 ] && mkdir -p full && mount -t tmpfs -o size=64k tmpfs full 2>/dev/null; then
  trap 'umount "$T/full" 2>/dev/null; rm -rf "$T"' EXIT
  expect_fail 1 "full/control.geojson: " "$CM_BIN" timeline ev.jsonl -o full/control.geojson
  expect_fail 1 "full/all.gpkg" "$CM_BIN" export --in run -o full/all.gpkg
  [ -z "$(ls -A full)" ] && ok "full disk: nothing left in the folder" || bad "full disk left: $(ls -A full)"
else
  echo "skipped: full-disk cases need root to mount a tmpfs"
fi
# /dev/full: standard output on a full device (claims, a PNG) and the device
# named as the output file. Each fails with one line and exit 1 and leaves
# nothing in the folder; the device is never replaced.
if [ -w /dev/full ]; then
  printf 'Taliban fighters captured Kunduz on 8 August 2021.\n' > art.txt
  before=$(ls -A | sort)
  to_full() { "$@" >/dev/full; }
  expect_fail 1 "write error" to_full "$CM_BIN" extract art.txt
  expect_fail 1 "standard output: cannot write PNG" to_full "$CM_BIN" render --date 2021-08-15 --width 200 --height 150 -o -
  expect_fail 1 "/dev/full: not a regular file" "$CM_BIN" timeline ev.jsonl -o /dev/full
  [ -c /dev/full ] && ok "/dev/full is still a device" || bad "/dev/full was replaced"
  [ "$(ls -A | sort)" = "$before" ] && ok "/dev/full: nothing written beside the inputs" \
    || bad "/dev/full: left $(comm -13 <(echo "$before") <(ls -A | sort) | tr '\n' ' ')"
  rm -f art.txt
else
  echo "skipped: no writable /dev/full"
fi
# An unwritable folder (root ignores permissions: then a read-only bind is not
# available either, so the case is skipped).
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
  expect_fail 1 "ro/control.geojson: cannot write" "$CM_BIN" timeline ev.jsonl -o ro/control.geojson
else
  echo "skipped: unwritable folder (running as root)"
fi
expect_fail 1 "missing/parent/control.geojson: cannot write" "$CM_BIN" timeline ev.jsonl -o missing/parent/control.geojson
no_leftovers .
finish
