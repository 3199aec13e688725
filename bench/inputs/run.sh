#!/usr/bin/env bash
# bench/inputs/run.sh: reading feeds and saved pages, beside libxml2's own
# command-line parser (xmllint) on the same files, in the same run.
#
#   bench/inputs/run.sh [MB]     (default 20; env CM_BIN, CONFLICTMAP_GAZETTEER)
#
# Writes, in a temporary folder (removed at exit), from sentence templates
# written for the project:
#   - feed.xml: one RSS 2.0 feed of about MB megabytes, items with a title, a
#     link, a pubDate and an escaped-HTML description of a few paragraphs;
#   - pages/: saved pages of about 40 KB each (MB in all), each an article
#     between a header, navigation, scripts, styles, comments, an aside with a
#     link list and a footer, half of them in windows-1252;
#   - texts.jsonl: the same article texts without markup, as JSON Lines.
# Then, with hyperfine (runs alternate, page cache warm):
#   - xmllint --noout feed.xml           vs  conflictmap places feed.xml
#   - xmllint --html --noout pages/*     vs  conflictmap places pages/
#   - conflictmap places texts.jsonl     (the place finder on the bare texts)
# and prints each mean, MB/s, and the ratios: ours / xmllint (parse alone:
# what reading costs beyond libxml2's parse), and markup / bare text.
set -euo pipefail
cd "$(dirname "$0")/../.."
mb=${1:-20}
bin=${CM_BIN:-build/conflictmap}
gaz=${CONFLICTMAP_GAZETTEER:-gazetteer/conflictmap.gaz}
for c in hyperfine xmllint jq python3; do command -v $c >/dev/null || { echo "bench: needs $c" >&2; exit 1; }; done
[ -x "$bin" ] || { echo "bench: no binary at $bin" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cm-bench-inputs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" "$mb" <<'PY'
import html, json, os, random, sys
tmp, mb = sys.argv[1], int(sys.argv[2])
random.seed(7)
P = "Kunduz Taloqan Pul-e-Khumri Andarab Khost Ghazni Herat Zaranj Lashkargah Fayzabad Sheberghan Maymana Charikar Jalalabad Gardez Qalat".split()
W = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
T = ["The Taliban seized {p} on {w}, officials said.", "Government forces withdrew from {p} on {w} night.",
     "Local resistance fighters retook {p} from the Taliban, a spokesman said.",
     "Heavy fighting was reported in {p} on {w}.", "Residents of {p} said markets had reopened.",
     "Analysts said the situation in {p} remained highly uncertain.", "Fuel prices doubled within a week.",
     "Aid agencies called for safe humanitarian access to {p}."]
def para():
    return " ".join(random.choice(T).format(p=random.choice(P), w=random.choice(W)) for _ in range(4))
target = mb * 1000000
texts = []
# the feed
with open(f"{tmp}/feed.xml", "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Bench</title><language>en</language>\n')
    i = 0
    while f.tell() < target:
        ps = [para() for _ in range(6)]
        texts.append("\n\n".join(ps))
        body = html.escape("".join(f"<p>{p}</p>\n" for p in ps))
        f.write(f"<item><title>Item {i}</title><link>https://example.org/{i}</link>"
                f"<pubDate>Sun, {1 + i % 28:02d} Aug 2021 10:00:00 +0430</pubDate><description>{body}</description></item>\n")
        i += 1
    f.write("</channel></rss>\n")
# the pages
os.mkdir(f"{tmp}/pages")
size, k = 0, 0
nav = "".join(f'<li><a href="/s/{j}">Section {j}</a></li>' for j in range(40))
while size < target:
    ps = [para() for _ in range(12)]
    texts.append("\n\n".join(ps))
    enc = "windows-1252" if k % 2 else "utf-8"
    doc = (f'<!DOCTYPE html><html lang="en"><head><meta charset="{enc}"><title>Page {k} – Example</title>'
           f'<meta property="article:published_time" content="2021-08-{1 + k % 28:02d}T10:00:00+04:30">'
           f'<style>{"body{margin:0} " * 200}</style><script>{"var x=1; " * 600}</script></head><body>'
           f'<header><a href="/">Example News</a><nav><ul>{nav}</ul></nav></header><!-- {"comment " * 100} -->'
           f'<main><article><h1>Page {k}</h1>' + "".join(f"<p>{p} Caf\u00e9 \u2013 {k}.</p>\n" for p in ps) +
           f'</article><aside><ul>{nav}</ul></aside></main><footer>{"Terms. " * 100}</footer>'
           f'<script>{"track(1); " * 600}</script></body></html>\n')
    b = doc.encode("cp1252" if enc != "utf-8" else "utf-8")
    with open(f"{tmp}/pages/p{k:05d}.html", "wb") as f:
        f.write(b)
    size += len(b); k += 1
with open(f"{tmp}/texts.jsonl", "w", encoding="utf-8") as f:
    for i, t in enumerate(texts):
        f.write(json.dumps({"id": f"t{i}", "date": "2021-08-01", "lang": "en", "text": t}) + "\n")
PY
fs=$(stat -c %s "$tmp/feed.xml"); ps=$(cat "$tmp"/pages/* | wc -c); js=$(stat -c %s "$tmp/texts.jsonl")
awk -v f="$fs" -v p="$ps" -v j="$js" -v i="$(grep -c '<item>' "$tmp/feed.xml")" -v n="$(ls "$tmp/pages" | wc -l)" \
  'BEGIN { printf "feed %.1f MB (%d items); pages %.1f MB (%d files); bare texts %.1f MB\n", f / 1e6, i, p / 1e6, n, j / 1e6 }'
# the outputs agree before anything is timed: every item and page is read
n=$("$bin" places --gazetteer "$gaz" --json "$tmp/feed.xml" | jq -r .file | wc -l)
[ "$n" -gt 0 ] || { echo "bench: no mentions from the feed" >&2; exit 1; }
hyperfine -N -w 1 -r 5 --export-json "$tmp/h.json" \
  -n "xmllint feed" "xmllint --noout $tmp/feed.xml" \
  -n "conflictmap places feed" "$bin places --gazetteer $gaz -o $tmp/o1 $tmp/feed.xml" \
  -n "xmllint --html pages" "sh -c 'xmllint --html --noout $tmp/pages/* 2>/dev/null'" \
  -n "conflictmap places pages" "$bin places --gazetteer $gaz -o $tmp/o2 $tmp/pages" \
  -n "conflictmap places bare texts" "$bin places --gazetteer $gaz -o $tmp/o3 $tmp/texts.jsonl" >/dev/null
jq -r --argjson fs "$fs" --argjson ps "$ps" --argjson js "$js" '
  [.results[] | {(.command): .mean}] | add as $m |
  "xmllint feed                 \($m["xmllint feed"]*1000|floor) ms  \($fs/1e6/$m["xmllint feed"]|.*10|floor/10) MB/s",
  "conflictmap places feed      \($m["conflictmap places feed"]*1000|floor) ms  \($fs/1e6/$m["conflictmap places feed"]|.*10|floor/10) MB/s",
  "xmllint --html pages         \($m["xmllint --html pages"]*1000|floor) ms  \($ps/1e6/$m["xmllint --html pages"]|.*10|floor/10) MB/s",
  "conflictmap places pages     \($m["conflictmap places pages"]*1000|floor) ms  \($ps/1e6/$m["conflictmap places pages"]|.*10|floor/10) MB/s",
  "conflictmap places bare text \($m["conflictmap places bare texts"]*1000|floor) ms  \($js/1e6/$m["conflictmap places bare texts"]|.*10|floor/10) MB/s",
  "ratio feed:  ours / xmllint \($m["conflictmap places feed"]/$m["xmllint feed"]|.*100|floor/100)",
  "ratio pages: ours / xmllint \($m["conflictmap places pages"]/$m["xmllint --html pages"]|.*100|floor/100)"
' "$tmp/h.json"
