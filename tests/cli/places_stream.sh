# places over texts longer than its piece size (1 MiB, doc.h): a name lying
# across a piece boundary is found once, at its offset in the file, in a text
# of paragraphs and in one of a single 3 MB line; and memory stays flat: the
# peak RSS on a 32 MB text is within 8 MB of that on an 8 MB one (reading the
# text whole costs three times its size). Texts written here.
. "$(dirname "$0")/lib.bash"
G=(--gazetteer "$CONFLICTMAP_GAZETTEER")
MiB=1048576

# gen OUT SIZE MODE NAME@OFFSET...: SIZE bytes of lower-case filler (no word
# can start a name), in lines and paragraphs (MODE lines) or one line of
# sentences (MODE line), with each NAME written to start at OFFSET.
gen() {
  python3 - "$@" <<'PY'
import sys
out, size, mode, marks = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
words = "pasukan bergerak ke utara dan tiba di lembah pada malam hari lalu bertahan".split()
b, i, line = bytearray(), 0, 0
while len(b) < size:
    w = words[i % len(words)]; i += 1
    b += w.encode()
    if mode == "lines" and i % 11 == 0:
        line += 1
        b += b"\n\n" if line % 7 == 0 else b"\n"
    else:
        b += b". " if i % 13 == 0 else b" "
b = b[:size]
for m in marks:
    name, off = m.rsplit("@", 1)
    off = int(off)
    b[off - 1:off + len(name) + 1] = b" " + name.encode() + b" "
open(out, "wb").write(b)
PY
}

# expect_at OUT SURFACE OFFSET: one mention of SURFACE at OFFSET.
expect_at() {
  local n; n=$(awk -F'\t' -v s="$2" -v o="$3" '$3 == s && $2 == o' "$1" | wc -l)
  [ "$n" -eq 1 ] && ok "$2 at $3 (across a piece boundary): found" || bad "$2 at $3: $n mentions; all: $(cut -f2-4 "$1" | tr '\n' ' ' | head -c 300)"
}

gen para.txt $((3 * MiB)) lines "Mazar-i-Sharif@$((MiB - 6))" "Pol-e-Hesar@$((2 * MiB - 4))"
"$CM_BIN" places "${G[@]}" --stats para.txt > para.tsv 2> para.err || bad "places para.txt: $(cat para.err)"
expect_at para.tsv Mazar-i-Sharif $((MiB - 6))
expect_at para.tsv Pol-e-Hesar $((2 * MiB - 4))
[ "$(wc -l < para.tsv)" -eq 2 ] && ok "paragraphs: two mentions, no other" || bad "paragraphs: $(wc -l < para.tsv) mentions"
grep -q ' 1 documents' para.err && ok "--stats: one document" || bad "--stats: $(cat para.err)"

gen line.txt $((3 * MiB)) line "Deh Salah@$((MiB - 3))" "Mazar-i-Sharif@$((2 * MiB - 7))"
"$CM_BIN" places "${G[@]}" line.txt > line.tsv 2> line.err || bad "places line.txt: $(cat line.err)"
expect_at line.tsv "Deh Salah" $((MiB - 3))
expect_at line.tsv Mazar-i-Sharif $((2 * MiB - 7))
[ "$(wc -l < line.tsv)" -eq 2 ] && ok "one line: two mentions, no other" || bad "one line: $(wc -l < line.tsv) mentions"
# The same text on stdin: read in pieces too, the same mentions.
"$CM_BIN" places "${G[@]}" - < line.txt | cut -f2- | cmp -s - <(cut -f2- line.tsv) && ok "stdin: the same mentions" || bad "stdin differs"
# The same text as one JSON Lines record (read whole): the same mentions.
python3 -c 'import json,sys; print(json.dumps({"id": "l", "text": open(sys.argv[1]).read()}))' line.txt > line.jsonl
"$CM_BIN" places "${G[@]}" line.jsonl | cut -f2- > whole.tsv
cut -f2- line.tsv | cmp -s - whole.tsv && ok "pieces give what the whole text gives" || bad "pieces differ from the whole: $(diff <(cut -f2- line.tsv) whole.tsv | head -5)"

# Memory: peak RSS (KiB) of places on a text of N MiB with a name every 180 bytes.
peak() {
  python3 - "$1" <<'PY'
import sys
b = bytearray()
while len(b) < int(sys.argv[1]) << 20:
    b += b"pasukan bergerak ke utara dan tiba di Kabul pada malam hari lalu bertahan di lembah Panjshir. " * 2
open("mem.txt", "wb").write(b)
PY
  python3 - "$CM_BIN" "${G[@]}" <<'PY'
import resource, subprocess, sys
subprocess.run([sys.argv[1], "places", *sys.argv[2:], "mem.txt"], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}
if [ "${CM_SANITIZED:-0}" = 1 ]; then
  ok "memory: skipped under ASan (its quarantine holds freed memory)"
else
  r1=$(peak 8) r4=$(peak 32)
  [ "$r4" -le $((r1 + 8192)) ] && ok "memory flat: peak RSS $r1 KiB on 8 MB, $r4 KiB on 32 MB" ||
    bad "memory grows with the input: peak RSS $r1 KiB on 8 MB, $r4 KiB on 32 MB"
fi
finish
