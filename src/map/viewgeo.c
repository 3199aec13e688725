/* viewgeo: districts -> shared arcs -> simplified, rounded JSON for the viewer
 * (see viewgeo.h). The arcs are found as TopoJSON finds them: a point is a
 * junction when the rings through it do not all pass it between the same two
 * neighbours; the run between two junctions is an arc, stored once in a
 * canonical direction (lower point id first), so the two districts beside it
 * get the same simplified line. The OCHA boundaries share their vertices
 * exactly, which is what this relies on; where they do not, an edge is simply
 * stored twice. */
#include "map/viewgeo.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo/proj.h"

#define NONE UINT32_MAX

struct cm_viewgeo {
    cm_proj *proj;
    double x0, y1, unit; /* grid origin (metres: min x, max y) and unit */
    cm_buf json;
    size_t narcs, npoints;
};

/* The districts' rings as unique points, and their arcs, while building. */
typedef struct {
    size_t npt;       /* unique points */
    double *xy;       /* lon/lat, then projected x,y, per unique point */
    uint32_t *ids;    /* unique point of every ring point, rings end to end */
    uint32_t *roff;   /* nrings + 1 offsets into ids */
    uint32_t *rdist;  /* district of each ring */
    size_t nrings;
    uint32_t *nb;     /* per point: the neighbour pair first seen (2 entries) */
    unsigned char *junc;
    uint32_t *apts;   /* arc points (unique ids), arcs end to end */
    size_t napts;
    uint32_t *aoff;   /* narcs + 1 offsets into apts */
    size_t narcs;
    int64_t *refs;    /* per ring point slot: arc references of the ring, then unused */
    uint32_t *nrefs;  /* references per ring */
    uint32_t *ahash;  /* open-addressing table of arcs (index + 1; 0 empty) */
    size_t hcap;
} topo;

static void topo_free(topo *t)
{
    free(t->xy), free(t->ids), free(t->roff), free(t->rdist), free(t->nb), free(t->junc);
    free(t->apts), free(t->aoff), free(t->refs), free(t->nrefs), free(t->ahash);
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 30, x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27, x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint64_t point_hash(const double *p)
{
    uint64_t a, b;
    memcpy(&a, &p[0], 8);
    memcpy(&b, &p[1], 8);
    return mix(a ^ mix(b));
}

/* Unique id of lon/lat point p, adding it when new. */
static uint32_t point_id(topo *t, uint32_t *table, size_t cap, const double *p)
{
    for (size_t h = point_hash(p) & (cap - 1);; h = (h + 1) & (cap - 1)) {
        uint32_t v = table[h];
        if (v == NONE) {
            memcpy(&t->xy[2 * t->npt], p, 2 * sizeof *p);
            table[h] = (uint32_t)t->npt;
            return (uint32_t)t->npt++;
        }
        if (!memcmp(&t->xy[2 * v], p, 2 * sizeof *p)) return v;
    }
}

/* Rings of the districts as unique point ids; consecutive repeats and the
 * closing point dropped, rings of fewer than three points skipped. */
static cm_status collect(topo *t, const cm_geomstore *gs)
{
    size_t nd = cm_geomstore_count(gs, CM_GEOM_DISTRICT), total = 0, nr = 0;
    for (size_t i = 0; i < nd; i++) {
        const cm_rings *r = &cm_geomstore_get(gs, CM_GEOM_DISTRICT, i)->rings;
        total += r->npts, nr += r->nrings;
    }
    if (total >= NONE / 4) return CM_RANGE;
    size_t cap = 16;
    while (cap < 2 * total) cap *= 2;
    uint32_t *table = malloc(cap * sizeof *table);
    t->xy = malloc((total + 1) * 2 * sizeof *t->xy);
    t->ids = malloc((total + 1) * sizeof *t->ids);
    t->roff = malloc((nr + 1) * sizeof *t->roff);
    t->rdist = malloc((nr + 1) * sizeof *t->rdist);
    if (!table || !t->xy || !t->ids || !t->roff || !t->rdist) {
        free(table);
        return CM_NOMEM;
    }
    memset(table, 0xff, cap * sizeof *table);
    size_t n = 0;
    t->roff[0] = 0;
    for (size_t i = 0; i < nd; i++) {
        const cm_rings *r = &cm_geomstore_get(gs, CM_GEOM_DISTRICT, i)->rings;
        for (uint32_t k = 0; k < r->nrings; k++) {
            size_t start = n;
            for (uint32_t j = r->ring[k]; j < r->ring[k + 1]; j++) {
                uint32_t id = point_id(t, table, cap, &r->xy[2 * j]);
                if (n == start || t->ids[n - 1] != id) t->ids[n++] = id;
            }
            while (n - start > 1 && t->ids[n - 1] == t->ids[start]) n--;
            if (n - start < 3) {
                n = start;
                continue;
            }
            t->rdist[t->nrings] = (uint32_t)i;
            t->roff[++t->nrings] = (uint32_t)n;
        }
    }
    free(table);
    return CM_OK;
}

/* Junctions: points whose rings pass them between different neighbours; and
 * in a ring with none, its lowest point (the ring then is one closed arc, cut
 * where every ring along it cuts it). */
static cm_status junctions(topo *t)
{
    t->nb = malloc((t->npt + 1) * 2 * sizeof *t->nb);
    t->junc = calloc(t->npt + 1, 1);
    if (!t->nb || !t->junc) return CM_NOMEM;
    memset(t->nb, 0xff, (t->npt + 1) * 2 * sizeof *t->nb);
    for (size_t r = 0; r < t->nrings; r++) {
        uint32_t a = t->roff[r], n = t->roff[r + 1] - a;
        for (uint32_t k = 0; k < n; k++) {
            uint32_t p = t->ids[a + k], u = t->ids[a + (k + n - 1) % n], v = t->ids[a + (k + 1) % n];
            uint32_t lo = u < v ? u : v, hi = u < v ? v : u;
            if (t->nb[2 * p] == NONE) t->nb[2 * p] = lo, t->nb[2 * p + 1] = hi;
            else if (t->nb[2 * p] != lo || t->nb[2 * p + 1] != hi) t->junc[p] = 1;
        }
    }
    for (size_t r = 0; r < t->nrings; r++) {
        uint32_t a = t->roff[r], b = t->roff[r + 1], low = t->ids[a];
        bool any = false;
        for (uint32_t k = a; k < b && !any; k++) any = t->junc[t->ids[k]];
        for (uint32_t k = a; k < b && !any; k++) low = t->ids[k] < low ? t->ids[k] : low;
        if (!any) t->junc[low] = 1;
    }
    return CM_OK;
}

static uint64_t seq_hash(const uint32_t *p, size_t n)
{
    uint64_t h = n;
    for (size_t i = 0; i < n; i++) h = mix(h ^ p[i]);
    return h;
}

/* The arc of run[0..n) (canonical direction), added when new. */
static int64_t arc_ref(topo *t, uint32_t *run, size_t n)
{
    bool rev = run[0] > run[n - 1] || (run[0] == run[n - 1] && n > 2 && run[1] > run[n - 2]);
    for (size_t i = 0; rev && i < n / 2; i++) {
        uint32_t x = run[i];
        run[i] = run[n - 1 - i], run[n - 1 - i] = x;
    }
    size_t h = seq_hash(run, n) & (t->hcap - 1);
    for (;; h = (h + 1) & (t->hcap - 1)) {
        uint32_t v = t->ahash[h];
        if (!v) break;
        const uint32_t *q = t->apts + t->aoff[v - 1];
        if (t->aoff[v] - t->aoff[v - 1] == n && !memcmp(q, run, n * sizeof *run))
            return rev ? ~(int64_t)(v - 1) : (int64_t)(v - 1);
    }
    memcpy(t->apts + t->napts, run, n * sizeof *run);
    t->napts += n;
    t->aoff[++t->narcs] = (uint32_t)t->napts;
    t->ahash[h] = (uint32_t)t->narcs;
    return rev ? ~(int64_t)(t->narcs - 1) : (int64_t)(t->narcs - 1);
}

/* Cuts every ring at its junctions into arcs. */
static cm_status cut(topo *t)
{
    size_t total = t->roff[t->nrings];
    t->hcap = 16;
    while (t->hcap < 2 * total) t->hcap *= 2;
    t->apts = malloc((2 * total + 1) * sizeof *t->apts);
    t->aoff = malloc((total + 2) * sizeof *t->aoff);
    t->refs = malloc((total + 1) * sizeof *t->refs);
    t->nrefs = calloc(t->nrings + 1, sizeof *t->nrefs);
    t->ahash = calloc(t->hcap, sizeof *t->ahash);
    uint32_t *run = malloc((total + 2) * sizeof *run);
    cm_status st = (t->apts && t->aoff && t->refs && t->nrefs && t->ahash && run) ? CM_OK : CM_NOMEM;
    if (!st) t->aoff[0] = 0;
    for (size_t r = 0; r < t->nrings && !st; r++) {
        uint32_t a = t->roff[r], n = t->roff[r + 1] - a, s = 0;
        while (!t->junc[t->ids[a + s]]) s++;
        size_t len = 0;
        for (uint32_t k = 0; k <= n; k++) {
            uint32_t p = t->ids[a + (s + k) % n];
            run[len++] = p;
            if (k > 0 && t->junc[p]) {
                t->refs[a + t->nrefs[r]++] = arc_ref(t, run, len);
                run[0] = p, len = 1;
            }
        }
    }
    free(run);
    return st;
}

static double seg_dist2(const double *p, const double *a, const double *b)
{
    double dx = b[0] - a[0], dy = b[1] - a[1], l2 = dx * dx + dy * dy, u = 0;
    if (l2 > 0) u = fmax(0, fmin(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2));
    double ex = a[0] + u * dx - p[0], ey = a[1] + u * dy - p[1];
    return ex * ex + ey * ey;
}

/* Douglas-Peucker over xy[0..n) (x,y pairs): keep[i] set for the points kept.
 * closed: the last point equals the first, so the farthest point from it is
 * kept too. stack holds 2n entries. */
static void simplify(const double *xy, size_t n, double tol2, bool closed, unsigned char *keep, size_t *stack)
{
    memset(keep, 0, n);
    keep[0] = keep[n - 1] = 1;
    size_t sp = 0, far = n - 1;
    if (closed && n > 2) {
        double best = -1;
        for (size_t i = 1; i + 1 < n; i++) {
            double d = seg_dist2(&xy[2 * i], xy, xy);
            if (d > best) best = d, far = i;
        }
        keep[far] = 1;
        stack[sp++] = 0, stack[sp++] = far;
    }
    stack[sp++] = closed && n > 2 ? far : 0, stack[sp++] = n - 1;
    while (sp) {
        size_t b = stack[--sp], a = stack[--sp], k = 0;
        double best = tol2;
        for (size_t i = a + 1; i < b; i++) {
            double d = seg_dist2(&xy[2 * i], &xy[2 * a], &xy[2 * b]);
            if (d > best) best = d, k = i;
        }
        if (!k) continue;
        keep[k] = 1;
        stack[sp++] = a, stack[sp++] = k, stack[sp++] = k, stack[sp++] = b;
    }
}

/* Appends the kept points of xy as "x0,y0,dx,dy,..." in grid units; at least
 * two points. */
static cm_status put_line(cm_viewgeo *vg, cm_buf *b, const double *xy, size_t n, const unsigned char *keep)
{
    long px = 0, py = 0;
    size_t written = 0;
    cm_status st = CM_OK;
    for (size_t i = 0; i < n && !st; i++) {
        if (keep && !keep[i]) continue;
        long x = lround((xy[2 * i] - vg->x0) / vg->unit), y = lround((vg->y1 - xy[2 * i + 1]) / vg->unit);
        if (written && x == px && y == py) continue;
        st = written ? cm_buf_printf(b, ",%ld,%ld", x - px, y - py) : cm_buf_printf(b, "%ld,%ld", x, y);
        px = x, py = y, written++;
    }
    if (!st && written == 1) st = cm_buf_puts(b, ",0,0"), written++;
    vg->npoints += written;
    return st;
}

/* "arcs":[...]: every arc simplified with tolerance tol. */
static cm_status put_arcs(cm_viewgeo *vg, const topo *t, double tol)
{
    size_t maxn = 2;
    for (size_t a = 0; a < t->narcs; a++)
        if (t->aoff[a + 1] - t->aoff[a] > maxn) maxn = t->aoff[a + 1] - t->aoff[a];
    double *xy = malloc(maxn * 2 * sizeof *xy);
    unsigned char *keep = malloc(maxn);
    size_t *stack = malloc(maxn * 4 * sizeof *stack);
    cm_status st = xy && keep && stack ? cm_buf_puts(&vg->json, ",\"arcs\":[") : CM_NOMEM;
    for (size_t a = 0; a < t->narcs && !st; a++) {
        const uint32_t *p = t->apts + t->aoff[a];
        size_t n = t->aoff[a + 1] - t->aoff[a];
        for (size_t i = 0; i < n; i++) xy[2 * i] = t->xy[2 * p[i]], xy[2 * i + 1] = t->xy[2 * p[i] + 1];
        simplify(xy, n, tol * tol, p[0] == p[n - 1], keep, stack);
        st = cm_buf_puts(&vg->json, a ? ",[" : "[");
        if (!st) st = put_line(vg, &vg->json, xy, n, keep);
        if (!st) st = cm_buf_putc(&vg->json, ']');
    }
    if (!st) st = cm_buf_putc(&vg->json, ']');
    vg->narcs = t->narcs;
    free(xy), free(keep), free(stack);
    return st;
}

/* "p":..,"n":..,"da":..,"c":[x,y] of a unit. */
static cm_status put_unit(cm_viewgeo *vg, cm_ctx *ctx, const cm_geom_unit *u)
{
    long x = 0, y = 0;
    bool ok = cm_viewgeo_project(vg, ctx, u->in_lon_deg, u->in_lat_deg, &x, &y);
    cm_status st = cm_buf_puts(&vg->json, "\"p\":");
    if (!st) st = cm_buf_json_str(&vg->json, u->pcode, strlen(u->pcode));
    if (!st) st = cm_buf_puts(&vg->json, ",\"n\":");
    if (!st) st = cm_buf_json_str(&vg->json, u->name_en, strlen(u->name_en));
    if (!st) st = cm_buf_puts(&vg->json, ",\"da\":");
    if (!st) st = cm_buf_json_str(&vg->json, u->name_da, strlen(u->name_da));
    if (!st && ok) st = cm_buf_printf(&vg->json, ",\"c\":[%ld,%ld]", x, y);
    return st;
}

/* "d":[...] and "pv":[...]. */
static cm_status put_units(cm_viewgeo *vg, cm_ctx *ctx, const cm_geomstore *gs, const topo *t)
{
    size_t nd = cm_geomstore_count(gs, CM_GEOM_DISTRICT), np = cm_geomstore_count(gs, CM_GEOM_PROVINCE);
    cm_status st = cm_buf_puts(&vg->json, ",\"d\":[");
    size_t r = 0;
    for (size_t i = 0; i < nd && !st; i++) {
        const cm_geom_unit *u = cm_geomstore_get(gs, CM_GEOM_DISTRICT, i);
        long v = -1;
        for (size_t k = 0; k < np && v < 0; k++)
            if (!strcmp(cm_geomstore_get(gs, CM_GEOM_PROVINCE, k)->pcode, u->parent)) v = (long)k;
        st = cm_buf_puts(&vg->json, i ? ",{" : "{");
        if (!st) st = put_unit(vg, ctx, u);
        if (!st) st = cm_buf_printf(&vg->json, ",\"v\":%ld,\"r\":[", v);
        for (size_t k = 0; !st && r < t->nrings && t->rdist[r] == i; r++, k++) {
            st = cm_buf_puts(&vg->json, k ? ",[" : "[");
            for (uint32_t j = 0; j < t->nrefs[r] && !st; j++)
                st = cm_buf_printf(&vg->json, "%s%lld", j ? "," : "", (long long)t->refs[t->roff[r] + j]);
            if (!st) st = cm_buf_putc(&vg->json, ']');
        }
        if (!st) st = cm_buf_puts(&vg->json, "]}");
    }
    if (!st) st = cm_buf_puts(&vg->json, "],\"pv\":[");
    for (size_t k = 0; k < np && !st; k++) {
        st = cm_buf_puts(&vg->json, k ? ",{" : "{");
        if (!st) st = put_unit(vg, ctx, cm_geomstore_get(gs, CM_GEOM_PROVINCE, k));
        if (!st) st = cm_buf_putc(&vg->json, '}');
    }
    if (!st) st = cm_buf_putc(&vg->json, ']');
    return st;
}

/* Sutherland-Hodgman: the ring in[0..n) clipped to the box {x0,y0,x1,y1}
 * into out (in may be out; out and tmp have room for 16n points); returns the
 * points written. */
static size_t clip_ring(const double *in, size_t n, const double box[4], double *out, double *tmp)
{
    const double *src = in;
    size_t m = n;
    for (int edge = 0; edge < 4 && m; edge++) {
        double *dst = edge % 2 ? out : tmp;
        size_t k = 0;
        int axis = edge % 2 ? 1 : 0;
        double lim = box[edge];
        bool low = edge < 2;
        for (size_t i = 0; i < m; i++) {
            const double *p = &src[2 * i], *q = &src[2 * ((i + 1) % m)];
            bool pin = low ? p[axis] >= lim : p[axis] <= lim, qin = low ? q[axis] >= lim : q[axis] <= lim;
            if (pin) dst[2 * k] = p[0], dst[2 * k + 1] = p[1], k++;
            if (pin != qin) {
                double u = (lim - p[axis]) / (q[axis] - p[axis]);
                dst[2 * k] = p[0] + u * (q[0] - p[0]), dst[2 * k + 1] = p[1] + u * (q[1] - p[1]), k++;
            }
        }
        src = dst, m = k;
    }
    return m;
}

/* Area-weighted centroid and area of a ring. */
static double ring_centroid(const double *xy, size_t n, double c[2])
{
    double a = 0, cx = 0, cy = 0;
    c[0] = xy[0], c[1] = xy[1];
    for (size_t i = 0; i < n; i++) {
        const double *p = &xy[2 * i], *q = &xy[2 * ((i + 1) % n)];
        double f = p[0] * q[1] - q[0] * p[1];
        a += f, cx += (p[0] + q[0]) * f, cy += (p[1] + q[1]) * f;
    }
    if (a != 0) c[0] = cx / (3 * a), c[1] = cy / (3 * a);
    return fabs(a / 2);
}

/* One neighbouring country: its rings projected, simplified, clipped. */
static cm_status put_neighbour(cm_viewgeo *vg, cm_ctx *ctx, const cm_geom_unit *u, const double box[4], double tol,
                               bool *first)
{
    const cm_rings *r = &u->rings;
    size_t n = r->npts;
    /* Clipping a ring of m points to a box gives at most 16m (2m per side). */
    double *xy = malloc((n + 1) * 2 * sizeof *xy), *cl = malloc((16 * n + 16) * 2 * sizeof *cl);
    double *tmp = malloc((16 * n + 16) * 2 * sizeof *tmp);
    unsigned char *keep = malloc(n + 1);
    size_t *stack = malloc((4 * n + 4) * sizeof *stack), nf = 0;
    cm_buf rings = {0};
    cm_status st = xy && cl && tmp && keep && stack ? CM_OK : CM_NOMEM;
    if (!st) memcpy(xy, r->xy, n * 2 * sizeof *xy);
    if (!st) st = cm_proj_fwd(vg->proj, ctx, xy, n, &nf);
    double best = 0, c[2] = {0, 0};
    /* (c stays {0,0} only when no ring is kept, and then nothing is written) */
    for (uint32_t k = 0; k < r->nrings && !st && !nf; k++) {
        size_t a = r->ring[k], m = r->ring[k + 1] - a, o = 0;
        if (m < 3) continue;
        simplify(xy + 2 * a, m, tol * tol, false, keep, stack);
        for (size_t i = 0; i < m; i++)
            if (keep[i]) cl[2 * o] = xy[2 * (a + i)], cl[2 * o + 1] = xy[2 * (a + i) + 1], o++;
        size_t q = clip_ring(cl, o, box, cl, tmp);
        if (q < 3) continue;
        double cc[2], ar = ring_centroid(cl, q, cc);
        if (ar > best) best = ar, c[0] = cc[0], c[1] = cc[1];
        st = cm_buf_puts(&rings, rings.n ? ",[" : "[");
        if (!st) st = put_line(vg, &rings, cl, q, NULL);
        if (!st) st = cm_buf_putc(&rings, ']');
    }
    if (!st && rings.n) {
        st = cm_buf_puts(&vg->json, *first ? "{\"n\":" : ",{\"n\":");
        *first = false;
        if (!st) st = cm_buf_json_str(&vg->json, u->name_en, strlen(u->name_en));
        if (!st) st = cm_buf_printf(&vg->json, ",\"c\":[%ld,%ld],\"r\":[%s]}", lround((c[0] - vg->x0) / vg->unit),
                                    lround((vg->y1 - c[1]) / vg->unit), rings.p);
    }
    free(xy), free(cl), free(tmp), free(keep), free(stack);
    cm_buf_free(&rings);
    return st;
}

/* The extent of the districts (projected) and the grid origin. */
static void extent(cm_viewgeo *vg, const topo *t, double ext[4])
{
    ext[0] = ext[1] = HUGE_VAL, ext[2] = ext[3] = -HUGE_VAL;
    for (size_t i = 0; i < t->npt; i++) {
        ext[0] = fmin(ext[0], t->xy[2 * i]), ext[1] = fmin(ext[1], t->xy[2 * i + 1]);
        ext[2] = fmax(ext[2], t->xy[2 * i]), ext[3] = fmax(ext[3], t->xy[2 * i + 1]);
    }
    vg->x0 = ext[0], vg->y1 = ext[3];
}

/* The CRS: crs when it is projected and projects every district point, else
 * the default dflt (NULL: CM_PROJ_DEFAULT). */
static cm_status choose_proj(cm_viewgeo *vg, cm_ctx *ctx, topo *t, const char *crs, const char *dflt)
{
    double *xy = malloc((t->npt + 1) * 2 * sizeof *xy);
    if (!xy) return CM_NOMEM;
    cm_status st = CM_OK;
    for (int pass = crs && *crs ? 0 : 1; pass < 2; pass++) {
        size_t nf = 0;
        memcpy(xy, t->xy, t->npt * 2 * sizeof *xy);
        cm_proj_free(vg->proj);
        vg->proj = NULL;
        st = cm_proj_new(ctx, pass ? dflt : crs, &vg->proj);
        if (!st && !cm_proj_is_geographic(vg->proj)) st = cm_proj_fwd(vg->proj, ctx, xy, t->npt, &nf);
        bool usable = !st && !cm_proj_is_geographic(vg->proj) && !nf;
        if (usable || pass) {
            if (!st && !usable) st = cm_fail(ctx, CM_PROJ, "viewer: cannot project the districts");
            break;
        }
        cm_log(ctx, CM_LOG_INFO, "viewer: %s is geographic or cannot project every district; using the default",
               crs);
    }
    if (!st) memcpy(t->xy, xy, t->npt * 2 * sizeof *xy);
    free(xy);
    return st;
}

cm_status cm_viewgeo_new(cm_ctx *ctx, const cm_geomstore *gs, const cm_viewgeo_opts *opts, cm_viewgeo **out)
{
    *out = NULL;
    cm_viewgeo *vg = calloc(1, sizeof *vg);
    topo t = {0};
    if (!vg) return cm_fail(ctx, CM_NOMEM, "out of memory");
    double tol = opts && opts->tolerance_m > 0 ? opts->tolerance_m : 60;
    vg->unit = opts && opts->unit_m > 0 ? opts->unit_m : 25;
    cm_status st = collect(&t, gs);
    if (st == CM_RANGE) st = cm_fail(ctx, CM_RANGE, "viewer: too many boundary points");
    if (!st && !t.nrings) st = cm_fail(ctx, CM_RANGE, "viewer: no districts to draw");
    if (!st) st = choose_proj(vg, ctx, &t, opts ? opts->crs : NULL, opts ? opts->default_crs : NULL);
    if (!st) st = junctions(&t);
    if (!st) st = cut(&t);
    double ext[4] = {0, 0, 0, 0};
    if (!st) extent(vg, &t, ext);
    if (!st) st = cm_buf_printf(&vg->json, "{\"u\":%g,\"w\":%ld,\"h\":%ld", vg->unit,
                                lround((ext[2] - ext[0]) / vg->unit), lround((ext[3] - ext[1]) / vg->unit));
    if (!st) st = put_arcs(vg, &t, tol);
    if (!st) st = put_units(vg, ctx, gs, &t);
    /* Neighbours: a frame of half the extent around the districts, 10x coarser. */
    double m = 0.5 * fmax(ext[2] - ext[0], ext[3] - ext[1]);
    double box[4] = {ext[0] - m, ext[1] - m, ext[2] + m, ext[3] + m};
    bool first = true;
    if (!st) st = cm_buf_puts(&vg->json, ",\"nb\":[");
    for (size_t i = 0; !st && i < cm_geomstore_count(gs, CM_GEOM_NEIGHBOUR); i++)
        st = put_neighbour(vg, ctx, cm_geomstore_get(gs, CM_GEOM_NEIGHBOUR, i), box, tol * 10, &first);
    if (!st) st = cm_buf_puts(&vg->json, "]}");
    if (st == CM_NOMEM) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    topo_free(&t);
    if (st) {
        cm_viewgeo_free(vg);
        return st;
    }
    *out = vg;
    return CM_OK;
}

void cm_viewgeo_free(cm_viewgeo *vg)
{
    if (!vg) return;
    cm_proj_free(vg->proj);
    cm_buf_free(&vg->json);
    free(vg);
}

const char *cm_viewgeo_json(const cm_viewgeo *vg) { return vg->json.p; }

bool cm_viewgeo_project(cm_viewgeo *vg, cm_ctx *ctx, double lon_deg, double lat_deg, long *x, long *y)
{
    double p[2] = {lon_deg, lat_deg};
    size_t nf = 0;
    if (!isfinite(lon_deg) || !isfinite(lat_deg) || cm_proj_fwd(vg->proj, ctx, p, 1, &nf) || nf) return false;
    *x = lround((p[0] - vg->x0) / vg->unit);
    *y = lround((vg->y1 - p[1]) / vg->unit);
    return true;
}

void cm_viewgeo_counts(const cm_viewgeo *vg, size_t *narcs, size_t *npoints)
{
    *narcs = vg->narcs;
    *npoints = vg->npoints;
}
