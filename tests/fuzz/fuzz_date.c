/* fuzz_date: the date finder and resolver (text/date) over each lexicon.
 *
 * The first input byte picks the lexicon (id, en, de, ... in the order the
 * lexicon folder sorts them) and a publication date around August 2021 (or
 * none); the rest is the text. The dates are scanned with and without the
 * lexicon hits, resolved against that date, and the publication date is
 * inferred from them as an undated document's would be.
 *
 * What must hold: no fault; every date lies inside the text, in token order
 * and not overlapping; a resolved date has from <= day <= to and a precision
 * 1..3; an inferred publication date is a real day (1900..2100). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/day.h"
#include "text/date.h"
#include "text/lexicon.h"
#include "text/token.h"
#include "fuzz_lex.h"
#include "fuzz_util.h"

static void check(const cm_date_ref *r, size_t n, size_t len, size_t ntok)
{
    for (size_t i = 0; i < n; i++) {
        if (r[i].off + r[i].len > len || r[i].tok + r[i].ntok > ntok || !r[i].ntok) __builtin_trap();
        if (i && r[i].tok < r[i - 1].tok + r[i - 1].ntok) __builtin_trap();
        if (r[i].precision) {
            if (r[i].precision < CM_DPREC_DAY || r[i].precision > CM_DPREC_MONTH) __builtin_trap();
            if (r[i].from == CM_DAY_NONE || r[i].from > r[i].to || r[i].day < r[i].from ||
                r[i].day > r[i].to)
                __builtin_trap();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const cm_lexset *set = fuzz_lexset();
    if (!set || size < 1) return 0;
    const cm_lexicon *lex = set->v[data[0] % set->n];
    cm_day pub = CM_DAY_NONE;
    if (data[0] / set->n % 8) {
        cm_day base;
        cm_day_from_ymd(2021, 8, 1, &base);
        pub = base + (int)(data[0] / set->n % 64) - 16;
    }
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    cm_arena *a = cm_arena_new();
    if (!a) return 0;
    cm_token *t;
    size_t nt;
    if (cm_tokenize(text, len, a, &t, &nt) != CM_OK) goto done;
    cm_lex_hit *h;
    size_t nh;
    if (cm_lex_scan(lex, t, nt, a, &h, &nh) != CM_OK) goto done;
    cm_date_ref *r1, *r2;
    size_t n1, n2;
    if (cm_date_scan(lex, t, nt, h, nh, a, &r1, &n1) != CM_OK) goto done;
    if (cm_date_scan(lex, t, nt, NULL, 0, a, &r2, &n2) != CM_OK) goto done;
    if (n1 != n2) __builtin_trap(); /* the hits are only a cache of the same scan */
    cm_date_resolve(r1, n1, pub, 0);
    check(r1, n1, len, nt);
    cm_day p;
    int year = 0;
    if (cm_date_infer_published(r2, n2, 2021, &p, &year)) {
        cm_day lo, hi;
        cm_day_from_ymd(1900, 1, 1, &lo);
        cm_day_from_ymd(2100, 12, 31, &hi);
        if (p < lo || p > hi) __builtin_trap();
        cm_date_resolve(r2, n2, p, year);
    } else {
        cm_date_resolve(r2, n2, CM_DAY_NONE, 2021);
    }
    check(r2, n2, len, nt);
    cm_date_ref *r3;
    size_t n3;
    if (cm_date_find(lex, text, len, pub, a, &r3, &n3) == CM_OK) check(r3, n3, len, nt);
done:
    cm_arena_free(a);
    return 0;
}
