/* hier: a sorted array of (code, parent) pairs, binary-searched; strings in
 * an arena. libc only. */
#include "model/hier.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"

typedef struct {
    const char *code, *parent; /* parent NULL: on top */
} link;

struct cm_hier {
    link *v; /* sorted by code */
    size_t n, cap;
    cm_arena *a;
};

cm_hier *cm_hier_new(void)
{
    cm_hier *h = calloc(1, sizeof *h);
    if (h && !(h->a = cm_arena_new())) {
        free(h);
        return NULL;
    }
    return h;
}

void cm_hier_free(cm_hier *h)
{
    if (!h) return;
    free(h->v);
    cm_arena_free(h->a);
    free(h);
}

size_t cm_hier_count(const cm_hier *h) { return h->n; }

/* Index of code, or where it would go (*found false). */
static size_t find(const cm_hier *h, const char *code, int *found)
{
    size_t lo = 0, hi = h->n;
    *found = 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(h->v[mid].code, code);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

cm_status cm_hier_set(cm_hier *h, cm_ctx *ctx, const char *code, const char *parent)
{
    if (!code || !*code) return cm_fail(ctx, CM_RANGE, "a unit without a code");
    const char *p = parent && *parent ? cm_arena_strdup(h->a, parent) : NULL;
    if (parent && *parent && !p) return cm_fail(ctx, CM_NOMEM, "out of memory");
    int found;
    size_t i = find(h, code, &found);
    if (found) {
        h->v[i].parent = p;
        return CM_OK;
    }
    const char *c = cm_arena_strdup(h->a, code);
    if (!c || !cm_grow((void **)&h->v, &h->cap, h->n + 1, sizeof *h->v))
        return cm_fail(ctx, CM_NOMEM, "out of memory");
    memmove(&h->v[i + 1], &h->v[i], (h->n - i) * sizeof *h->v);
    h->v[i] = (link){c, p};
    h->n++;
    return CM_OK;
}

bool cm_hier_has(const cm_hier *h, const char *code)
{
    int found = 0;
    if (code) find(h, code, &found);
    return found;
}

const char *cm_hier_parent(void *ud, const char *code)
{
    const cm_hier *h = ud;
    int found;
    size_t i = h && code ? find(h, code, &found) : 0;
    return h && code && found ? h->v[i].parent : NULL;
}
