# ACLED in and out: import --format acled reads our hand-written export
# (tests/cases/acled/rows.csv: quoted notes with commas, quotes and a line
# break, a byte-order mark, CRLF, both date forms, bad rows); the claims feed
# timeline, render and run, alone and mixed with an article; --strict refuses
# a bad file; export --format acled writes rows that import back the same.
. "$(dirname "$0")/lib.bash"
rows="$CM_SOURCE/tests/cases/acled/rows.csv"
probe="$CM_SOURCE/tests/e2e/probe.py"

"$CM_BIN" import --format acled "$rows" -o ev.jsonl 2>err; rc=$?
[ $rc -eq 0 ] && ok "import: exit 0" || bad "import: exit $rc: $(cat err)"
n=$(grep -c . ev.jsonl)
[ "$n" = 10 ] && ok "10 claims from 16 rows" || bad "$n claims"
for l in 13 14 15 16; do
  grep -q "rows.csv:$l: .*row skipped" err && ok "bad row named: $(grep "rows.csv:$l:" err)" || bad "line $l not named: $(cat err)"
done
grep -q "rows.csv: 16 rows, 10 claims (7 paint), 1 rows of types that claim nothing, 4 bad rows skipped, 1 rows outside the boundaries, 2 unknown actor names" err \
  && ok "the summary counts them" || bad "summary: $(tail -1 err)"
grep -q "rows.csv:6: ACLED actor 'Unidentified Armed Group (Afghanistan)' is no side" err \
  && ok "an unknown actor is named" || bad "unknown actor: $(cat err)"
python3 - ev.jsonl <<'P' && ok "claims: sides, actions, units, provenance" || bad "claims differ"
import json, sys
c = {d['doc']: d for d in map(json.loads, open(sys.argv[1]))}
want = {  # doc: pcode, action, actor, controller, date
  'AFG90001': ('AF0907', 'capture', 'taliban', 'taliban', '2021-08-13'),
  'AFG90002': ('AF0907', 'retake', 'resistance', 'resistance', '2021-08-20'),
  'AFG90003': ('AF0912', 'retake', 'resistance', 'resistance', '2021-08-20'),
  'AFG90004': ('AF0913', 'clash', 'taliban', 'contested', '2021-08-21'),
  'AFG90005': ('AF1801', 'retake', 'government', 'government', '2021-07-05'),
  'AFG90006': ('AF0901', 'attack', 'government', None, '2021-07-06'),
  'AFG90008': ('AF0801', 'hold', 'resistance', 'resistance', '2021-08-18'),
  'AFG90009': ('AF17', 'capture', 'taliban', None, '2021-08-01'),
  'AFG90010': ('AF0804', 'retake', None, None, '2021-08-10'),
  'AFG90015': ('AF2711', 'capture', 'taliban', 'taliban', '2021-07-14'),
}
bad = 0
for doc, w in want.items():
    d = c.get(doc)
    got = d and (d['pcode'], d['action'], d['actor'], d['controller'], d['date'])
    if got != w:
        print('  ', doc, got, '!=', w); bad += 1
d = c['AFG90002']
if d['sentence'] != 'On 20 August 2021, local resistance forces retook Banu from the Taliban.\nSeveral Taliban fighters were reportedly killed.':
    print('  notes', repr(d['sentence'])); bad += 1
if c['AFG90001']['asserted_by'] != 'Pajhwok Afghan News; Tolo News' or '"the district is ours"' not in c['AFG90001']['sentence']:
    print('  provenance', c['AFG90001']['asserted_by'], c['AFG90001']['sentence']); bad += 1
if c['AFG90015']['confidence'] != 0.73 or c['AFG90015']['date_precision'] != 2:
    print('  precision', c['AFG90015']); bad += 1
sys.exit(1 if bad else 0)
P

# --strict: the first bad row refuses the file, nothing written
expect_fail 1 "rows.csv:13: event_date '32 August 2021' is not a date" \
  "$CM_BIN" import --format acled --strict -q "$rows" -o strict.jsonl
[ ! -e strict.jsonl ] && ok "--strict wrote nothing" || bad "--strict left strict.jsonl"
no_leftovers .
expect_fail 1 "unterminated.csv:3: a quoted field is not closed before the end of the file" \
  "$CM_BIN" import --strict -q "$CM_SOURCE/tests/cases/acled/unterminated.csv" -o u.jsonl
"$CM_BIN" import -q "$CM_SOURCE/tests/cases/acled/unterminated.csv" -o u.jsonl \
  && [ "$(grep -c . u.jsonl)" = 1 ] && ok "without --strict the open record is skipped, the row before it kept" || bad "unterminated: $(cat u.jsonl)"
expect_fail 1 "no column 'event_id_cnty' in the header" "$CM_BIN" import -q "$CM_SOURCE/tests/cases/claims/en/001.txt" -o x.jsonl
expect_fail 2 "unknown --format 'gdelt'" "$CM_BIN" import --format gdelt "$rows"

# timeline: the districts' periods from the ACLED rows alone
"$CM_BIN" timeline ev.jsonl -o control.geojson -q || bad "timeline"
python3 - control.geojson <<'P' && ok "timeline: Andarab taliban from 08-13, resistance from 08-20" || bad "timeline periods"
import json, sys
f = [x['properties'] for x in json.load(open(sys.argv[1]))['features'] if x['properties']['pcode'] == 'AF0907']
p = [(x['controller'], x['valid_from'], x['valid_to']) for x in f]
print('  ', p)
sys.exit(0 if p == [('taliban', '2021-08-13', '2021-08-19'), ('resistance', '2021-08-20', None)] else 1)
P

# render from the imported claims; run gives the outlines the probe reads
"$CM_BIN" render --date 2021-08-20 --events ev.jsonl -q -o map.png || bad "render png"
"$CM_BIN" render --date 2021-08-20 --events ev.jsonl -q -o map.svg || bad "render svg"
# the outline is stored once; the fill is a <use> of it whose class the style sheet colours
cls=$(grep -o '<use xlink:href="#AF0907" class="s[0-9]*"/>' map.svg | head -1 | sed 's/.*class="\(s[0-9]*\)".*/\1/')
[ -n "$cls" ] && grep -q "^\.$cls{[^}]*fill:#3f9656;" map.svg \
  && ok "SVG: Andarab (AF0907) in the resistance colour (class $cls)" || bad "AF0907 fill: class '$cls'"
"$CM_BIN" run --acled "$rows" --out alone -q -j 2 -f png || bad "run --acled"
python3 "$probe" alone/maps/outlines.json map.png AF0907=#3f9656 AF0912=#3f9656 AF1801=#4a7db5 AF2711=#dcb35c \
  && ok "render: the districts the ACLED rows paint" || bad "render probe"
python3 "$probe" alone/maps/outlines.json alone/maps/2021-08-14.png AF0907=#dcb35c \
  && ok "run: Andarab Taliban-held on 08-14, before the retake" || bad "run probe"

# mixed: an article and ACLED rows in one run
mkdir arts
printf 'date: 2021-08-16\nlang: en\n\nThe Taliban seized Kunduz province on Sunday.\n' > arts/kunduz.txt
"$CM_BIN" run arts --acled "$rows" --out mixed -q -j 2 -f png || bad "run mixed"
grep -q '"doc":"kunduz.txt"' mixed/events.jsonl && grep -q '"doc":"AFG90002"' mixed/events.jsonl \
  && ok "mixed: article and ACLED claims in one events.jsonl" || bad "mixed events: $(cut -c1-80 mixed/events.jsonl)"
python3 "$probe" mixed/maps/outlines.json mixed/maps/2021-08-20.png AF0907=#3f9656 AF19=#dcb35c@0.6 \
  && ok "mixed: Andarab from ACLED, Kunduz from the article" || bad "mixed probe"
expect_fail 1 "rows.csv:13:" "$CM_BIN" run arts --acled "$rows" --strict --out strict -q -j 1 -f png

# out: ACLED-shaped CSV that reads back to the same claims
"$CM_BIN" export --format acled --events ev.jsonl -o back.csv -q || bad "export acled"
python3 - back.csv <<'P' && ok "export: RFC 4180, 31 columns, 10 rows" || bad "export shape"
import csv, sys
r = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
sys.exit(0 if len(r) == 11 and all(len(x) == 31 for x in r) and r[0][0] == 'event_id_cnty' else 1)
P
"$CM_BIN" import -q back.csv -o again.jsonl || bad "re-import"
python3 - ev.jsonl again.jsonl <<'P' && ok "round trip: the same claims" || bad "round trip differs"
import json, sys
k = ('id', 'pcode', 'action', 'actor', 'opponent', 'controller', 'date', 'date_precision', 'geo_precision', 'sentence', 'asserted_by')
a, b = ([tuple(json.loads(l)[x] for x in k) for l in open(f)] for f in sys.argv[1:])
sys.exit(0 if a == b else 1)
P
"$CM_BIN" export --format acled --in mixed -o mixed.csv -q && grep -q '^kunduz.txt:' mixed.csv \
  && ok "export: article claims as ACLED rows too" || bad "export mixed: $(head -3 mixed.csv)"
finish
