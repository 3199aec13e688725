/* viewnames: gazetteer keys -> P-codes for the viewer's search (viewnames.h). */
#include "map/viewnames.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

typedef struct {
    const char *pcode, *key;
} pair;

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    int c = strcmp(x->pcode, y->pcode);
    return c ? c : strcmp(x->key, y->key);
}

/* A region, unit or place of the profile's country, below the country
 * itself (whose code the index records): what the viewer can show. */
static bool mappable(const cm_gaz *g, const cm_gaz_entry *e)
{
    return (e->kind == CM_PLACE_PROVINCE || e->kind == CM_PLACE_DISTRICT || e->kind == CM_PLACE_PPL) &&
           e->pcode[0] && strcmp(e->pcode, cm_gaz_country(g));
}

static int rank(const cm_gaz_entry *e)
{
    return e->kind == CM_PLACE_DISTRICT ? 3 : e->kind == CM_PLACE_PROVINCE ? 2 : 1;
}

/* The P-code a key leads to, or NULL: the only one its names give, else the
 * place finder's winner on the first name, else the highest unit. */
static const char *winner(const cm_gaz *g, const cm_gaz_hit *h, cm_arena *a)
{
    const char *only = NULL, *best = NULL, *surface = NULL;
    bool many = false;
    int best_rank = 0;
    uint32_t best_pop = 0;
    for (uint32_t i = h->first; i < h->first + h->count; i++) {
        cm_gaz_name nm;
        cm_gaz_entry e;
        cm_gaz_name_get(g, i, &nm);
        cm_gaz_entry_get(g, nm.entry, &e);
        if (!surface) surface = nm.surface;
        if (!mappable(g, &e)) continue;
        if (only && strcmp(only, e.pcode)) many = true;
        if (!only) only = e.pcode;
        if (rank(&e) > best_rank || (rank(&e) == best_rank && e.population > best_pop))
            best = e.pcode, best_rank = rank(&e), best_pop = e.population;
    }
    if (!many || !surface) return only;
    cm_mention *m;
    size_t nm = 0, n = strlen(surface);
    cm_arena_reset(a);
    if (cm_mention_find(g, surface, n, a, &m, &nm) == CM_OK && nm == 1 && m[0].off == 0 && m[0].len == n &&
        !m[0].foreign) {
        /* Return the index's own string (the mention's may live in the arena). */
        for (uint32_t i = h->first; i < h->first + h->count; i++) {
            cm_gaz_name nm2;
            cm_gaz_entry e;
            cm_gaz_name_get(g, i, &nm2);
            cm_gaz_entry_get(g, nm2.entry, &e);
            if (mappable(g, &e) && !strcmp(e.pcode, m[0].pcode)) return e.pcode;
        }
    }
    return best;
}

static cm_status put_pairs(cm_buf *out, const pair *p, size_t n)
{
    cm_status st = cm_buf_putc(out, '{');
    for (size_t i = 0; i < n && !st; i++) {
        bool open = !i || strcmp(p[i].pcode, p[i - 1].pcode);
        if (open) st = cm_buf_printf(out, "%s\"%s\":[", i ? "]," : "", p[i].pcode);
        else st = cm_buf_putc(out, ',');
        if (!st) st = cm_buf_json_str(out, p[i].key, strlen(p[i].key));
    }
    if (!st) st = cm_buf_puts(out, n ? "]}" : "}");
    return st;
}

cm_status cm_viewnames_json(const cm_gaz *g, cm_buf *out)
{
    size_t nk = cm_gaz_key_count(g), n = 0;
    pair *p = malloc((nk + 1) * sizeof *p);
    cm_arena *a = cm_arena_new();
    cm_status st = p && a ? CM_OK : CM_NOMEM;
    for (uint32_t k = 0; k < nk && !st; k++) {
        cm_gaz_hit h;
        cm_gaz_key_get(g, k, &h);
        const char *pc = h.count ? winner(g, &h, a) : NULL;
        /* the pcode lives in the index; the key too (both borrowed until close) */
        if (pc && h.key[0]) p[n++] = (pair){pc, h.key};
    }
    if (!st) qsort(p, n, sizeof *p, cmp_pair);
    if (!st) st = put_pairs(out, p, n);
    free(p);
    cm_arena_free(a);
    return st;
}
