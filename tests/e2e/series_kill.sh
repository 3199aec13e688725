# A series killed with SIGKILL half way, then run again: the folder ends
# complete and byte-identical to an uninterrupted run.
. "$(dirname "$0")/../cli/lib.bash"
"$CM_BIN" extract "$CM_SHARED"/corpus/*.txt -o events.jsonl -q || bad "extract"
# 40 days around the fall of Kabul; SVG too in the plain build.
fmt=png,svg; [ "${CM_SANITIZED:-0}" = 1 ] && fmt=png
args=(--events events.jsonl --from 2021-08-01 --to 2021-09-09 --format $fmt -j 1 -q)
"$CM_BIN" series "${args[@]}" --out whole || bad "uninterrupted series"
"$CM_BIN" series "${args[@]}" --out cut &
pid=$!
for _ in $(seq 1 600); do
  n=$(ls cut/maps 2>/dev/null | grep -c '\.png$')
  [ "$n" -ge 12 ] && break
  sleep 0.05
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
n=$(ls cut/maps | grep -c '\.png$')
[ "$n" -lt 40 ] && ok "killed after $n of 40 days" || bad "the series finished before the kill ($n)"
"$CM_BIN" series "${args[@]}" --out cut || bad "resumed series"
# (the stamp beside index.html records the file's inode and time: not compared)
diff -r -x '.*.stamp' whole cut >/dev/null && ok "resumed folder identical to the uninterrupted one" \
  || bad "folders differ: $(diff -rq -x '.*.stamp' whole cut | head -3)"
[ -f cut/.index.html.stamp ] && ok "the finished series is stamped" || bad "no stamp beside cut/index.html"
no_leftovers cut
finish
