/* cover: arcs between nodes, each simplified once; rings rebuilt from them.
 * libc only. */
#include "geo/cover.h"
#include "core/str.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

typedef struct {
    uint64_t key;   /* 0: empty; else the two vertex ids + 1, packed */
    uint32_t r1, r2; /* the first two rings using the edge (r2 UINT32_MAX: one) */
    int32_t arc;    /* arc the edge belongs to in this round; -1 none */
} edge;

typedef struct {
    uint32_t *v;     /* vertex ids after simplification, first to last */
    uint32_t n;
    uint32_t a, b;   /* first two vertex ids before simplification: the direction */
} arc;

struct cm_cover {
    double *vx;          /* vertex coordinates (lon, lat) by id */
    size_t nv, vcap;
    uint64_t *vkey;      /* vertex hash table: id + 1, 0 empty */
    size_t vmask;
    uint32_t *rv;        /* ring vertices, ring after ring */
    size_t nrv, rvcap;
    uint32_t *rs;        /* ring starts into rv (nrings + 1) */
    size_t nr, rscap;
    uint32_t *ps;        /* polygon starts into rs (npoly + 1) */
    size_t np, pscap;
    unsigned char *keep; /* per polygon */
    size_t kcap;
    /* built by simplify */
    edge *e;
    size_t emask;
    unsigned char *node; /* per vertex */
    arc *arcs;
    size_t narcs, acap;
    double *oxy;         /* output points */
    size_t nout, ocap;
    uint32_t *oring;     /* output ring starts (global) */
    size_t nor, orcap;
    uint32_t *opoly;     /* per polygon: first output ring (npoly + 1) */
};

cm_cover *cm_cover_new(void)
{
    cm_cover *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->ps = malloc(sizeof *c->ps * 64);
    c->rs = malloc(sizeof *c->rs * 64);
    if (!c->ps || !c->rs) {
        cm_cover_free(c);
        return NULL;
    }
    c->pscap = c->rscap = 64;
    c->ps[0] = c->rs[0] = 0;
    return c;
}

void cm_cover_free(cm_cover *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->narcs; i++) free(c->arcs[i].v);
    free(c->arcs);
    free(c->vx);
    free(c->vkey);
    free(c->rv);
    free(c->rs);
    free(c->ps);
    free(c->keep);
    free(c->e);
    free(c->node);
    free(c->oxy);
    free(c->oring);
    free(c->opoly);
    free(c);
}

size_t cm_cover_count(const cm_cover *c) { return c->np; }

static uint64_t mix(uint64_t h)
{
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 29);
}

static uint64_t vhash(const double *p)
{
    uint64_t a, b;
    memcpy(&a, p, 8);
    memcpy(&b, p + 1, 8);
    return mix(a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull));
}

static bool vrehash(cm_cover *c, size_t cap)
{
    uint64_t *t = calloc(cap, sizeof *t);
    if (!t) return false;
    for (size_t id = 0; id < c->nv; id++) {
        size_t i = vhash(c->vx + 2 * id) & (cap - 1);
        while (t[i]) i = (i + 1) & (cap - 1);
        t[i] = id + 1;
    }
    free(c->vkey);
    c->vkey = t;
    c->vmask = cap - 1;
    return true;
}

/* The id of the vertex at p, added when new; UINT32_MAX when out of memory. */
static uint32_t vertex(cm_cover *c, const double *p)
{
    if (!c->vkey || 2 * (c->nv + 1) > c->vmask + 1) {
        size_t cap = c->vkey ? 2 * (c->vmask + 1) : 1024;
        while (cap < 2 * (c->nv + 1)) cap *= 2;
        if (!vrehash(c, cap)) return UINT32_MAX;
    }
    size_t i = vhash(p) & c->vmask;
    for (; c->vkey[i]; i = (i + 1) & c->vmask) {
        const double *q = c->vx + 2 * (c->vkey[i] - 1);
        if (q[0] == p[0] && q[1] == p[1]) return (uint32_t)(c->vkey[i] - 1);
    }
    if (c->nv >= UINT32_MAX - 1 || !cm_grow((void **)&c->vx, &c->vcap, 2 * (c->nv + 1), sizeof *c->vx))
        return UINT32_MAX;
    c->vx[2 * c->nv] = p[0];
    c->vx[2 * c->nv + 1] = p[1];
    c->vkey[i] = c->nv + 1;
    return (uint32_t)c->nv++;
}

cm_status cm_cover_add(cm_cover *c, const double *xy, const uint32_t *ring, uint32_t nrings)
{
    for (uint32_t k = 0; k < nrings; k++) {
        uint32_t a = ring[k], b = ring[k + 1];
        if (b > a + 1 && xy[2 * a] == xy[2 * (b - 1)] && xy[2 * a + 1] == xy[2 * (b - 1) + 1]) b--;
        size_t start = c->nrv;
        for (uint32_t i = a; i < b; i++) {
            uint32_t id = vertex(c, xy + 2 * i);
            if (id == UINT32_MAX || !cm_grow((void **)&c->rv, &c->rvcap, c->nrv + 1, sizeof *c->rv)) return CM_NOMEM;
            if (c->nrv > start && c->rv[c->nrv - 1] == id) continue; /* repeated point */
            c->rv[c->nrv++] = id;
        }
        while (c->nrv - start > 1 && c->rv[c->nrv - 1] == c->rv[start]) c->nrv--;
        if (c->nrv - start < 3) {
            c->nrv = start; /* not a ring */
            continue;
        }
        if (!cm_grow((void **)&c->rs, &c->rscap, c->nr + 2, sizeof *c->rs)) return CM_NOMEM;
        c->rs[++c->nr] = (uint32_t)c->nrv;
    }
    if (!cm_grow((void **)&c->ps, &c->pscap, c->np + 2, sizeof *c->ps) ||
        !cm_grow((void **)&c->keep, &c->kcap, c->np + 1, 1))
        return CM_NOMEM;
    c->keep[c->np] = 0;
    c->ps[++c->np] = (uint32_t)c->nr;
    return CM_OK;
}

void cm_cover_keep(cm_cover *c, size_t i)
{
    if (i < c->np) c->keep[i] = 1;
}

/* ---- edges ------------------------------------------------------------------ */

static uint64_t ekey(uint32_t u, uint32_t v)
{
    uint32_t lo = u < v ? u : v, hi = u < v ? v : u;
    return ((uint64_t)lo << 32 | hi) + 1;
}

static edge *eslot(const cm_cover *c, uint64_t k)
{
    size_t i = mix(k) & c->emask;
    while (c->e[i].key && c->e[i].key != k) i = (i + 1) & c->emask;
    return &c->e[i];
}

static uint32_t ring_at(const cm_cover *c, size_t r, size_t j)
{
    size_t a = c->rs[r], n = c->rs[r + 1] - a;
    return c->rv[a + j % n];
}

/* Every edge with the rings using it; nodes: vertices not of degree 2, or
 * where the rings on the two edges differ. */
static cm_status find_nodes(cm_cover *c)
{
    size_t cap = 1024;
    while (cap < 2 * c->nrv + 2) cap *= 2;
    free(c->e);
    free(c->node);
    c->e = calloc(cap, sizeof *c->e);
    c->node = calloc(c->nv ? c->nv : 1, 1);
    uint32_t *deg = calloc(c->nv ? c->nv : 1, sizeof *deg);
    if (!c->e || !c->node || !deg) {
        free(deg);
        return CM_NOMEM;
    }
    c->emask = cap - 1;
    for (size_t r = 0; r < c->nr; r++) {
        size_t n = c->rs[r + 1] - c->rs[r];
        for (size_t j = 0; j < n; j++) {
            uint32_t u = ring_at(c, r, j), v = ring_at(c, r, j + 1);
            edge *e = eslot(c, ekey(u, v));
            if (!e->key) {
                *e = (edge){.key = ekey(u, v), .r1 = (uint32_t)r, .r2 = UINT32_MAX, .arc = -1};
                deg[u]++, deg[v]++;
            } else if (e->r1 != r && e->r2 == UINT32_MAX) {
                e->r2 = (uint32_t)r;
            }
        }
    }
    for (size_t v = 0; v < c->nv; v++) c->node[v] = deg[v] != 2;
    free(deg);
    for (size_t r = 0; r < c->nr; r++) {
        size_t n = c->rs[r + 1] - c->rs[r];
        for (size_t j = 0; j < n; j++) {
            const edge *in = eslot(c, ekey(ring_at(c, r, j + n - 1), ring_at(c, r, j)));
            const edge *out = eslot(c, ekey(ring_at(c, r, j), ring_at(c, r, j + 1)));
            if (in->r1 != out->r1 || in->r2 != out->r2) c->node[ring_at(c, r, j)] = 1;
        }
    }
    return CM_OK;
}

/* ---- Douglas-Peucker on vertex ids ------------------------------------------ */

static double seg_d2(const double *p, const double *a, const double *b, double sx)
{
    double ax = a[0] * sx, ay = a[1], dx = b[0] * sx - ax, dy = b[1] - ay;
    double px = p[0] * sx - ax, py = p[1] - ay, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? (px * dx + py * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double ex = t * dx - px, ey = t * dy - py;
    return ex * ex + ey * ey;
}

/* Marks keep[] over ids[lo..hi] (ends kept by the caller). */
static bool dp(const cm_cover *c, const uint32_t *ids, size_t lo, size_t hi, double tol2, double sx,
               unsigned char *keep)
{
    size_t cap = 64, sp = 0;
    size_t *st = malloc(cap * sizeof *st);
    if (!st) return false;
    st[sp++] = lo, st[sp++] = hi;
    while (sp) {
        size_t b = st[--sp], a = st[--sp], bi = a;
        double best = -1;
        for (size_t i = a + 1; i < b; i++) {
            double d = seg_d2(c->vx + 2 * ids[i], c->vx + 2 * ids[a], c->vx + 2 * ids[b], sx);
            if (d > best) best = d, bi = i;
        }
        if (b <= a + 1 || best <= tol2) continue;
        keep[bi] = 1;
        if (sp + 4 > cap) {
            size_t *ns = realloc(st, 2 * cap * sizeof *ns);
            if (!ns) {
                free(st);
                return false;
            }
            st = ns, cap *= 2;
        }
        st[sp++] = a, st[sp++] = bi, st[sp++] = bi, st[sp++] = b;
    }
    free(st);
    return true;
}

/* A new arc from ids[0..n) (n >= 2; closed: ids[n-1] == ids[0]), simplified
 * unless whole. Returns its index, -1 when out of memory. */
static int32_t new_arc(cm_cover *c, const uint32_t *ids, size_t n, bool whole, double tol2, double sx)
{
    if (!cm_grow((void **)&c->arcs, &c->acap, c->narcs + 1, sizeof *c->arcs)) return -1;
    arc *A = &c->arcs[c->narcs];
    unsigned char *keep = calloc(n, 1);
    A->v = malloc(n * sizeof *A->v);
    if (!keep || !A->v) {
        free(keep);
        free(A->v);
        return -1;
    }
    keep[0] = keep[n - 1] = 1;
    bool ok = true;
    if (whole) memset(keep, 1, n);
    else if (ids[0] == ids[n - 1]) { /* closed: split at the farthest point */
        size_t far = 0;
        double fd = -1;
        for (size_t i = 1; i + 1 < n; i++) {
            double d = seg_d2(c->vx + 2 * ids[i], c->vx + 2 * ids[0], c->vx + 2 * ids[0], sx);
            if (d > fd) fd = d, far = i;
        }
        keep[far] = 1;
        ok = dp(c, ids, 0, far, tol2, sx, keep) && dp(c, ids, far, n - 1, tol2, sx, keep);
    } else {
        ok = dp(c, ids, 0, n - 1, tol2, sx, keep);
    }
    A->n = 0;
    for (size_t i = 0; i < n; i++)
        if (keep[i]) A->v[A->n++] = ids[i];
    A->a = ids[0], A->b = ids[1];
    free(keep);
    if (!ok) {
        free(A->v);
        return -1;
    }
    return (int32_t)c->narcs++;
}

/* ---- rings from arcs ------------------------------------------------------------ */

static bool out_pt(cm_cover *c, uint32_t v, double scale)
{
    if (!cm_grow((void **)&c->oxy, &c->ocap, 2 * (c->nout + 1), sizeof *c->oxy)) return false;
    double x = c->vx[2 * v], y = c->vx[2 * v + 1];
    if (scale > 0) x = round(x * scale) / scale, y = round(y * scale) / scale;
    if (c->nout > c->oring[c->nor] && c->oxy[2 * c->nout - 2] == x && c->oxy[2 * c->nout - 1] == y) return true;
    c->oxy[2 * c->nout] = x, c->oxy[2 * c->nout + 1] = y;
    c->nout++;
    return true;
}

/* Ring r from its arcs into the output; *few when under three points. */
static cm_status build_ring(cm_cover *c, size_t r, bool whole, double tol2, double sx, double scale, bool *few,
                            uint32_t **buf, size_t *bcap)
{
    size_t n = c->rs[r + 1] - c->rs[r], s = 0;
    while (s < n && !c->node[ring_at(c, r, s)]) s++;
    if (!cm_grow((void **)&c->oring, &c->orcap, c->nor + 2, sizeof *c->oring)) return CM_NOMEM;
    c->oring[c->nor] = (uint32_t)c->nout;
    if (s == n) { /* no node: one closed arc from the smallest vertex */
        s = 0;
        for (size_t j = 1; j < n; j++)
            if (ring_at(c, r, j) < ring_at(c, r, s)) s = j;
    }
    for (size_t j = 0; j < n;) {
        /* the arc from position s+j to the next node */
        size_t k = j + 1;
        while (k < n && !c->node[ring_at(c, r, s + k)]) k++;
        edge *e = eslot(c, ekey(ring_at(c, r, s + j), ring_at(c, r, s + j + 1)));
        if (e->arc < 0) {
            if (!cm_grow((void **)buf, bcap, k - j + 1, sizeof **buf)) return CM_NOMEM;
            for (size_t i = j; i <= k; i++) (*buf)[i - j] = ring_at(c, r, s + i);
            int32_t id = new_arc(c, *buf, k - j + 1, whole, tol2, sx);
            if (id < 0) return CM_NOMEM;
            for (size_t i = j; i < k; i++) eslot(c, ekey(ring_at(c, r, s + i), ring_at(c, r, s + i + 1)))->arc = id;
        }
        const arc *A = &c->arcs[e->arc];
        bool fwd = A->a == ring_at(c, r, s + j) && A->b == ring_at(c, r, s + j + 1);
        for (uint32_t i = 0; i + 1 < A->n; i++) /* the last point starts the next arc */
            if (!out_pt(c, A->v[fwd ? i : A->n - 1 - i], scale)) return CM_NOMEM;
        j = k;
    }
    /* drop a last point equal to the first (rounding) and close the ring */
    size_t first = c->oring[c->nor];
    while (c->nout - first > 1 && c->oxy[2 * c->nout - 2] == c->oxy[2 * first] &&
           c->oxy[2 * c->nout - 1] == c->oxy[2 * first + 1])
        c->nout--;
    *few = c->nout - first < 3;
    if (!cm_grow((void **)&c->oxy, &c->ocap, 2 * (c->nout + 1), sizeof *c->oxy)) return CM_NOMEM;
    c->oxy[2 * c->nout] = c->oxy[2 * first], c->oxy[2 * c->nout + 1] = c->oxy[2 * first + 1];
    c->nout++;
    c->oring[++c->nor] = (uint32_t)c->nout;
    return CM_OK;
}

/* One round; *again when a ring collapsed (its polygon is then kept). */
static cm_status round_once(cm_cover *c, double tol2, double sx, double scale, bool *again)
{
    for (size_t i = 0; i < c->narcs; i++) free(c->arcs[i].v);
    c->narcs = 0;
    for (size_t i = 0; i <= c->emask; i++) c->e[i].arc = -1;
    c->nout = c->nor = 0;
    free(c->opoly);
    c->opoly = malloc((c->np + 1) * sizeof *c->opoly);
    if (!c->opoly) return CM_NOMEM;
    uint32_t *buf = NULL;
    size_t bcap = 0;
    cm_status st = CM_OK;
    /* kept polygons first, so their arcs are made whole */
    for (int pass = 0; pass < 2 && !st; pass++)
        for (size_t p = 0; p < c->np && !st; p++) {
            if (c->keep[p] != (pass == 0)) continue;
            for (size_t r = c->ps[p]; r < c->ps[p + 1] && !st; r++) {
                bool few;
                st = build_ring(c, r, c->keep[p], tol2, sx, scale, &few, &buf, &bcap);
                if (few && !c->keep[p]) c->keep[p] = 1, *again = true;
            }
        }
    /* the output, in polygon order */
    c->nout = c->nor = 0;
    for (size_t p = 0; p < c->np && !st; p++) {
        c->opoly[p] = (uint32_t)c->nor;
        for (size_t r = c->ps[p]; r < c->ps[p + 1] && !st; r++) {
            bool few;
            st = build_ring(c, r, false, tol2, sx, scale, &few, &buf, &bcap);
            if (few) c->nor--, c->nout = c->oring[c->nor]; /* a collapsed ring of a kept polygon: none */
        }
    }
    free(buf);
    c->opoly[c->np] = (uint32_t)c->nor;
    return st;
}

cm_status cm_cover_simplify(cm_cover *c, double tol_m, int decimals)
{
    cm_status st = find_nodes(c);
    if (st) return st;
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (size_t v = 0; v < c->nv; v++) lo = fmin(lo, c->vx[2 * v + 1]), hi = fmax(hi, c->vx[2 * v + 1]);
    double sx = c->nv ? cos((lo + hi) / 2 * PI / 180) : 1;
    double tol = tol_m / 111320.0, scale = decimals > 0 && decimals <= 15 ? pow(10, decimals) : 0;
    bool again = true;
    for (int k = 0; again && k < 8 && !st; k++) {
        again = false;
        st = round_once(c, tol * tol, sx, scale, &again);
    }
    return st;
}

void cm_cover_get(const cm_cover *c, size_t i, const double **xy, const uint32_t **ring, uint32_t *nrings)
{
    *xy = c->oxy;
    *ring = c->oring + c->opoly[i];
    *nrings = c->opoly[i + 1] - c->opoly[i];
}

void cm_cover_points(const cm_cover *c, size_t *before, size_t *after)
{
    *before = c->nrv;
    *after = c->nout - c->nor; /* closing points */
}
