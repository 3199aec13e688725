# conflictmap extract on ../shared/corpus (five Indonesian articles, no header):
# the claims a careful reader takes, the dates the texts imply, none from the
# sentences that report no change; the same claims through stdin as JSON Lines;
# the map they make for 2021-08-21; the command's failures.
. "$CM_SOURCE/tests/cli/lib.bash"
C="$CM_SHARED/corpus"
"$CM_BIN" extract "$C"/*.txt -o events.jsonl 2>err.txt && ok "extract ran" || { bad "extract failed: $(cat err.txt)"; finish; }
n=$(wc -l <events.jsonl)
[ "$n" -ge 20 ] && ok "$n claims" || bad "only $n claims"

# how many claims match a jq condition
count() { jq -c "select($1)" events.jsonl | wc -l; }
# expect LABEL CONDITION: at least one claim matches
expect() { [ "$(count "$2")" -ge 1 ] && ok "$1" || bad "$1 (no claim where $2)"; }
doc() { echo "(.doc|startswith(\"$1\"))"; }
live='(.negated|not)'

# every record carries the documented keys
keys='["id","doc","published","published_inferred","lang","date","date_precision","place","pcode","province","lat","lon","geo_precision","actor","action","controller","asserted_by","confidence","negated","hedged","sentence","offset","length"]'
[ "$(jq -c "select(($keys - keys) | length > 0)" events.jsonl | wc -l)" = 0 ] && ok "every record has the schema keys" || bad "records lack schema keys"
[ "$(jq -r .id events.jsonl | sort | uniq -d | wc -l)" = 0 ] && ok "claim ids are unique" || bad "duplicate claim ids"
# the sentence is the text at offset/length of the file
bad_spans=0
while IFS=$'\t' read -r d off len; do
  s=$(jq -r "select(.doc==\"$d\" and .offset==$off) | .sentence" events.jsonl | head -1)
  f=$(tail -c +$((off + 1)) "$C/$d" | head -c "$len")
  [ "$s" = "$f" ] || bad_spans=$((bad_spans + 1))
done < <(jq -r '[.doc, .offset, .length] | @tsv' events.jsonl)
[ "$bad_spans" = 0 ] && ok "sentence = file bytes at offset/length" || bad "$bad_spans sentences differ from their span"

# publication dates inferred from the texts' own evidence
for pd in 000:2021-09-01 001:2021-08-21 002:2021-07-05 003:2021-08-20 004:2021-10-09; do
  d=${pd%%:*}; want=${pd#*:}
  got=$(jq -r "select($(doc "$d")) | .published" events.jsonl | sort -u | tr '\n' ' ')
  [ "$got" = "$want " ] && ok "$d published $want (inferred)" || bad "$d published '$got', want $want"
done
[ "$(count '.published_inferred|not')" = 0 ] && ok "every date flagged inferred" || bad "dates not flagged inferred"

# Kabul taken by the Taliban on 2021-08-15 (001: "Minggu (15/8/2021)"; 000: "15 Agustus")
for d in 000 001; do
  expect "$d: Kabul taken by the Taliban on 2021-08-15" \
    "$(doc $d) and .pcode==\"AF0101\" and .controller==\"taliban\" and .date==\"2021-08-15\" and $live"
done
# Pul-e-Hisar, Deh Salah, Andarab (Banu) retaken by the resistance on Friday 2021-08-20
for d in 001 003; do
  for pc in AF0912 AF0908 AF0907; do
    expect "$d: $pc retaken by the resistance on 2021-08-20" \
      "$(doc $d) and .pcode==\"$pc\" and .controller==\"resistance\" and .actor==\"resistance\" and (.action==\"retake\" or .action==\"capture\") and .date==\"2021-08-20\" and $live"
  done
done
expect "001: the retakes are from the Taliban, dated by 'pada hari Jumat'" \
  "$(doc 001) and .pcode==\"AF0912\" and .action==\"retake\" and .opponent==\"taliban\" and .date_precision==1"
# Panjshir held by the resistance while the rest fell
for d in 000 001; do
  expect "$d: Panjshir held by the resistance" \
    "$(doc $d) and .pcode==\"AF08\" and .action==\"hold\" and .controller==\"resistance\" and $live"
done
# the Taliban attack and siege of Panjshir, Shutul taken, at the start of September ("pada Rabu")
sept='(.date >= "2021-08-30" and .date <= "2021-09-07")'
expect "000: Taliban attack on Panjshir on 2021-09-01" \
  "$(doc 000) and .pcode==\"AF08\" and .action==\"attack\" and .actor==\"taliban\" and .controller==\"contested\" and .date==\"2021-09-01\""
expect "000: Taliban siege of Panjshir at the start of September" \
  "$(doc 000) and .pcode==\"AF08\" and .action==\"siege\" and .actor==\"taliban\" and $sept"
expect "000: Shutul taken by the Taliban at the start of September" \
  "$(doc 000) and .pcode==\"AF0806\" and .action==\"capture\" and .controller==\"taliban\" and $sept"
# Badakhshan and Takhar almost entirely Taliban in early July, their capitals held by Afghan forces
july='(.date >= "2021-07-01" and .date <= "2021-07-10")'
for pc in AF17 AF18; do
  expect "002: $pc taken by the Taliban in early July (hedged)" \
    "$(doc 002) and .pcode==\"$pc\" and .controller==\"taliban\" and .hedged and $july"
done
for pc in AF1701 AF1801; do
  expect "002: capital district $pc held by Afghan forces in early July" \
    "$(doc 002) and .pcode==\"$pc\" and .action==\"hold\" and .controller==\"government\" and .geo_precision==1 and $july"
done
# the September attack on Panjshir recalled in 004 ("bulan lalu"), month precision
expect "004: September attack on Panjshir, month precision" \
  "$(doc 004) and .pcode==\"AF08\" and .actor==\"taliban\" and .date_precision==3 and (.date|startswith(\"2021-09\"))"
# none from the sentences that report no change
for w in konsulat Charikar Doha "perbatasan Tajik" "Pembicaraan diadakan"; do
  [ "$(count ".sentence|contains(\"$w\")")" = 0 ] && ok "no claim from the '$w' sentence" || bad "a claim from the '$w' sentence"
done
[ "$(count '.pcode=="AF2101" or .pcode=="AF0301" or .pcode=="AF03"')" = 0 ] \
  && ok "no claim on Mazar-i-Sharif, Charikar or Parwan" || bad "claims on Mazar-i-Sharif, Charikar or Parwan"
[ "$(count '.pcode==null or .pcode==""')" = 0 ] && ok "no claim on a foreign place" || bad "claims without a P-code"

# the same articles as JSON Lines on stdin give the same claims
for f in "$C"/*.txt; do jq -Rsc --arg id "$(basename "$f")" '{id:$id, text:.}' "$f"; done > corpus.jsonl
"$CM_BIN" extract - <corpus.jsonl >stdin.jsonl 2>err.txt && cmp -s events.jsonl stdin.jsonl \
  && ok "stdin JSON Lines: the same claims" || bad "stdin JSON Lines differ: $(head -c 300 err.txt)"
# a folder reads the same
mkdir in && cp "$C"/*.txt in/ && "$CM_BIN" extract in -o folder.jsonl && cmp -s events.jsonl folder.jsonl \
  && ok "a folder: the same claims" || bad "folder output differs"

# the map these claims make for 2021-08-21 (timeline module)
if "$CM_BIN" timeline events.jsonl -o control.geojson 2>err.txt; then
  at() { # controller of a unit on 2021-08-21
    jq -r --arg p "$1" '.features[].properties | select(.pcode==$p and .valid_from <= "2021-08-21"
      and (.valid_to == null or .valid_to >= "2021-08-21")) | .controller' control.geojson | head -1
  }
  for pc in AF0101:taliban AF1901:taliban AF0801:resistance AF0806:resistance AF0912:resistance AF0908:resistance AF0907:resistance; do
    got=$(at "${pc%%:*}")
    [ "$got" = "${pc#*:}" ] && ok "2021-08-21: ${pc%%:*} ${pc#*:}" || bad "2021-08-21: ${pc%%:*} is '$got', want ${pc#*:}"
  done
else
  bad "timeline on the extracted claims failed: $(head -c 300 err.txt)"
fi

# failures: one line naming the file or option, exit 1 or 2, no output left
expect_fail 1 "missing.txt" "$CM_BIN" extract missing.txt -o out1.jsonl
printf '{"id":"a","date":"2021-08-09","text":"Taliban merebut Kunduz."}\n{"id":"b","text":\n' > broken.jsonl
expect_fail 1 "broken.jsonl:2: malformed JSON" "$CM_BIN" extract broken.jsonl -o out2.jsonl
printf 'date: 21/08/2021\n\nTaliban merebut Kunduz.\n' > baddate.txt
expect_fail 1 "baddate.txt:1: bad date" "$CM_BIN" extract baddate.txt -o out3.jsonl
head -c 3000000 /dev/zero | tr '\0' 'a' > big.txt
expect_fail 1 "big.txt" "$CM_BIN" extract big.txt --max-mb 1 -o out4.jsonl
expect_fail 1 "no/such/dir/e.jsonl" "$CM_BIN" extract "$C"/000*.txt -o no/such/dir/e.jsonl
expect_fail 2 "unknown option '--bogus'" "$CM_BIN" extract --bogus x.txt
expect_fail 2 "no lexicon for --lang 'xx'" "$CM_BIN" extract --lang xx "$C"/000*.txt
expect_fail 2 "give one or more ARTICLES" "$CM_BIN" extract
[ ! -e out1.jsonl ] && [ ! -e out2.jsonl ] && [ ! -e out3.jsonl ] && [ ! -e out4.jsonl ] \
  && ok "no output after failures" || bad "partial output left"
no_leftovers .
finish
