/* geomstore: OGR in, plain arrays out. Finds the profile's layers in a folder,
 * checks what OGR itself would let pass silently (a missing .dbf opens as a
 * layer without fields; a truncated .shp yields features without geometry),
 * and copies every ring into the store's arena. GDAL errors are caught by a
 * per-thread CPLErrorHandler (pushed for the duration of each load) and turned
 * into one cm_fail line naming the file. Must not depend on PROJ or Cairo. */
#define _POSIX_C_SOURCE 200809L
#include "geo/geomstore.h"
#include "geo/admfile.h"
#include "geo/gdalerr.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/arena.h"
#include "core/file.h"
#include "core/json.h"
#include "core/profile.h"
#include "core/str.h"
#include "geo/dynlib.h" /* last: GDAL and PROJ loaded on first use */

struct cm_geomstore {
    cm_arena *arena;            /* every string, ring and point array */
    cm_geom_unit *units[CM_GEOM_NLEVELS];
    size_t n[CM_GEOM_NLEVELS], cap[CM_GEOM_NLEVELS];
};

/* ---- GDAL plumbing --------------------------------------------------------- */

/* GDAL's errors go through geo/gdalerr (a pushed handler per call sequence). */
typedef cm_gdal_err gdal_err;
static void err_begin(gdal_err *e, cm_ctx *ctx) { cm_gdal_begin(e, ctx); }
static void err_end(void) { cm_gdal_end(NULL); }
static const char *err_text(const gdal_err *e, const char *fallback) { return cm_gdal_text(e, fallback); }

/* ---- store ----------------------------------------------------------------- */

cm_geomstore *cm_geomstore_new(void)
{
    cm_geomstore *gs = calloc(1, sizeof *gs);
    if (!gs) return NULL;
    gs->arena = cm_arena_new();
    if (!gs->arena) {
        free(gs);
        return NULL;
    }
    return gs;
}

void cm_geomstore_free(cm_geomstore *gs)
{
    if (!gs) return;
    for (int l = 0; l < CM_GEOM_NLEVELS; l++) free(gs->units[l]);
    cm_arena_free(gs->arena);
    free(gs);
}

size_t cm_geomstore_count(const cm_geomstore *gs, cm_geom_level level)
{
    return level < CM_GEOM_NLEVELS ? gs->n[level] : 0;
}

const cm_geom_unit *cm_geomstore_get(const cm_geomstore *gs, cm_geom_level level, size_t i)
{
    return level < CM_GEOM_NLEVELS && i < gs->n[level] ? &gs->units[level][i] : NULL;
}

const cm_geom_unit *cm_geomstore_find(const cm_geomstore *gs, const char *pcode)
{
    if (!pcode || !*pcode) return NULL;
    for (int l = CM_GEOM_COUNTRY; l <= CM_GEOM_UNIT; l++)
        for (size_t i = 0; i < gs->n[l]; i++)
            if (!strcmp(gs->units[l][i].pcode, pcode)) return &gs->units[l][i];
    return NULL;
}

bool cm_geomstore_locate_cb(void *ud, double lon, double lat, int level, const char **pcode,
                            const char **parent, const char **name)
{
    if (level < CM_GEOM_REGION || level > CM_GEOM_UNIT) return false;
    const cm_geom_unit *u = cm_geomstore_locate(ud, (cm_geom_level)level, lon, lat);
    if (!u) return false;
    *pcode = u->pcode, *parent = u->parent, *name = u->name_en;
    return true;
}

bool cm_geomstore_name_cb(void *ud, const char *pcode, const char **name)
{
    const cm_geom_unit *u = cm_geomstore_find(ud, pcode);
    if (u) *name = u->name_en;
    return u != NULL;
}

const char *cm_geom_unit_name(const cm_geom_unit *u, const char *lang)
{
    for (size_t k = 0; k < u->nnames; k++)
        if (!strcmp(u->name_lang[k], lang)) return u->names[k];
    return "";
}

bool cm_geomstore_pcode_known(const char *pcode, void *ud)
{
    return cm_geomstore_find(ud, pcode) != NULL;
}

/* Even-odd point in polygon over all of u's rings (lon/lat degrees). */
static bool unit_contains(const cm_geom_unit *u, double lon, double lat)
{
    if (lon < u->bbox[0] || lon > u->bbox[2] || lat < u->bbox[1] || lat > u->bbox[3]) return false;
    const cm_rings *r = &u->rings;
    bool in = false;
    for (uint32_t k = 0; k < r->nrings; k++) {
        uint32_t a = r->ring[k], b = r->ring[k + 1];
        for (uint32_t i = a, j = b - 1; i < b; j = i++) {
            double xi = r->xy[2 * i], yi = r->xy[2 * i + 1], xj = r->xy[2 * j], yj = r->xy[2 * j + 1];
            if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) in = !in;
        }
    }
    return in;
}

const cm_geom_unit *cm_geomstore_locate(const cm_geomstore *gs, cm_geom_level level, double lon, double lat)
{
    if ((unsigned)level >= CM_GEOM_NLEVELS || !(lon == lon) || !(lat == lat)) return NULL;
    for (size_t i = 0; i < gs->n[level]; i++)
        if (unit_contains(&gs->units[level][i], lon, lat)) return &gs->units[level][i];
    return NULL;
}

static cm_geom_unit *unit_push(cm_geomstore *gs, cm_geom_level level)
{
    if (gs->n[level] == gs->cap[level]) {
        size_t cap = gs->cap[level] ? 2 * gs->cap[level] : 64, bytes;
        if (!cm_size_mul(cap, sizeof(cm_geom_unit), &bytes)) return NULL;
        cm_geom_unit *u = realloc(gs->units[level], bytes);
        if (!u) return NULL;
        gs->units[level] = u;
        gs->cap[level] = cap;
    }
    cm_geom_unit *u = &gs->units[level][gs->n[level]++];
    memset(u, 0, sizeof *u);
    return u;
}

/* Growable point and ring buffers for one feature. */
typedef struct {
    double *xy;
    size_t npts, cap;
    uint32_t *ring;
    size_t nrings, rcap;
} ringbuf;

static void ringbuf_free(ringbuf *rb)
{
    free(rb->xy);
    free(rb->ring);
    *rb = (ringbuf){0};
}

static bool ringbuf_room(ringbuf *rb, size_t pts)
{
    if (rb->npts + pts > UINT32_MAX - 1) return false;
    if (rb->npts + pts > rb->cap) {
        size_t cap = rb->cap ? rb->cap : 1024, bytes;
        while (cap < rb->npts + pts) cap *= 2;
        if (!cm_size_mul(cap, 2 * sizeof(double), &bytes)) return false;
        double *p = realloc(rb->xy, bytes);
        if (!p) return false;
        rb->xy = p;
        rb->cap = cap;
    }
    if (rb->nrings + 2 > rb->rcap) {
        size_t cap = rb->rcap ? 2 * rb->rcap : 16;
        uint32_t *r = realloc(rb->ring, cap * sizeof *r);
        if (!r) return false;
        rb->ring = r;
        rb->rcap = cap;
    }
    return true;
}

static bool add_ring(ringbuf *rb, OGRGeometryH r)
{
    int n = OGR_G_GetPointCount(r);
    if (n < 3) return true; /* degenerate: nothing to draw */
    if (!ringbuf_room(rb, (size_t)n)) return false;
    double *dst = rb->xy + 2 * rb->npts;
    OGR_G_GetPoints(r, dst, 2 * sizeof(double), dst + 1, 2 * sizeof(double), NULL, 0);
    size_t m = (size_t)n;
    if (dst[0] == dst[2 * (m - 1)] && dst[1] == dst[2 * (m - 1) + 1]) m--; /* closing point */
    if (m < 3) return true;
    rb->ring[rb->nrings++] = (uint32_t)rb->npts;
    rb->npts += m;
    return true;
}

static bool collect(ringbuf *rb, OGRGeometryH g)
{
    switch (wkbFlatten(OGR_G_GetGeometryType(g))) {
    case wkbPolygon:
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            if (!add_ring(rb, OGR_G_GetGeometryRef(g, i))) return false;
        return true;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            if (!collect(rb, OGR_G_GetGeometryRef(g, i))) return false;
        return true;
    case wkbLinearRing:
        return add_ring(rb, g);
    default:
        return true; /* points and lines have no area to fill */
    }
}

static const char *adup(cm_arena *a, const char *s)
{
    return cm_arena_strdup(a, s ? s : "");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Widest inside interval of the horizontal line through (about) cy, the way
 * GEOS's InteriorPointArea does it (what OGR_G_PointOnSurface returns): the
 * line is moved halfway between the nearest vertex heights above and below cy
 * so that it meets no vertex, its crossings with every edge are sorted, and
 * pairs of crossings bound the inside (even-odd). O(points) per line, without
 * building a GEOS geometry. */
static double scan_widest(const double *xy, const uint32_t *ring, uint32_t nrings, double cy,
                          double lo, double hi, double **xs, size_t *xcap, double *mx, double *my)
{
    for (uint32_t r = 0; r < nrings; r++)
        for (uint32_t i = ring[r]; i < ring[r + 1]; i++) {
            double y = xy[2 * i + 1];
            if (y <= cy && y > lo) lo = y;
            else if (y > cy && y < hi) hi = y;
        }
    double y = (lo + hi) / 2;
    size_t n = 0;
    for (uint32_t r = 0; r < nrings; r++) {
        uint32_t a = ring[r], b = ring[r + 1];
        for (uint32_t i = a; i < b; i++) {
            const double *p = xy + 2 * i, *q = xy + 2 * (i + 1 < b ? i + 1 : a);
            if ((p[1] > y) == (q[1] > y)) continue;
            if (n == *xcap) {
                size_t c = *xcap ? 2 * *xcap : 64;
                double *v = realloc(*xs, c * sizeof *v);
                if (!v) return -1;
                *xs = v;
                *xcap = c;
            }
            (*xs)[n++] = p[0] + (y - p[1]) * (q[0] - p[0]) / (q[1] - p[1]);
        }
    }
    if (n > 1) qsort(*xs, n, sizeof **xs, cmp_double);
    double best = -1;
    for (size_t i = 0; i + 1 < n; i += 2) {
        double w = (*xs)[i + 1] - (*xs)[i];
        if (w > best) {
            best = w;
            *mx = ((*xs)[i] + (*xs)[i + 1]) / 2;
            *my = y;
        }
    }
    return best;
}

/* A point inside the unit: the widest scan-line interval at the middle of the
 * unit's extent or of one of its largest rings. */
static void interior_point(cm_geom_unit *u)
{
    const cm_rings *rg = &u->rings;
    u->in_lon_deg = (u->bbox[0] + u->bbox[2]) / 2;
    u->in_lat_deg = (u->bbox[1] + u->bbox[3]) / 2;
    if (rg->npts < 3) return;
    double *xs = NULL, best = -1, mx, my;
    size_t xcap = 0;
    double w = scan_widest(rg->xy, rg->ring, rg->nrings, u->in_lat_deg, u->bbox[1], u->bbox[3], &xs, &xcap, &mx, &my);
    if (w > best) best = w, u->in_lon_deg = mx, u->in_lat_deg = my;
    /* A part away from the middle line (an island, a panhandle): also try
     * the middle of the ring with the most points; the wider interval wins. */
    if (rg->nrings > 1) {
        uint32_t pick = 0, most = 0;
        for (uint32_t r = 0; r < rg->nrings; r++)
            if (rg->ring[r + 1] - rg->ring[r] > most) most = rg->ring[r + 1] - rg->ring[r], pick = r;
        double lo = HUGE_VAL, hi = -HUGE_VAL;
        for (uint32_t i = rg->ring[pick]; i < rg->ring[pick + 1]; i++) {
            lo = fmin(lo, rg->xy[2 * i + 1]);
            hi = fmax(hi, rg->xy[2 * i + 1]);
        }
        w = scan_widest(rg->xy, rg->ring, rg->nrings, (lo + hi) / 2, lo, hi, &xs, &xcap, &mx, &my);
        if (w > best) best = w, u->in_lon_deg = mx, u->in_lat_deg = my;
    }
    free(xs);
}

/* Fills u from collected rings (lon/lat): copies, bbox, point inside. */
static cm_status unit_store(cm_geomstore *gs, cm_ctx *ctx, cm_geom_unit *u, const ringbuf *rb,
                            const char *what)
{
    double *xy = cm_arena_calloc(gs->arena, rb->npts ? rb->npts : 1, 2 * sizeof(double));
    uint32_t *ring = cm_arena_calloc(gs->arena, rb->nrings + 1, sizeof(uint32_t));
    if (!xy || !ring) return cm_fail(ctx, CM_NOMEM, "%s: out of memory", what);
    if (rb->npts) memcpy(xy, rb->xy, rb->npts * 2 * sizeof(double));
    if (rb->nrings) memcpy(ring, rb->ring, rb->nrings * sizeof(uint32_t));
    ring[rb->nrings] = (uint32_t)rb->npts;
    u->rings = (cm_rings){xy, ring, (uint32_t)rb->nrings, (uint32_t)rb->npts};
    u->bbox[0] = u->bbox[1] = HUGE_VAL;
    u->bbox[2] = u->bbox[3] = -HUGE_VAL;
    for (size_t i = 0; i < rb->npts; i++) {
        double x = xy[2 * i], y = xy[2 * i + 1];
        if (x < u->bbox[0]) u->bbox[0] = x;
        if (y < u->bbox[1]) u->bbox[1] = y;
        if (x > u->bbox[2]) u->bbox[2] = x;
        if (y > u->bbox[3]) u->bbox[3] = y;
    }
    interior_point(u);
    return CM_OK;
}

/* Fills u from OGR geometry g (already in lon/lat). */
static cm_status unit_set_geom(cm_geomstore *gs, cm_ctx *ctx, cm_geom_unit *u, OGRGeometryH g,
                               const char *what)
{
    ringbuf rb = {0};
    cm_status st = collect(&rb, g) ? unit_store(gs, ctx, u, &rb, what)
                                   : cm_fail(ctx, CM_NOMEM, "%s: out of memory", what);
    ringbuf_free(&rb);
    return st;
}

/* ---- the boundaries folder --------------------------------------------------------- */

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* The checks OGR does not do: header, declared length, companion .dbf. */
static cm_status check_shp(cm_ctx *ctx, const char *shp)
{
    size_t len = strlen(shp);
    if (len < 4 || strcmp(shp + len - 4, ".shp")) return CM_OK; /* a GeoPackage or GeoJSON: OGR checks it */
    FILE *fp = fopen(shp, "rb");
    if (!fp) return cm_fail(ctx, CM_IO, "%s: cannot open", shp);
    unsigned char h[100];
    size_t got = fread(h, 1, sizeof h, fp);
    struct stat sb;
    int ok = fstat(fileno(fp), &sb) == 0;
    fclose(fp);
    if (got < sizeof h || be32(h) != 9994)
        return cm_fail(ctx, CM_PARSE, "%s: not a shapefile or truncated (header of %zu bytes)", shp, got);
    unsigned long declared = be32(h + 24) * 2ul;
    if (ok && (unsigned long long)sb.st_size < declared)
        return cm_fail(ctx, CM_PARSE, "%s: truncated: %lld of %lu bytes", shp, (long long)sb.st_size,
                       declared);
    size_t n = strlen(shp);
    char *dbf = malloc(n + 1);
    if (!dbf) return cm_fail(ctx, CM_NOMEM, "out of memory");
    memcpy(dbf, shp, n + 1);
    int found = 0;
    const char *ext[] = {".dbf", ".DBF"};
    for (int i = 0; i < 2 && !found; i++) {
        memcpy(dbf + n - 4, ext[i], 4);
        struct stat db;
        found = stat(dbf, &db) == 0 && S_ISREG(db.st_mode);
    }
    if (!found) {
        memcpy(dbf + n - 4, ".dbf", 4);
        cm_status st = cm_fail(ctx, CM_NOTFOUND, "%s: missing (the attribute table of %s)", dbf, shp);
        free(dbf);
        return st;
    }
    free(dbf);
    return CM_OK;
}

/* What to read from one layer. NULL field names are not read. */
typedef struct {
    cm_geom_level level;
    const char *layer;          /* layer name; NULL or "" for the first */
    bool layer_fallback;        /* a named layer missing: the first instead (Natural Earth) */
    const char *f_pcode;        /* required when given, unless pcode_default */
    const char *pcode_default;  /* the code of a feature without one */
    const char *f_parent;       /* required when given; an empty value: by containment */
    const char *home;           /* the country's code: the parent of last resort */
    size_t nnames;
    const char *const *f_name;  /* name fields, the canonical first; all optional
                                   but the first of a neighbour */
    const char *const *lang;    /* their languages */
    const char *skip_name, *f_iso, *skip_iso; /* neighbours: the profile's own country */
    bool need_geometry;         /* a feature without geometry is an error (truncated .shp) */
} layer_spec;

static int field_index(OGRFeatureDefnH defn, const char *name)
{
    return name && *name ? OGR_FD_GetFieldIndex(defn, name) : -1;
}

static const char *field_str(OGRFeatureH f, int idx, const char *dflt)
{
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(f, idx)) return dflt;
    const char *s = OGR_F_GetFieldAsString(f, idx);
    return s && *s ? s : dflt;
}

/* An open layer: its dataset, the transformation to WGS 84 (or NULL) and
 * the indices of the spec's fields. */
typedef struct {
    GDALDatasetH ds;
    OGRLayerH lyr;
    OGRSpatialReferenceH wgs84;
    OGRCoordinateTransformationH ct;
    int i_pcode, i_parent, i_iso, i_name[CM_GEOM_NAMES_MAX];
    const char *const *langs; /* the spec's languages, in the store's arena */
} layer_in;

static void layer_close(layer_in *li)
{
    if (li->ct) OCTDestroyCoordinateTransformation(li->ct);
    if (li->wgs84) OSRDestroySpatialReference(li->wgs84);
    if (li->ds) GDALClose(li->ds);
}

/* The field indices; CM_NOTFOUND for a required field the layer lacks. */
static cm_status layer_fields(cm_ctx *ctx, const char *path, const layer_spec *sp, layer_in *li)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(li->lyr);
    li->i_pcode = field_index(defn, sp->f_pcode), li->i_parent = field_index(defn, sp->f_parent);
    li->i_iso = field_index(defn, sp->f_iso);
    for (size_t k = 0; k < sp->nnames; k++) li->i_name[k] = field_index(defn, sp->f_name[k]);
    const char *missing = sp->f_pcode && *sp->f_pcode && li->i_pcode < 0 && !sp->pcode_default ? sp->f_pcode
                          : sp->f_parent && *sp->f_parent && li->i_parent < 0                ? sp->f_parent
                          : sp->level == CM_GEOM_NEIGHBOUR && li->i_name[0] < 0              ? sp->f_name[0]
                                                                                             : NULL;
    if (missing)
        return cm_fail(ctx, CM_NOTFOUND, "%s: layer %s has no field %s", path, OGR_L_GetName(li->lyr), missing);
    return CM_OK;
}

/* Boundaries in a projected CRS are brought to lon/lat here; the rest of
 * the program assumes WGS 84 degrees. */
static cm_status layer_crs(cm_ctx *ctx, const gdal_err *err, const char *path, layer_in *li)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(li->lyr);
    size_t plen = strlen(path);
    if (!srs && plen > 4 && !strcasecmp(path + plen - 4, ".shp")) {
        /* No CRS (a shapefile without its .prj): degrees are taken as WGS 84
         * with a warning; coordinates beyond degrees (projected metres) are
         * refused rather than drawn as nonsense (docs/reliability.md). GeoJSON
         * and TopoJSON are WGS 84 by definition. */
        OGREnvelope env;
        if (OGR_L_GetExtent(li->lyr, &env, 1) == OGRERR_NONE &&
            (env.MinX < -180 || env.MaxX > 180 || env.MinY < -90 || env.MaxY > 90))
            return cm_fail(ctx, CM_PARSE, "%s: no CRS (.prj missing?) and coordinates beyond degrees: add its .prj",
                           path);
        cm_log(ctx, CM_LOG_WARN, "%s: no CRS (.prj missing?): coordinates taken as WGS 84 degrees", path);
    }
    if (!srs || OSRIsGeographic(srs)) return CM_OK;
    li->wgs84 = OSRNewSpatialReference(NULL);
    if (!li->wgs84 || OSRImportFromEPSG(li->wgs84, 4326) != OGRERR_NONE)
        return cm_fail(ctx, CM_GDAL, "%s: cannot set up WGS 84: %s", path, err_text(err, "?"));
    OSRSetAxisMappingStrategy(li->wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    li->ct = OCTNewCoordinateTransformation(srs, li->wgs84);
    if (!li->ct) return cm_fail(ctx, CM_GDAL, "%s: cannot transform its CRS to WGS 84: %s", path, err_text(err, "?"));
    return CM_OK;
}

static cm_status layer_open(cm_geomstore *gs, cm_ctx *ctx, const gdal_err *err, const char *path,
                            const layer_spec *sp, layer_in *li)
{
    li->ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!li->ds)
        return cm_fail(ctx, CM_GDAL, "%s: cannot open as a vector file: %s", path, err_text(err, "no driver recognises it"));
    bool named = sp->layer && *sp->layer;
    if (named) li->lyr = GDALDatasetGetLayerByName(li->ds, sp->layer);
    if (!li->lyr && (!named || sp->layer_fallback) && GDALDatasetGetLayerCount(li->ds) > 0)
        li->lyr = GDALDatasetGetLayer(li->ds, 0);
    if (!li->lyr) return cm_fail(ctx, CM_NOTFOUND, "%s: no layer%s%s", path, named ? " " : "", named ? sp->layer : "");
    const char **langs = cm_arena_calloc(gs->arena, sp->nnames ? sp->nnames : 1, sizeof *langs);
    if (!langs) return cm_fail(ctx, CM_NOMEM, "%s: out of memory", path);
    for (size_t k = 0; k < sp->nnames; k++)
        if (!(langs[k] = adup(gs->arena, sp->lang[k]))) return cm_fail(ctx, CM_NOMEM, "%s: out of memory", path);
    li->langs = langs;
    cm_status st = layer_fields(ctx, path, sp, li);
    return st ? st : layer_crs(ctx, err, path, li);
}

/* u's names from feature f: every name field, name_en (the "en" one, else
 * the canonical) and name_local (the first in another language). */
static bool unit_names(cm_geomstore *gs, const layer_spec *sp, const layer_in *li, OGRFeatureH f,
                       cm_geom_unit *u)
{
    const char **names = cm_arena_calloc(gs->arena, sp->nnames ? sp->nnames : 1, sizeof *names);
    if (!names) return false;
    size_t en = 0, local = sp->nnames;
    for (size_t k = 0; k < sp->nnames; k++) {
        if (!(names[k] = adup(gs->arena, field_str(f, li->i_name[k], "")))) return false;
        if (!strcmp(sp->lang[k], "en") && strcmp(sp->lang[en], "en")) en = k;
    }
    for (size_t k = 0; k < sp->nnames && local == sp->nnames; k++)
        if (strcmp(sp->lang[k], sp->lang[en])) local = k;
    u->nnames = sp->nnames;
    u->names = names;
    u->name_lang = li->langs;
    u->name_en = sp->nnames ? names[en] : "";
    u->name_local = local < sp->nnames ? names[local] : "";
    return true;
}

/* The parent of a unit without one in its parent field: the region holding
 * its point inside, else the country. */
static const char *contained_in(const cm_geomstore *gs, const layer_spec *sp, const cm_geom_unit *u)
{
    const cm_geom_unit *r =
        sp->level == CM_GEOM_UNIT ? cm_geomstore_locate(gs, CM_GEOM_REGION, u->in_lon_deg, u->in_lat_deg) : NULL;
    if (r) return r->pcode;
    return gs->n[CM_GEOM_COUNTRY] ? gs->units[CM_GEOM_COUNTRY][0].pcode : sp->home ? sp->home : "";
}

/* Whether a neighbour is the profile's own country (its outline is the
 * country layer's). */
static bool is_home(const layer_spec *sp, const layer_in *li, OGRFeatureH f)
{
    if (sp->level != CM_GEOM_NEIGHBOUR) return false;
    return (sp->skip_name && !strcmp(field_str(f, li->i_name[0], ""), sp->skip_name)) ||
           (sp->skip_iso && *sp->skip_iso && !strcmp(field_str(f, li->i_iso, ""), sp->skip_iso));
}

/* One feature into a unit of sp->level (g in WGS 84 already). */
static cm_status feature_unit(cm_geomstore *gs, cm_ctx *ctx, const char *path, const layer_spec *sp,
                              const layer_in *li, OGRFeatureH f, OGRGeometryH g, long long fid)
{
    cm_geom_unit *u = unit_push(gs, sp->level);
    if (!u || !unit_names(gs, sp, li, f, u) ||
        !(u->pcode = adup(gs->arena, field_str(f, li->i_pcode, sp->pcode_default ? sp->pcode_default : ""))))
        return cm_fail(ctx, CM_NOMEM, "%s: out of memory", path);
    char what[600];
    snprintf(what, sizeof what, "%s: feature %lld", path, fid);
    cm_status st = unit_set_geom(gs, ctx, u, g, what);
    if (st) return st;
    const char *parent = field_str(f, li->i_parent, "");
    if (!*parent && (sp->level == CM_GEOM_REGION || sp->level == CM_GEOM_UNIT)) parent = contained_in(gs, sp, u);
    if (!(u->parent = adup(gs->arena, parent))) return cm_fail(ctx, CM_NOMEM, "%s: out of memory", path);
    return CM_OK;
}

static cm_status load_layer(cm_geomstore *gs, cm_ctx *ctx, const char *path, const layer_spec *sp,
                            const double *bbox)
{
    gdal_err err;
    err_begin(&err, ctx);
    size_t n0 = gs->n[sp->level];
    layer_in li = {0};
    cm_status st = layer_open(gs, ctx, &err, path, sp, &li);
    if (st) goto done;
    if (bbox) OGR_L_SetSpatialFilterRect(li.lyr, bbox[0], bbox[1], bbox[2], bbox[3]);
    OGR_L_ResetReading(li.lyr);
    OGRFeatureH f;
    while (!st && (f = OGR_L_GetNextFeature(li.lyr))) {
        long long fid = (long long)OGR_F_GetFID(f);
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (!g || OGR_G_IsEmpty(g)) {
            if (sp->need_geometry)
                st = cm_fail(ctx, CM_PARSE, "%s: feature %lld has no geometry (truncated or corrupt file)", path, fid);
        } else if (is_home(sp, &li, f)) {
            /* skipped */
        } else if (sp->f_pcode && *sp->f_pcode && !sp->pcode_default && !*field_str(f, li.i_pcode, "")) {
            st = cm_fail(ctx, CM_PARSE, "%s: feature %lld has an empty %s", path, fid, sp->f_pcode);
        } else if (li.ct && OGR_G_Transform(g, li.ct) != OGRERR_NONE) {
            st = cm_fail(ctx, CM_GDAL, "%s: feature %lld: cannot transform to WGS 84: %s", path, fid, err_text(&err, "?"));
        } else {
            st = feature_unit(gs, ctx, path, sp, &li, f, g, fid);
        }
        OGR_F_Destroy(f);
    }
    if (!st && err.failed) st = cm_fail(ctx, CM_GDAL, "%s: %s", path, err.msg);
done:
    layer_close(&li);
    err_end();
    if (st) gs->n[sp->level] = n0;
    return st;
}

/* The spec of the profile's layer of role r. */
static layer_spec admin_spec(const cm_profile *p, cm_role r)
{
    const cm_profile_layer *pl = cm_profile_layer_of(p, r);
    return (layer_spec){
        .level = (cm_geom_level)r, /* CM_GEOM_COUNTRY, _REGION, _UNIT are the roles' numbers */
        .layer = pl->layer,
        .f_pcode = pl->code,
        .pcode_default = r == CM_ROLE_COUNTRY ? cm_profile_country(p) : NULL,
        .f_parent = pl->parent,
        .home = cm_profile_country(p),
        .nnames = pl->nnames,
        .f_name = pl->name_field,
        .lang = pl->name_lang,
        .need_geometry = true,
    };
}

cm_status cm_geomstore_load_admin(cm_geomstore *gs, cm_ctx *ctx, const cm_profile *p, const char *dir)
{
    if (!p) return cm_fail(ctx, CM_USAGE, "boundaries: no profile");
    if (!dir) dir = cm_profile_boundaries(p);
    char *paths[CM_ROLE_COUNT] = {0};
    size_t n0[CM_ROLE_COUNT];
    cm_status st = CM_OK;
    for (int r = 0; r < CM_ROLE_COUNT; r++) {
        char path[4096];
        if (!cm_profile_layer_of(p, (cm_role)r)->present) continue; /* no regions */
        if ((st = cm_admfile_find(ctx, dir, cm_profile_layer_of(p, (cm_role)r)->match, path, sizeof path))) goto done;
        if (!(paths[r] = strdup(path))) {
            st = cm_fail(ctx, CM_NOMEM, "out of memory");
            goto done;
        }
        if ((st = check_shp(ctx, paths[r]))) goto done;
    }
    for (int r = 0; r < CM_ROLE_COUNT; r++) n0[r] = gs->n[r];
    for (int r = 0; r < CM_ROLE_COUNT; r++) {
        layer_spec sp = admin_spec(p, (cm_role)r);
        if (paths[r] && (st = load_layer(gs, ctx, paths[r], &sp, NULL))) {
            for (int k = 0; k < r; k++) gs->n[k] = n0[k];
            goto done;
        }
    }
done:
    for (int r = 0; r < CM_ROLE_COUNT; r++) free(paths[r]);
    return st;
}

/* ---- TopoJSON ------------------------------------------------------------------
 * GDAL's TopoJSON driver assembles every object of the file (all 241 countries
 * and the `land` layer) into OGR geometries when the file is opened: ~90 ms for
 * Natural Earth 1:50m, more than the rest of a map frame. A topology is simple
 * to decode directly (arcs, optionally quantised and delta-encoded; rings as
 * lists of arc indices, ~i for arc i reversed), so this reader does it for
 * files whose top-level type is "Topology"; any other format goes through OGR.
 * Only the `countries` object is decoded, and only the countries meeting the
 * bbox are kept. */

typedef struct {
    double *xy;      /* decoded lon,lat pairs of every arc */
    size_t npts, cap;
    uint32_t *start; /* narcs+1 offsets */
    size_t narcs, acap;
} topo_arcs;

static bool topo_sniff(const char *p, size_t n)
{
    size_t lim = n < 256 ? n : 256;
    for (size_t i = 0; i + 10 <= lim; i++)
        if (!memcmp(p + i, "\"Topology\"", 10)) return true;
    return false;
}

/* Fast number: integers without a sign/fraction are the common case. */
static const char *topo_num(const char *p, const char *end, double *v)
{
    const char *q = p;
    bool neg = false;
    if (q < end && *q == '-') neg = true, q++;
    long long x = 0;
    const char *d0 = q;
    while (q < end && *q >= '0' && *q <= '9' && q - d0 < 17) x = x * 10 + (*q++ - '0');
    if (q == d0) return NULL;
    if (q < end && (*q == '.' || *q == 'e' || *q == 'E' || (*q >= '0' && *q <= '9'))) {
        char buf[64];
        size_t k = 0;
        for (const char *r = p; r < end && k < sizeof buf - 1 && strchr("+-.eE0123456789", *r); r++) buf[k++] = *r;
        buf[k] = 0;
        char *e;
        *v = strtod(buf, &e);
        return e == buf ? NULL : p + (e - buf);
    }
    *v = neg ? -(double)x : (double)x;
    return q;
}

static bool topo_arcs_room(topo_arcs *A, size_t pts, size_t arcs)
{
    if (A->npts + pts > A->cap) {
        size_t c = A->cap ? 2 * A->cap : 65536;
        while (c < A->npts + pts) c *= 2;
        double *v = realloc(A->xy, c * 2 * sizeof *v);
        if (!v) return false;
        A->xy = v;
        A->cap = c;
    }
    if (A->narcs + arcs + 1 > A->acap) {
        size_t c = A->acap ? 2 * A->acap : 4096;
        while (c < A->narcs + arcs + 1) c *= 2;
        uint32_t *v = realloc(A->start, c * sizeof *v);
        if (!v) return false;
        A->start = v;
        A->acap = c;
    }
    return true;
}

/* "[[[x,y],[dx,dy],...],...]": decodes every arc. Returns the offset of a
 * fault, or (size_t)-1 when all is well; *nomem on allocation failure. */
static size_t topo_parse_arcs(const char *s, size_t n, bool quant, const double sc[2],
                              const double tr[2], topo_arcs *A, bool *nomem)
{
    const char *p = s, *end = s + n;
    int depth = 0, k = 0;
    double v[2] = {0, 0}, x = 0, y = 0;
    while (p < end) {
        char c = *p;
        if (c == '[') {
            depth++;
            if (depth == 2) {
                if (!topo_arcs_room(A, 0, 1)) return *nomem = true, 0;
                A->start[A->narcs++] = (uint32_t)A->npts;
                x = y = 0;
            } else if (depth == 3) {
                k = 0;
            } else if (depth > 3) {
                return (size_t)(p - s);
            }
            p++;
        } else if (c == ']') {
            if (depth == 3) {
                if (k < 2) return (size_t)(p - s);
                if (!topo_arcs_room(A, 1, 0)) return *nomem = true, 0;
                if (quant) {
                    x += v[0], y += v[1];
                    A->xy[2 * A->npts] = x * sc[0] + tr[0];
                    A->xy[2 * A->npts + 1] = y * sc[1] + tr[1];
                } else {
                    A->xy[2 * A->npts] = v[0];
                    A->xy[2 * A->npts + 1] = v[1];
                }
                A->npts++;
            }
            depth--;
            p++;
        } else if (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            p++;
        } else {
            double d;
            const char *q = depth == 3 ? topo_num(p, end, &d) : NULL;
            if (!q) return (size_t)(p - s);
            if (k < 2) v[k] = d;
            k++;
            p = q;
        }
    }
    if (depth != 0) return n;
    if (!topo_arcs_room(A, 0, 0)) return *nomem = true, 0;
    A->start[A->narcs] = (uint32_t)A->npts;
    return (size_t)-1;
}

/* Builds the rings of one geometry's "arcs" text into rb. false on a bad
 * index or syntax (*bad set) or allocation failure. */
static bool topo_rings(const char *s, size_t n, const topo_arcs *A, ringbuf *rb, bool *bad)
{
    const char *p = s, *end = s + n;
    long idx[4096];
    size_t ni = 0;
    while (p < end) {
        char c = *p;
        if (c == '[') {
            ni = 0;
            p++;
        } else if (c == ']') {
            if (ni) {
                size_t start = rb->npts;
                for (size_t j = 0; j < ni; j++) {
                    long i = idx[j];
                    size_t a = (size_t)(i >= 0 ? i : ~i);
                    if (a >= A->narcs) return *bad = true, false;
                    size_t a0 = A->start[a], a1 = A->start[a + 1], m = a1 - a0;
                    if (m == 0) continue;
                    if (!ringbuf_room(rb, m)) return false;
                    for (size_t t = (j ? 1 : 0); t < m; t++) {
                        size_t src = i >= 0 ? a0 + t : a1 - 1 - t;
                        rb->xy[2 * rb->npts] = A->xy[2 * src];
                        rb->xy[2 * rb->npts + 1] = A->xy[2 * src + 1];
                        rb->npts++;
                    }
                }
                size_t m = rb->npts - start;
                if (m && rb->xy[2 * start] == rb->xy[2 * (rb->npts - 1)] &&
                    rb->xy[2 * start + 1] == rb->xy[2 * (rb->npts - 1) + 1])
                    rb->npts--, m--;
                if (m >= 3) rb->ring[rb->nrings++] = (uint32_t)start;
                else rb->npts = start;
                ni = 0;
            }
            p++;
        } else if (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            p++;
        } else {
            char *e;
            long v = strtol(p, &e, 10);
            if (e == p || ni == sizeof idx / sizeof idx[0]) return *bad = true, false;
            idx[ni++] = v;
            p = e;
        }
    }
    return true;
}

/* Reads "[a,b]" into v. */
static bool topo_pair(const char *s, double v[2])
{
    const char *p = s;
    while (*p == ' ' || *p == '[') p++;
    char *e;
    v[0] = strtod(p, &e);
    if (e == p) return false;
    p = e;
    while (*p == ' ' || *p == ',') p++;
    v[1] = strtod(p, &e);
    return e != p;
}

/* A unit of one name, in English (a Natural Earth `name`, a WKT unit's). */
static bool one_name(cm_geomstore *gs, cm_geom_unit *u, const char *name)
{
    static const char *const en[1] = {"en"};
    const char **names = cm_arena_calloc(gs->arena, 1, sizeof *names);
    if (!names || !(names[0] = adup(gs->arena, name))) return false;
    u->nnames = 1, u->names = names, u->name_lang = en;
    u->name_en = names[0], u->name_local = "";
    return true;
}

static cm_status load_topojson(cm_geomstore *gs, cm_ctx *ctx, const char *path, const cm_buf *b,
                               const double *bbox, const char *skip_name, const char *skip_iso)
{
    cm_status st = CM_OK;
    size_t n0 = gs->n[CM_GEOM_NEIGHBOUR], off = 0;
    cm_arena *a = cm_arena_new();
    topo_arcs A = {0};
    ringbuf rb = {0};
    if (!a) return cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_json_obj top, objs, cobj, gobj, props, tf;
    if (cm_json_parse_object(b->p, b->n, a, &top, &off)) {
        st = cm_fail(ctx, CM_PARSE, "%s: malformed JSON at byte %zu", path, off + 1);
        goto done;
    }
    const cm_json_member *marcs = cm_json_get(&top, "arcs"), *mobj = cm_json_get(&top, "objects");
    const cm_json_member *mtf = cm_json_get(&top, "transform");
    if (!marcs || marcs->kind != CM_JSON_RAW || !mobj || mobj->kind != CM_JSON_RAW) {
        st = cm_fail(ctx, CM_PARSE, "%s: a Topology without \"arcs\" or \"objects\"", path);
        goto done;
    }
    double sc[2] = {1, 1}, tr[2] = {0, 0};
    bool quant = mtf && mtf->kind == CM_JSON_RAW;
    if (quant) {
        const char *ssc, *str;
        if (cm_json_parse_object(mtf->str, mtf->len, a, &tf, &off) ||
            !(ssc = cm_json_get(&tf, "scale") ? cm_json_get(&tf, "scale")->str : NULL) ||
            !(str = cm_json_get(&tf, "translate") ? cm_json_get(&tf, "translate")->str : NULL) ||
            !topo_pair(ssc, sc) || !topo_pair(str, tr)) {
            st = cm_fail(ctx, CM_PARSE, "%s: malformed \"transform\"", path);
            goto done;
        }
    }
    bool nomem = false;
    size_t bad = topo_parse_arcs(marcs->str, marcs->len, quant, sc, tr, &A, &nomem);
    if (nomem) goto nomem;
    if (bad != (size_t)-1) {
        st = cm_fail(ctx, CM_PARSE, "%s: malformed \"arcs\" at byte %zu of the array", path, bad + 1);
        goto done;
    }
    const cm_json_member *mc;
    if (cm_json_parse_object(mobj->str, mobj->len, a, &objs, &off) ||
        !(mc = cm_json_get(&objs, "countries")) || mc->kind != CM_JSON_RAW ||
        cm_json_parse_object(mc->str, mc->len, a, &cobj, &off)) {
        st = cm_fail(ctx, CM_NOTFOUND, "%s: no object \"countries\"", path);
        goto done;
    }
    const cm_json_member *mg = cm_json_get(&cobj, "geometries");
    if (!mg || mg->kind != CM_JSON_RAW || mg->str[0] != '[') {
        st = cm_fail(ctx, CM_PARSE, "%s: \"countries\" has no \"geometries\" array", path);
        goto done;
    }
    /* each element of the geometries array is one flat-enough object */
    const char *p = mg->str + 1, *end = mg->str + mg->len - 1;
    while (p < end) {
        while (p < end && *p != '{') p++;
        if (p >= end) break;
        const char *q = p;
        int depth = 0;
        bool in_str = false;
        for (; q < end; q++) {
            if (in_str) {
                if (*q == '\\') q++;
                else if (*q == '"') in_str = false;
            } else if (*q == '"') in_str = true;
            else if (*q == '{' || *q == '[') depth++;
            else if ((*q == '}' || *q == ']') && --depth == 0) break;
        }
        if (q >= end) {
            st = cm_fail(ctx, CM_PARSE, "%s: malformed geometry in \"countries\"", path);
            goto done;
        }
        if (cm_json_parse_object(p, (size_t)(q + 1 - p), a, &gobj, &off)) {
            st = cm_fail(ctx, CM_PARSE, "%s: malformed geometry in \"countries\"", path);
            goto done;
        }
        p = q + 1;
        const cm_json_member *ga = cm_json_get(&gobj, "arcs"), *gp = cm_json_get(&gobj, "properties");
        if (!ga || ga->kind != CM_JSON_RAW) continue; /* null geometry */
        const char *name = "", *iso = "";
        if (gp && gp->kind == CM_JSON_RAW && !cm_json_parse_object(gp->str, gp->len, a, &props, &off)) {
            const char *nm = cm_json_get_str(&props, "name"), *ia = cm_json_get_str(&props, "iso_a2");
            if (nm) name = nm;
            if (ia) iso = ia;
        }
        /* The profile's own country: its outline is the country layer's. */
        if ((skip_name && !strcmp(name, skip_name)) || (skip_iso && *skip_iso && !strcmp(iso, skip_iso))) continue;
        rb.npts = rb.nrings = 0;
        bool badidx = false;
        if (!topo_rings(ga->str, ga->len, &A, &rb, &badidx)) {
            if (!badidx) goto nomem;
            st = cm_fail(ctx, CM_PARSE, "%s: country %s refers to a missing arc", path, name);
            goto done;
        }
        if (rb.nrings == 0) continue;
        cm_geom_unit *u = unit_push(gs, CM_GEOM_NEIGHBOUR);
        if (!u) goto nomem;
        const char *id = cm_json_get_str(&gobj, "id");
        u->pcode = adup(gs->arena, id ? id : "");
        u->parent = "";
        if (!u->pcode || !one_name(gs, u, name)) goto nomem;
        if ((st = unit_store(gs, ctx, u, &rb, path))) goto done;
        if (bbox && (u->bbox[2] < bbox[0] || u->bbox[0] > bbox[2] || u->bbox[3] < bbox[1] ||
                     u->bbox[1] > bbox[3]))
            gs->n[CM_GEOM_NEIGHBOUR]--; /* out of the view; its arena bytes stay until free */
    }
    goto done;
nomem:
    st = cm_fail(ctx, CM_NOMEM, "%s: out of memory", path);
done:
    free(A.xy);
    free(A.start);
    ringbuf_free(&rb);
    cm_arena_free(a);
    if (st) gs->n[CM_GEOM_NEIGHBOUR] = n0;
    return st;
}

cm_status cm_geomstore_load_countries(cm_geomstore *gs, cm_ctx *ctx, const cm_profile *p, const char *path,
                                      const double *bbox)
{
    const char *skip_name = p ? cm_profile_country_name(p) : NULL, *skip_iso = p ? cm_profile_country(p) : NULL;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return cm_fail(ctx, CM_NOTFOUND, "%s: countries file not found (set --countries or run ./setup)",
                       path);
    /* TopoJSON is decoded here (see above); everything else through OGR. */
    FILE *fp = fopen(path, "rb");
    char head[256];
    size_t got = fp ? fread(head, 1, sizeof head, fp) : 0;
    if (fp) fclose(fp);
    if (S_ISREG(sb.st_mode) && topo_sniff(head, got)) {
        cm_buf b = {0};
        cm_status st = cm_file_read(ctx, path, 0, &b);
        if (!st) st = load_topojson(gs, ctx, path, &b, bbox, skip_name, skip_iso);
        cm_buf_free(&b);
        return st;
    }
    static const char *const name[1] = {"name"}, *const lang[1] = {"en"};
    const layer_spec spec = {.level = CM_GEOM_NEIGHBOUR, .layer = "countries", .layer_fallback = true,
                             .f_pcode = "id", .pcode_default = "", .nnames = 1, .f_name = name, .lang = lang,
                             .skip_name = skip_name, .f_iso = "iso_a2", .skip_iso = skip_iso};
    return load_layer(gs, ctx, path, &spec, bbox);
}

cm_status cm_geomstore_add_wkt(cm_geomstore *gs, cm_ctx *ctx, cm_geom_level level,
                               const char *pcode, const char *parent, const char *name_en,
                               const char *name_local, const char *wkt)
{
    if (level >= CM_GEOM_NLEVELS) return cm_fail(ctx, CM_RANGE, "bad geometry level %d", (int)level);
    gdal_err err;
    err_begin(&err, ctx);
    cm_status st = CM_OK;
    OGRGeometryH g = NULL;
    char *w = (char *)wkt; /* OGR_G_CreateFromWkt advances the pointer, never writes */
    if (OGR_G_CreateFromWkt(&w, NULL, &g) != OGRERR_NONE || !g) {
        st = cm_fail(ctx, CM_PARSE, "%s: bad WKT: %s", pcode ? pcode : "?", err_text(&err, "cannot parse"));
        goto done;
    }
    cm_geom_unit *u = unit_push(gs, level);
    if (!u) {
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto done;
    }
    u->pcode = adup(gs->arena, pcode);
    u->parent = adup(gs->arena, parent);
    bool named = one_name(gs, u, name_en ? name_en : ""); /* English; the local name beside it */
    u->name_local = adup(gs->arena, name_local);
    if (!u->pcode || !u->parent || !named || !u->name_local) {
        gs->n[level]--;
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto done;
    }
    if ((st = unit_set_geom(gs, ctx, u, g, pcode ? pcode : "?"))) gs->n[level]--;
done:
    if (g) OGR_G_DestroyGeometry(g);
    err_end();
    return st;
}
