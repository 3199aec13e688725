# The viewer's page from `run` on an article we wrote: the article's url and
# title are the source's link, the claim is placed and dated, the search
# table and the geometry are there, and maps/outlines.json lies beside the
# frames. (The page itself is driven in Chromium by tests/e2e/.)
. "$(dirname "$0")/lib.bash"
printf 'title: Andarab retaken\ndate: 2021-08-21\nurl: https://example.org/andarab\nlang: en\n\nLocal forces retook Andarab district from the Taliban on Friday, officials said.\n' > a.txt
"$CM_BIN" run a.txt --out o -q --format png || bad "run failed"
page=o/index.html
grep -q '"docs":\[{"id":"a.txt","url":"https://example.org/andarab","title":"Andarab retaken"}\]' $page \
  && ok "the article's url and title are the source's link" || bad "docs: $(grep -o '"docs":\[[^]]*\]' $page)"
grep -qE '"claims":\[\{"d":0,"doc":0,"place":"Andarab","pcode":"AF0907",[^}]*"x":[0-9]+,"y":[0-9]+\}' $page \
  && ok "the claim is dated (day 0), placed on the grid, and names its source" || bad "claims: $(grep -o '"claims":\[{[^}]*}' $page | head -c 300)"
grep -q '"AF0912":\[[^]]*"polehesar"' $page && ok "the search table maps polehesar to AF0912" || bad "no polehesar in the name table"
grep -qE '"geo":\{"u":25,"w":[0-9]+,"h":[0-9]+,"arcs":\[\[' $page && ok "the geometry is written once, as arcs" || bad "no geometry"
[ "$(grep -o '"p":"AF[0-9]\{4\}"' $page | sort -u | wc -l)" = 399 ] && ok "399 districts" || bad "districts: $(grep -o '"p":"AF[0-9]\{4\}"' $page | sort -u | wc -l)"
grep -q '^{"w":1600,"h":1200,"d":\[{"p":"AF' o/maps/outlines.json && ok "maps/outlines.json: frame outlines" || bad "no maps/outlines.json"
[ "$(grep -c '</script>' $page)" = 4 ] && ok "four script elements (data, names, two of code), nothing in the data closes one" || bad "script tags: $(grep -c '</script>' $page)"
! LC_ALL=C grep -q -P '[^\x00-\x7f]' $page && ok "the page is ASCII" || bad "non-ASCII bytes in the page: $(LC_ALL=C grep -o -P '.{20}[^\x00-\x7f]' $page | head -2)"
grep -q '"da":"\\u0627\\u0646\\u062f\\u0631\\u0627\\u0628"' $page && ok "Andarab's Dari name as \\u escapes" || bad "no escaped Dari name for Andarab"
finish
