/* offmap: segment list and its two look-ups (binary search). */
#include "core/offmap.h"

#include <stdlib.h>

cm_status cm_offmap_add(cm_offmap *m, size_t t, size_t nt, size_t f, size_t nf)
{
    if (!nt) return CM_OK;
    if (m->n) {
        cm_offseg *l = &m->v[m->n - 1];
        if (l->nt == l->nf && nt == nf && l->t + l->nt == t && l->f + l->nf == f) {
            l->nt += nt;
            l->nf += nf;
            return CM_OK;
        }
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        cm_offseg *v = realloc(m->v, cap * sizeof *v);
        if (!v) return CM_NOMEM;
        m->v = v;
        m->cap = cap;
    }
    m->v[m->n++] = (cm_offseg){.t = t, .nt = nt, .f = f, .nf = nf};
    return CM_OK;
}

/* The last segment with v[k].t <= t; n when none. */
static size_t find(const cm_offmap *m, size_t t)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->v[mid].t <= t) lo = mid + 1;
        else hi = mid;
    }
    return lo ? lo - 1 : m->n;
}

size_t cm_offmap_start(const cm_offmap *m, size_t t)
{
    if (!m || !m->n) return t;
    size_t k = find(m, t);
    if (k == m->n) return m->v[0].f;
    const cm_offseg *s = &m->v[k];
    if (t >= s->t + s->nt) return s->f + s->nf; /* a gap: where the last piece ended */
    return s->nt == s->nf ? s->f + (t - s->t) : s->f;
}

size_t cm_offmap_end(const cm_offmap *m, size_t t)
{
    if (!m || !m->n) return t;
    if (!t) return m->v[0].f;
    size_t k = find(m, t - 1);
    if (k == m->n) return m->v[0].f;
    const cm_offseg *s = &m->v[k];
    if (t - 1 >= s->t + s->nt || s->nt != s->nf) return s->f + s->nf;
    return s->f + (t - s->t);
}

cm_status cm_offmap_add_via(cm_offmap *m, size_t t, size_t nt, size_t u, size_t nu,
                            const cm_offmap *via)
{
    if (!via || !via->n) return cm_offmap_add(m, t, nt, u, nu);
    if (nt != nu) {
        size_t f = cm_offmap_start(via, u);
        return cm_offmap_add(m, t, nt, f, cm_offmap_end(via, u + nu) - f);
    }
    for (size_t k = find(via, u); k < via->n && nt; k++) {
        const cm_offseg *s = &via->v[k];
        if (u >= s->t + s->nt) continue; /* u in a gap after s */
        size_t x = u > s->t ? u : s->t, y = s->t + s->nt < u + nu ? s->t + s->nt : u + nu;
        if (y <= x) break;
        cm_status st = s->nt == s->nf ? cm_offmap_add(m, t + (x - u), y - x, s->f + (x - s->t), y - x)
                                      : cm_offmap_add(m, t + (x - u), y - x, s->f, s->nf);
        if (st) return st;
    }
    return CM_OK;
}

void cm_offmap_truncate(cm_offmap *m, size_t t)
{
    while (m->n && m->v[m->n - 1].t >= t) m->n--;
    if (!m->n) return;
    cm_offseg *l = &m->v[m->n - 1];
    if (l->t + l->nt <= t) return;
    if (l->nt == l->nf) l->nf = t - l->t;
    l->nt = t - l->t;
}

void cm_offmap_free(cm_offmap *m)
{
    free(m->v);
    *m = (cm_offmap){0};
}
