# -o replaces regular files only (issue 11): a device is written in place and a
# full one is an error (exit 1, the system's message), a FIFO is written to its
# reader, a symbolic link stays and its target is replaced, /dev/stdout-like links
# reach the output. Devices and links are the test's own copies, made in its
# temporary folder, so a regression can never replace the system's.
. "$(dirname "$0")/lib.bash"
printf 'date: 2021-08-16\nlang: en\n\nThe Taliban seized Kunduz on Sunday.\n' > a.txt
"$CM_BIN" extract -q a.txt -o events.jsonl || bad "extract to a regular file"
if [ "$(id -u)" -eq 0 ] && mknod full.png c 1 7 2>/dev/null && mknod null.png c 1 3 2>/dev/null &&
   mknod full.jsonl c 1 7 && mknod null.jsonl c 1 3 && mknod full.geojson c 1 7; then
  # streamed outputs (claims, maps) are written into the device
  expect_fail 1 "No space left on device" "$CM_BIN" extract -q a.txt -o full.jsonl
  expect_fail 1 "full.png: cannot write" "$CM_BIN" render -q --date 2021-08-16 --events events.jsonl -o full.png
  "$CM_BIN" extract -q a.txt -o null.jsonl 2>err && ok "extract -o a null device: exit 0" || bad "extract -o null: $(cat err)"
  "$CM_BIN" render -q --date 2021-08-16 --events events.jsonl -o null.png 2>err && ok "render -o a null device: exit 0" \
    || bad "render -o null: $(cat err)"
  # layers written through GDAL replace whole files: a device is refused, never replaced
  expect_fail 1 "not a regular file" "$CM_BIN" timeline -q events.jsonl -o full.geojson
  for d in full.png null.png full.jsonl null.jsonl full.geojson; do
    [ -c "$d" ] && ok "$d is still a device" || bad "$d was replaced: $(ls -l "$d")"
  done
else
  echo "skip: devices need root (mknod)"
fi
# a symbolic link stays a link; the file it points to is replaced
echo old > target.jsonl
ln -s target.jsonl link.jsonl
"$CM_BIN" extract -q a.txt -o link.jsonl 2>err
[ -L link.jsonl ] && grep -q AF1901 target.jsonl && ok "a link stays, its target replaced" \
  || bad "link: $(ls -l link.jsonl target.jsonl) $(cat err)"
ln -s missing.jsonl dangling.jsonl
"$CM_BIN" extract -q a.txt -o dangling.jsonl 2>err
[ -L dangling.jsonl ] && grep -q AF1901 missing.jsonl && ok "a dangling link: its target created" \
  || bad "dangling link: $(ls -l dangling.jsonl) $(cat err)"
# a FIFO: the reader gets the claims, the FIFO stays
mkfifo pipe
(cat pipe > got.jsonl) &
reader=$!
timeout 20 "$CM_BIN" extract -q a.txt -o pipe 2>err; rc=$?
wait $reader
[ $rc -eq 0 ] && [ -p pipe ] && grep -q AF1901 got.jsonl && ok "a FIFO: written to its reader, still a FIFO" \
  || bad "fifo: exit $rc, $(ls -l pipe) $(cat err)"
# a link to standard output (what /dev/stdout is)
ln -s /proc/self/fd/1 stdout
"$CM_BIN" extract -q a.txt -o stdout > via_stdout.jsonl 2>err
[ -L stdout ] && grep -q AF1901 via_stdout.jsonl && ok "a link to standard output writes to it" \
  || bad "stdout link: $(ls -l stdout) $(cat err)"
expect_fail 1 "is a folder" "$CM_BIN" extract -q a.txt -o .
no_leftovers "$T"
finish
