#!/usr/bin/env bash
# bench/extract/run.sh: the whole of `conflictmap extract` beside the place
# finder alone (`conflictmap places`), on the same corpus, in the same run.
#
#   bench/extract/run.sh [MB]       (default 200; env CM_BIN, CM_SHARED,
#                                    CONFLICTMAP_GAZETTEER override the paths)
#
# Builds, in a temporary folder (removed at exit, never in git), a corpus of at
# least MB megabytes of article-like text: the sample articles of
# $CM_SHARED/corpus and articles generated here from sentence templates written
# for the project (captures, retakes, sieges, fighting, withdrawals, talks,
# negated and hedged reports, in Indonesian and English, with places, weekdays
# and dates, between sentences that report nothing), about 3 KB an article,
# half of them with a header date, the others dating themselves. The same
# articles are written twice: as text files of about 1 MB (one document each,
# what `places` reads) and as one JSON Lines file (one article a line). Then:
#   - `conflictmap places FILES`                      (find + resolve)
#   - `conflictmap extract FILES`                     (documents, dates, places, claims)
#   - `conflictmap extract - < corpus.jsonl`          (streamed, article by article)
#   - the same stream on a quarter of the corpus, to show that peak memory does
#     not grow with the corpus;
#   - places and extract on a corpus of the same size made of the sample articles
#     alone (the claim density of real reporting).
# Prints MB/s and peak RSS of each, and the extract/places time ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
mb=${1:-200}
bin=${CM_BIN:-build/conflictmap}
shared=${CM_SHARED:-../shared}
gaz=${CONFLICTMAP_GAZETTEER:-gazetteer/conflictmap.gaz}
[ -x "$bin" ] || { echo "bench: no binary at $bin (build first, or set CM_BIN)" >&2; exit 1; }
[ -f "$gaz" ] || { echo "bench: no gazetteer at $gaz (./setup, or set CONFLICTMAP_GAZETTEER)" >&2; exit 1; }
command -v jq >/dev/null || { echo "bench: needs jq" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cm-bench-extract.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
keep=${CM_BENCH_KEEP:-}   # a folder to keep the generated corpus in, for profiling

# ---- one block of articles (about 4 MB) ---------------------------------------
block="$tmp/block.jsonl"
{
  # the sample articles, without their dates in a header (inferred from the text)
  for f in "$shared"/corpus/*.txt; do
    [ -f "$f" ] && jq -Rsc --arg id "$(basename "$f")" '{id:$id, text:.}' "$f"
  done
  # generated articles
  awk -v seed=7 'BEGIN {
    srand(seed)
    np = split("Kunduz Taloqan Pul-e-Khumri Andarab Khost Ghazni Herat Zaranj Spin_Boldak Lashkargah Nahrin Fayzabad Sheberghan Maymana Charikar Bazarak Jalalabad Gardez Qalat Tirinkot Baghlan Takhar Badakhshan Panjshir Kandahar Helmand Balkh Jawzjan Faryab Nimroz", P, " ")
    nwi = split("Senin Selasa Rabu Kamis Jumat Sabtu Minggu", WI, " ")
    nwe = split("Monday Tuesday Wednesday Thursday Friday Saturday Sunday", WE, " ")
    nmi = split("Juni Juli Agustus September", MI, " ")
    nme = split("June July August September", ME, " ")
    ni = split("Taliban merebut distrik %P pada %W.|Pasukan pemerintah mundur dari %P pada %W malam.|Pasukan perlawanan lokal merebut kembali %P dari Taliban, kata seorang pejabat setempat.|Pertempuran sengit terjadi di %P pada %D %M 2021.|Taliban dilaporkan mengepung kota %P sejak akhir pekan ini.|Pembicaraan diadakan di %P antara Taliban dan para tetua suku.|Warga %P mengatakan bahwa pasar kembali dibuka dan situasi relatif tenang.|Taliban belum menguasai %P, menurut gubernur provinsi itu.|Provinsi %P hampir seluruhnya dikuasai Taliban, hanya ibu kota provinsi yang masih di bawah kendali pemerintah.|Ribuan warga melarikan diri dari %P ke perbatasan dalam beberapa hari terakhir.|Harga bahan makanan di %P naik tajam sejak Taliban mengambil alih kekuasaan.|Juru bicara Taliban mengatakan kelompok itu akan menyerang %P jika negosiasi gagal.", TI, "|")
    ne = split("The Taliban seized %P on %W, officials said.|Government forces withdrew from %P on %W night.|Local resistance fighters retook %P from the Taliban, a spokesman said.|Heavy fighting was reported in %P on %M %D, 2021.|The insurgents reportedly besieged %P earlier this week.|Talks were held in %P between the Taliban and tribal elders.|Residents of %P said markets had reopened and the situation was calm.|The Taliban have not captured %P, according to the governor.|%P remains free of the Taliban, local officials said.|Thousands fled %P towards the border in recent days.|Food prices in %P have risen sharply since the Taliban took power.|A Taliban spokesman said the group would attack %P if talks failed.", TE, "|")
    nfi = split("Para analis mengatakan situasi masih sangat tidak menentu.|Harga bahan bakar naik dua kali lipat dalam sepekan.|Banyak keluarga menunggu kabar dari kerabat mereka.|Sekolah-sekolah ditutup untuk sementara waktu.|Organisasi bantuan meminta akses kemanusiaan yang aman.|Pemerintah daerah belum memberikan keterangan resmi.|Jalan utama menuju kota dilaporkan sepi.", FI, "|")
    nfe = split("Analysts said the situation remained highly uncertain.|Fuel prices doubled within a week.|Many families were waiting for news of relatives.|Schools were closed for the time being.|Aid agencies called for safe humanitarian access.|Local authorities have not yet commented.|The main road into town was reported to be quiet.", FE, "|")
    for (a = 0; a < 1000; a++) {
      en = (a % 3 == 0); hdr = (a % 2 == 0)
      s = ""
      for (par = 0; par < 8; par++) {
        for (k = 0; k < 4; k++) {
          if (k != 1) t = en ? FE[1 + int(rand() * nfe)] : FI[1 + int(rand() * nfi)]
          else t = en ? TE[1 + int(rand() * ne)] : TI[1 + int(rand() * ni)]
          p = P[1 + int(rand() * np)]; gsub("_", " ", p)
          gsub("%P", p, t)
          gsub("%W", en ? WE[1 + int(rand() * nwe)] : WI[1 + int(rand() * nwi)], t)
          gsub("%D", 1 + int(rand() * 28), t)
          gsub("%M", en ? ME[1 + int(rand() * nme)] : MI[1 + int(rand() * nmi)], t)
          s = s (k ? " " : "") t
        }
        s = s "\\n\\n"
      }
      mo = 6 + int(rand() * 4); dd = 1 + int(rand() * 28)
      d = sprintf("2021-%02d-%02d", mo, dd)
      # without a header the text dates itself, as news does
      if (!hdr) s = (en ? sprintf("Reported on %s %d, 2021.", ME[mo - 5], dd) : sprintf("Dilaporkan pada %d %s 2021.", dd, MI[mo - 5])) "\\n\\n" s
      # a header (date, language) on half of them; the others are dated and detected from their text
      printf "{\"id\":\"gen-%s-%d\",%s\"text\":\"%s\"}\n", en ? "en" : "id", a, hdr ? "\"date\":\"" d "\",\"lang\":\"" (en ? "en" : "id") "\"," : "", s
    }
  }'
} > "$block"

# ---- the corpus: text files of about 1 MB, and one JSON Lines file ------------
target=$(( mb * 1000000 ))
mkdir "$tmp/txt"
jsonl="$tmp/corpus.jsonl"
: > "$jsonl"
rep=0
while [ "$(stat -c %s "$jsonl")" -lt "$target" ]; do
  sed "s/\"id\":\"\\([^\"]*\\)\"/\"id\":\"r$rep-\\1\"/" "$block" >> "$jsonl"
  rep=$((rep + 1))
done
# text files: the articles' texts one after another (blank lines between),
# Indonesian first, then English, so that a file holds one language
jq -r 'select(.id | test("gen-en-") | not) | .text' "$jsonl" > "$tmp/all.txt"
jq -r 'select(.id | test("gen-en-")) | .text' "$jsonl" >> "$tmp/all.txt"
split -C 1000000 -d -a 5 --additional-suffix=.txt "$tmp/all.txt" "$tmp/txt/c"
rm "$tmp/all.txt"
quarter="$tmp/quarter.jsonl"
head -c $(( $(stat -c %s "$jsonl") / 4 )) "$jsonl" | sed '$d' > "$quarter"
tsize=$(cat "$tmp"/txt/*.txt | wc -c)
jsize=$(stat -c %s "$jsonl")
qsize=$(stat -c %s "$quarter")
printf 'corpus: %d text files, %.1f MB; JSON Lines: %d articles, %.1f MB (quarter: %.1f MB)\n' \
  "$(ls "$tmp"/txt | wc -l)" "$(echo "$tsize / 1000000" | bc -l)" "$(wc -l < "$jsonl")" \
  "$(echo "$jsize / 1000000" | bc -l)" "$(echo "$qsize / 1000000" | bc -l)"

# a second corpus of the same size: the sample articles alone, repeated, for
# the claim density of real reporting
mkdir "$tmp/sample"
for f in "$shared"/corpus/*.txt; do cat "$f"; printf '\n\n'; done > "$tmp/sample.one"
while [ "$(stat -c %s "$tmp/sample.one")" -lt 1000000 ]; do cat "$tmp/sample.one" "$tmp/sample.one" > "$tmp/sample.two"; mv "$tmp/sample.two" "$tmp/sample.one"; done
head -c 1000000 "$tmp/sample.one" > "$tmp/sample/s00000.txt"
for i in $(seq 1 $(( tsize / 1000000 - 1 ))); do cp "$tmp/sample/s00000.txt" "$tmp/sample/s$(printf %05d "$i").txt"; done
ssize=$(cat "$tmp"/sample/*.txt | wc -c)
rm "$tmp/sample.one"
[ -n "$keep" ] && { mkdir -p "$keep" && cp -r "$tmp/txt" "$tmp/sample" "$jsonl" "$quarter" "$keep/"; }

# ---- timings (page cache warm) ---------------------------------------------------
cat "$tmp"/txt/*.txt "$jsonl" > /dev/null
t() { /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }; cat "$tmp/time"; }
read -r p_s p_kb < <(t "$bin" places --gazetteer "$gaz" "$tmp"/txt/*.txt)
read -r e_s e_kb < <(t "$bin" extract -q --gazetteer "$gaz" "$tmp"/txt/*.txt)
claims=$(wc -l < "$tmp/out")
read -r j_s j_kb < <(t sh -c "'$bin' extract -q --gazetteer '$gaz' - < '$jsonl'")
jclaims=$(wc -l < "$tmp/out")
read -r q_s q_kb < <(t sh -c "'$bin' extract -q --gazetteer '$gaz' - < '$quarter'")
read -r sp_s sp_kb < <(t "$bin" places --gazetteer "$gaz" "$tmp"/sample/*.txt)
read -r se_s se_kb < <(t "$bin" extract -q --gazetteer "$gaz" "$tmp"/sample/*.txt)
sclaims=$(wc -l < "$tmp/out")
"$bin" extract -q --stats --gazetteer "$gaz" "$tmp"/txt/*.txt 2>&1 >/dev/null | sed 's/^conflictmap: /  /'
awk -v ts="$tsize" -v js="$jsize" -v qs="$qsize" -v ps="$p_s" -v pk="$p_kb" -v es="$e_s" -v ek="$e_kb" \
    -v jss="$j_s" -v jk="$j_kb" -v qss="$q_s" -v qk="$q_kb" -v c="$claims" -v jc="$jclaims" \
    -v ss="$ssize" -v sps="$sp_s" -v ses="$se_s" -v sek="$se_kb" -v sc="$sclaims" 'BEGIN {
  printf "places  (text files)      %7.2f s  %7.1f MB/s  peak RSS %6.1f MB\n", ps, ts / 1e6 / ps, pk / 1024
  printf "extract (text files)      %7.2f s  %7.1f MB/s  peak RSS %6.1f MB  %d claims\n", es, ts / 1e6 / es, ek / 1024, c
  printf "extract (JSON Lines, -)   %7.2f s  %7.1f MB/s  peak RSS %6.1f MB  %d claims\n", jss, js / 1e6 / jss, jk / 1024, jc
  printf "extract (quarter, -)      %7.2f s  %7.1f MB/s  peak RSS %6.1f MB\n", qss, qs / 1e6 / qss, qk / 1024
  printf "claims per KB of text: %.2f\n", c / (ts / 1000)
  printf "extract / places time: %.2f (goal <= 2)\n", es / ps
  printf "sample articles only, %.1f MB (%.2f claims per KB):\n", ss / 1e6, sc / (ss / 1000)
  printf "places  (text files)      %7.2f s  %7.1f MB/s\n", sps, ss / 1e6 / sps
  printf "extract (text files)      %7.2f s  %7.1f MB/s  peak RSS %6.1f MB  %d claims\n", ses, ss / 1e6 / ses, sek / 1024, sc
  printf "extract / places time: %.2f\n", ses / sps
}'
