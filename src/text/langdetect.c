/* langdetect: which lexicon a text is written in (see langdetect.h), by the
 * lexicons' stop words, then their own phrases. */
#include "text/langdetect.h"

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"

int cm_lexset_detect(const cm_lexset *set, const cm_token *t, size_t n)
{
    if (n > 600) n = 600; /* a few hundred words settle it */
    int best = -1;
    size_t bestc = 0;
    for (size_t l = 0; l < set->n; l++) {
        size_t c = 0;
        for (size_t i = 0; i < n; i++)
            if (t[i].kind == CM_TOK_WORD && cm_lex_is_stop(set->v[l], &t[i])) c++;
        if (c > bestc) {
            bestc = c;
            best = (int)l;
        }
    }
    if (bestc >= 3) return best;
    /* A short text ("Taliban merebut Kunduz."): count the language's own
     * words too — verbs, negation, hedges, clause and place words — but not
     * actors, whose names ("Taliban") every language shares. */
    const uint32_t own = (1u << CM_LEX_ACTION) | (1u << CM_LEX_NEGATION) | (1u << CM_LEX_HEDGE) |
                         (1u << CM_LEX_BOUNDARY) | (1u << CM_LEX_ATTRIBUTION) |
                         (1u << CM_LEX_PLACEWORD) | (1u << CM_LEX_LIST) | (1u << CM_LEX_IRREALIS);
    cm_arena *a = cm_arena_new();
    if (!a) return -1;
    size_t m = n > 400 ? 400 : n;
    best = -1;
    bestc = 0;
    bool tie = false;
    for (size_t l = 0; l < set->n; l++) {
        size_t c = 0, nh;
        cm_lex_hit *h;
        for (size_t i = 0; i < m; i++)
            if (t[i].kind == CM_TOK_WORD && cm_lex_is_stop(set->v[l], &t[i])) c++;
        if (cm_lex_scan(set->v[l], t, m, a, &h, &nh) == CM_OK)
            for (size_t k = 0; k < nh; k++)
                if (h[k].kinds & own) c++;
        if (c > bestc) {
            bestc = c;
            best = (int)l;
            tie = false;
        } else if (c == bestc && c) {
            tie = true;
        }
        cm_arena_reset(a);
    }
    cm_arena_free(a);
    return bestc && !tie ? best : -1;
}
