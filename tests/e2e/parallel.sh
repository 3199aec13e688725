# `extract` split across processes with GNU parallel (docs/series.md, "Growing
# past one machine"): the articles of ../shared/corpus as JSON Lines (one
# article a line, {"id", "text"}, made here at run time), fed one article per
# job to `parallel --pipe -j2 -N1 conflictmap extract -`, give the claims of
# one process: the same lines (claim ids do not depend on the process), in the
# same order with --keep-order, and the same periods of control from the
# merged claims.
. "$(dirname "$0")/../cli/lib.bash"
par=$(command -v parallel) || { bad "GNU parallel is not installed (./setup installs it)"; finish; }
# parallel keeps state in ~/.parallel: a home of its own, inside the test folder.
mkdir home
run_par() { HOME="$T/home" "$par" --will-cite "$@"; }
run_par --version 2>/dev/null | head -1 | grep -q "GNU parallel" || { bad "$par is not GNU parallel"; finish; }

python3 - "$CM_SHARED"/corpus/*.txt > corpus.jsonl <<'EOF' || bad "corpus to JSON Lines"
import json, os, sys
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        print(json.dumps({"id": os.path.basename(path), "text": f.read()}, ensure_ascii=False))
EOF
ndoc=$(ls "$CM_SHARED"/corpus/*.txt | wc -l)
[ "$(wc -l <corpus.jsonl)" = "$ndoc" ] && [ "$ndoc" -ge 2 ] && ok "$ndoc articles, one a line" || bad "corpus.jsonl: $(wc -l <corpus.jsonl) lines for $ndoc articles"

"$CM_BIN" extract -q - <corpus.jsonl >one.jsonl 2>err.txt || bad "extract in one process: $(head -c 300 err.txt)"
n=$(wc -l <one.jsonl)
[ "$n" -ge 20 ] && ok "one process: $n claims" || bad "one process: only $n claims"

# Any order: one job per article, two at a time.
run_par --pipe -j2 -N1 --joblog jobs.tsv "$CM_BIN" extract -q - <corpus.jsonl >par.jsonl 2>err.txt \
  || bad "parallel extract: $(head -c 300 err.txt)"
[ ! -s err.txt ] && ok "parallel printed nothing on stderr (no citation notice; extract -q)" || bad "stderr: $(head -c 300 err.txt)"
jobs=$(awk -F'\t' 'NR > 1 && $7 == 0' jobs.tsv | wc -l)
[ "$jobs" = "$ndoc" ] && ok "$jobs jobs, each exit 0" || bad "$jobs successful jobs of $ndoc: $(cat jobs.tsv)"
sort one.jsonl >one.sorted; sort par.jsonl >par.sorted
cmp -s one.sorted par.sorted && ok "parallel --pipe -j2 -N1: the same claims as one process" \
  || bad "the claims differ: $(diff one.sorted par.sorted | head -c 400)"
ids() { python3 -c 'import json, sys; [print(json.loads(l)["id"]) for l in open(sys.argv[1])]' "$1"; }
[ "$(ids par.jsonl | sort | uniq -d | wc -l)" = 0 ] && ok "claim ids unique across the jobs" || bad "duplicate claim ids"

# Input order: --keep-order gives the bytes of one process.
run_par --pipe -k -j2 -N1 "$CM_BIN" extract -q - <corpus.jsonl >keep.jsonl 2>err.txt || bad "parallel -k: $(head -c 300 err.txt)"
cmp -s one.jsonl keep.jsonl && ok "--keep-order: byte-identical to one process" || bad "--keep-order output differs"
# Blocks of several articles (--block), as for a large corpus.
run_par --pipe -k -j2 --block 8k "$CM_BIN" extract -q - <corpus.jsonl >block.jsonl 2>err.txt || bad "parallel --block: $(head -c 300 err.txt)"
cmp -s one.jsonl block.jsonl && ok "--block 8k: byte-identical to one process" || bad "--block output differs"

# The timeline is built where the claims are merged: the same periods of
# control from the merged claims as from one process (the lists of claims and
# sources follow the input order, so they are compared as sets).
"$CM_BIN" timeline one.jsonl -o one.geojson -q && "$CM_BIN" timeline par.jsonl -o par.geojson -q || bad "timeline"
periods() {
  python3 - "$1" <<'EOF'
import json, sys
for f in json.load(open(sys.argv[1]))["features"]:
    p = f["properties"]
    for k in ("claims", "sources"):
        if isinstance(p.get(k), list):
            p[k] = sorted(p[k])
    print(json.dumps(p, sort_keys=True), json.dumps(f["geometry"], sort_keys=True))
EOF
}
a=$(periods one.geojson | sort | md5sum); b=$(periods par.geojson | sort | md5sum)
np=$(periods one.geojson | wc -l)
[ "$np" -gt 0 ] && [ "$a" = "$b" ] && ok "timeline of the merged claims: the same $np periods" || bad "timelines differ ($np periods)"
no_leftovers .
finish
