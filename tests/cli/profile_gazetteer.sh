# The gazetteer of another profile (tests/cases/toyland: a made-up country of
# two units and no region layer), end to end through the CLI:
#  - `gazetteer build --profile DIR` takes the boundaries, GeoNames rows and
#    exonyms from the profile (the Afghanistan paths of the test environment
#    are unset), and writes an index that records the profile;
#  - `places --profile DIR` resolves its names to its own codes;
#  - an index opened under another profile is refused: exit 1, one line
#    naming the index, the profile it was built for, and the command to run.
. "$(dirname "$0")/lib.bash"
TOY=$CM_SOURCE/tests/cases/toyland
# The test environment points these at Afghanistan's data; the profile's own
# paths are wanted here.
unset CONFLICTMAP_BOUNDARIES CONFLICTMAP_GEONAMES CONFLICTMAP_GAZETTEER
GB=("$CM_BIN" gazetteer build --profile "$TOY" --countries "$CONFLICTMAP_COUNTRIES")
if "${GB[@]}" -o toy.gaz 2>err.txt && grep -q "(profile toyland).*2 units, 2 places" err.txt; then
  ok "toyland index: $(cat err.txt)"
else
  bad "toyland build: $(cat err.txt)"
fi

printf 'Fighting was reported in Westmark and near Eastburg, in Toyland.\n' > a.txt
"$CM_BIN" places --profile "$TOY" --gazetteer toy.gaz a.txt > p.tsv 2>err.txt || bad "places: $(cat err.txt)"
cut -f3,6 p.tsv > got.tsv
printf 'Westmark\tW7\nEastburg\tQ3\nToyland\tXT\n' > want.tsv
cmp -s got.tsv want.tsv && ok "toyland places resolve to its codes" || bad "places: $(cat p.tsv)"

expect_fail 1 "toy.gaz: built for profile toyland, not afghanistan (run \`conflictmap gazetteer build --profile afghanistan\`)" \
  "$CM_BIN" places --gazetteer toy.gaz a.txt
expect_fail 1 "built for profile afghanistan, not toyland" \
  "$CM_BIN" gazetteer lookup --profile "$TOY" --gazetteer "$CM_BUILD/test-gazetteer.gaz" Westmark
finish
