# extract --explain: text instead of JSON — a claim line naming its trigger's
# lexicon line, a "no claim" line with the reason for a place that gave none;
# without the flag the JSON Lines output is unchanged; run --explain writes
# explain.txt beside events.jsonl.
. "$(dirname "$0")/lib.bash"
printf 'date: 2021-08-16\nlang: en\n\nThe Taliban seized Kunduz on Sunday. The militants will attack Herat soon.\n' > a.txt
"$CM_BIN" extract --explain a.txt >out.txt 2>err; rc=$?
[ $rc -eq 0 ] && ok "--explain: exit 0" || bad "--explain: exit $rc ($(cat err))"
line=$(grep -n 'seized' "$CM_SOURCE/src/text/lexicons/en.tsv" | grep -P '^\d+:action\tseized\t' | cut -d: -f1)
grep -q "^== a.txt (en, published 2021-08-16): 1 claim, 1 place without a claim$" out.txt \
  && ok "a header line per document" || bad "header: $(head -1 out.txt)"
grep -q "^AF1901 Kunduz taliban 2021-08-15 ← capture 'seized' (en.tsv:$line, active) actor 'The Taliban' = taliban" out.txt \
  && ok "the claim names its trigger's line en.tsv:$line" || bad "claim line: $(sed -n 2p out.txt)"
grep -q "^  no claim: 'Herat' in \"The militants will attack Herat soon.\": irrealis/future 'will' (en.tsv:" out.txt \
  && ok "the irrealis sentence says why" || bad "no-claim line: $(sed -n 3p out.txt)"
"$CM_BIN" extract a.txt >plain.jsonl 2>err; rc=$?
[ $rc -eq 0 ] && [ "$(wc -l <plain.jsonl)" -eq 1 ] && grep -q '^{"id":"a.txt:' plain.jsonl \
  && ok "without --explain: one JSON line" || bad "without --explain: exit $rc, $(head -c 200 plain.jsonl)"
"$CM_BIN" run -q --explain --format png --from 2021-08-15 --to 2021-08-15 a.txt -o runout >/dev/null 2>err; rc=$?
[ $rc -eq 0 ] && grep -q "^AF1901 Kunduz taliban 2021-08-15 ← capture 'seized'" runout/explain.txt \
  && ok "run --explain writes runout/explain.txt" || bad "run --explain: exit $rc, $(head -c 300 err)"
expect_fail 2 "--explain takes no value" "$CM_BIN" extract --explain=yes a.txt
finish
