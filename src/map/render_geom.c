/* render_geom: the geometry of a prepared map (part of render, see render.c).
 * Owns the projection of the view (its extent in CRS units, frame <-> lon/lat)
 * and the preparation of each unit: skipped when outside the view, simplified
 * in lon/lat (Douglas-Peucker), projected, converted to frame units and
 * clipped to the frame plus a margin (Sutherland-Hodgman); and the district
 * borders inside provinces, each kept once. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "geo/proj.h"
#include "map/render_impl.h"

/* ---- geometry preparation -------------------------------------------------- */

void scratch_free(scratch *s)
{
    free(s->a);
    free(s->b);
    free(s->keep);
    free(s->stack);
    free(s->out);
    free(s->ring);
    free(s->proj);
    free(s->pring);
    free(s->idx);
}

/* One Sutherland-Hodgman pass: keeps the side of axis (0 x, 1 y) where
 * sign*(v - lim) <= 0. */
static size_t clip_pass(const double *in, size_t n, double *out, int axis, double lim, double sign)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const double *c = in + 2 * i, *p = in + 2 * ((i + n - 1) % n);
        bool cin = sign * (c[axis] - lim) <= 0, pin = sign * (p[axis] - lim) <= 0;
        if (cin != pin) {
            double t = (lim - p[axis]) / (c[axis] - p[axis]);
            out[2 * m + axis] = lim;
            out[2 * m + 1 - axis] = p[1 - axis] + t * (c[1 - axis] - p[1 - axis]);
            m++;
        }
        if (cin) {
            out[2 * m] = c[0];
            out[2 * m + 1] = c[1];
            m++;
        }
    }
    return m;
}

static double seg_dist2(const double *p, const double *a, const double *b)
{
    double dx = b[0] - a[0], dy = b[1] - a[1], l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double ex = a[0] + t * dx - p[0], ey = a[1] + t * dy - p[1];
    return ex * ex + ey * ey;
}

/* Douglas-Peucker over pts[lo..hi] (iterative), marking keep[]. */
static void dp(const double *pts, size_t lo, size_t hi, double tol2, unsigned char *keep,
               uint32_t *stack)
{
    size_t sp = 0;
    stack[sp++] = (uint32_t)lo;
    stack[sp++] = (uint32_t)hi;
    while (sp) {
        size_t b = stack[--sp], a = stack[--sp];
        if (b <= a + 1) continue;
        double best = -1;
        size_t bi = a;
        for (size_t i = a + 1; i < b; i++) {
            double d = seg_dist2(pts + 2 * i, pts + 2 * a, pts + 2 * b);
            if (d > best) {
                best = d;
                bi = i;
            }
        }
        if (best > tol2) {
            keep[bi] = 1;
            stack[sp++] = (uint32_t)a;
            stack[sp++] = (uint32_t)bi;
            stack[sp++] = (uint32_t)bi;
            stack[sp++] = (uint32_t)b;
        }
    }
}

/* Douglas-Peucker on one closed ring of n points (x scaled by sx), keeping
 * the points whose removal would move the outline by more than tol; appends
 * the kept points (unscaled) to out. The ring is split at the point farthest
 * from its first one so both halves have distinct ends. Returns the number
 * kept (0 when fewer than 3 survive: below the output's resolution). */
static size_t simplify_ring(scratch *s, const double *pts, size_t n, double tol, double sx,
                            double *out)
{
    if (n < 3) return 0;
    if (!cm_grow((void **)&s->keep, &s->kcap, n + 1, 1) ||
        !cm_grow((void **)&s->stack, &s->scap, 2 * n + 8, sizeof(uint32_t)) ||
        !cm_grow((void **)&s->a, &s->acap, n + 1, 2 * sizeof(double)))
        return (size_t)-1;
    /* Radial pre-pass: points closer than tol/2 to the last one kept cannot
     * matter at this resolution; dropping them first makes the DP pass over
     * the dense OCHA outlines several times cheaper. idx maps back. */
    if (!cm_grow((void **)&s->idx, &s->icap, n + 1, sizeof(uint32_t))) return (size_t)-1;
    double *q = s->a, r2 = tol * tol / 4;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double x = pts[2 * i] * sx, y = pts[2 * i + 1];
        if (m && i + 1 < n) {
            double dx = x - q[2 * (m - 1)], dy = y - q[2 * (m - 1) + 1];
            if (dx * dx + dy * dy < r2) continue;
        }
        q[2 * m] = x;
        q[2 * m + 1] = y;
        s->idx[m++] = (uint32_t)i;
    }
    if (m < 3) return 0;
    n = m;
    q[2 * n] = q[0];
    q[2 * n + 1] = q[1];
    memset(s->keep, 0, n + 1);
    size_t far = 0;
    double fd = -1;
    for (size_t i = 1; i < n; i++) {
        double dx = q[2 * i] - q[0], dy = q[2 * i + 1] - q[1];
        if (dx * dx + dy * dy > fd) fd = dx * dx + dy * dy, far = i;
    }
    s->keep[0] = s->keep[far] = s->keep[n] = 1;
    if (tol > 0) {
        dp(q, 0, far, tol * tol, s->keep, s->stack);
        dp(q, far, n, tol * tol, s->keep, s->stack);
    } else {
        memset(s->keep, 1, n + 1);
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += s->keep[i];
    if (k < 3) return 0;
    k = 0;
    for (size_t i = 0; i < n; i++)
        if (s->keep[i]) {
            out[2 * k] = pts[2 * (size_t)s->idx[i]];
            out[2 * k + 1] = pts[2 * (size_t)s->idx[i] + 1];
            k++;
        }
    return k;
}

/* Clips one ring of n frame-unit points to the frame plus margin and appends
 * it to the unit being built. */
static bool ring_out(scratch *s, const double *pts, size_t n, double W, double H, double margin)
{
    if (n < 3) return true;
    double bx0 = HUGE_VAL, by0 = HUGE_VAL, bx1 = -HUGE_VAL, by1 = -HUGE_VAL;
    for (size_t i = 0; i < n; i++) {
        double x = pts[2 * i], y = pts[2 * i + 1];
        if (x < bx0) bx0 = x;
        if (x > bx1) bx1 = x;
        if (y < by0) by0 = y;
        if (y > by1) by1 = y;
    }
    double lx = -margin, ly = -margin, hx = W + margin, hy = H + margin;
    if (bx1 < lx || bx0 > hx || by1 < ly || by0 > hy) return true; /* wholly outside */
    if (bx0 < lx || bx1 > hx || by0 < ly || by1 > hy) {
        const double lim[4] = {lx, hx, ly, hy};
        const int axis[4] = {0, 0, 1, 1};
        const double sign[4] = {-1, 1, -1, 1};
        const double *in = pts;
        for (int k = 0; k < 4 && n >= 3; k++) {
            double **dst = (k % 2 == 0) ? &s->a : &s->b;
            size_t *cap = (k % 2 == 0) ? &s->acap : &s->bcap;
            if (!cm_grow((void **)dst, cap, 2 * n + 4, 2 * sizeof(double))) return false;
            n = clip_pass(in, n, *dst, axis[k], lim[k], sign[k]);
            in = *dst;
        }
        if (n < 3) return true;
        pts = in;
    }
    if (!cm_grow((void **)&s->out, &s->ocap, s->nout + n, 2 * sizeof(float))) return false;
    if (!cm_grow((void **)&s->ring, &s->rcap, s->nring + 2, sizeof(uint32_t))) return false;
    s->ring[s->nring++] = (uint32_t)s->nout;
    for (size_t i = 0; i < n; i++) {
        s->out[2 * s->nout] = (float)pts[2 * i];
        s->out[2 * s->nout + 1] = (float)pts[2 * i + 1];
        s->nout++;
    }
    return true;
}

static void to_frame(const cm_mapctx *m, double *xy)
{
    xy[0] = m->fx + (xy[0] - m->cx) * m->s;
    xy[1] = m->fy - (xy[1] - m->cy) * m->s;
}

/* Prepares one unit into g (arena memory): units outside the view are
 * skipped; the rest is simplified in lon/lat to tol_px at the view's scale
 * (so PROJ sees a fraction of the points), projected, converted to frame
 * units and clipped. */
cm_status prep(cm_mapctx *m, cm_ctx *ctx, scratch *s, const cm_geom_unit *u, double tol_px,
                      pgeom *g)
{
    memset(g, 0, sizeof *g);
    size_t n = u->rings.npts;
    if (n == 0) return CM_OK;
    if (m->have_ll_view && (u->bbox[2] < m->ll_view[0] || u->bbox[0] > m->ll_view[2] ||
                            u->bbox[3] < m->ll_view[1] || u->bbox[1] > m->ll_view[3]))
        return CM_OK;
    if (!cm_grow((void **)&s->proj, &s->pcap, n, 2 * sizeof(double)) ||
        !cm_grow((void **)&s->pring, &s->prcap, u->rings.nrings + 1, sizeof(uint32_t)))
        return cm_fail(ctx, CM_NOMEM, "out of memory");
    /* degrees of latitude per frame unit; longitudes scaled by cos(lat) */
    double tol_deg = tol_px * m->m_per_px / 111320.0;
    double sx = cos(((u->bbox[1] + u->bbox[3]) / 2) * PI / 180);
    size_t np = 0, nr = 0;
    for (uint32_t r = 0; r < u->rings.nrings; r++) {
        size_t a = u->rings.ring[r], b = u->rings.ring[r + 1];
        size_t k = simplify_ring(s, u->rings.xy + 2 * a, b - a, tol_deg, sx, s->proj + 2 * np);
        if (k == (size_t)-1) return cm_fail(ctx, CM_NOMEM, "out of memory");
        if (k == 0) continue;
        s->pring[nr++] = (uint32_t)np;
        np += k;
    }
    s->pring[nr] = (uint32_t)np;
    cm_status st = cm_proj_fwd(m->proj, ctx, s->proj, np, NULL);
    if (st) return st;
    s->nout = s->nring = 0;
    double margin = 64 * (m->k > 1 ? m->k : 1);
    for (size_t r = 0; r < nr; r++) {
        size_t a = s->pring[r], b = s->pring[r + 1], w = a;
        /* points PROJ could not project lie far outside any sensible view */
        for (size_t i = a; i < b; i++) {
            double *p = s->proj + 2 * i;
            if (p[0] == HUGE_VAL) continue;
            to_frame(m, p);
            s->proj[2 * w] = p[0];
            s->proj[2 * w + 1] = p[1];
            w++;
        }
        if (!ring_out(s, s->proj + 2 * a, w - a, m->W, m->H, margin))
            return cm_fail(ctx, CM_NOMEM, "out of memory");
    }
    if (s->nring == 0) return CM_OK;
    float *xy = cm_arena_calloc(m->arena, s->nout, 2 * sizeof(float));
    uint32_t *ring = cm_arena_calloc(m->arena, s->nring + 1, sizeof(uint32_t));
    if (!xy || !ring) return cm_fail(ctx, CM_NOMEM, "out of memory");
    memcpy(xy, s->out, s->nout * 2 * sizeof(float));
    memcpy(ring, s->ring, s->nring * sizeof(uint32_t));
    ring[s->nring] = (uint32_t)s->nout;
    g->xy = xy;
    g->ring = ring;
    g->nrings = (uint32_t)s->nring;
    g->npts = (uint32_t)s->nout;
    g->bbox[0] = g->bbox[1] = HUGE_VALF;
    g->bbox[2] = g->bbox[3] = -HUGE_VALF;
    for (size_t i = 0; i < s->nout; i++) {
        float x = xy[2 * i], y = xy[2 * i + 1];
        if (x < g->bbox[0]) g->bbox[0] = x;
        if (y < g->bbox[1]) g->bbox[1] = y;
        if (x > g->bbox[2]) g->bbox[2] = x;
        if (y > g->bbox[3]) g->bbox[3] = y;
    }
    return CM_OK;
}

/* ---- district borders, each once ----------------------------------------------
 * Stroking every district's outline draws each border twice, and the ones on
 * province borders a third time under the heavier province line. Here the
 * borders inside each province are found as the edges two of its districts
 * share (OCHA's districts share their vertices exactly), kept once and
 * chained into polylines: well under half the segments, the same picture.
 * Edges no other district of the province shares lie on the province's own
 * border, which the province outline draws. One small hash table per
 * province stays in the CPU cache (one table for the whole country, 16 MB of
 * random probes, cost more than it saved). */

static uint64_t vhash(const double *p)
{
    uint64_t a, b;
    memcpy(&a, p, 8);
    memcpy(&b, p + 1, 8);
    uint64_t h = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull + (a << 6) + (a >> 2));
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 29);
}

typedef struct {
    uint64_t key; /* 0: empty */
    uint32_t d1;  /* first district seen with this edge */
    uint32_t n;   /* how many districts have it */
} edge_slot;

static uint64_t ekey(const double *a, const double *b)
{
    uint64_t x = vhash(a), y = vhash(b), lo = x < y ? x : y, hi = x < y ? y : x;
    uint64_t k = lo * 0xD6E8FEB86659FD93ull ^ hi;
    k ^= k >> 32;
    return k ? k : 1;
}

static edge_slot *eslot(edge_slot *t, size_t mask, uint64_t k)
{
    size_t i = (size_t)(k ^ k >> 29) & mask;
    while (t[i].key && t[i].key != k) i = (i + 1) & mask;
    return &t[i];
}

/* Open Douglas-Peucker (ends fixed) on n lon/lat points, x scaled by sx;
 * appends the kept points to out and returns their number. */
static size_t simplify_line(scratch *s, const double *pts, size_t n, double tol, double sx, double *out)
{
    if (!cm_grow((void **)&s->keep, &s->kcap, n + 1, 1) ||
        !cm_grow((void **)&s->stack, &s->scap, 2 * n + 8, sizeof(uint32_t)) ||
        !cm_grow((void **)&s->a, &s->acap, n + 1, 2 * sizeof(double)) ||
        !cm_grow((void **)&s->idx, &s->icap, n + 1, sizeof(uint32_t)))
        return (size_t)-1;
    double *q = s->a, r2 = tol * tol / 4;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double x = pts[2 * i] * sx, y = pts[2 * i + 1];
        if (m && i + 1 < n) {
            double dx = x - q[2 * (m - 1)], dy = y - q[2 * (m - 1) + 1];
            if (dx * dx + dy * dy < r2) continue;
        }
        q[2 * m] = x, q[2 * m + 1] = y;
        s->idx[m++] = (uint32_t)i;
    }
    if (m < 2) return 0;
    memset(s->keep, 0, m);
    s->keep[0] = s->keep[m - 1] = 1;
    dp(q, 0, m - 1, tol * tol, s->keep, s->stack);
    size_t k = 0;
    for (size_t i = 0; i < m; i++)
        if (s->keep[i]) {
            out[2 * k] = pts[2 * (size_t)s->idx[i]];
            out[2 * k + 1] = pts[2 * (size_t)s->idx[i] + 1];
            k++;
        }
    return k;
}

static int by_parent(const void *a, const void *b)
{
    const cm_geom_unit *x = *(const cm_geom_unit *const *)a, *y = *(const cm_geom_unit *const *)b;
    int c = strcmp(x->parent, y->parent);
    return c ? c : (x < y ? -1 : x > y);
}

cm_status prep_district_lines(cm_mapctx *m, cm_ctx *ctx, scratch *s, const cm_geomstore *gs,
                                     double tol_px, pgeom *g)
{
    memset(g, 0, sizeof *g);
    g->open = true;
    size_t nd = cm_geomstore_count(gs, CM_GEOM_DISTRICT);
    const cm_geom_unit **u = malloc(nd * sizeof *u);
    edge_slot *t = NULL;
    uint64_t *keys = NULL; /* the province's edge keys, in ring order */
    size_t kcap = 0;
    unsigned char *want = NULL;
    double *line = NULL, *acc = NULL;
    uint32_t *acc_ring = NULL;
    size_t tcap = 0, wcap = 0, lcap = 0, nacc = 0, acap = 0, nar = 0, arcap = 0;
    cm_status st = CM_OK;
    if (!u) goto nomem;
    for (size_t d = 0; d < nd; d++) u[d] = cm_geomstore_get(gs, CM_GEOM_DISTRICT, d);
    qsort(u, nd, sizeof *u, by_parent);
    double tol_deg = tol_px * m->m_per_px / 111320.0;
    for (size_t p0 = 0, p1; p0 < nd; p0 = p1) {
        size_t ne = 0;
        for (p1 = p0; p1 < nd && !strcmp(u[p1]->parent, u[p0]->parent); p1++) ne += u[p1]->rings.npts;
        size_t cap = 256, ke = 0;
        while (cap < 2 * ne) cap *= 2;
        if (!cm_grow((void **)&t, &tcap, cap, sizeof *t) || !cm_grow((void **)&keys, &kcap, ne, sizeof *keys))
            goto nomem;
        memset(t, 0, cap * sizeof *t);
        for (size_t d = p0; d < p1; d++) {
            const cm_rings *r = &u[d]->rings;
            for (uint32_t k = 0; k < r->nrings; k++)
                for (uint32_t i = r->ring[k], a = i, b = r->ring[k + 1]; i < b; i++) {
                    uint64_t key = keys[ke++] = ekey(r->xy + 2 * i, r->xy + 2 * (i + 1 < b ? i + 1 : a));
                    edge_slot *e = eslot(t, cap - 1, key);
                    if (!e->key) e->key = key, e->d1 = (uint32_t)d, e->n = 1;
                    else if (e->d1 != d) e->n++;
                }
        }
        /* keep an edge where its first district is this one and another
         * district of the province shares it */
        ke = 0;
        for (size_t d = p0; d < p1; ke += u[d]->rings.npts, d++) {
            const cm_geom_unit *v = u[d];
            if (m->have_ll_view && (v->bbox[2] < m->ll_view[0] || v->bbox[0] > m->ll_view[2] ||
                                    v->bbox[3] < m->ll_view[1] || v->bbox[1] > m->ll_view[3]))
                continue;
            const cm_rings *r = &v->rings;
            double sx = cos(((v->bbox[1] + v->bbox[3]) / 2) * PI / 180);
            for (uint32_t k = 0; k < r->nrings; k++) {
                uint32_t a = r->ring[k], b = r->ring[k + 1], n = b - a;
                if (n < 2) continue;
                if (!cm_grow((void **)&want, &wcap, n, 1) || !cm_grow((void **)&line, &lcap, n + 2, 2 * sizeof(double)))
                    goto nomem;
                for (uint32_t j = 0; j < n; j++) {
                    const edge_slot *e = eslot(t, cap - 1, keys[ke + a + j]);
                    want[j] = e->d1 == d && e->n > 1;
                }
                /* chains start after an edge not drawn, so that none breaks
                 * at the ring's first point */
                uint32_t start = 0;
                while (start < n && want[start]) start++;
                if (start == n) start = 0; /* the whole ring (an enclave) */
                for (uint32_t c = 0; c < n;) {
                    uint32_t j = (start + c) % n;
                    if (!want[j]) {
                        c++;
                        continue;
                    }
                    size_t np = 0;
                    line[2 * np] = r->xy[2 * (a + j)], line[2 * np + 1] = r->xy[2 * (a + j) + 1], np++;
                    while (c < n && want[(start + c) % n]) {
                        uint32_t nx = a + ((start + c) % n + 1) % n;
                        line[2 * np] = r->xy[2 * nx], line[2 * np + 1] = r->xy[2 * nx + 1], np++;
                        c++;
                    }
                    if (!cm_grow((void **)&acc, &acap, nacc + np, 2 * sizeof(double)) ||
                        !cm_grow((void **)&acc_ring, &arcap, nar + 2, sizeof(uint32_t)))
                        goto nomem;
                    size_t kept = simplify_line(s, line, np, tol_deg, sx, acc + 2 * nacc);
                    if (kept == (size_t)-1) goto nomem;
                    if (kept >= 2) acc_ring[nar++] = (uint32_t)nacc, nacc += kept;
                }
            }
        }
    }
    if (nar == 0) goto done;
    acc_ring[nar] = (uint32_t)nacc;
    if ((st = cm_proj_fwd(m->proj, ctx, acc, nacc, NULL))) goto done;
    float *xy = cm_arena_calloc(m->arena, nacc, 2 * sizeof(float));
    uint32_t *ring = cm_arena_calloc(m->arena, nar + 1, sizeof(uint32_t));
    if (!xy || !ring) goto nomem;
    /* drop unprojectable points; a polyline keeps what is left */
    size_t w = 0, wr = 0;
    g->bbox[0] = g->bbox[1] = HUGE_VALF;
    g->bbox[2] = g->bbox[3] = -HUGE_VALF;
    for (size_t r2 = 0; r2 < nar; r2++) {
        size_t start = w;
        for (size_t i = acc_ring[r2]; i < acc_ring[r2 + 1]; i++) {
            if (acc[2 * i] == HUGE_VAL) continue;
            double p[2] = {acc[2 * i], acc[2 * i + 1]};
            to_frame(m, p);
            xy[2 * w] = (float)p[0], xy[2 * w + 1] = (float)p[1];
            g->bbox[0] = fminf(g->bbox[0], xy[2 * w]), g->bbox[1] = fminf(g->bbox[1], xy[2 * w + 1]);
            g->bbox[2] = fmaxf(g->bbox[2], xy[2 * w]), g->bbox[3] = fmaxf(g->bbox[3], xy[2 * w + 1]);
            w++;
        }
        if (w - start >= 2) ring[wr++] = (uint32_t)start;
        else w = start;
    }
    ring[wr] = (uint32_t)w;
    g->xy = xy, g->ring = ring, g->nrings = (uint32_t)wr, g->npts = (uint32_t)w;
    goto done;
nomem:
    st = cm_fail(ctx, CM_NOMEM, "out of memory preparing district borders");
done:
    free(u);
    free(t);
    free(keys);
    free(want);
    free(line);
    free(acc);
    free(acc_ring);
    return st;
}

bool cm_mapctx_lonlat_to_px(const cm_mapctx *m, double lon, double lat, double *x, double *y)
{
    double xy[2] = {lon, lat};
    size_t bad = 0;
    cm_mapctx *mm = (cm_mapctx *)m; /* the lazily made proj and the lock: not the map */
    pthread_mutex_lock(&mm->lock);
    cm_status st = CM_OK;
    if (!mm->proj) { /* a map read from the cache; the CRS was checked when it was written */
        cm_ctx *pc = cm_ctx_new();
        st = pc ? cm_proj_new(pc, mm->crs, &mm->proj) : CM_NOMEM;
        cm_ctx_free(pc);
    }
    if (!st) st = cm_proj_fwd(mm->proj, NULL, xy, 1, &bad);
    pthread_mutex_unlock(&mm->lock);
    if (st || bad) return false;
    to_frame(m, xy);
    *x = xy[0];
    *y = xy[1];
    return true;
}

/* Frame point -> lon/lat (for the scale bar and north arrow). */
bool px_to_lonlat(cm_mapctx *m, double x, double y, double *lon, double *lat)
{
    double xy[2] = {m->cx + (x - m->fx) / m->s, m->cy - (y - m->fy) / m->s};
    size_t bad = 0;
    if (cm_proj_inv(m->proj, NULL, xy, 1, &bad) || bad) return false;
    *lon = xy[0];
    *lat = xy[1];
    return true;
}

/* The view in CRS units: the bbox's outline densified and projected. */
cm_status view_extent(cm_mapctx *m, cm_ctx *ctx, const double *bb, double ext[4])
{
    enum { N = 24 };
    double xy[8 * N];
    for (int i = 0; i < N; i++) {
        double t = (double)i / N;
        double *q = xy + 8 * i;
        q[0] = bb[0] + t * (bb[2] - bb[0]), q[1] = bb[1];
        q[2] = bb[2], q[3] = bb[1] + t * (bb[3] - bb[1]);
        q[4] = bb[2] - t * (bb[2] - bb[0]), q[5] = bb[3];
        q[6] = bb[0], q[7] = bb[3] - t * (bb[3] - bb[1]);
    }
    cm_status st = cm_proj_fwd(m->proj, ctx, xy, 4 * N, NULL);
    if (st) return st;
    ext[0] = ext[1] = HUGE_VAL;
    ext[2] = ext[3] = -HUGE_VAL;
    for (int i = 0; i < 4 * N; i++) {
        if (xy[2 * i] == HUGE_VAL) continue;
        if (xy[2 * i] < ext[0]) ext[0] = xy[2 * i];
        if (xy[2 * i + 1] < ext[1]) ext[1] = xy[2 * i + 1];
        if (xy[2 * i] > ext[2]) ext[2] = xy[2 * i];
        if (xy[2 * i + 1] > ext[3]) ext[3] = xy[2 * i + 1];
    }
    if (!(ext[2] > ext[0]) || !(ext[3] > ext[1]))
        return cm_fail(ctx, CM_PROJ, "the view %g,%g,%g,%g cannot be shown in CRS %s", bb[0], bb[1],
                       bb[2], bb[3], cm_proj_name(m->proj));
    return CM_OK;
}
