/* render: prepared geometry and one frame of the control map.
 *
 * cm_mapctx_new does everything that does not depend on the date: projection
 * (PROJ, whole arrays), conversion to frame units, Sutherland-Hodgman
 * clipping to the frame plus a margin, Douglas-Peucker simplification to a
 * fraction of a pixel, and the placement of names, legend, scale bar and north
 * arrow. Names are placed against coverage masks (an A8 Cairo surface per
 * unit, read through a summed-area table), so "is this label box inside its
 * province and clear of Afghanistan" is O(1) per candidate position.
 * cm_map_render then only builds Cairo paths from float arrays and draws.
 * Knows no file formats. Must not depend on OGR or the CLI. */
#define _POSIX_C_SOURCE 200809L
#include "map/render.h"

#include <math.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "geo/proj.h"
#include "map/render_impl.h"

#define PI 3.14159265358979323846

/* Fontconfig 2.14 loses memory while parsing its own configuration
 * (FcInitLoadConfigAndFonts, reached through Pango); nothing here can free
 * it. LeakSanitizer reads these hooks in sanitized builds of every program that
 * draws maps (render.c is linked into all of them); elsewhere they are unused
 * functions. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }
const char *__lsan_default_options(void);
__attribute__((used)) const char *__lsan_default_options(void) { return "print_suppressions=0"; }

static const char *const month_name[12] = {"January", "February", "March",     "April",
                                           "May",     "June",     "July",      "August",
                                           "September", "October", "November", "December"};

/* ---- small helpers ---------------------------------------------------------- */

/* Hands freed heap pages back to the system. Reading and preparing the
 * boundaries leaves ~20 MB of freed chunks under the map's long-lived
 * memory, which glibc would otherwise keep in the process for good; a series
 * then carries them through every frame. */
static void release_heap(void)
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

static void set_rgba(cairo_t *cr, cm_rgba c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

static bool rect_hit(rect a, rect b, double gap)
{
    return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap &&
           b.y < a.y + a.h + gap;
}

static void add_path(cairo_t *cr, const pgeom *g)
{
    for (uint32_t r = 0; r < g->nrings; r++) {
        const float *p = g->xy + 2 * (size_t)g->ring[r];
        uint32_t n = g->ring[r + 1] - g->ring[r];
        cairo_move_to(cr, p[0], p[1]);
        for (uint32_t i = 1; i < n; i++) cairo_line_to(cr, p[2 * i], p[2 * i + 1]);
        if (!g->open) cairo_close_path(cr);
    }
}

static bool geom_visible(const pgeom *g, double W, double H, double margin)
{
    return g->nrings && g->bbox[2] >= -margin && g->bbox[0] <= W + margin && g->bbox[3] >= -margin &&
           g->bbox[1] <= H + margin;
}

/* ---- geometry preparation -------------------------------------------------- */

typedef struct {
    double *a, *b;      /* clip ping-pong buffers (pairs) */
    size_t acap, bcap;  /* pairs */
    unsigned char *keep;
    uint32_t *stack;
    size_t kcap, scap;
    float *out;         /* simplified points of the current unit */
    size_t nout, ocap;
    uint32_t *ring;
    size_t nring, rcap;
    double *proj;       /* simplified, then projected points of the current unit */
    size_t pcap;
    uint32_t *pring;    /* their ring offsets */
    size_t prcap;
    uint32_t *idx;      /* simplify_ring: source index of each pre-filtered point */
    size_t icap;
} scratch;

static void scratch_free(scratch *s)
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
static cm_status prep(cm_mapctx *m, cm_ctx *ctx, scratch *s, const cm_geom_unit *u, double tol_px,
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

static cm_status prep_district_lines(cm_mapctx *m, cm_ctx *ctx, scratch *s, const cm_geomstore *gs,
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

/* ---- coverage masks ---------------------------------------------------------- */

typedef struct {
    double ox, oy; /* frame position of mask pixel (0,0) */
    double s;      /* mask pixels per frame unit */
    int w, h;
    uint32_t *sat; /* (w+1)*(h+1) summed-area table of 0..255 coverage */
} mask;

static void mask_free(mask *mk)
{
    free(mk->sat);
    mk->sat = NULL;
}

/* Rasterises the union of g[0..ng) over the frame rectangle r at s. */
static bool mask_build(mask *mk, const pgeom *const *g, size_t ng, rect r, double s)
{
    memset(mk, 0, sizeof *mk);
    mk->ox = r.x;
    mk->oy = r.y;
    mk->s = s;
    mk->w = (int)ceil(r.w * s);
    mk->h = (int)ceil(r.h * s);
    if (mk->w < 1) mk->w = 1;
    if (mk->h < 1) mk->h = 1;
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_A8, mk->w, mk->h);
    if (cairo_surface_status(sf)) {
        cairo_surface_destroy(sf);
        return false;
    }
    cairo_t *cr = cairo_create(sf);
    cairo_scale(cr, s, s);
    cairo_translate(cr, -r.x, -r.y);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (size_t i = 0; i < ng; i++) add_path(cr, g[i]);
    cairo_set_source_rgba(cr, 0, 0, 0, 1);
    cairo_fill(cr);
    cairo_destroy(cr);
    cairo_surface_flush(sf);
    const unsigned char *d = cairo_image_surface_get_data(sf);
    int stride = cairo_image_surface_get_stride(sf);
    size_t cells;
    bool ok = cm_size_mul((size_t)(mk->w + 1), (size_t)(mk->h + 1), &cells);
    mk->sat = ok ? calloc(cells, sizeof(uint32_t)) : NULL;
    if (mk->sat) {
        size_t W1 = (size_t)mk->w + 1;
        for (int y = 0; y < mk->h; y++) {
            uint32_t row = 0;
            const unsigned char *line = d + (size_t)y * (size_t)stride;
            uint32_t *cur = mk->sat + (size_t)(y + 1) * W1, *prev = mk->sat + (size_t)y * W1;
            for (int x = 0; x < mk->w; x++) {
                row += line[x];
                cur[x + 1] = prev[x + 1] + row;
            }
        }
    }
    cairo_surface_destroy(sf);
    return mk->sat != NULL;
}

/* Fraction of rectangle r (frame units) covered; parts outside the mask
 * count as uncovered. */
static double mask_cov(const mask *mk, rect r)
{
    if (!mk->sat || r.w <= 0 || r.h <= 0) return 0;
    double fx0 = (r.x - mk->ox) * mk->s, fy0 = (r.y - mk->oy) * mk->s;
    double fx1 = (r.x + r.w - mk->ox) * mk->s, fy1 = (r.y + r.h - mk->oy) * mk->s;
    int x0 = (int)floor(fx0), y0 = (int)floor(fy0), x1 = (int)ceil(fx1), y1 = (int)ceil(fy1);
    double full = (double)(x1 - x0) * (double)(y1 - y0);
    if (full <= 0) return 0;
    if (x0 < 0) x0 = 0;
    if (y0 < 0) y0 = 0;
    if (x1 > mk->w) x1 = mk->w;
    if (y1 > mk->h) y1 = mk->h;
    if (x1 <= x0 || y1 <= y0) return 0;
    size_t W1 = (size_t)mk->w + 1;
    double sum = (double)mk->sat[(size_t)y1 * W1 + (size_t)x1] - mk->sat[(size_t)y0 * W1 + (size_t)x1] -
                 mk->sat[(size_t)y1 * W1 + (size_t)x0] + mk->sat[(size_t)y0 * W1 + (size_t)x0];
    return sum / (255.0 * full);
}

/* ---- text -------------------------------------------------------------------- */

/* A layout with metrics independent of the surface (no hinting), so that
 * boxes measured at preparation hold on PNG, SVG and PDF alike. */
static PangoLayout *text_layout(cairo_t *cr, const char *family, double size, int weight,
                                double spacing, const char *text)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pango_layout_get_context(l), fo);
    cairo_font_options_destroy(fo);
    pango_layout_context_changed(l);
    PangoFontDescription *fd = pango_font_description_from_string(family);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, (PangoWeight)weight);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (spacing > 0) {
        PangoAttrList *al = pango_attr_list_new();
        pango_attr_list_insert(al, pango_attr_letter_spacing_new((int)(spacing * PANGO_SCALE)));
        pango_layout_set_attributes(l, al);
        pango_attr_list_unref(al);
    }
    pango_layout_set_text(l, text, -1);
    return l;
}

/* Size and offset of the logical box (ink = false: line height, for rows of
 * text) or of the ink box (ink = true: the glyphs themselves, for names on
 * the map, where the line spacing of a tall Arabic font would waste room). */
static void layout_box(PangoLayout *l, bool ink, double *w, double *h, double *lx, double *ly)
{
    PangoRectangle in, lg;
    pango_layout_get_extents(l, &in, &lg);
    PangoRectangle *r = ink ? &in : &lg;
    *w = (double)r->width / PANGO_SCALE;
    *h = (double)r->height / PANGO_SCALE;
    if (lx) *lx = (double)r->x / PANGO_SCALE;
    if (ly) *ly = (double)r->y / PANGO_SCALE;
}

static void layout_size(PangoLayout *l, double *w, double *h, double *lx, double *ly)
{
    layout_box(l, false, w, h, lx, ly);
}

static void text_measure_ink(cairo_t *cr, const char *family, double size, int weight, double spacing,
                             const char *text, double *w, double *h)
{
    PangoLayout *l = text_layout(cr, family, size, weight, spacing, text);
    layout_box(l, true, w, h, NULL, NULL);
    g_object_unref(l);
}

static void text_measure(cairo_t *cr, const char *family, double size, int weight, double spacing,
                         const char *text, double *w, double *h)
{
    PangoLayout *l = text_layout(cr, family, size, weight, spacing, text);
    layout_size(l, w, h, NULL, NULL);
    g_object_unref(l);
}

/* Draws text with its logical box's top-left at (x, y); a halo when halo_w > 0. */
/* Draws text with its logical box's top-left at (x, y); a halo when halo_w > 0.
 * The halo strokes the glyph outlines; the glyphs themselves are shown as
 * glyphs (Cairo's glyph cache on images, one <symbol> per glyph in SVG). */
static void text_draw_box(cairo_t *cr, const char *family, double size, int weight, double spacing,
                          const char *text, bool ink, double x, double y, cm_rgba fill, cm_rgba halo,
                          double halo_w)
{
    PangoLayout *l = text_layout(cr, family, size, weight, spacing, text);
    double w, h, lx, ly;
    layout_box(l, ink, &w, &h, &lx, &ly);
    cairo_new_path(cr);
    if (halo_w > 0 && halo.a > 0) {
        cairo_move_to(cr, x - lx, y - ly);
        pango_cairo_layout_path(cr, l);
        set_rgba(cr, halo);
        cairo_set_line_width(cr, 2 * halo_w);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
    }
    cairo_move_to(cr, x - lx, y - ly);
    set_rgba(cr, fill);
    pango_cairo_show_layout(cr, l);
    cairo_new_path(cr);
    g_object_unref(l);
}

static void text_draw(cairo_t *cr, const char *family, double size, int weight, double spacing,
                      const char *text, double x, double y, cm_rgba fill, cm_rgba halo, double halo_w)
{
    text_draw_box(cr, family, size, weight, spacing, text, false, x, y, fill, halo, halo_w);
}

static const char *latin_family(const cm_mapctx *m) { return m->st.font; }

/* Room around a name's glyphs for its halo (and a hair more). */
static double label_pad(const cm_mapctx *m, bool neighbour)
{
    return m->st.label_halo_w * m->k * (neighbour ? 0.6 : 1) + 0.5 * m->k;
}

/* ---- legend, scale bar, north arrow ------------------------------------------- */

static const char *const ctrl_label[5] = {"Taliban", "Government", "Resistance (NRF)", "Contested",
                                          "No information"};

static void marker_path(cairo_t *cr, cm_mark_action a, double x, double y, double d);
static void marker_draw(const cm_mapctx *m, cairo_t *cr, cm_mark_action a, double x, double y,
                        double d);
static void swatch(const cm_mapctx *m, cairo_t *cr, int kind, rect r);

/* Lays out the legend with its top-left at (x, y); draws it when draw is set.
 * events: bit per action to list (0: no events section). Returns the size. */
static void legend_layout(const cm_mapctx *m, cairo_t *cr, double x, double y, unsigned events,
                          bool draw, double *w_out, double *h_out)
{
    double k = m->k, pad = 10 * k, fs = m->st.legend_size * k, sw = 26 * k, sh = 15 * k;
    double gap = 8 * k, rowgap = 5 * k;
    const char *fam = latin_family(m);
    double tw, th, maxw = 0, cy = y + pad;
    /* heading */
    text_measure(cr, fam, fs * 1.05, PANGO_WEIGHT_BOLD, 0, "Control", &tw, &th);
    if (draw) text_draw(cr, fam, fs * 1.05, PANGO_WEIGHT_BOLD, 0, "Control", x + pad, cy, m->st.text, m->st.text, 0);
    maxw = tw;
    cy += th + rowgap;
    for (int i = 0; i < 6; i++) {
        const char *t = i < 5 ? ctrl_label[i] : "Changed since the day before";
        text_measure(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, t, &tw, &th);
        double rh = th > sh ? th : sh;
        if (draw) {
            swatch(m, cr, i, (rect){x + pad, cy + (rh - sh) / 2, sw, sh});
            text_draw(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, t, x + pad + sw + gap, cy + (rh - th) / 2,
                      m->st.text, m->st.text, 0);
        }
        if (sw + gap + tw > maxw) maxw = sw + gap + tw;
        cy += rh + rowgap;
    }
    if (events) {
        cy += rowgap;
        text_measure(cr, fam, fs * 1.05, PANGO_WEIGHT_BOLD, 0, "Events", &tw, &th);
        if (draw) text_draw(cr, fam, fs * 1.05, PANGO_WEIGHT_BOLD, 0, "Events", x + pad, cy, m->st.text, m->st.text, 0);
        cy += th + rowgap;
        /* two columns */
        int idx[CM_MARK_COUNT], n = 0;
        for (int a = 0; a < CM_MARK_COUNT; a++)
            if (events & (1u << a)) idx[n++] = a;
        int rows = (n + 1) / 2;
        double colw = 0, rh = 0;
        for (int i = 0; i < n; i++) {
            text_measure(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, cm_mark_action_name((cm_mark_action)idx[i]), &tw, &th);
            if (sh + gap + tw > colw) colw = sh + gap + tw;
            if (th > rh) rh = th;
        }
        colw += 2 * gap;
        for (int i = 0; i < n; i++) {
            int col = i / rows, row = i % rows;
            double ix = x + pad + col * colw, iy = cy + row * (rh + rowgap);
            if (draw) {
                marker_draw(m, cr, (cm_mark_action)idx[i], ix + sh / 2, iy + rh / 2, sh);
                text_draw(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, cm_mark_action_name((cm_mark_action)idx[i]),
                          ix + sh + gap, iy, m->st.text, m->st.text, 0);
            }
        }
        if (2 * colw - 2 * gap > maxw) maxw = 2 * colw - 2 * gap;
        cy += rows * (rh + rowgap);
    }
    *w_out = maxw + 2 * pad;
    *h_out = cy - y + pad - rowgap;
}

static double nice_km(double km)
{
    double p = pow(10, floor(log10(km))), f = km / p;
    return (f >= 5 ? 5 : f >= 2 ? 2 : 1) * p;
}

static void fmt_km(char *buf, size_t n, double km)
{
    if (km >= 1) snprintf(buf, n, "%.0f", km);
    else snprintf(buf, n, "%g", km);
}

/* Scale bar with the north arrow to its right; top-left at (x, y). */
static void scalebox_layout(const cm_mapctx *m, cairo_t *cr, double x, double y, bool draw,
                            double *w_out, double *h_out)
{
    double k = m->k, pad = 10 * k, fs = m->st.scalebar_size * k, bh = 7 * k;
    const char *fam = latin_family(m);
    char a[32], b[32], c[48];
    fmt_km(a, sizeof a, m->scale_km / 2);
    fmt_km(b, sizeof b, m->scale_km);
    snprintf(c, sizeof c, "%s km", b);
    double tw, th, cw = 0, ch = 0;
    if (!m->no_text) text_measure(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, c, &cw, &ch);
    double arrow_h = 46 * k, arrow_w = 22 * k;
    double barx = x + pad + 4 * k, bary = y + pad + arrow_h - bh - ch - 4 * k;
    if (bary < y + pad) bary = y + pad;
    double w = pad + 4 * k + m->scale_px + cw / 2 + 14 * k + arrow_w + pad;
    double h = pad + arrow_h + pad;
    if (draw) {
        cairo_save(cr);
        cairo_set_line_width(cr, 1 * k);
        for (int i = 0; i < 4; i++) {
            cairo_rectangle(cr, barx + i * m->scale_px / 4, bary, m->scale_px / 4, bh);
            if (i % 2 == 0) set_rgba(cr, m->st.text);
            else cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_fill_preserve(cr);
            set_rgba(cr, m->st.text);
            cairo_stroke(cr);
        }
        const char *labs[3] = {"0", a, c};
        double at[3] = {barx, barx + m->scale_px / 2, barx + m->scale_px};
        for (int i = 0; i < 3 && !m->no_text; i++) {
            text_measure(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, labs[i], &tw, &th);
            double tx = at[i] - tw / 2;
            if (i == 2) { /* centre the number, not "100 km", on the bar's end */
                double nw, nh;
                text_measure(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, b, &nw, &nh);
                tx = at[i] - nw / 2;
            }
            text_draw(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, labs[i], tx, bary + bh + 3 * k, m->st.text,
                      m->st.text, 0);
        }
        /* north arrow, rotated to true north */
        double ax = x + w - pad - arrow_w / 2, ay = y + pad + arrow_h * 0.62;
        cairo_translate(cr, ax, ay);
        cairo_rotate(cr, m->north_deg * PI / 180);
        double L = arrow_h * 0.5, B = arrow_w * 0.42;
        cairo_move_to(cr, 0, -L);
        cairo_line_to(cr, -B, L * 0.55);
        cairo_line_to(cr, 0, L * 0.3);
        cairo_close_path(cr);
        set_rgba(cr, m->st.text);
        cairo_fill(cr);
        cairo_move_to(cr, 0, -L);
        cairo_line_to(cr, B, L * 0.55);
        cairo_line_to(cr, 0, L * 0.3);
        cairo_close_path(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        set_rgba(cr, m->st.text);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        if (!m->no_text) {
            text_measure(cr, fam, fs * 1.1, PANGO_WEIGHT_BOLD, 0, "N", &tw, &th);
            text_draw(cr, fam, fs * 1.1, PANGO_WEIGHT_BOLD, 0, "N", -tw / 2, -L - th - 1 * k, m->st.text,
                      m->st.text, 0);
        }
        cairo_restore(cr);
    }
    *w_out = w;
    *h_out = h;
}

static void hatch(cairo_t *cr, double x0, double y0, double x1, double y1, double sp)
{
    /* Lines x - y = c, anchored to the frame origin so neighbouring
     * districts' hatching lines up. */
    double c0 = floor((x0 - y1) / sp) * sp, c1 = x1 - y0;
    for (double c = c0; c <= c1; c += sp) {
        cairo_move_to(cr, y0 + c, y0);
        cairo_line_to(cr, y1 + c, y1);
    }
}

/* Legend swatch: 0..4 the controllers in ctrl_label order, 5 "changed". */
static void swatch(const cm_mapctx *m, cairo_t *cr, int kind, rect r)
{
    const cm_style *st = &m->st;
    cm_rgba fill = kind == 0 ? st->taliban : kind == 1 ? st->government : kind == 2 ? st->resistance
                 : kind == 3 ? st->contested : st->none;
    cairo_save(cr);
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    set_rgba(cr, fill);
    cairo_fill_preserve(cr);
    if (kind == 3) {
        cairo_clip_preserve(cr);
        cairo_new_path(cr);
        hatch(cr, r.x, r.y, r.x + r.w, r.y + r.h, st->hatch_spacing * m->k);
        set_rgba(cr, st->contested_hatch);
        cairo_set_line_width(cr, st->hatch_w * m->k);
        cairo_stroke(cr);
        cairo_reset_clip(cr);
        cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    }
    if (kind == 5) {
        set_rgba(cr, st->changed_line);
        cairo_set_line_width(cr, st->changed_w * m->k * 0.8);
    } else {
        set_rgba(cr, st->panel_line);
        cairo_set_line_width(cr, 0.8 * m->k);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void marker_path(cairo_t *cr, cm_mark_action a, double x, double y, double d)
{
    double r = d / 2;
    switch (a) {
    case CM_MARK_CAPTURE: /* triangle up */
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r * 0.95, y + r * 0.72);
        cairo_line_to(cr, x - r * 0.95, y + r * 0.72);
        cairo_close_path(cr);
        break;
    case CM_MARK_RETAKE: /* triangle down */
        cairo_move_to(cr, x, y + r);
        cairo_line_to(cr, x + r * 0.95, y - r * 0.72);
        cairo_line_to(cr, x - r * 0.95, y - r * 0.72);
        cairo_close_path(cr);
        break;
    case CM_MARK_HOLD: /* square */
        cairo_rectangle(cr, x - r * 0.78, y - r * 0.78, r * 1.56, r * 1.56);
        break;
    case CM_MARK_ATTACK: /* five-pointed star */
        for (int i = 0; i < 10; i++) {
            double ang = -PI / 2 + i * PI / 5, rr = i % 2 ? r * 0.45 : r * 1.05;
            double px = x + rr * cos(ang), py = y + 0.05 * r + rr * sin(ang);
            if (i == 0) cairo_move_to(cr, px, py);
            else cairo_line_to(cr, px, py);
        }
        cairo_close_path(cr);
        break;
    case CM_MARK_WITHDRAW: /* diamond */
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r * 0.8, y);
        cairo_line_to(cr, x, y + r);
        cairo_line_to(cr, x - r * 0.8, y);
        cairo_close_path(cr);
        break;
    case CM_MARK_FLEE: /* circle */
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r * 0.72, 0, 2 * PI);
        cairo_close_path(cr);
        break;
    case CM_MARK_SIEGE: /* ring: outer circle; drawn as a stroke */
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r * 0.72, 0, 2 * PI);
        break;
    case CM_MARK_CLASH: /* cross: drawn as strokes */
        cairo_move_to(cr, x - r * 0.7, y - r * 0.7);
        cairo_line_to(cr, x + r * 0.7, y + r * 0.7);
        cairo_move_to(cr, x + r * 0.7, y - r * 0.7);
        cairo_line_to(cr, x - r * 0.7, y + r * 0.7);
        break;
    default:
        break;
    }
}

static void marker_draw(const cm_mapctx *m, cairo_t *cr, cm_mark_action a, double x, double y, double d)
{
    double k = m->k;
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    marker_path(cr, a, x, y, d);
    if (a == CM_MARK_SIEGE || a == CM_MARK_CLASH) {
        double lw = a == CM_MARK_SIEGE ? d * 0.16 : d * 0.2;
        set_rgba(cr, m->st.marker_line);
        cairo_set_line_width(cr, lw + 2.5 * k);
        cairo_stroke_preserve(cr);
        set_rgba(cr, m->st.marker);
        cairo_set_line_width(cr, lw);
        cairo_stroke(cr);
        if (a == CM_MARK_SIEGE) {
            cairo_arc(cr, x, y, d * 0.12, 0, 2 * PI);
            cairo_fill(cr);
        }
    } else {
        set_rgba(cr, m->st.marker_line);
        cairo_set_line_width(cr, 2.5 * k);
        cairo_stroke_preserve(cr);
        set_rgba(cr, m->st.marker);
        cairo_fill(cr);
    }
    cairo_restore(cr);
}

/* ---- placement -------------------------------------------------------------- */

static rect inflate(rect r, double d) { return (rect){r.x - d, r.y - d, r.w + 2 * d, r.h + 2 * d}; }

static bool blocked(rect r, const rect *obst, size_t n, double gap)
{
    for (size_t i = 0; i < n; i++)
        if (rect_hit(r, obst[i], gap)) return true;
    return false;
}

/* Best position for a w x h box: at least min_cov of it inside `in`, none of
 * it (with a margin) on `avoid`, clear of obstacles, within area; prefers
 * boxes deep inside and near (px, py). */
/* Best position for a w x h box: at least min_cov of it inside `in`, none of
 * it (with a margin) on `avoid`, clear of obstacles, within area; prefers
 * boxes deep inside and near (px, py). When alt is given, up to nalt more
 * good positions that overlap neither the best one nor each other are
 * written there (*nalt_out of them): the renderer falls back on them when a
 * day's event marker sits on the label. */
enum { NALT = 4, NKEEP = 8 };
static bool place_box(const mask *in, const mask *avoid, double w, double h, double px, double py,
                      double min_cov, const rect *obst, size_t nobst, rect area, double gap,
                      double step, rect *out, rect *alt, int *nalt_out)
{
    double rx0 = in->ox > area.x ? in->ox : area.x, ry0 = in->oy > area.y ? in->oy : area.y;
    double rx1 = in->ox + in->w / in->s, ry1 = in->oy + in->h / in->s;
    if (rx1 > area.x + area.w) rx1 = area.x + area.w;
    if (ry1 > area.y + area.h) ry1 = area.y + area.h;
    if (nalt_out) *nalt_out = 0;
    if (rx1 - rx0 < w || ry1 - ry0 < h) return false;
    if (step < 1.5) step = 1.5;
    double diag = hypot(rx1 - rx0, ry1 - ry0);
    /* the NKEEP best candidates, best first */
    rect keep[NKEEP];
    double ks[NKEEP];
    int nk = 0;
    for (double y = ry0; y + h <= ry1; y += step)
        for (double x = rx0; x + w <= rx1; x += step) {
            rect r = {x, y, w, h};
            double cov = mask_cov(in, r);
            if (cov < min_cov) continue;
            if (avoid && mask_cov(avoid, inflate(r, h * 0.15)) > 0.002) continue;
            if (blocked(r, obst, nobst, gap)) continue;
            double inner = mask_cov(in, inflate(r, h * 0.6));
            double d = hypot(x + w / 2 - px, y + h / 2 - py) / (diag > 0 ? diag : 1);
            double score = cov + inner - 0.35 * d;
            /* keep mutually apart local bests: a candidate overlapping a
             * better kept one is dropped, and replaces worse ones it overlaps */
            bool worse = false;
            for (int i = 0; i < nk && !worse; i++) worse = rect_hit(r, keep[i], 0) && ks[i] >= score;
            if (worse) continue;
            int w2 = 0;
            for (int i = 0; i < nk; i++)
                if (!rect_hit(r, keep[i], 0)) keep[w2] = keep[i], ks[w2++] = ks[i];
            nk = w2;
            if (nk == NKEEP && score <= ks[nk - 1]) continue;
            int at = nk < NKEEP ? nk++ : NKEEP - 1;
            while (at > 0 && ks[at - 1] < score) {
                ks[at] = ks[at - 1];
                keep[at] = keep[at - 1];
                at--;
            }
            ks[at] = score;
            keep[at] = r;
        }
    if (nk == 0) return false;
    *out = keep[0];
    if (alt && nalt_out) {
        int na = 0;
        for (int i = 1; i < nk && na < NALT; i++) {
            bool clash = rect_hit(keep[i], keep[0], gap);
            for (int j = 0; j < na && !clash; j++) clash = rect_hit(keep[i], alt[j], gap);
            if (!clash) alt[na++] = keep[i];
        }
        *nalt_out = na;
    }
    return true;
}

typedef struct {
    size_t i;     /* province index */
    double area;  /* frame units squared */
    rect box;     /* its part of the frame */
    mask mk;      /* built in its turn */
} prov_mask;

static int by_area(const void *a, const void *b)
{
    double x = ((const prov_mask *)a)->area, y = ((const prov_mask *)b)->area;
    return x < y ? -1 : x > y;
}

static cm_status label_push(cm_mapctx *m, cm_ctx *ctx, size_t *cap, const plabel *l)
{
    if (m->nlab == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        plabel *v = cm_arena_calloc(m->arena, c, sizeof *v);
        if (!v) return cm_fail(ctx, CM_NOMEM, "out of memory");
        if (m->nlab) memcpy(v, m->lab, m->nlab * sizeof *v);
        m->lab = v;
        *cap = c;
    }
    m->lab[m->nlab++] = *l;
    return CM_OK;
}

static rect map_area(const cm_mapctx *m)
{
    double pad = 6 * m->k;
    return (rect){pad, m->title_h + pad, m->W - 2 * pad, m->H - m->title_h - m->attr_h - 2 * pad};
}

static rect corner_rect(const cm_mapctx *m, int corner, double w, double h)
{
    rect a = map_area(m);
    double pad = 10 * m->k;
    double x = corner % 2 ? a.x + a.w - pad - w : a.x + pad;
    double y = corner / 2 ? a.y + a.h - pad - h : a.y + pad;
    return (rect){x, y, w, h};
}

/* Places the legend and the scale box in the corners that hide the least of
 * Afghanistan, then the province and neighbour names. */
static cm_status place_all(cm_mapctx *m, cm_ctx *ctx, const cm_geomstore *gs)
{
    cm_status st = CM_OK;
    cairo_surface_t *msf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
    cairo_t *mcr = cairo_create(msf);
    prov_mask *pm = NULL;
    size_t npm = 0, labcap = 0;
    mask af = {0}, nbm = {0};
    rect *obst = NULL;
    size_t nobst = 0;
    /* Resolution of the masks: frame units, capped so huge frames stay cheap. */
    double big = m->W > m->H ? m->W : m->H;
    double s1 = big > 2000 ? 2000 / big : 1, s2 = s1 / 2;
    rect area = map_area(m);
    const pgeom *afg[1] = {&m->country};
    const pgeom **dist_ptrs = NULL;
    if (m->country.nrings) {
        if (!mask_build(&af, afg, 1, (rect){0, 0, m->W, m->H}, s2)) goto nomem;
    } else {
        dist_ptrs = malloc((m->ndist + 1) * sizeof *dist_ptrs);
        if (!dist_ptrs) goto nomem;
        for (size_t i = 0; i < m->ndist; i++) dist_ptrs[i] = &m->dist[i];
        if (!mask_build(&af, dist_ptrs, m->ndist, (rect){0, 0, m->W, m->H}, s2)) goto nomem;
    }
    /* legend and scale box: corners 3 (BR), 2 (BL), 1 (TR), 0 (TL) in that
     * order of preference on equal cover */
    double lw = 0, lh = 0, sw = 0, sh = 0;
    if (!m->no_text) legend_layout(m, mcr, 0, 0, (1u << CM_MARK_COUNT) - 1, false, &lw, &lh);
    scalebox_layout(m, mcr, 0, 0, false, &sw, &sh);
    static const int pref[4] = {3, 2, 1, 0};
    double best = HUGE_VAL;
    m->legend_corner = 3;
    if (!m->no_text)
        for (int i = 0; i < 4; i++) {
            double c = mask_cov(&af, corner_rect(m, pref[i], lw, lh));
            if (c < best - 0.01) {
                best = c;
                m->legend_corner = pref[i];
            }
        }
    best = HUGE_VAL;
    m->scale_corner = 2;
    for (int i = 0; i < 4; i++) {
        if (!m->no_text && pref[i] == m->legend_corner) continue;
        double c = mask_cov(&af, corner_rect(m, pref[i], sw, sh));
        if (c < best - 0.01) {
            best = c;
            m->scale_corner = pref[i];
        }
    }
    m->legend = m->no_text ? (rect){0, 0, 0, 0} : corner_rect(m, m->legend_corner, lw, lh);
    m->scalebox = corner_rect(m, m->scale_corner, sw, sh);
    if (m->no_text) goto done;

    /* obstacles: legend, scale box, then every placed label */
    obst = malloc((m->nprov + m->nnb + 4) * sizeof *obst);
    if (!obst) goto nomem;
    double lpad = label_pad(m, false), npad = label_pad(m, true);
    obst[nobst++] = inflate(m->legend, 4 * m->k);
    obst[nobst++] = inflate(m->scalebox, 4 * m->k);
    double gap = 3 * m->k;

    if (m->labels != CM_LABELS_NONE && m->nprov) {
        pm = calloc(m->nprov, sizeof *pm);
        if (!pm) goto nomem;
        for (size_t i = 0; i < m->nprov; i++) {
            const pgeom *g = &m->prov[i];
            if (!geom_visible(g, m->W, m->H, 0)) continue;
            double x0 = g->bbox[0] > 0 ? g->bbox[0] : 0, y0 = g->bbox[1] > 0 ? g->bbox[1] : 0;
            double x1 = g->bbox[2] < m->W ? g->bbox[2] : m->W, y1 = g->bbox[3] < m->H ? g->bbox[3] : m->H;
            if (x1 <= x0 || y1 <= y0) continue;
            /* area by the shoelace formula (even-odd rings: holes subtract
             * as long as they wind the other way, as OCHA's do); the mask
             * itself is built just before the province's turn, one at a time */
            double a2 = 0;
            for (uint32_t r = 0; r < g->nrings; r++)
                for (uint32_t k = g->ring[r], b = g->ring[r + 1]; k < b; k++) {
                    uint32_t q = k + 1 < b ? k + 1 : g->ring[r];
                    a2 += (double)g->xy[2 * k] * g->xy[2 * q + 1] - (double)g->xy[2 * q] * g->xy[2 * k + 1];
                }
            prov_mask *p = &pm[npm++];
            p->i = i;
            p->area = fabs(a2) / 2;
            p->box = (rect){x0, y0, x1 - x0, y1 - y0};
        }
        /* small provinces first: they have the fewest places to go */
        qsort(pm, npm, sizeof *pm, by_area);
        static const double tries[][2] = {{1.0, 0.93}, {0.88, 0.93}, {0.78, 0.86}, {0.72, 0.6}, {0.68, 0.3}};
        for (size_t j = 0; j < npm; j++) {
            const cm_geom_unit *u = cm_geomstore_get(gs, CM_GEOM_PROVINCE, pm[j].i);
            bool dari = m->labels == CM_LABELS_DARI && u->name_da[0];
            const char *text = dari ? u->name_da : u->name_en;
            if (!*text) continue;
            const pgeom *one[1] = {&m->prov[pm[j].i]};
            if (j) mask_free(&pm[j - 1].mk);
            if (!mask_build(&pm[j].mk, one, 1, pm[j].box, s1)) goto nomem;
            char fam[2 * CM_STYLE_FONT_MAX + 2];
            if (dari) snprintf(fam, sizeof fam, "%s,%s", m->st.font_dari, m->st.font);
            else snprintf(fam, sizeof fam, "%s", m->st.font);
            double px = 0, py = 0;
            bool have_pt = cm_mapctx_lonlat_to_px(m, u->in_lon_deg, u->in_lat_deg, &px, &py);
            if (!have_pt) {
                px = (m->prov[pm[j].i].bbox[0] + m->prov[pm[j].i].bbox[2]) / 2;
                py = (m->prov[pm[j].i].bbox[1] + m->prov[pm[j].i].bbox[3]) / 2;
            }
            bool placed = false;
            /* Arabic script at the same em size looks a size smaller */
            double base = m->st.label_size * m->k * (dari ? 1.15 : 1.0);
            for (size_t t = 0; t < sizeof tries / sizeof tries[0] && !placed; t++) {
                double size = base * tries[t][0], w, h;
                text_measure_ink(mcr, fam, size, PANGO_WEIGHT_BOLD, 0, text, &w, &h);
                w += 2 * lpad, h += 2 * lpad; /* the halo */
                rect r;
                rect alt[NALT];
                int nalt = 0;
                if (!place_box(&pm[j].mk, NULL, w, h, px, py, tries[t][1], obst, nobst, area, gap, h / 4, &r,
                               alt, &nalt))
                    continue;
                plabel l = {cm_arena_strdup(m->arena, text), cm_arena_strdup(m->arena, fam), size,
                            PANGO_WEIGHT_BOLD, 0, false, r, {{0, 0, 0, 0}}, nalt};
                memcpy(l.alt, alt, sizeof alt);
                if (!l.text || !l.family) goto nomem;
                if ((st = label_push(m, ctx, &labcap, &l))) goto done;
                obst[nobst++] = r;
                placed = true;
            }
            /* a province the view cuts is expected to lose its name sometimes */
            const float *bb = m->prov[pm[j].i].bbox;
            bool whole = bb[0] >= 0 && bb[1] >= m->title_h && bb[2] <= m->W && bb[3] <= m->H - m->attr_h;
            if (!placed && whole) cm_diag(ctx, "map: no room for the name of %s (%s)", u->name_en, u->pcode);
        }
    }

    /* neighbour names: inside the country, clear of Afghanistan and of the
     * province names */
    for (size_t i = 0; i < m->nnb; i++) {
        const pgeom *g = &m->nb[i];
        const cm_geom_unit *u = cm_geomstore_get(gs, CM_GEOM_NEIGHBOUR, i);
        if (!geom_visible(g, m->W, m->H, 0) || !u->name_en[0]) continue;
        double x0 = g->bbox[0] > area.x ? g->bbox[0] : area.x, y0 = g->bbox[1] > area.y ? g->bbox[1] : area.y;
        double x1 = g->bbox[2] < area.x + area.w ? g->bbox[2] : area.x + area.w;
        double y1 = g->bbox[3] < area.y + area.h ? g->bbox[3] : area.y + area.h;
        if (x1 - x0 < 20 * m->k || y1 - y0 < 10 * m->k) continue;
        const pgeom *one[1] = {g};
        mask_free(&nbm);
        if (!mask_build(&nbm, one, 1, (rect){x0, y0, x1 - x0, y1 - y0}, s2)) goto nomem;
        char up[256];
        size_t n = strlen(u->name_en);
        if (n >= sizeof up) n = sizeof up - 1;
        for (size_t c = 0; c < n; c++) {
            char ch = u->name_en[c];
            up[c] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
        }
        up[n] = 0;
        /* lean towards Afghanistan, where the reader looks */
        double px = m->W / 2.0, py = area.y + area.h / 2;
        for (int t = 0; t < 2; t++) {
            double size = m->st.neighbour_size * m->k * (t ? 0.8 : 1.0), sp = size * 0.18, w, h;
            text_measure_ink(mcr, m->st.font, size, PANGO_WEIGHT_NORMAL, sp, up, &w, &h);
            w += 2 * npad, h += 2 * npad;
            rect r;
            if (!place_box(&nbm, &af, w, h, px, py, 0.97, obst, nobst, area, gap, h / 2, &r, NULL, NULL)) continue;
            plabel l = {cm_arena_strdup(m->arena, up), cm_arena_strdup(m->arena, m->st.font), size,
                        PANGO_WEIGHT_NORMAL, sp, true, r, {{0, 0, 0, 0}}, 0};
            if (!l.text || !l.family) goto nomem;
            if ((st = label_push(m, ctx, &labcap, &l))) goto done;
            obst[nobst++] = r;
            break;
        }
    }
    goto done;
nomem:
    st = cm_fail(ctx, CM_NOMEM, "out of memory placing the map's names");
done:
    for (size_t j = 0; j < npm; j++) mask_free(&pm[j].mk);
    free(pm);
    free(obst);
    free(dist_ptrs);
    mask_free(&af);
    mask_free(&nbm);
    cairo_destroy(mcr);
    cairo_surface_destroy(msf);
    return st;
}

/* ---- the map context --------------------------------------------------------- */

size_t cm_mapctx_district_count(const cm_mapctx *m) { return m->ndist; }

bool cm_mapctx_pcode_known(const char *pcode, void *ud)
{
    const cm_mapctx *m = ud;
    if (m->country_pcode[0] && !strcmp(pcode, m->country_pcode)) return true;
    for (size_t i = 0; i < m->nprov; i++)
        if (!strcmp(pcode, m->prov_pcode[i])) return true;
    for (size_t i = 0; i < m->ndist; i++)
        if (!strcmp(pcode, m->dist_pcode[i])) return true;
    return false;
}
void cm_mapctx_size(const cm_mapctx *m, int *width, int *height)
{
    *width = m->W;
    *height = m->H;
}
const char *cm_mapctx_district_pcode(const cm_mapctx *m, size_t i)
{
    return i < m->ndist ? m->dist_pcode[i] : NULL;
}
double cm_mapctx_m_per_px(const cm_mapctx *m) { return m->m_per_px; }
size_t cm_mapctx_label_count(const cm_mapctx *m) { return m->nlab; }

bool cm_mapctx_label(const cm_mapctx *m, size_t i, const char **text, double box[4], bool *province)
{
    if (i >= m->nlab) return false;
    const plabel *l = &m->lab[i];
    if (text) *text = l->text;
    if (box) box[0] = l->box.x, box[1] = l->box.y, box[2] = l->box.w, box[3] = l->box.h;
    if (province) *province = !l->neighbour;
    return true;
}
double cm_mapctx_north_deg(const cm_mapctx *m) { return m->north_deg; }

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
static bool px_to_lonlat(cm_mapctx *m, double x, double y, double *lon, double *lat)
{
    double xy[2] = {m->cx + (x - m->fx) / m->s, m->cy - (y - m->fy) / m->s};
    size_t bad = 0;
    if (cm_proj_inv(m->proj, NULL, xy, 1, &bad) || bad) return false;
    *lon = xy[0];
    *lat = xy[1];
    return true;
}

cm_mapctx *cm_mapctx_alloc(void)
{
    cm_mapctx *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    pthread_mutex_init(&m->lock, NULL);
    if (!(m->arena = cm_arena_new())) {
        pthread_mutex_destroy(&m->lock);
        free(m);
        return NULL;
    }
    return m;
}

void cm_mapctx_free(cm_mapctx *m)
{
    if (!m) return;
    cm_proj_free(m->proj);
    for (int i = 0; i < 2; i++) free(m->cache[i].data);
    for (size_t i = 0; i < m->ntiles; i++) free(m->tiles[i].px.data);
    free(m->tiles);
    pthread_mutex_destroy(&m->lock);
    cm_arena_free(m->arena);
    free(m);
}

/* The view in CRS units: the bbox's outline densified and projected. */
static cm_status view_extent(cm_mapctx *m, cm_ctx *ctx, const double *bb, double ext[4])
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

cm_status cm_mapctx_new(cm_ctx *ctx, const cm_geomstore *gs, const cm_map_opts *o, cm_mapctx **out)
{
    *out = NULL;
    if (o->width < 16 || o->height < 16 || o->width > 20000 || o->height > 20000)
        return cm_fail(ctx, CM_RANGE, "map size %dx%d out of range (16..20000)", o->width, o->height);
    if (o->bbox && !(o->bbox[0] < o->bbox[2] && o->bbox[1] < o->bbox[3] && o->bbox[0] >= -180 &&
                     o->bbox[2] <= 180 && o->bbox[1] >= -90 && o->bbox[3] <= 90))
        return cm_fail(ctx, CM_RANGE, "bbox %g,%g,%g,%g is not min_lon,min_lat,max_lon,max_lat",
                       o->bbox[0], o->bbox[1], o->bbox[2], o->bbox[3]);
    size_t nd = cm_geomstore_count(gs, CM_GEOM_DISTRICT);
    if (nd == 0) return cm_fail(ctx, CM_NOTFOUND, "no districts to draw");
    cm_mapctx *m = cm_mapctx_alloc();
    if (!m) return cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_status st = CM_OK;
    scratch sc = {0};
    if (o->crs && !(m->crs = cm_arena_strdup(m->arena, o->crs))) goto nomem;
    m->W = o->width;
    m->H = o->height;
    m->k = fmin(m->W / 1600.0, m->H / 1200.0);
    if (o->style) m->st = *o->style;
    else cm_style_default(&m->st);
    m->labels = o->labels;
    m->no_text = o->no_text;
    if ((st = cm_proj_new(ctx, o->crs, &m->proj))) goto done;

    /* bands for the title and the attribution line */
    if (!m->no_text) {
        cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
        cairo_t *cr = cairo_create(sf);
        double w, h1, h2, h3;
        text_measure(cr, m->st.font, m->st.title_size * m->k, PANGO_WEIGHT_BOLD, 0, "21 August 2021", &w, &h1);
        text_measure(cr, m->st.font, m->st.subtitle_size * m->k, PANGO_WEIGHT_NORMAL, 0, "Control", &w, &h2);
        text_measure(cr, m->st.font, m->st.attribution_size * m->k, PANGO_WEIGHT_NORMAL, 0, "Boundaries", &w, &h3);
        cairo_destroy(cr);
        cairo_surface_destroy(sf);
        m->title_h = 10 * m->k + h1 + 2 * m->k + h2 + 10 * m->k;
        m->attr_h = 5 * m->k + h3 + 5 * m->k;
    }

    /* view */
    double bb[4];
    const cm_geom_unit *c0 = cm_geomstore_count(gs, CM_GEOM_COUNTRY) ? cm_geomstore_get(gs, CM_GEOM_COUNTRY, 0) : NULL;
    if (o->bbox) memcpy(bb, o->bbox, sizeof bb);
    else if (c0) memcpy(bb, c0->bbox, sizeof bb);
    else {
        bb[0] = bb[1] = HUGE_VAL;
        bb[2] = bb[3] = -HUGE_VAL;
        for (size_t i = 0; i < nd; i++) {
            const cm_geom_unit *u = cm_geomstore_get(gs, CM_GEOM_DISTRICT, i);
            if (!u->rings.npts) continue;
            bb[0] = fmin(bb[0], u->bbox[0]);
            bb[1] = fmin(bb[1], u->bbox[1]);
            bb[2] = fmax(bb[2], u->bbox[2]);
            bb[3] = fmax(bb[3], u->bbox[3]);
        }
        if (!(bb[2] > bb[0])) {
            st = cm_fail(ctx, CM_NOTFOUND, "the districts have no geometry");
            goto done;
        }
    }
    double ext[4];
    if ((st = view_extent(m, ctx, bb, ext))) goto done;
    if (!o->bbox) { /* a little air around the country */
        double dx = (ext[2] - ext[0]) * 0.015, dy = (ext[3] - ext[1]) * 0.015;
        ext[0] -= dx, ext[2] += dx, ext[1] -= dy, ext[3] += dy;
    }
    double pad = 6 * m->k;
    double aw = m->W - 2 * pad, ah = m->H - m->title_h - m->attr_h - 2 * pad;
    if (aw < 8 || ah < 8) {
        st = cm_fail(ctx, CM_RANGE, "map size %dx%d too small for its title and legend", m->W, m->H);
        goto done;
    }
    m->s = fmin(aw / (ext[2] - ext[0]), ah / (ext[3] - ext[1]));
    m->cx = (ext[0] + ext[2]) / 2;
    m->cy = (ext[1] + ext[3]) / 2;
    m->fx = m->W / 2.0;
    m->fy = m->title_h + pad + ah / 2;

    /* scale and north at the frame centre */
    {
        double lon0, lat0, lon1, lat1, d = 50;
        if (!px_to_lonlat(m, m->fx - d / 2, m->fy, &lon0, &lat0) ||
            !px_to_lonlat(m, m->fx + d / 2, m->fy, &lon1, &lat1)) {
            st = cm_fail(ctx, CM_PROJ, "CRS %s cannot map the centre of the view back to lon/lat",
                         cm_proj_name(m->proj));
            goto done;
        }
        m->m_per_px = cm_geodesic_m(lon0, lat0, lon1, lat1) / d;
        double clon, clat, nx, ny;
        if (!px_to_lonlat(m, m->fx, m->fy, &clon, &clat)) clon = lon0, clat = lat0;
        double dl = clat > 89 ? -0.01 : 0.01;
        if (cm_mapctx_lonlat_to_px(m, clon, clat + dl, &nx, &ny)) {
            double vx = (nx - m->fx) * (dl > 0 ? 1 : -1), vy = (ny - m->fy) * (dl > 0 ? 1 : -1);
            m->north_deg = atan2(vx, -vy) * 180 / PI;
        }
        double target_km = 0.16 * m->W * m->m_per_px / 1000;
        m->scale_km = nice_km(target_km > 1e-6 ? target_km : 1e-6);
        m->scale_px = m->scale_km * 1000 / m->m_per_px;
        m->halo = fmin(fmax(10000 / m->m_per_px, 2 * m->k), 60 * m->k);
    }

    /* the frame's extent in lon/lat, to skip what lies outside */
    {
        enum { N = 16 };
        double M = 64 * (m->k > 1 ? m->k : 1), ll[8 * N];
        for (int i = 0; i < N; i++) {
            double t = (double)i / N, x0 = -M, y0 = -M, x1 = m->W + M, y1 = m->H + M;
            double *q = ll + 8 * i;
            q[0] = x0 + t * (x1 - x0), q[1] = y0;
            q[2] = x1, q[3] = y0 + t * (y1 - y0);
            q[4] = x1 - t * (x1 - x0), q[5] = y1;
            q[6] = x0, q[7] = y1 - t * (y1 - y0);
        }
        m->have_ll_view = true;
        m->ll_view[0] = m->ll_view[1] = HUGE_VAL;
        m->ll_view[2] = m->ll_view[3] = -HUGE_VAL;
        for (int i = 0; i < 4 * N && m->have_ll_view; i++) {
            double lon, lat;
            if (!px_to_lonlat(m, ll[2 * i], ll[2 * i + 1], &lon, &lat)) m->have_ll_view = false;
            else {
                m->ll_view[0] = fmin(m->ll_view[0], lon), m->ll_view[1] = fmin(m->ll_view[1], lat);
                m->ll_view[2] = fmax(m->ll_view[2], lon), m->ll_view[3] = fmax(m->ll_view[3], lat);
            }
        }
        /* a frame edge bulging between the sampled points: 5% more */
        double dx = (m->ll_view[2] - m->ll_view[0]) * 0.05, dy = (m->ll_view[3] - m->ll_view[1]) * 0.05;
        m->ll_view[0] -= dx, m->ll_view[2] += dx, m->ll_view[1] -= dy, m->ll_view[3] += dy;
    }
    /* geometry */
    double tol = o->vector ? 0.25 : 0.35;
    m->ndist = nd;
    m->nprov = cm_geomstore_count(gs, CM_GEOM_PROVINCE);
    m->nnb = cm_geomstore_count(gs, CM_GEOM_NEIGHBOUR);
    m->dist = cm_arena_calloc(m->arena, nd, sizeof(pgeom));
    m->dist_pcode = cm_arena_calloc(m->arena, nd, sizeof(char *));
    m->dist_name = cm_arena_calloc(m->arena, nd, sizeof(char *));
    m->prov = cm_arena_calloc(m->arena, m->nprov + 1, sizeof(pgeom));
    m->nb = cm_arena_calloc(m->arena, m->nnb + 1, sizeof(pgeom));
    if (!m->dist || !m->dist_pcode || !m->dist_name || !m->prov || !m->nb) goto nomem;
    for (size_t i = 0; i < nd; i++) {
        const cm_geom_unit *u = cm_geomstore_get(gs, CM_GEOM_DISTRICT, i);
        m->dist_pcode[i] = cm_arena_strdup(m->arena, u->pcode);
        m->dist_name[i] = cm_arena_strdup(m->arena, u->name_en ? u->name_en : "");
        if (!m->dist_pcode[i] || !m->dist_name[i]) goto nomem;
        if ((st = prep(m, ctx, &sc, u, tol, &m->dist[i]))) goto done;
    }
    if ((st = prep_district_lines(m, ctx, &sc, gs, tol, &m->dlines))) goto done;
    m->prov_pcode = cm_arena_calloc(m->arena, m->nprov + 1, sizeof(char *));
    m->country_pcode = cm_arena_strdup(m->arena, c0 ? c0->pcode : "");
    if (!m->prov_pcode || !m->country_pcode) goto nomem;
    for (size_t i = 0; i < m->nprov; i++) {
        const cm_geom_unit *u = cm_geomstore_get(gs, CM_GEOM_PROVINCE, i);
        if (!(m->prov_pcode[i] = cm_arena_strdup(m->arena, u->pcode))) goto nomem;
        if ((st = prep(m, ctx, &sc, u, tol, &m->prov[i]))) goto done;
    }
    for (size_t i = 0; i < m->nnb; i++)
        if ((st = prep(m, ctx, &sc, cm_geomstore_get(gs, CM_GEOM_NEIGHBOUR, i), tol, &m->nb[i]))) goto done;
    if (c0 && (st = prep(m, ctx, &sc, c0, tol, &m->country))) goto done;

    snprintf(m->attribution, sizeof m->attribution,
             "Boundaries: OCHA/AGCHO 2018 \xc2\xb7 Countries: Natural Earth \xc2\xb7 Places: GeoNames (CC BY 4.0)"
             " \xc2\xb7 Projection: %s",
             cm_proj_name(m->proj));
    if ((st = place_all(m, ctx, gs))) goto done;
    m->want_cache = o->cache_layers && !o->vector;
    scratch_free(&sc);
    sc = (scratch){0};
    release_heap();
    goto done;
nomem:
    st = cm_fail(ctx, CM_NOMEM, "out of memory preparing the map");
done:
    scratch_free(&sc);
    if (st) {
        cm_mapctx_free(m);
        return st;
    }
    *out = m;
    return CM_OK;
}

/* ---- one frame ---------------------------------------------------------------- */

cm_status cm_map_font_fingerprint(const cm_map_opts *o, cm_buf *out)
{
    if (o->no_text) return cm_buf_puts(out, "fonts none\n");
    cm_style st;
    if (o->style) st = *o->style;
    else cm_style_default(&st);
    static const char *const latin = "Badakhshan TAJIKISTAN 21 August 2021 Scale 100 km \xc2\xb7 Qw";
    static const char *const dari = "\xd8\xa8\xd8\xaf\xd8\xae\xd8\xb4\xd8\xa7\xd9\x86 "
                                    "\xda\xa9\xd8\xa7\xd8\xa8\xd9\x84"; /* Badakhshan, Kabul */
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
    cairo_t *cr = cairo_create(sf);
    double w[3], h[3];
    text_measure(cr, st.font, 100, PANGO_WEIGHT_NORMAL, 0, latin, &w[0], &h[0]);
    text_measure(cr, st.font, 100, PANGO_WEIGHT_BOLD, 0, latin, &w[1], &h[1]);
    char fam[2 * CM_STYLE_FONT_MAX + 2]; /* as place_all names the Dari labels' family */
    snprintf(fam, sizeof fam, "%s,%s", st.font_dari, st.font);
    w[2] = h[2] = 0;
    if (o->labels == CM_LABELS_DARI) text_measure_ink(cr, fam, 100, PANGO_WEIGHT_NORMAL, 0, dari, &w[2], &h[2]);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
    return cm_buf_printf(out, "fonts pango %s cairo %s: %.17g %.17g %.17g %.17g %.17g %.17g\n",
                         pango_version_string(), cairo_version_string(), w[0], h[0], w[1], h[1], w[2], h[2]);
}

void cm_render_release_fonts(void)
{
    /* Only the thread's Pango font map: Cairo's own caches stay reachable from
     * its globals (no leak to a leak checker), and cairo_debug_reset_static_data
     * asserts — aborting the process — whenever a font is still referenced
     * anywhere, which an error path cannot always rule out. */
    pango_cairo_font_map_set_default(NULL);
}

bool cm_map_svg_mark(int r8, int g8, int b8, double opacity, size_t *index)
{
    if (r8 != 1 || fabs(opacity - 0.5) > 1e-3 || g8 < 0 || g8 > 255 || b8 < 0 || b8 > 255) return false;
    *index = (size_t)g8 << 8 | (size_t)b8;
    return true;
}

void cm_map_state_from_timeline(const cm_mapctx *m, const cm_timeline *tl, cm_day day,
                                cm_controller *ctrl, unsigned char *changed)
{
    for (size_t i = 0; i < m->ndist; i++) {
        cm_controller c = cm_timeline_at(tl, m->dist_pcode[i], day, NULL);
        ctrl[i] = c;
        if (changed) changed[i] = c != cm_timeline_at(tl, m->dist_pcode[i], day - 1, NULL);
    }
}

cm_status cm_mapctx_outlines_json(const cm_mapctx *m, cm_buf *out)
{
    cm_status st = cm_buf_printf(out, "{\"w\":%d,\"h\":%d,\"d\":[", m->W, m->H);
    int first = 1;
    for (size_t i = 0; i < m->ndist && !st; i++) {
        const pgeom *g = &m->dist[i];
        if (!geom_visible(g, m->W, m->H, 0)) continue;
        st = cm_buf_printf(out, "%s{\"p\":\"%s\",\"n\":", first ? "" : ",", m->dist_pcode[i]);
        if (!st) st = cm_buf_json_str(out, m->dist_name[i], strlen(m->dist_name[i]));
        if (!st) st = cm_buf_puts(out, ",\"r\":[");
        first = 0;
        for (uint32_t r = 0; r < g->nrings && !st; r++) {
            const float *p = g->xy + 2 * (size_t)g->ring[r];
            uint32_t n = g->ring[r + 1] - g->ring[r];
            st = cm_buf_puts(out, r ? ",[" : "[");
            /* Hover needs about a pixel: skip points closer than 1.5 to the last kept. */
            double lx = 1e30, ly = 1e30;
            int k = 0;
            for (uint32_t j = 0; j < n && !st; j++) {
                double x = p[2 * j], y = p[2 * j + 1];
                if (j + 1 < n && (x - lx) * (x - lx) + (y - ly) * (y - ly) < 2.25) continue;
                st = cm_buf_printf(out, "%s%.1f,%.1f", k++ ? "," : "", x, y);
                lx = x, ly = y;
            }
            if (!st) st = cm_buf_putc(out, ']');
        }
        if (!st) st = cm_buf_puts(out, "]}");
    }
    if (!st) st = cm_buf_puts(out, "]}");
    return st;
}

void cm_map_staleness_from_timeline(const cm_mapctx *m, const cm_timeline *tl, cm_day day, float *fade)
{
    double hl = m->st.stale_half_life > 0 ? m->st.stale_half_life : 14;
    for (size_t i = 0; i < m->ndist; i++) {
        cm_tl_state s;
        cm_timeline_at(tl, m->dist_pcode[i], day, &s);
        double f = 0;
        if (s.ctrl != CM_CTRL_NONE && s.last_report != CM_DAY_NONE && day > s.last_report)
            f = 1 - pow(0.5, (double)(day - s.last_report) / hl);
        fade[i] = (float)(f > 0.75 ? 0.75 : f);
    }
}

static cm_rgba ctrl_fill(const cm_style *st, cm_controller c)
{
    switch (c) {
    case CM_CTRL_TALIBAN: return st->taliban;
    case CM_CTRL_GOVERNMENT: return st->government;
    case CM_CTRL_RESISTANCE: return st->resistance;
    case CM_CTRL_CONTESTED: return st->contested;
    default: return st->none;
    }
}

/* District i's fill in frame f: its controller's colour, faded towards "no
 * information" by its staleness. */
static cm_rgba district_fill(const cm_style *st, const cm_frame *f, size_t i)
{
    cm_rgba c = ctrl_fill(st, f->ctrl ? f->ctrl[i] : CM_CTRL_NONE);
    if (!f->fade || f->fade[i] <= 0) return c;
    double t = f->fade[i];
    cm_rgba n = st->none;
    return (cm_rgba){c.r + (n.r - c.r) * t, c.g + (n.g - c.g) * t, c.b + (n.b - c.b) * t, c.a + (n.a - c.a) * t};
}

/* The day's markers, then their labels: right of the symbol, else left,
 * else above or below, clear of every symbol, name and other label. */
static void draw_markers(const cm_mapctx *m, cairo_t *cr, const cm_frame *f, const rect *boxes)
{
    if (!f->nmarkers) return;
    double d = m->st.marker_size * m->k;
    rect *sym = malloc(f->nmarkers * sizeof *sym), *taken = malloc(f->nmarkers * sizeof *taken);
    size_t *which = malloc(f->nmarkers * sizeof *which);
    double *at = malloc(2 * f->nmarkers * sizeof *at); /* each drawn marker's place before any shift */
    unsigned char *labelled = calloc(f->nmarkers, 1);
    if (!sym || !taken || !which || !at || !labelled) goto done;
    size_t ns = 0, nt = 0;
    for (size_t i = 0; i < f->nmarkers; i++) {
        const cm_marker *mk = &f->markers[i];
        double x, y;
        if (!cm_mapctx_lonlat_to_px(m, mk->lon_deg, mk->lat_deg, &x, &y)) continue;
        if (x < -d || y < -d || x > m->W + d || y > m->H + d) continue;
        /* Several claims on one place and day: one symbol per action, side by
         * side, and the place's name once. */
        bool dup = false;
        int beside = 0;
        for (size_t j = 0; j < ns && !dup; j++) {
            if (fabs(at[2 * j] - x) > 0.5 || fabs(at[2 * j + 1] - y) > 0.5) continue;
            const cm_marker *o = &f->markers[which[j]];
            if (o->action == mk->action) dup = true;
            else beside++;
            if (o->label && mk->label && !strcmp(o->label, mk->label)) labelled[ns] = 1;
        }
        if (dup) continue;
        at[2 * ns] = x, at[2 * ns + 1] = y;
        x += beside * d * 1.1;
        marker_draw(m, cr, mk->action, x, y, d);
        which[ns] = i;
        sym[ns++] = (rect){x - d / 2, y - d / 2, d, d};
    }
    if (m->no_text) goto done;
    double fs = m->st.legend_size * m->k * 0.85, g = 0.25 * d;
    for (size_t s2 = 0; s2 < ns; s2++) {
        const cm_marker *mk = &f->markers[which[s2]];
        if (!mk->label || !mk->label[0] || labelled[s2]) continue;
        double w, h, x = sym[s2].x + d / 2, y = sym[s2].y + d / 2;
        text_measure(cr, m->st.font, fs, PANGO_WEIGHT_NORMAL, 0, mk->label, &w, &h);
        rect cand[4] = {{x + d / 2 + g, y - h / 2, w, h}, {x - d / 2 - g - w, y - h / 2, w, h},
                        {x - w / 2, y - d / 2 - g - h, w, h}, {x - w / 2, y + d / 2 + g, w, h}};
        for (int c = 0; c < 4; c++) {
            rect r = cand[c];
            bool hit = blocked(r, taken, nt, m->k) || blocked(r, sym, ns, 0) || rect_hit(r, m->legend, 0) ||
                       rect_hit(r, m->scalebox, 0) || r.x < 0 || r.x + r.w > m->W || r.y < m->title_h ||
                       r.y + r.h > m->H - m->attr_h;
            for (size_t j = 0; j < m->nlab && !hit; j++) hit = rect_hit(r, boxes ? boxes[j] : m->lab[j].box, 0);
            if (hit) continue;
            text_draw(cr, m->st.font, fs, PANGO_WEIGHT_NORMAL, 0, mk->label, r.x, r.y, m->st.marker,
                      m->st.label_halo, m->st.label_halo_w * m->k * 0.8);
            taken[nt++] = r;
            break;
        }
    }
done:
    free(sym);
    free(taken);
    free(which);
    free(at);
    free(labelled);
}

static void fmt_title(cm_day day, char *buf, size_t n)
{
    int y, mo, d;
    cm_day_to_ymd(day, &y, &mo, &d);
    snprintf(buf, n, "%d %s %d", d, month_name[(mo - 1) % 12], y);
}

/* Static layers, the same on every date. */
static void layer_base(const cm_mapctx *m, cairo_t *cr)
{
    const cm_style *st = &m->st;
    double k = m->k, W = m->W, H = m->H, vm = 8 * k + m->halo;
    set_rgba(cr, st->background);
    cairo_paint(cr);
    set_rgba(cr, st->neighbour);
    for (size_t i = 0; i < m->nnb; i++) {
        if (!geom_visible(&m->nb[i], W, H, vm)) continue;
        add_path(cr, &m->nb[i]);
        cairo_fill(cr);
    }
    for (size_t i = 0; i < m->nnb; i++)
        if (geom_visible(&m->nb[i], W, H, vm)) add_path(cr, &m->nb[i]);
    set_rgba(cr, st->neighbour_line);
    cairo_set_line_width(cr, st->neighbour_w * k);
    cairo_stroke(cr);
    /* close the gaps between Natural Earth's borders and OCHA's */
    if (m->country.nrings) {
        add_path(cr, &m->country);
        set_rgba(cr, st->neighbour);
        cairo_set_line_width(cr, m->halo);
        cairo_stroke(cr);
    }
}

static void layer_lines_but(const cm_mapctx *m, cairo_t *cr, bool districts)
{
    const cm_style *st = &m->st;
    double k = m->k, W = m->W, H = m->H, vm = 8 * k + m->halo;
    if (districts && m->dlines.nrings) {
        add_path(cr, &m->dlines);
        set_rgba(cr, st->district_line);
        cairo_set_line_width(cr, st->district_w * k);
        cairo_stroke(cr);
    }
    for (size_t i = 0; i < m->nprov; i++)
        if (geom_visible(&m->prov[i], W, H, vm)) add_path(cr, &m->prov[i]);
    set_rgba(cr, st->province_line);
    cairo_set_line_width(cr, st->province_w * k);
    cairo_stroke(cr);
    if (m->country.nrings) {
        add_path(cr, &m->country);
        set_rgba(cr, st->country_line);
        cairo_set_line_width(cr, st->country_w * k);
        cairo_stroke(cr);
    }
}

static void layer_lines(const cm_mapctx *m, cairo_t *cr) { layer_lines_but(m, cr, true); }

/* Names (at boxes[i], or where they were placed), the attribution band and
 * the scale box. */
static void draw_label(const cm_mapctx *m, cairo_t *cr, size_t i, rect b)
{
    const cm_style *st = &m->st;
    const plabel *l = &m->lab[i];
    double pad = label_pad(m, l->neighbour);
    text_draw_box(cr, l->family, l->size, l->weight, l->spacing, l->text, true, b.x + pad, b.y + pad,
                  l->neighbour ? st->neighbour_text : st->label, l->neighbour ? st->neighbour : st->label_halo,
                  st->label_halo_w * m->k * (l->neighbour ? 0.6 : 1));
}

static void draw_attribution(const cm_mapctx *m, cairo_t *cr)
{
    const cm_style *st = &m->st;
    cairo_rectangle(cr, 0, m->H - m->attr_h, m->W, m->attr_h);
    set_rgba(cr, st->panel);
    cairo_fill(cr);
    text_draw(cr, st->font, st->attribution_size * m->k, PANGO_WEIGHT_NORMAL, 0, m->attribution, 16 * m->k,
              m->H - m->attr_h + 5 * m->k, st->text, st->text, 0);
}

static void draw_scalebox(const cm_mapctx *m, cairo_t *cr)
{
    rect r = m->scalebox;
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    set_rgba(cr, m->st.panel);
    cairo_fill_preserve(cr);
    set_rgba(cr, m->st.panel_line);
    cairo_set_line_width(cr, 1 * m->k);
    cairo_stroke(cr);
    double w, h;
    scalebox_layout(m, cr, r.x, r.y, true, &w, &h);
}

/* Names (at boxes[i], or where they were placed), the attribution band and
 * the scale box. */
static void layer_labels_at(const cm_mapctx *m, cairo_t *cr, const rect *boxes)
{
    if (!m->no_text) {
        for (size_t i = 0; i < m->nlab; i++) draw_label(m, cr, i, boxes ? boxes[i] : m->lab[i].box);
        draw_attribution(m, cr);
    }
    draw_scalebox(m, cr);
}


/* Where the names go on this frame: a province name that a visible event
 * marker would cover moves to one of its other good places (clear of the
 * markers and of the other names); true when any name moved, i.e. the cached
 * name layer cannot be used. boxes has m->nlab entries. */
static bool labels_for_frame(const cm_mapctx *m, const cm_frame *f, rect *boxes)
{
    for (size_t i = 0; i < m->nlab; i++) boxes[i] = m->lab[i].box;
    if (!f->nmarkers || !m->nlab) return false;
    rect *mr = malloc(f->nmarkers * sizeof *mr);
    if (!mr) return false;
    size_t n = 0;
    double d = m->st.marker_size * m->k;
    for (size_t i = 0; i < f->nmarkers; i++) {
        double x, y;
        if (!cm_mapctx_lonlat_to_px(m, f->markers[i].lon_deg, f->markers[i].lat_deg, &x, &y)) continue;
        if (x < -d || y < -d || x > m->W + d || y > m->H + d) continue;
        mr[n++] = (rect){x - d / 2, y - d / 2, d, d};
    }
    bool moved = false;
    double gap = 2 * m->k;
    for (size_t i = 0; i < m->nlab; i++) {
        const plabel *l = &m->lab[i];
        if (!blocked(boxes[i], mr, n, gap)) continue;
        /* candidates: the other good places found at preparation, then the
         * box nudged just clear of each marker it meets (above, below, left,
         * right), the smallest nudge first */
        rect cand[NALT + 64];
        int nc = 0;
        for (int a = 0; a < l->nalt; a++) cand[nc++] = l->alt[a];
        int first_nudge = nc;
        rect b = boxes[i];
        for (size_t k2 = 0; k2 < n && nc + 8 <= NALT + 64; k2++) {
            if (!rect_hit(b, mr[k2], gap)) continue;
            rect q = mr[k2];
            double up = q.y - gap - b.h - 1, down = q.y + q.h + gap + 1;
            double left = q.x - gap - b.w - 1, right = q.x + q.w + gap + 1;
            cand[nc++] = (rect){b.x, up, b.w, b.h};
            cand[nc++] = (rect){b.x, down, b.w, b.h};
            cand[nc++] = (rect){left, b.y, b.w, b.h};
            cand[nc++] = (rect){right, b.y, b.w, b.h};
            cand[nc++] = (rect){q.x + q.w / 2 - b.w / 2, up, b.w, b.h};
            cand[nc++] = (rect){q.x + q.w / 2 - b.w / 2, down, b.w, b.h};
            cand[nc++] = (rect){right, q.y + q.h / 2 - b.h / 2, b.w, b.h};
            cand[nc++] = (rect){left, q.y + q.h / 2 - b.h / 2, b.w, b.h};
        }
        for (int a = first_nudge + 1; a < nc; a++) /* nudges by distance moved */
            for (int c = a; c > first_nudge && hypot(cand[c].x - b.x, cand[c].y - b.y) <
                                                   hypot(cand[c - 1].x - b.x, cand[c - 1].y - b.y); c--) {
                rect t = cand[c];
                cand[c] = cand[c - 1];
                cand[c - 1] = t;
            }
        rect area = map_area(m);
        for (int a = 0; a < nc; a++) {
            rect c = cand[a];
            bool clash = blocked(c, mr, n, gap) || c.x < area.x || c.y < area.y || c.x + c.w > area.x + area.w ||
                         c.y + c.h > area.y + area.h || rect_hit(c, m->legend, 0) || rect_hit(c, m->scalebox, 0);
            for (size_t j = 0; j < m->nlab && !clash; j++) clash = j != i && rect_hit(c, boxes[j], 3 * m->k);
            if (clash) continue;
            boxes[i] = c;
            moved = true;
            break;
        }
    }
    free(mr);
    return moved;
}

/* Layers of one date. */
static void layer_fills(const cm_mapctx *m, cairo_t *cr, const cm_frame *f)
{
    const cm_style *st = &m->st;
    double W = m->W, H = m->H, vm = 8 * m->k + m->halo;
    if (f->svg_ids) {
        /* One element per district: its fill and its outline together
         * (Cairo's SVG surface merges a fill_preserve and the stroke that
         * follows into one <path>). A shared border is stroked by both its
         * districts, the later one on top: the same line as stroking all
         * outlines afterwards, with half the path data. */
        cairo_set_line_width(cr, st->district_w * m->k);
        for (size_t i = 0; i < m->ndist; i++) {
            if (!geom_visible(&m->dist[i], W, H, vm)) continue;
            cairo_rectangle(cr, 1, 1, 0.01, 0.01);
            cairo_set_source_rgba(cr, 1 / 255.0, (double)(i >> 8 & 255) / 255.0, (double)(i & 255) / 255.0, 0.5);
            cairo_fill(cr);
            add_path(cr, &m->dist[i]);
            set_rgba(cr, district_fill(st, f, i));
            cairo_fill_preserve(cr);
            set_rgba(cr, st->district_line);
            cairo_stroke(cr);
        }
        return;
    }
    if (f->fade) {
        /* staleness: a colour of its own for each district */
        for (size_t i = 0; i < m->ndist; i++) {
            if (!geom_visible(&m->dist[i], W, H, vm)) continue;
            add_path(cr, &m->dist[i]);
            set_rgba(cr, district_fill(st, f, i));
            cairo_fill(cr);
        }
        return;
    }
    /* one fill per controller: fewer composites, and no anti-aliasing seams
     * between neighbouring districts of one colour */
    for (int c = 0; c < CM_CTRL_COUNT; c++) {
        bool any = false;
        for (size_t i = 0; i < m->ndist; i++) {
            cm_controller ci = f->ctrl ? f->ctrl[i] : CM_CTRL_NONE;
            if ((int)ci != c || !geom_visible(&m->dist[i], W, H, vm)) continue;
            add_path(cr, &m->dist[i]);
            any = true;
        }
        if (!any) continue;
        set_rgba(cr, ctrl_fill(st, (cm_controller)c));
        cairo_fill(cr);
    }
}

static void layer_hatch(const cm_mapctx *m, cairo_t *cr, const cm_frame *f)
{
    if (!f->ctrl) return;
    double W = m->W, H = m->H, vm = 8 * m->k + m->halo;
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
    for (size_t i = 0; i < m->ndist; i++) {
        if (f->ctrl[i] != CM_CTRL_CONTESTED || !geom_visible(&m->dist[i], W, H, vm)) continue;
        add_path(cr, &m->dist[i]);
        x0 = fmin(x0, m->dist[i].bbox[0]), y0 = fmin(y0, m->dist[i].bbox[1]);
        x1 = fmax(x1, m->dist[i].bbox[2]), y1 = fmax(y1, m->dist[i].bbox[3]);
    }
    if (!(x1 > x0)) return;
    cairo_save(cr);
    cairo_clip(cr);
    hatch(cr, fmax(x0, 0), fmax(y0, 0), fmin(x1, W), fmin(y1, H), m->st.hatch_spacing * m->k);
    set_rgba(cr, m->st.contested_hatch);
    cairo_set_line_width(cr, m->st.hatch_w * m->k);
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void layer_changed(const cm_mapctx *m, cairo_t *cr, const cm_frame *f)
{
    if (!f->changed) return;
    double W = m->W, H = m->H, vm = 8 * m->k + m->halo;
    bool any = false;
    for (size_t i = 0; i < m->ndist; i++)
        if (f->changed[i] && geom_visible(&m->dist[i], W, H, vm)) {
            add_path(cr, &m->dist[i]);
            any = true;
        }
    if (!any) return;
    set_rgba(cr, m->st.changed_line);
    cairo_set_line_width(cr, m->st.changed_w * m->k);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
}

/* Title band and legend. */
/* The title band is opaque (the panel colour without its alpha): a series
 * draws a new day's title over the day before by repainting the band's inner
 * rows — whole pixel rows clear of its bottom line — and the title
 * (cm_map_render_title); being opaque, those rows then hold exactly what a
 * whole frame of that day holds. */
static double title_rows(const cm_mapctx *m) { return floor(m->title_h - 2 * m->k); }

static void title_text(const cm_mapctx *m, cairo_t *cr, cm_day day)
{
    const cm_style *st = &m->st;
    double k = m->k;
    char title[64];
    fmt_title(day, title, sizeof title);
    double tw, th;
    text_measure(cr, st->font, st->title_size * k, PANGO_WEIGHT_BOLD, 0, title, &tw, &th);
    text_draw(cr, st->font, st->title_size * k, PANGO_WEIGHT_BOLD, 0, title, 16 * k, 10 * k, st->title,
              st->title, 0);
    text_draw(cr, st->font, st->subtitle_size * k, PANGO_WEIGHT_NORMAL, 0,
              "Afghanistan: who controls each district", 16 * k, 10 * k + th + 2 * k, st->text, st->text, 0);
}

static void layer_title_legend(const cm_mapctx *m, cairo_t *cr, const cm_frame *f)
{
    if (m->no_text) return;
    const cm_style *st = &m->st;
    double k = m->k, W = m->W;
    cairo_rectangle(cr, 0, 0, W, m->title_h);
    cairo_set_source_rgb(cr, st->panel.r, st->panel.g, st->panel.b);
    cairo_fill(cr);
    cairo_move_to(cr, 0, m->title_h);
    cairo_line_to(cr, W, m->title_h);
    set_rgba(cr, st->panel_line);
    cairo_set_line_width(cr, 1 * k);
    cairo_stroke(cr);
    title_text(m, cr, f->day);
    /* the event rows list only the actions drawn today */
    unsigned ev = 0;
    for (size_t i = 0; i < f->nmarkers; i++) {
        double x, y;
        if (cm_mapctx_lonlat_to_px(m, f->markers[i].lon_deg, f->markers[i].lat_deg, &x, &y) && x >= 0 &&
            y >= 0 && x <= m->W && y <= m->H)
            ev |= 1u << f->markers[i].action;
    }
    double lw, lh;
    legend_layout(m, cr, 0, 0, ev, false, &lw, &lh);
    rect lr = m->legend;
    if (m->legend_corner / 2) lr.y += m->legend.h - lh; /* bottom corners keep the bottom edge */
    if (m->legend_corner % 2) lr.x += m->legend.w - lw;
    cairo_rectangle(cr, lr.x, lr.y, lw, lh);
    set_rgba(cr, st->panel);
    cairo_fill_preserve(cr);
    set_rgba(cr, st->panel_line);
    cairo_set_line_width(cr, 1 * k);
    cairo_stroke(cr);
    legend_layout(m, cr, lr.x, lr.y, ev, true, &lw, &lh);
}

static void layer_setup(cairo_t *cr, bool raster)
{
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
    /* Cairo's FAST anti-aliasing is indistinguishable here at 1:1 and draws
     * fills and thin strokes two to three times faster than the default. */
    if (raster) cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);
}

/* Draws a static layer into pixels of the frame's size that the cache owns
 * (ARGB32, or RGB24 for the opaque base): Cairo draws straight into the
 * cache's buffer, so there is no second copy. */
static bool cache_layer(const cm_mapctx *m, cached_layer *cl, void (*fn)(const cm_mapctx *, cairo_t *),
                        bool opaque)
{
    cl->fmt = opaque ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32;
    cl->w = m->W;
    cl->h = m->H;
    cl->stride = cairo_format_stride_for_width(cl->fmt, m->W);
    size_t n;
    if (cl->stride <= 0 || !cm_size_mul((size_t)cl->stride, (size_t)cl->h, &n)) return false;
    cl->data = calloc(n, 1); /* transparent */
    if (!cl->data) return false;
    cairo_surface_t *sf = cairo_image_surface_create_for_data(cl->data, cl->fmt, cl->w, cl->h, cl->stride);
    cairo_t *cr = cairo_create(sf);
    layer_setup(cr, true);
    fn(m, cr);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(sf);
    if (!cs) cs = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    if (cs) {
        free(cl->data);
        cl->data = NULL;
    }
    return cl->data != NULL;
}

/* Paints a cached layer through a wrapper of its own, so that threads never
 * share a cairo or pixman object, only the read-only pixels. */
static void paint_cached(cairo_t *cr, const cached_layer *cl)
{
    cairo_surface_t *w = cairo_image_surface_create_for_data(cl->data, cl->fmt, cl->w, cl->h, cl->stride);
    cairo_set_source_surface(cr, w, 0, 0);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_surface_destroy(w);
}

/* The names, the attribution band and the scale box are small and sparse:
 * each is cached as a tile of its own (a few hundred KB in all, where a
 * frame-sized layer would take 7.7 MB at 1600x1200), and a name that moves
 * off a marker for a day is its tile painted elsewhere. */
typedef enum { TILE_LABEL, TILE_ATTRIBUTION, TILE_SCALE } tile_kind;

static bool cache_tile(const cm_mapctx *m, tile *t, tile_kind kind, size_t i)
{
    rect r = kind == TILE_LABEL ? m->lab[i].box
           : kind == TILE_SCALE ? m->scalebox
                                : (rect){0, m->H - m->attr_h, m->W, m->attr_h};
    int x0 = (int)floor(r.x) - 2, y0 = (int)floor(r.y) - 2;
    int x1 = (int)ceil(r.x + r.w) + 2, y1 = (int)ceil(r.y + r.h) + 2;
    t->x = x0, t->y = y0;
    t->kind = (int)kind;
    t->label = i;
    cached_layer *cl = &t->px;
    cl->fmt = CAIRO_FORMAT_ARGB32;
    cl->w = x1 - x0, cl->h = y1 - y0;
    cl->stride = cairo_format_stride_for_width(cl->fmt, cl->w);
    size_t n;
    if (cl->w <= 0 || cl->h <= 0 || cl->stride <= 0 || !cm_size_mul((size_t)cl->stride, (size_t)cl->h, &n))
        return false;
    cl->data = calloc(n, 1);
    if (!cl->data) return false;
    cairo_surface_t *sf = cairo_image_surface_create_for_data(cl->data, cl->fmt, cl->w, cl->h, cl->stride);
    cairo_t *cr = cairo_create(sf);
    layer_setup(cr, true);
    cairo_translate(cr, -x0, -y0);
    if (kind == TILE_LABEL) draw_label(m, cr, i, m->lab[i].box);
    else if (kind == TILE_ATTRIBUTION) draw_attribution(m, cr);
    else draw_scalebox(m, cr);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(sf);
    if (!cs) cs = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    return !cs;
}

static void paint_tile(cairo_t *cr, const tile *t, int dx, int dy)
{
    const cached_layer *cl = &t->px;
    cairo_surface_t *w = cairo_image_surface_create_for_data(cl->data, cl->fmt, cl->w, cl->h, cl->stride);
    cairo_set_source_surface(cr, w, t->x + dx, t->y + dy);
    cairo_rectangle(cr, t->x + dx, t->y + dy, cl->w, cl->h);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_surface_destroy(w);
}

/* Builds the cached layers on the first raster frame (under the lock), not
 * in cm_mapctx_new: by then the caller has usually freed the geomstore, so
 * the two never weigh on memory together. True when the cache is usable. */
static bool ensure_cache(const cm_mapctx *cm)
{
    cm_mapctx *m = (cm_mapctx *)cm; /* the cache is the one mutable part, behind the lock */
    pthread_mutex_lock(&m->lock);
    if (m->want_cache && !m->cached && !m->cache_failed) {
        release_heap(); /* what the caller freed since (the geomstore) */
        bool ok = cache_layer(m, &m->cache[0], layer_base, true) && cache_layer(m, &m->cache[1], layer_lines, false);
        size_t nt = (m->no_text ? 0 : m->nlab + 1) + 1;
        m->tiles = ok ? calloc(nt, sizeof *m->tiles) : NULL;
        ok = ok && m->tiles;
        for (size_t i = 0; ok && !m->no_text && i < m->nlab; i++) ok = cache_tile(m, &m->tiles[m->ntiles++], TILE_LABEL, i);
        if (ok && !m->no_text) ok = cache_tile(m, &m->tiles[m->ntiles++], TILE_ATTRIBUTION, 0);
        if (ok) ok = cache_tile(m, &m->tiles[m->ntiles++], TILE_SCALE, 0);
        if (ok) m->cached = true;
        else m->cache_failed = true; /* draw everything each time instead */
    }
    bool ok = m->cached;
    pthread_mutex_unlock(&m->lock);
    return ok;
}

cm_status cm_map_render_title(const cm_mapctx *m, cm_ctx *ctx, cairo_t *cr, cm_day day)
{
    if (m->no_text) return CM_OK;
    cairo_save(cr);
    layer_setup(cr, cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE);
    cairo_rectangle(cr, 0, 0, m->W, title_rows(m));
    cairo_clip(cr);
    cairo_set_source_rgb(cr, m->st.panel.r, m->st.panel.g, m->st.panel.b);
    cairo_paint(cr);
    title_text(m, cr, day);
    cairo_status_t cs = cairo_status(cr);
    cairo_restore(cr);
    if (cs) return cm_fail(ctx, CM_CAIRO, "drawing the title: %s", cairo_status_to_string(cs));
    return CM_OK;
}

cm_status cm_map_render(const cm_mapctx *m, cm_ctx *ctx, cairo_t *cr, const cm_frame *f)
{
    cairo_surface_t *target = cairo_get_target(cr);
    bool raster = cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_IMAGE;
    cairo_matrix_t mx;
    cairo_get_matrix(cr, &mx);
    bool identity = mx.xx == 1 && mx.yy == 1 && mx.xy == 0 && mx.yx == 0 && mx.x0 == 0 && mx.y0 == 0;
    bool cached = raster && identity && !f->svg_ids && m->want_cache && ensure_cache(m);
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, m->W, m->H);
    cairo_clip(cr);
    layer_setup(cr, raster);
    if (cached) paint_cached(cr, &m->cache[0]);
    else layer_base(m, cr);
    layer_fills(m, cr, f);
    layer_hatch(m, cr, f);
    if (cached) paint_cached(cr, &m->cache[1]);
    else layer_lines_but(m, cr, !f->svg_ids); /* SVG fills carry the district outlines */
    layer_changed(m, cr, f);
    rect *boxes = m->nlab ? malloc(m->nlab * sizeof *boxes) : NULL;
    bool moved = boxes && labels_for_frame(m, f, boxes);
    if (cached) {
        for (size_t i = 0; i < m->ntiles; i++) {
            const tile *t = &m->tiles[i];
            int dx = 0, dy = 0;
            if (t->kind == TILE_LABEL && moved) {
                dx = (int)lround(boxes[t->label].x - m->lab[t->label].box.x);
                dy = (int)lround(boxes[t->label].y - m->lab[t->label].box.y);
            }
            paint_tile(cr, t, dx, dy);
        }
    } else {
        layer_labels_at(m, cr, moved ? boxes : NULL);
    }
    draw_markers(m, cr, f, boxes); /* the day's events above the names */
    free(boxes);
    layer_title_legend(m, cr, f);
    cairo_status_t cs = cairo_status(cr);
    cairo_restore(cr);
    if (cs) return cm_fail(ctx, CM_CAIRO, "drawing the map: %s", cairo_status_to_string(cs));
    return CM_OK;
}
