#!/usr/bin/env bash
# e2e/places_corpus: `conflictmap places` over the sample articles
# ($CM_SHARED/corpus/*.txt, read at run time, never copied) resolves every place
# the issue lists, at every occurrence, and finds nothing in the words listed
# below as not places.
set -euo pipefail
: "${CM_BIN:?}" "${CM_SHARED:?}" "${CONFLICTMAP_GAZETTEER:?}"
corpus=("$CM_SHARED"/corpus/*.txt)
[ -f "${corpus[0]}" ] || { echo "places_corpus: no articles in $CM_SHARED/corpus" >&2; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$CM_BIN" places "${corpus[@]}" > "$out"
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

# surface <TAB> accepted P-codes (space-separated; "foreign" for outside Afghanistan)
expect() {
  local surface=$1; shift
  local want=" $* "
  # every occurrence in the text is a mention ...
  local occ found
  occ=$(cat "${corpus[@]}" | grep -o -w -F -- "$surface" | wc -l)
  # (a mention may hold it: "Imarah Islam Afghanistan")
  found=$(awk -F'\t' -v s="$surface" '$3 == s || index(" " $3 " ", " " s " ")' "$out" | wc -l)
  [ "$occ" -gt 0 ] || bad "'$surface' does not occur in the corpus (test out of date?)"
  [ "$found" -eq "$occ" ] || bad "'$surface': $occ occurrences, $found mentions"
  # ... and each resolves to an accepted unit
  while IFS=$'\t' read -r file off surf name kind pcode lat lon conf; do
    case "$want" in *" $pcode "*) ;; *) bad "$(basename "$file"):$off '$surf' -> $pcode ($name), want$want";; esac
  done < <(awk -F'\t' -v s="$surface" '$3 == s' "$out")
}

expect Panjshir AF08
expect Baghlan AF09
expect Badachschan AF17
expect Badachshan AF17
expect Tachar AF18
expect Mazar-i-Sharif AF2101
expect Kabul AF0101 AF01
expect KABUL AF0101
expect Parwan AF03
expect Charikar AF0301
expect Shotul AF0806
expect Pol-e-Hesar AF0912
expect Pul-e-Hesar AF0912
expect "Deh Salah" AF0908
expect "De Salah" AF0908
expect Deh-e-Salah AF0908
expect Banu AF0907
expect Kandahar AF27 AF2701
expect Helmand AF30
expect Kunduz AF19 AF1901
expect Afghanistan AF
expect Afganistan AF
for f in Tajikistan Doha Dushanbe Moskow Karachi Pakistan Inggris "Uni Emirat Arab" Rusia; do
  expect "$f" foreign
done

# Kabul without a province context is the city; "Bandara Kabul" is Kabul.
nb=0
for file in "${corpus[@]}"; do
  for off in $(grep -b -o "Bandara Kabul" "$file" | cut -d: -f1 || true); do
    nb=$((nb + 1))
    awk -F'\t' -v f="$file" -v o="$((off + 8))" '$1 == f && $2 == o && $6 == "AF0101"' "$out" | grep -q . ||
      bad "Bandara Kabul at $(basename "$file"):$off is not Kabul AF0101"
  done
done
[ "$nb" -gt 0 ] || bad "no 'Bandara Kabul' in the corpus (test out of date?)"
# Provinsi/lembah Panjshir are the province (no district or town).
awk -F'\t' '$3 == "Panjshir" && $5 != "province"' "$out" | grep -q . && bad "a Panjshir that is no province"

# Not places: people, media, organisations, ordinary words (all occur in the corpus).
for w in Massoud Saleh Mottaki Motaqi Muttaqi Biden Kabulov Andarabi Rachmon Rakhmon Putin Ghani \
         Sharif Para Dalam Menurut Sejak Tank Presiden Sekarang Juru Akun Foto Baca Pemimpin Hubungan \
         Ingin Tinggal Intisari Hidayatullah Anadolu Tass Reuters Kremlin Newsweek Twitter Asvaka \
         Tajik Persia Kurdi NATO ISIS CSTO NRF SAS Mujahid Zabiullah Soroush Dashti Barat Amir Khan \
         Ahmad Shah Taliban Bundeswehr; do
  if awk -F'\t' -v s="$w" '$3 == s' "$out" | grep -q .; then
    bad "'$w' was taken for a place: $(awk -F'\t' -v s="$w" '$3 == s {print $4; exit}' "$out")"
  fi
done

n=$(wc -l < "$out")
echo "places_corpus: $n mentions in ${#corpus[@]} articles"
exit $fail
