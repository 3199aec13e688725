/* mapcache: the prepared-geometry cache (see mapcache.h; docs/map-cache.md).
 *
 * File layout, in the writer's byte order (a byte-order mark refuses another):
 *
 *   header (48 bytes): magic "CMMAPC\0\n", u32 version, u32 header bytes,
 *     u64 file bytes, u64 checksum (cm_hash64) of bytes [48, end),
 *     u32 byte-order mark 0x01020304, u32 key bytes, u64 payload offset
 *   key      the key text, then zero padding to 8 bytes
 *   payload  the map's scalars, then every unit's code, parent, geometry
 *            (pgeom: counts, bbox, ring offsets, float x,y pairs in frame
 *            units) and names,
 *            then the placed labels, then an end mark; each read is checked
 *            against what remains, every ring list against its points.
 *
 * Must not depend on GDAL or PROJ. */
#define _DEFAULT_SOURCE /* realpath, d_type */
#include "map/mapcache.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/arena.h"
#include "core/file.h"
#include "map/render_impl.h"

#define MC_MAGIC "CMMAPC\0\n"
#define MC_VERSION 2u /* 2: the units' parents */
#define MC_HEADER 48u
#define MC_BOM 0x01020304u
#define MC_END 0x21444e45u /* "END!" */
#define MC_MAX_BYTES (512u << 20)
#ifndef CM_PREP_HASH /* CMake passes a hash of the preparation's sources */
#define CM_PREP_HASH "unknown"
#endif

/* ---- key ------------------------------------------------------------------- */

static cm_status file_id(cm_ctx *ctx, cm_buf *key, const char *tag, const char *path)
{
    struct stat sb;
    if (stat(path, &sb)) return cm_fail(ctx, CM_IO, "%s: %s", path, strerror(errno));
    return cm_buf_printf(key, "%s %s %lld %lld.%09ld %llu %llu\n", tag, path, (long long)sb.st_size,
                         (long long)sb.st_mtim.tv_sec, (long)sb.st_mtim.tv_nsec,
                         (unsigned long long)sb.st_ino, (unsigned long long)sb.st_dev);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every entry of the boundaries folder, by name: adding, removing or
 * touching any file there (the .shp, .dbf, .shx, .prj of each layer)
 * changes the key, without repeating geomstore's choice of layers. */
static cm_status folder_ids(cm_ctx *ctx, cm_buf *key, const char *dir)
{
    char real[4096];
    if (!realpath(dir, real)) return cm_fail(ctx, CM_IO, "%s: %s", dir, strerror(errno));
    DIR *d = opendir(real);
    if (!d) return cm_fail(ctx, CM_IO, "%s: %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    cm_status st = CM_OK;
    for (struct dirent *e; !st && (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? 2 * cap : 32) * sizeof *names);
            if (!nn) st = CM_NOMEM;
            else names = nn;
        }
        if (!st && !(names[n++] = strdup(e->d_name))) st = CM_NOMEM, n--;
    }
    closedir(d);
    if (!st) st = cm_buf_printf(key, "boundaries %s\n", real);
    if (n) qsort(names, n, sizeof *names, by_name);
    char path[8192];
    for (size_t i = 0; i < n && !st; i++) {
        snprintf(path, sizeof path, "%s/%s", real, names[i]);
        st = file_id(ctx, key, "file", path);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    if (st == CM_NOMEM) cm_fail(ctx, CM_NOMEM, "out of memory");
    return st;
}

cm_status cm_mapcache_key(cm_ctx *ctx, const cm_mapcache_src *src, const cm_map_opts *o, cm_buf *key)
{
    cm_buf_clear(key);
    cm_style st;
    memset(&st, 0, sizeof st);
    if (o->style) st = *o->style;
    else cm_style_default(&st, o->profile);
    /* bytes after each font name's NUL are whatever the setter left */
    size_t f1 = strnlen(st.font, sizeof st.font), f2 = strnlen(st.font_dari, sizeof st.font_dari);
    memset(st.font + f1, 0, sizeof st.font - f1);
    memset(st.font_dari + f2, 0, sizeof st.font_dari - f2);
    const char *crs = cm_map_opts_crs(o);
    cm_status s = cm_buf_printf(key,
                                "conflictmap prepared map\nformat %u\nprep %s\nsize %d %d\ncrs %s\n"
                                "labels %d\nvector %d\nno_text %d\nstyle %016llx\n",
                                MC_VERSION, CM_PREP_HASH, o->width, o->height, crs ? crs : "(default)",
                                (int)o->labels, (int)o->vector, (int)o->no_text,
                                (unsigned long long)cm_hash64(&st, sizeof st));
    /* the profile: legend, subtitle, attribution, view (its whole text) */
    if (!s && o->profile)
        s = cm_buf_printf(key, "profile %s %016llx\n", cm_profile_name(o->profile),
                          (unsigned long long)cm_profile_hash(o->profile));
    if (!s && o->labels_lang) s = cm_buf_printf(key, "labels-lang %s\n", o->labels_lang);
    if (!s && o->bbox)
        s = cm_buf_printf(key, "bbox %.17g %.17g %.17g %.17g\n", o->bbox[0], o->bbox[1], o->bbox[2], o->bbox[3]);
    if (!s && src->countries_near) {
        const double *b = src->countries_near;
        s = cm_buf_printf(key, "countries-near %.17g %.17g %.17g %.17g\n", b[0], b[1], b[2], b[3]);
    } else if (!s && src->near_country) {
        s = cm_buf_puts(key, "countries-near the country\n");
    }
    if (!s) s = cm_map_font_fingerprint(o, key);
    if (s) return cm_fail(ctx, CM_NOMEM, "out of memory");
    if ((s = folder_ids(ctx, key, src->boundaries))) return s;
    char real[4096];
    if (!realpath(src->countries, real)) return cm_fail(ctx, CM_IO, "%s: %s", src->countries, strerror(errno));
    return file_id(ctx, key, "countries", real);
}

char *cm_mapcache_path(const char *dir, const cm_buf *key)
{
    size_t n = strlen(dir) + 32;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/map-%016llx.cmc", dir, (unsigned long long)cm_hash64(key->p ? key->p : "", key->n));
    return p;
}

/* ---- writing ----------------------------------------------------------------- */

typedef struct {
    cm_buf *b;
    cm_status st;
} wr;

static void put(wr *w, const void *p, size_t n)
{
    if (!w->st && n) w->st = cm_buf_append(w->b, p, n);
}
static void put_u32(wr *w, uint32_t v) { put(w, &v, 4); }
static void put_f64(wr *w, double v) { put(w, &v, 8); }
static void put_rect(wr *w, rect r) { put(w, &r, sizeof r); }

static void put_str(wr *w, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    put_u32(w, (uint32_t)n);
    put(w, s, n);
}

static void put_geom(wr *w, const pgeom *g)
{
    put_u32(w, g->nrings);
    put_u32(w, g->npts);
    put_u32(w, g->open);
    put(w, g->bbox, sizeof g->bbox);
    if (!g->nrings) return;
    put(w, g->ring, ((size_t)g->nrings + 1) * sizeof *g->ring);
    put(w, g->xy, (size_t)g->npts * 2 * sizeof *g->xy);
}

static void put_label(wr *w, const plabel *l)
{
    put_str(w, l->text);
    put_str(w, l->family);
    put_f64(w, l->size);
    put_u32(w, (uint32_t)l->weight);
    put_f64(w, l->spacing);
    put_u32(w, l->neighbour);
    put_rect(w, l->box);
    for (int i = 0; i < 4; i++) put_rect(w, i < l->nalt ? l->alt[i] : (rect){0, 0, 0, 0}); /* the rest is unset */
    put_u32(w, (uint32_t)l->nalt);
}

static void put_map(wr *w, const cm_mapctx *m)
{
    put_u32(w, (uint32_t)m->W);
    put_u32(w, (uint32_t)m->H);
    const double sc[] = {m->k,        m->cx,       m->cy,       m->fx,       m->fy,
                         m->s,        m->title_h,  m->attr_h,   m->m_per_px, m->north_deg,
                         m->scale_px, m->scale_km, m->halo};
    put(w, sc, sizeof sc);
    put_u32(w, (uint32_t)m->legend_corner);
    put_u32(w, (uint32_t)m->scale_corner);
    put_rect(w, m->legend);
    put_rect(w, m->scalebox);
    put_u32(w, m->have_ll_view);
    put(w, m->ll_view, sizeof m->ll_view);
    put_str(w, m->attribution);
    put_str(w, m->country_pcode);
    put_u32(w, (uint32_t)m->ndist);
    put_u32(w, (uint32_t)m->nprov);
    put_u32(w, (uint32_t)m->nnb);
    for (size_t i = 0; i < m->ndist; i++) {
        put_str(w, m->dist_pcode[i]);
        put_str(w, m->dist_parent[i]);
        put_str(w, m->dist_name[i]);
        put_geom(w, &m->dist[i]);
    }
    for (size_t i = 0; i < m->nprov; i++) {
        put_str(w, m->prov_pcode[i]);
        put_str(w, m->prov_parent[i]);
        put_geom(w, &m->prov[i]);
    }
    for (size_t i = 0; i < m->nnb; i++) put_geom(w, &m->nb[i]);
    put_geom(w, &m->country);
    put_geom(w, &m->dlines);
    put_u32(w, (uint32_t)m->nlab);
    for (size_t i = 0; i < m->nlab; i++) put_label(w, &m->lab[i]);
    put_u32(w, MC_END);
}

static void wr32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static void wr64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t rd32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static uint64_t rd64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

cm_status cm_mapcache_encode(const cm_mapctx *m, const cm_buf *key, cm_buf *out)
{
    size_t start = out->n, kn = key->n, koff = (kn + 7) & ~(size_t)7;
    unsigned char hdr[MC_HEADER] = {0};
    wr w = {out, CM_OK};
    put(&w, hdr, sizeof hdr);
    put(&w, key->p, kn);
    static const unsigned char zero[8];
    put(&w, zero, koff - kn);
    put_map(&w, m);
    if (w.st) return w.st;
    unsigned char *h = (unsigned char *)out->p + start;
    size_t n = out->n - start;
    memcpy(h, MC_MAGIC, 8);
    wr32(h + 8, MC_VERSION);
    wr32(h + 12, MC_HEADER);
    wr64(h + 16, n);
    wr32(h + 32, MC_BOM);
    wr32(h + 36, (uint32_t)kn);
    wr64(h + 40, MC_HEADER + koff);
    wr64(h + 24, cm_hash64(h + MC_HEADER, n - MC_HEADER));
    return CM_OK;
}

bool cm_mapcache_store(cm_ctx *ctx, const char *dir, const cm_buf *key, const cm_mapctx *m)
{
    cm_buf b = {0};
    char *path = cm_mapcache_path(dir, key);
    cm_ctx *fc = cm_ctx_new(); /* the cache's failures must not become the caller's error */
    bool ok = path && fc && !cm_mapcache_encode(m, key, &b);
    if (ok && mkdir(dir, 0777) && errno != EEXIST) {
        cm_log(ctx, CM_LOG_DEBUG, "map cache %s: cannot create: %s", dir, strerror(errno));
        ok = false;
    }
    if (ok && cm_file_write(fc, path, b.p, b.n)) {
        cm_log(ctx, CM_LOG_DEBUG, "map cache not written: %s", cm_ctx_message(fc));
        ok = false;
    }
    if (ok) cm_log(ctx, CM_LOG_DEBUG, "map cache: wrote %s (%zu bytes)", path, b.n);
    cm_ctx_free(fc);
    cm_buf_free(&b);
    free(path);
    return ok;
}

/* ---- reading ------------------------------------------------------------------ */

typedef struct {
    const unsigned char *p;
    size_t n, off; /* off counts from the file's start, for messages */
    bool bad;
} rd;

static bool get(rd *r, void *dst, size_t n)
{
    if (r->bad || n > r->n - r->off) return !(r->bad = true);
    memcpy(dst, r->p + r->off, n);
    r->off += n;
    return true;
}

static uint32_t get_u32(rd *r)
{
    uint32_t v = 0;
    get(r, &v, 4);
    return v;
}

static bool finite_all(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i])) return false;
    return true;
}

static bool get_rect(rd *r, rect *out)
{
    return get(r, out, sizeof *out) && finite_all(&out->x, 4) && out->w >= 0 && out->h >= 0;
}

/* A string into the arena: no NUL inside; empty allowed. */
static const char *get_str(rd *r, cm_arena *a)
{
    uint32_t n = get_u32(r);
    if (r->bad || n > r->n - r->off || memchr(r->p + r->off, 0, n)) return r->bad = true, NULL;
    char *s = cm_arena_strndup(a, (const char *)r->p + r->off, n);
    r->off += n;
    return s;
}

/* Points and rings: ring[0] = 0, never decreasing, ring[nrings] = npts. */
static bool get_geom(rd *r, cm_arena *a, pgeom *g)
{
    uint32_t open;
    memset(g, 0, sizeof *g);
    g->nrings = get_u32(r);
    g->npts = get_u32(r);
    open = get_u32(r);
    if (!get(r, g->bbox, sizeof g->bbox) || open > 1) return false;
    g->open = open;
    if (!g->nrings) return g->npts == 0;
    size_t left = r->n - r->off;
    if (g->nrings > left / 4 || g->npts > left / 8) return false;
    for (int i = 0; i < 4; i++)
        if (!isfinite(g->bbox[i])) return false;
    uint32_t *ring = cm_arena_alloc(a, ((size_t)g->nrings + 1) * sizeof *ring);
    float *xy = cm_arena_alloc(a, (size_t)g->npts * 2 * sizeof *xy + 1);
    if (!ring || !xy) return false;
    if (!get(r, ring, ((size_t)g->nrings + 1) * sizeof *ring) || !get(r, xy, (size_t)g->npts * 2 * sizeof *xy))
        return false;
    if (ring[0] != 0 || ring[g->nrings] != g->npts) return false;
    for (uint32_t i = 0; i < g->nrings; i++)
        if (ring[i + 1] < ring[i]) return false;
    for (size_t i = 0; i < 2 * (size_t)g->npts; i++)
        if (!isfinite(xy[i])) return false;
    g->ring = ring;
    g->xy = xy;
    return true;
}

static bool get_label(rd *r, cm_arena *a, plabel *l)
{
    memset(l, 0, sizeof *l);
    l->text = get_str(r, a);
    l->family = get_str(r, a);
    uint32_t weight, nb, nalt;
    if (!l->text || !l->family || !get(r, &l->size, 8)) return false;
    weight = get_u32(r);
    if (!get(r, &l->spacing, 8)) return false;
    nb = get_u32(r);
    if (!get_rect(r, &l->box)) return false;
    for (int i = 0; i < 4; i++)
        if (!get_rect(r, &l->alt[i])) return false;
    nalt = get_u32(r);
    if (r->bad || !(l->size > 0 && l->size < 1e5) || !(l->spacing >= 0 && l->spacing < 1e5) || weight < 100 ||
        weight > 1000 || nb > 1 || nalt > 4)
        return false;
    l->weight = (int)weight;
    l->neighbour = nb;
    l->nalt = (int)nalt;
    return true;
}

/* The scalars; false when any is out of its domain. */
static bool get_scalars(rd *r, cm_mapctx *m)
{
    double sc[13];
    uint32_t lc, scn, llv;
    if (!get(r, sc, sizeof sc) || !finite_all(sc, 13)) return false;
    m->k = sc[0], m->cx = sc[1], m->cy = sc[2], m->fx = sc[3], m->fy = sc[4], m->s = sc[5];
    m->title_h = sc[6], m->attr_h = sc[7], m->m_per_px = sc[8], m->north_deg = sc[9];
    m->scale_px = sc[10], m->scale_km = sc[11], m->halo = sc[12];
    lc = get_u32(r);
    scn = get_u32(r);
    if (!get_rect(r, &m->legend) || !get_rect(r, &m->scalebox)) return false;
    llv = get_u32(r);
    if (!get(r, m->ll_view, sizeof m->ll_view) || !finite_all(m->ll_view, 4)) return false;
    const char *attr = get_str(r, m->arena);
    if (!attr || strlen(attr) >= sizeof m->attribution) return false;
    strcpy(m->attribution, attr);
    m->legend_corner = (int)lc, m->scale_corner = (int)scn, m->have_ll_view = llv;
    return lc < 4 && scn < 4 && llv < 2 && m->k > 0 && m->s > 0 && m->m_per_px > 0 && m->title_h >= 0 &&
           m->attr_h >= 0 && m->scale_px >= 0 && m->halo >= 0;
}

static bool get_units(rd *r, cm_mapctx *m)
{
    uint32_t nd = get_u32(r), np = get_u32(r), nn = get_u32(r);
    size_t left = r->n - r->off; /* every unit takes at least 28 bytes */
    if (r->bad || nd == 0 || nd > left / 28 || np > left / 28 || nn > left / 28) return false;
    cm_arena *a = m->arena;
    m->ndist = nd, m->nprov = np, m->nnb = nn;
    m->dist = cm_arena_calloc(a, nd, sizeof(pgeom));
    m->dist_pcode = cm_arena_calloc(a, nd, sizeof(char *));
    m->dist_name = cm_arena_calloc(a, nd, sizeof(char *));
    m->dist_parent = cm_arena_calloc(a, nd, sizeof(char *));
    m->prov = cm_arena_calloc(a, (size_t)np + 1, sizeof(pgeom));
    m->prov_pcode = cm_arena_calloc(a, (size_t)np + 1, sizeof(char *));
    m->prov_parent = cm_arena_calloc(a, (size_t)np + 1, sizeof(char *));
    m->nb = cm_arena_calloc(a, (size_t)nn + 1, sizeof(pgeom));
    if (!m->dist || !m->dist_pcode || !m->dist_name || !m->dist_parent || !m->prov || !m->prov_pcode ||
        !m->prov_parent || !m->nb)
        return false;
    for (size_t i = 0; i < nd; i++)
        if (!(m->dist_pcode[i] = get_str(r, a)) || !(m->dist_parent[i] = get_str(r, a)) ||
            !(m->dist_name[i] = get_str(r, a)) || !get_geom(r, a, &m->dist[i]))
            return false;
    for (size_t i = 0; i < np; i++)
        if (!(m->prov_pcode[i] = get_str(r, a)) || !(m->prov_parent[i] = get_str(r, a)) ||
            !get_geom(r, a, &m->prov[i]))
            return false;
    for (size_t i = 0; i < nn; i++)
        if (!get_geom(r, a, &m->nb[i])) return false;
    return get_geom(r, a, &m->country) && get_geom(r, a, &m->dlines);
}

static bool get_labels(rd *r, cm_mapctx *m)
{
    uint32_t nl = get_u32(r);
    if (r->bad || nl > (r->n - r->off) / 128) return false;
    m->nlab = nl;
    m->lab = cm_arena_calloc(m->arena, (size_t)nl + 1, sizeof(plabel));
    if (!m->lab) return false;
    for (size_t i = 0; i < nl; i++)
        if (!get_label(r, m->arena, &m->lab[i])) return false;
    return get_u32(r) == MC_END && !r->bad && r->off == r->n;
}

#define BAD(...) cm_fail(ctx, CM_PARSE, __VA_ARGS__)

/* The header and key; *body the payload's offset. */
static cm_status check_head(cm_ctx *ctx, const unsigned char *p, size_t n, const cm_buf *key, size_t *body)
{
    if (n < MC_HEADER || memcmp(p, MC_MAGIC, 8)) return BAD("not a conflictmap map cache (bad magic)");
    if (rd32(p + 8) != MC_VERSION) return BAD("map cache version %u, this build reads %u", rd32(p + 8), MC_VERSION);
    if (rd32(p + 12) != MC_HEADER) return BAD("bad header size %u", rd32(p + 12));
    if (rd32(p + 32) != MC_BOM) return BAD("written on a machine of another byte order");
    if (rd64(p + 16) != n)
        return BAD("truncated or padded: header says %llu bytes, file has %zu", (unsigned long long)rd64(p + 16), n);
    if (cm_hash64(p + MC_HEADER, n - MC_HEADER) != rd64(p + 24)) return BAD("checksum mismatch (damaged file)");
    size_t kn = rd32(p + 36);
    uint64_t off = rd64(p + 40);
    if (kn > n - MC_HEADER || off != MC_HEADER + ((kn + 7) & ~(size_t)7) || off > n)
        return BAD("key out of bounds (%zu bytes, payload at %llu)", kn, (unsigned long long)off);
    if (kn != key->n || memcmp(p + MC_HEADER, key->p, kn))
        return cm_fail(ctx, CM_NOTFOUND, "made for another key (stale: sources, options or code changed)");
    *body = (size_t)off;
    return CM_OK;
}

cm_status cm_mapcache_decode(cm_ctx *ctx, const void *bytes, size_t n, const cm_buf *key,
                             const cm_map_opts *o, cm_mapctx **out)
{
    *out = NULL;
    const unsigned char *p = bytes;
    size_t body = 0;
    cm_status st = check_head(ctx, p, n, key, &body);
    if (st) return st;
    cm_mapctx *m = cm_mapctx_alloc();
    if (!m) return cm_fail(ctx, CM_NOMEM, "out of memory");
    rd r = {p, n, body, false};
    uint32_t W = get_u32(&r), H = get_u32(&r);
    if (!r.bad && ((int)W != o->width || (int)H != o->height)) {
        cm_mapctx_free(m);
        return cm_fail(ctx, CM_NOTFOUND, "made for %ux%u, not %dx%d", W, H, o->width, o->height);
    }
    m->W = o->width, m->H = o->height;
    if (o->style) m->st = *o->style;
    else cm_style_default(&m->st, o->profile);
    m->labels = o->labels;
    m->no_text = o->no_text;
    m->want_cache = o->cache_layers && !o->vector;
    const char *crs = cm_map_opts_crs(o);
    bool ok = (!crs || (m->crs = cm_arena_strdup(m->arena, crs))) && cm_mapctx_take_profile(m, o->profile) &&
              get_scalars(&r, m) && (m->country_pcode = get_str(&r, m->arena)) && get_units(&r, m) &&
              get_labels(&r, m) && cm_mapctx_take_units(m);
    if (!ok) {
        size_t at = r.off;
        cm_mapctx_free(m);
        return BAD("bad structure at byte %zu", at);
    }
    *out = m;
    return CM_OK;
}

cm_mapctx *cm_mapcache_load(cm_ctx *ctx, const char *dir, const cm_buf *key, const cm_map_opts *o)
{
    char *path = cm_mapcache_path(dir, key);
    cm_ctx *fc = cm_ctx_new(); /* the cache's failures must not become the caller's error */
    cm_buf b = {0};
    cm_mapctx *m = NULL;
    struct stat sb;
    if (!path || !fc) goto done;
    if (stat(path, &sb) || !S_ISREG(sb.st_mode)) {
        cm_log(ctx, CM_LOG_DEBUG, "map cache: no %s", path);
        goto done;
    }
    cm_status st = cm_file_read(fc, path, MC_MAX_BYTES, &b);
    if (!st) st = cm_mapcache_decode(fc, b.p, b.n, key, o, &m);
    if (st)
        cm_log(ctx, st == CM_PARSE ? CM_LOG_INFO : CM_LOG_DEBUG, "map cache %s: %s; preparing the map again",
               path, cm_ctx_message(fc));
    else cm_log(ctx, CM_LOG_DEBUG, "map cache: read %s", path);
done:
    cm_buf_free(&b);
    cm_ctx_free(fc);
    free(path);
    return m;
}
