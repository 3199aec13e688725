# --strict: documents with invalid UTF-8, no lexicon or no date are rejected,
# the others still processed, and the exit status is 3.
. "$(dirname "$0")/lib.bash"
printf 'title: undated\n\nThe Taliban seized Kunduz on Sunday.\n' > nodate.txt
printf 'date: 2021-08-16\nlang: en\n\nThe Taliban seized Kunduz on Sunday.\n' > good.txt
printf 'date: 2021-08-16\nlang: en\n\nThe Taliban seized Kunduz \xff on Sunday.\n' > bad.txt
"$CM_BIN" extract good.txt nodate.txt bad.txt -o loose.jsonl -q; rc=$?
[ $rc -eq 0 ] && ok "without --strict: exit 0" || bad "without --strict: exit $rc"
"$CM_BIN" extract --strict good.txt nodate.txt bad.txt -o strict.jsonl -q 2>err; rc=$?
[ $rc -eq 3 ] && ok "--strict: exit 3" || bad "--strict: exit $rc"
grep -q "2 document(s) rejected" err && ok "the rejections are counted: $(cat err)" || bad "message: $(cat err)"
grep -q '"doc":"good.txt"' strict.jsonl && ! grep -q 'nodate.txt\|bad.txt' strict.jsonl \
  && ok "the good document's claims are written, the rejected ones' not" || bad "strict output: $(cut -c1-200 strict.jsonl)"
finish
