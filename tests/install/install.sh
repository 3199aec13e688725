# The install: `cmake --install` into a temporary prefix gives the binary, the
# shared library, the header, the pkg-config file and the data; docs/example.c
# compiles against the installed library through pkg-config and extracts the
# claims of a sentence; the installed binary, run outside the source tree with
# no CONFLICTMAP_* variable set, finds its data under the prefix.
. "$CM_SOURCE/tests/cli/lib.bash"
P="$T/prefix"
"${CM_CMAKE:-cmake}" --install "$CM_BUILD" --prefix "$P" >install.log 2>&1 && ok "cmake --install --prefix $P" ||
  { bad "install failed: $(tail -5 install.log)"; finish; }

for f in bin/conflictmap include/conflictmap.h lib/pkgconfig/conflictmap.pc share/conflictmap/lexicons/en.tsv \
  share/conflictmap/profiles/afghanistan/profile.tsv share/conflictmap/gazetteer/curated.tsv \
  share/conflictmap/gazetteer/acled-actors.tsv; do
  [ -f "$P/$f" ] && ok "$f installed" || bad "$f missing"
done
ls "$P"/lib/libconflictmap.so.* >/dev/null 2>&1 && ok "shared library installed" || bad "no lib/libconflictmap.so.*"
# The compiled index travels only when it was built; the tests' own then stands in.
if [ ! -f "$P/share/conflictmap/gazetteer/conflictmap.gaz" ]; then
  cp "$CONFLICTMAP_GAZETTEER" "$P/share/conflictmap/gazetteer/conflictmap.gaz"
  echo "note: no compiled index in the source tree; the tests' index copied into the prefix"
fi

# Everything below runs outside the source tree and without the test environment.
mkdir -p "$T/elsewhere" && cd "$T/elsewhere"
clean=(env -u CONFLICTMAP_DATA -u CONFLICTMAP_LEXICONS -u CONFLICTMAP_GAZETTEER -u CONFLICTMAP_BOUNDARIES
  -u CONFLICTMAP_COUNTRIES -u CONFLICTMAP_CACHE -u CONFLICTMAP_GEONAMES -u CONFLICTMAP_ACLED_ACTORS
  -u CONFLICTMAP_PROFILE)

# docs/example.c against the installed library, found through pkg-config only.
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
flags=$(pkg-config --cflags --libs conflictmap) && ok "pkg-config: $flags" || bad "pkg-config knows no conflictmap"
case "$flags" in *"$CM_SOURCE"*|*"$CM_BUILD"*) bad "pkg-config points into the build: $flags" ;; esac
cc -std=c11 -Wall -Wextra -Werror "$CM_SOURCE/docs/example.c" $flags -Wl,-rpath,"$P/lib" -o example 2>cc.log &&
  ok "docs/example.c compiled against the install" || { bad "compile: $(cat cc.log)"; finish; }
ldd ./example | grep -q "$P/lib/libconflictmap.so" && ok "example links $P/lib/libconflictmap.so" ||
  bad "example does not link the installed library: $(ldd ./example | grep conflictmap)"

sentence="The Taliban captured Kunduz on Sunday. Government forces retook Lashkar Gah on 10 August 2021."
"${clean[@]}" ./example "$sentence" 2021-08-09 en >ex.out 2>ex.err && ok "example ran" ||
  { bad "example failed: $(cat ex.err)"; finish; }
grep -qF "data in $P/share/conflictmap" ex.err && ok "the library found its data under the prefix" ||
  bad "the library's data folder: $(cat ex.err)"
grep -qP '^Kunduz\tAF1901\tcapture\ttaliban\t2021-08-08$' ex.out && ok "Kunduz taken by the Taliban on Sunday 2021-08-08" ||
  bad "no Kunduz claim: $(cat ex.out)"
grep -qP '^Lashkar Gah\tAF3001\tretake\tgovernment\t2021-08-10$' ex.out && ok "Lashkar Gah retaken on 2021-08-10" ||
  bad "no Lashkar Gah claim: $(cat ex.out)"
n=$(grep -c '^{' ex.out)
[ "$n" = 2 ] && [ "$(grep '^{' ex.out | jq -r '[.pcode, .controller, .date] | @tsv' | sort | tr '\n' ' ')" = \
  "AF1901	taliban	2021-08-08 AF3001	government	2021-08-10 " ] && ok "2 JSON records, the same claims" ||
  bad "JSON records: $(grep '^{' ex.out)"

# The installed binary: its data from the prefix, the same claims.
"${clean[@]}" "$P/bin/conflictmap" --version >ver.txt && grep -qx "data: $P/share/conflictmap" ver.txt &&
  grep -qx "lexicons: $P/share/conflictmap/lexicons" ver.txt && ok "installed binary reads $P/share/conflictmap" ||
  bad "installed binary's data: $(cat ver.txt)"
printf 'date: 2021-08-09\nlang: en\n\n%s\n' "$sentence" >note.txt
"${clean[@]}" "$P/bin/conflictmap" extract note.txt -o claims.jsonl 2>bin.err &&
  [ "$(jq -r '[.pcode, .controller, .date] | @tsv' claims.jsonl | sort | tr '\n' ' ')" = \
    "AF1901	taliban	2021-08-08 AF3001	government	2021-08-10 " ] &&
  ok "installed binary extracts the same claims" || bad "installed extract: $(cat bin.err) $(cat claims.jsonl 2>/dev/null)"
if [ -f "$P/share/conflictmap/shapefiles/countries.json" ]; then
  "${clean[@]}" "$P/bin/conflictmap" render --date 2021-08-12 --events claims.jsonl -o map.svg --quiet 2>r.err &&
    grep -q 'id="AF1901"' map.svg && ok "installed binary draws a map from the installed boundaries" ||
    bad "installed render: $(cat r.err)"
else
  echo "note: no boundaries in the source tree to install; render not tried"
fi
finish
