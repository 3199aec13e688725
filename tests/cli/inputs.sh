# Feeds and saved pages read like any article (tests/cases/inputs/, written for
# the project): a document per feed item with its date and link, the claims,
# offsets that point into the file as stored (charset included), folders and
# content sniffing, a malformed feed skipped with one warning or refused under
# --strict.
. "$(dirname "$0")/lib.bash"
IN="$CM_SOURCE/tests/cases/inputs"

# span FILE CHARSET: each claim's offset/length, cut from FILE and decoded,
# against its "sentence" (markup and white space removed from the file's side)
span_check() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, re, sys, html
path, charset, jsonl = sys.argv[1:]
raw = open(path, 'rb').read()
n = 0
for line in open(jsonl, encoding='utf-8'):
    c = json.loads(line)
    cut = raw[c['offset']:c['offset'] + c['length']].decode(charset)
    plain = re.sub(r'\s+', ' ', re.sub(r'<[^>]*>', ' ', html.unescape(html.unescape(cut)))).strip()
    plain = re.sub(r'\s+([,.])', r'\1', plain)
    sentence = re.sub(r'\s+', ' ', c['sentence'])  # a reference decoded in place leaves spaces
    if plain != sentence:
        print(f"{c['id']}: file bytes {c['offset']}+{c['length']} are {cut!r}, sentence {c['sentence']!r}")
        sys.exit(1)
    n += 1
print(n)
PY
}

"$CM_BIN" extract "$IN/rss.xml" -o rss.jsonl 2>err; rc=$?
[ $rc -eq 0 ] && ok "extract rss.xml: exit 0" || bad "extract rss.xml: exit $rc: $(cat err)"
got=$(python3 -c '
import json,sys
for l in open("rss.jsonl"):
    c=json.loads(l); print(c["doc"], c["published"], c["url"], c["pcode"], c["action"], c["date"])')
want="rss.xml#1 2021-08-08 https://example.org/2021/08/kunduz AF1901 capture 2021-08-08
rss.xml#2 2021-08-21 https://example.org/2021/08/andarab AF0907 retake 2021-08-20
rss.xml#3 2021-08-13 https://example.org/2021/08/herat AF3201 capture 2021-08-12"
[ "$got" = "$want" ] && ok "one document per item, with its date, link and claim" || bad "rss claims:
$got
want:
$want"
n=$(span_check "$IN/rss.xml" utf-8 rss.jsonl) && [ "$n" = 3 ] && ok "rss offsets point into the file ($n claims)" || bad "rss offsets: $n"

"$CM_BIN" extract "$IN/atom.xml" -o atom.jsonl 2>err
got=$(python3 -c '
import json
for l in open("atom.jsonl"):
    c=json.loads(l); print(c["doc"], c["lang"], c["published"], c["url"], c["pcode"])')
want="atom.xml#1 en 2021-08-15 https://example.net/2021/08/kabul AF0101
atom.xml#2 id 2021-08-12 https://example.net/2021/08/ghazni AF1101
atom.xml#3 en 2021-08-20 https://example.net/2021/08/panjshir AF08"
[ "$got" = "$want" ] && ok "atom: entries with xml:lang, published/updated, alternate link" || bad "atom claims:
$got"
n=$(span_check "$IN/atom.xml" utf-8 atom.jsonl) && [ "$n" = 3 ] && ok "atom offsets point into the file" || bad "atom offsets: $n"

# pages: the article only, the charset honoured, offsets into the bytes on disk
"$CM_BIN" extract "$IN/page-boilerplate.html" -o page.jsonl 2>err
got=$(python3 -c '
import json
for l in open("page.jsonl"):
    c=json.loads(l); print(c["doc"], c["published"], c["url"], c["place"])' | sort -u)
[ "$got" = "page-boilerplate.html 2021-08-13 https://example.com/world/herat-falls Herat" ] \
  && ok "page: Herat only (nav, script, style, comment, aside, footer and link lists left out)" || bad "page claims: $got"
n=$(span_check "$IN/page-boilerplate.html" utf-8 page.jsonl) && ok "page offsets point into the file ($n)" || bad "page offsets: $n"
for f in page-latin1.html:iso-8859-1 page-cp1256.html:cp1256; do
  "$CM_BIN" extract "$IN/${f%%:*}" -o cs.jsonl 2>err
  c=$(grep -c '"pcode":"AF1901"' cs.jsonl)
  [ "$c" -ge 1 ] && ok "${f%%:*}: Kunduz claimed ($c)" || bad "${f%%:*}: no Kunduz claim: $(cat err)"
  n=$(span_check "$IN/${f%%:*}" "${f##*:}" cs.jsonl) && ok "${f%%:*}: offsets point into the ${f##*:} bytes ($n)" || bad "${f%%:*}: $n"
done
"$CM_BIN" places --json "$IN/page-cp1256.html" > pl.jsonl
python3 - "$IN/page-cp1256.html" <<'PY' && ok "places: mention spans in the windows-1256 file" || bad "places spans"
import json, sys
raw = open(sys.argv[1], 'rb').read()
ms = [json.loads(l) for l in open('pl.jsonl')]
assert ms, 'no mentions'
for m in ms:
    assert raw[m['offset']:m['offset'] + m['length']].decode('cp1256') == m['surface'], m
PY

# a folder: feeds and pages by extension, a page under another name by content;
# the malformed feed is skipped with one warning naming file and line
mkdir in; cp "$IN"/rss.xml "$IN"/malformed.rss in/; cp "$IN"/page-latin1.html in/saved.txt
"$CM_BIN" extract in -o dir.jsonl 2>err; rc=$?
[ $rc -eq 0 ] && ok "folder with a malformed feed: exit 0" || bad "folder: exit $rc"
grep -q 'malformed.rss:8: malformed XML' err && [ "$(wc -l <err)" -eq 1 ] && ok "one warning: $(cat err)" || bad "warning: $(cat err)"
docs=$(python3 -c 'import json; print(" ".join(sorted({json.loads(l)["doc"] for l in open("dir.jsonl")})))')
[ "$docs" = "rss.xml#1 rss.xml#2 rss.xml#3 saved.txt" ] && ok "documents: $docs" || bad "documents: $docs"
expect_fail 1 "malformed.rss:8: malformed XML: Opening and ending tag mismatch" "$CM_BIN" extract --strict in -o strict.jsonl
[ ! -e strict.jsonl ] && ok "no output under --strict" || bad "strict.jsonl written"
expect_fail 1 "malformed.rss:8:" "$CM_BIN" run --strict "$IN/malformed.rss" --out runout -q

# stdin: a feed piped in
"$CM_BIN" extract - < "$IN/rss.xml" > stdin.jsonl 2>err
[ "$(wc -l < stdin.jsonl)" -eq 3 ] && grep -q '"doc":"-#2"' stdin.jsonl && ok "a feed on stdin" || bad "stdin: $(head -c 300 stdin.jsonl) $(cat err)"
finish
