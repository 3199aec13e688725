# Fault injection on the articles: what a scraper hands over.
#  - an article of 200 MB in one line (.txt, .jsonl, stdin; extract and run):
#    refused by the size limit (--max-mb, default 64 MiB), exit 1, one line
#    naming the file (and line); no output file, no temporary file;
#  - a file of NUL bytes, invalid UTF-8, binary junk: read (bad bytes replaced
#    one for one), exit 0, a diagnostic naming the file; as JSON Lines, junk is
#    refused naming file, line and column; --strict rejects them (exit 3);
#  - CRLF line ends, a UTF-8 BOM, HTML markup and entities: claims found, and
#    each claim's offset/length point at its sentence in the file's own bytes
#    (equal, except where markup was blanked or an entity decoded);
#  - an empty file: exit 0, an empty events file;
#  - --max-claims: over it, the first N kept and a diagnostic names the document;
#  - stdout on /dev/full, a full disk under extract and run: exit 1 naming the
#    file, only complete files left.
. "$(dirname "$0")/lib.bash"
G=(--gazetteer "$CONFLICTMAP_GAZETTEER")
X() { "$CM_BIN" extract "${G[@]}" "$@"; }

# expect_rc RC CMD...: exits RC (0 or 3) without a crash; stderr kept in $T/err.
expect_rc() {
  local want=$1; shift
  "$@" >"$T/out" 2>"$T/err"; local rc=$?
  if [ "$rc" -ne "$want" ]; then bad "$* -> exit $rc, want $want: $(head -c 300 "$T/err")"; return 1; fi
  ok "$* -> exit $rc"
}
# check_offsets EVENTS FILE: every claim's sentence is FILE's bytes at
# offset/length — byte for byte, except inside markup (< ... >, & ... ;) that
# was blanked or decoded, and U+001A where FILE has an invalid byte.
check_offsets() {
  python3 - "$1" "$2" <<'PY' || bad "offsets in $1 do not point into $2"
import json, sys
ev, src = sys.argv[1], open(sys.argv[2], 'rb').read()
n = 0
for line in open(ev, encoding='utf-8'):
    c = json.loads(line)
    off, ln, s = c['offset'], c['length'], c['sentence'].encode('utf-8')
    assert len(s) == ln, (c['id'], len(s), ln)
    orig = src[off:off + ln]
    assert len(orig) == ln, (c['id'], 'past the end')
    if orig != s:
        # the bytes that differ lie in markup (or are invalid bytes replaced)
        for i in range(ln):
            if orig[i] == s[i]:
                continue
            p = off + i
            lt, gt = src.rfind(b'<', 0, p + 1), src.rfind(b'>', 0, p)
            amp, semi = src.rfind(b'&', 0, p + 1), src.rfind(b';', 0, p)
            inside = lt > gt or (amp > semi and p - amp < 12)
            assert inside or s[i:i + 1] == b'\x1a', (c['id'], i, orig[i:i + 20], s[i:i + 20])
    n += 1
assert n > 0, 'no claims'
print('ok: %d claim sentences point into %s' % (n, sys.argv[2]))
PY
}

# ---- 200 MB in one line ------------------------------------------------------
head -c 200000000 /dev/zero | tr '\0' 'a' > big.txt
{ printf '{"id":"big","text":"'; cat big.txt; printf '"}\n'; } > big.jsonl
mkdir dest
expect_fail 1 "big.txt: article longer than 67108864 bytes" X big.txt -o dest/a.jsonl
expect_fail 1 "big.jsonl:1: article longer than 67108864 bytes" X big.jsonl -o dest/b.jsonl
expect_fail 1 "-:1: article longer than 67108864 bytes" X - -o dest/c.jsonl < big.jsonl
expect_fail 1 "-: article longer than 67108864 bytes" X - -o dest/d.jsonl < big.txt
expect_fail 1 "big.txt: article longer than 1048576 bytes" X --max-mb 1 big.txt -o dest/e.jsonl
expect_fail 1 "big.jsonl:1: article longer than 67108864 bytes" "$CM_BIN" run "${G[@]}" big.jsonl --out dest/run -q
left=$(find dest -type f)
[ -z "$left" ] && ok "200 MB article: no output file left" || bad "left behind: $left"
rm -f big.txt big.jsonl

# ---- NUL bytes, invalid UTF-8, junk ----------------------------------------------
head -c 100000 /dev/zero > nul.txt
expect_rc 0 X nul.txt -o nul.jsonl && grep -qF "nul.txt: 100000 invalid UTF-8 bytes replaced" "$T/err" &&
  [ ! -s nul.jsonl ] && ok "NUL bytes: replaced, counted, no claims" || bad "NUL bytes: $(cat "$T/err")"
expect_rc 3 X --strict nul.txt -o nul2.jsonl
grep -qF "nul.txt: rejected (--strict): invalid UTF-8" "$T/err" && ok "--strict names it" || bad "strict: $(cat "$T/err")"

printf 'date: 2021-08-13\nlang: id\n\nTaliban merebut kota Herat \xff\xfe\xc3\x28 pada Kamis (12/8/2021), kata pejabat \xe2\x82 setempat.\n' > bad.txt
expect_rc 0 X bad.txt -o bad.jsonl && grep -qF "bad.txt: 5 invalid UTF-8 bytes replaced" "$T/err" &&
  ok "invalid UTF-8: replaced and counted" || bad "invalid UTF-8: $(cat "$T/err")"
grep -q '"pcode":"AF3201"' bad.jsonl && ok "invalid UTF-8: the claim on Herat is kept" || bad "no Herat claim: $(cat bad.jsonl)"
check_offsets bad.jsonl bad.txt

python3 -c 'import random,sys; r=random.Random(6); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(300000)))' > junk.bin
expect_rc 0 X junk.bin -o junk.jsonl && grep -qF "junk.bin: " "$T/err" && ok "binary junk read as text, diagnostics name it" || bad "junk: $(cat "$T/err")"
cp junk.bin junk.jsonl.in && mv junk.jsonl.in junkin.jsonl
expect_fail 1 "junkin.jsonl:1: malformed JSON at column 1" X junkin.jsonl -o dest/j.jsonl
printf '{"text":"ok"}\n{"text": "no end\n' > cut.jsonl
expect_fail 1 "cut.jsonl:2: malformed JSON at column 17" X -q cut.jsonl -o dest/k.jsonl
[ -z "$(find dest -type f)" ] && ok "junk: no output file left" || bad "left: $(find dest -type f)"

# ---- CRLF, BOM, HTML ----------------------------------------------------------------
printf 'date: 2021-08-16\r\nlang: en\r\n\r\nThe Taliban captured Kandahar on Friday, officials said.\r\nGovernment forces retook Lashkar Gah on Saturday.\r\n' > crlf.txt
expect_rc 0 X crlf.txt -o crlf.jsonl && [ "$(wc -l < crlf.jsonl)" -ge 2 ] && ok "CRLF: $(wc -l < crlf.jsonl) claims" || bad "CRLF: $(cat crlf.jsonl)"
check_offsets crlf.jsonl crlf.txt
! grep -q '\\r' crlf.jsonl && ok "CRLF: no carriage return inside a sentence" || bad "CR in a sentence"

printf '\xef\xbb\xbfdate: 2021-08-20\nlang: de\n\nDie Taliban eroberten am Sonntag Kabul.\n' > bom.txt
printf '\xef\xbb\xbfDie Taliban eroberten am 15. August 2021 Kabul.\n' > bom_nohdr.txt
for f in bom bom_nohdr; do
  expect_rc 0 X $f.txt -o $f.jsonl && grep -q '"pcode":"AF01' $f.jsonl && ok "BOM ($f): Kabul claimed" || bad "BOM $f: $(cat $f.jsonl)"
  check_offsets $f.jsonl $f.txt
done
grep -q '"lang":"de"' bom.jsonl && ok "BOM: the header after it is read" || bad "BOM header not read"

cat > html.txt <<'H'
date: 2021-08-14
lang: en

<html><head><title>x</title><style>p { color: red }</style></head><body>
<p>The Taliban&nbsp;captured <b>Herat</b> on Thursday, officials said. Caf&eacute; owners &amp; traders fled.</p>
<!-- an advert <p>The Taliban captured Kabul.</p> -->
<div class="x">Government forces retook <a href="/w/Lashkar_Gah">Lashkar Gah</a> on Friday &#8212; a spokesman said.</div>
<script>var s = "<p>The Taliban captured Ghazni.</p>";</script>
</body></html>
H
expect_rc 0 X html.txt -o html.jsonl
check_offsets html.jsonl html.txt
grep -q '"pcode":"AF3201"' html.jsonl && grep -q '"pcode":"AF3001"' html.jsonl && ok "HTML: Herat and Lashkar Gah claimed" || bad "HTML claims: $(cut -c1-200 html.jsonl)"
! grep -q '"pcode":"AF01' html.jsonl && ! grep -q 'AF11' html.jsonl && ok "HTML: nothing from the comment or the script" || bad "HTML: a claim from a comment or script"
! grep -q '<' html.jsonl && ok "HTML: no markup in any sentence" || bad "markup left: $(grep -o '<[^>]*>' html.jsonl | head -3)"
python3 - <<'PY' || bad "HTML: entity not decoded in the sentence"
import json
s = [json.loads(l)['sentence'] for l in open('html.jsonl')]
assert any('\u2014' in x for x in s), s
print('ok: &#8212; decoded to an em dash in place')
PY

# ---- empty --------------------------------------------------------------------------
: > empty.txt; : > empty.jsonl
expect_rc 0 X empty.txt empty.jsonl -o empty.out && [ -f empty.out ] && [ ! -s empty.out ] &&
  ok "empty files: an empty events file" || bad "empty: $(cat "$T/err")"
expect_rc 0 X - -o empty2.out < /dev/null && [ ! -s empty2.out ] && ok "empty stdin" || bad "empty stdin"

# ---- --max-claims -------------------------------------------------------------------
{ printf 'date: 2021-08-16\nlang: en\n\n'; for i in $(seq 1 300); do printf 'The Taliban captured Herat on Friday. '; done; echo; } > many.txt
expect_rc 0 X --max-claims 50 many.txt -o many.jsonl && [ "$(wc -l < many.jsonl)" -eq 50 ] &&
  grep -qF "many.txt: 300 claims, only the first 50 kept (--max-claims)" "$T/err" &&
  ok "--max-claims 50: 50 kept, reported" || bad "--max-claims: $(wc -l < many.jsonl) lines; $(cat "$T/err")"
expect_rc 0 X many.txt -o many0.jsonl && [ "$(wc -l < many0.jsonl)" -eq 300 ] && ok "default 10000: all 300 kept" || bad "default"
expect_rc 0 X --max-claims 0 many.txt -o many1.jsonl && [ "$(wc -l < many1.jsonl)" -eq 300 ] && ok "--max-claims 0: no limit" || bad "0"
expect_fail 2 "--max-claims" X --max-claims -5 many.txt -o dest/m.jsonl
expect_fail 2 "--max-claims" "$CM_BIN" run "${G[@]}" --max-claims -5 many.txt --out dest/run2
expect_rc 0 "$CM_BIN" run "${G[@]}" --max-claims 7 many.txt --out run3 -f svg -j 1 &&
  [ "$(wc -l < run3/events.jsonl)" -eq 7 ] && grep -qF "only the first 7 kept" "$T/err" &&
  ok "run --max-claims 7: 7 events, reported" || bad "run --max-claims: $(cat "$T/err" | head -3)"

# ---- output that cannot be written ---------------------------------------------------
# stdout on a full device: every command that prints says so (exit 1), never 0
printf 'date: 2021-08-16\nlang: en\n\nThe Taliban captured Herat on Thursday.\n' > one.txt
# to_full CMD...: CMD with its stdout on /dev/full (expect_fail captures stdout)
to_full() { "$@" > /dev/full; }
if [ -w /dev/full ]; then
  expect_fail 1 "standard output: write error" to_full "$CM_BIN" extract "${G[@]}" one.txt -o -
  expect_fail 1 "standard output: write error" to_full "$CM_BIN" places "${G[@]}" one.txt
  expect_fail 1 "standard output: write error" to_full "$CM_BIN" gazetteer lookup "${G[@]}" Kabul
  expect_fail 1 "standard output: write error" to_full "$CM_BIN" gazetteer names "${G[@]}"
fi
# a full disk (a 64 KiB tmpfs; needs root to mount): extract and run fail
# naming the file, and leave only complete files
if [ "$(id -u)" -eq 0 ] && mkdir -p full && mount -t tmpfs -o size=64k tmpfs full 2>/dev/null; then
  trap 'umount "$T/full" 2>/dev/null; rm -rf "$T"' EXIT
  python3 "$CM_SOURCE/bench/bounds/gen.py" 400000 > stream.jsonl
  expect_fail 1 "full/events.jsonl: write error" X -q stream.jsonl -o full/events.jsonl
  [ -z "$(ls -A full)" ] && ok "full disk: extract left nothing" || bad "full disk left: $(ls -A full)"
  expect_fail 1 "full/run/maps/" "$CM_BIN" run "${G[@]}" -q one.txt --out full/run -f svg
  python3 - <<'PY' && ok "full disk: run left only complete files" || bad "full disk: run left an incomplete file"
import json, os
for f in os.listdir('full/run'):
    p = os.path.join('full/run', f)
    if f.endswith('.jsonl'): [json.loads(l) for l in open(p)]
    elif f.endswith('.geojson'): json.load(open(p))
assert not [f for f in os.listdir('full/run/maps') if not f.startswith('.')], os.listdir('full/run/maps')
PY
  no_leftovers full
  umount full
else
  echo "skipped: full-disk cases need root to mount a tmpfs"
fi

no_leftovers "$T"
finish
