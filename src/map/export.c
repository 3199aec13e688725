/* export: OGR datasets written under a temporary name (files) or in one
 * transaction (databases). */
#define _POSIX_C_SOURCE 200809L
#include "map/export.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "core/arena.h"
#include "core/file.h"
#include "core/json.h"
#include "core/str.h"
#include "geo/admfile.h"
#include "geo/cover.h"
#include "geo/gdalerr.h"
#include "geo/geomstore.h"
#include "geo/dynlib.h" /* last: GDAL and PROJ loaded on first use */

struct cm_export {
    GDALDatasetH ds;
    char *driver;   /* OGR driver name */
    char *dest;     /* final path or connection string */
    char *tmp;      /* temporary path (files), NULL for databases */
    int nlayers;
    int in_txn;
    char *layer[8];       /* names of the layers written, for the read-back check */
    GIntBig nfeat[8];     /* features written to each */
};

static const struct {
    const char *alias, *driver, *ext;
    int single;
} formats[] = {
    {"geojson", "GeoJSON", ".geojson", 1}, {"gpkg", "GPKG", ".gpkg", 0},
    {"geopackage", "GPKG", ".gpkg", 0},    {"fgb", "FlatGeobuf", ".fgb", 1},
    {"flatgeobuf", "FlatGeobuf", ".fgb", 1}, {"csv", "CSV", ".csv", 1},
    {"pg", "PostgreSQL", "", 0},           {"postgis", "PostgreSQL", "", 0},
    {"postgresql", "PostgreSQL", "", 0},
};

static int fmt_index(const char *format)
{
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (!strcasecmp(format, formats[i].alias) || !strcasecmp(format, formats[i].driver)) return (int)i;
    return -1;
}

int cm_export_single_layer(const char *format)
{
    int i = fmt_index(format);
    return i >= 0 && formats[i].single;
}

const char *cm_export_extension(const char *format)
{
    int i = fmt_index(format);
    return i >= 0 ? formats[i].ext : "";
}

const char *cm_export_format_for(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/')) return NULL;
    if (!strcasecmp(dot, ".json")) return "GeoJSON";
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (*formats[i].ext && !strcasecmp(dot, formats[i].ext)) return formats[i].driver;
    return NULL;
}

/* The per-call error handler of the public functions below (gdalerr.h). */
static __thread cm_gdal_err *cur_err;

static cm_status gdal_fail(cm_ctx *ctx, const char *what, const char *path)
{
    const char *m = cur_err ? cm_gdal_text(cur_err, "") : "";
    return cm_fail(ctx, CM_GDAL, "%s: %s%s%s", path, what, *m ? ": " : "", m);
}

static cm_status open_impl(cm_ctx *ctx, const char *format, const char *dest, cm_export **out)
{
    *out = NULL;
    int fi = fmt_index(format);
    if (fi < 0)
        return cm_fail(ctx, CM_USAGE, "unknown format '%s' (GeoJSON, GPKG, FlatGeobuf, CSV, PostgreSQL)", format);
    const char *drv_name = formats[fi].driver;
    GDALDriverH drv = GDALGetDriverByName(drv_name);
    if (!drv) return cm_fail(ctx, CM_GDAL, "this GDAL has no %s driver", drv_name);
    cm_export *e = calloc(1, sizeof *e);
    if (!e) return cm_fail(ctx, CM_NOMEM, "out of memory");
    e->driver = strdup(drv_name);
    if (strcmp(drv_name, "PostgreSQL")) {
        /* a file: a link's target is replaced, a device or FIFO never */
        cm_status st = cm_out_target(ctx, dest, &e->dest);
        if (st) {
            cm_export_abort(e);
            return st;
        }
        dest = e->dest;
    } else {
        e->dest = strdup(dest);
    }
    if (!e->driver || !e->dest) goto nomem;
    if (!strcmp(drv_name, "PostgreSQL")) {
        const char *conn = !strncasecmp(dest, "PG:", 3) ? dest : NULL;
        char *buf = NULL;
        if (!conn) {
            buf = malloc(strlen(dest) + 4);
            if (!buf) goto nomem;
            sprintf(buf, "PG:%s", dest);
            conn = buf;
        }
        e->ds = GDALOpenEx(conn, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
        free(buf);
        if (!e->ds) {
            cm_status st = gdal_fail(ctx, "cannot connect", dest);
            cm_export_abort(e);
            return st;
        }
        if (GDALDatasetStartTransaction(e->ds, FALSE) == OGRERR_NONE) e->in_txn = 1;
    } else {
        /* Temporary name beside the destination, keeping the extension, since
         * some drivers (CSV) decide file or folder by it. */
        const char *slash = strrchr(dest, '/');
        const char *dot = strrchr(dest, '.');
        if (!dot || (slash && dot < slash)) dot = dest + strlen(dest);
        size_t n = strlen(dest) + 40;
        e->tmp = malloc(n);
        if (!e->tmp) goto nomem;
        snprintf(e->tmp, n, "%.*s.tmp%ld%s", (int)(dot - dest), dest, (long)getpid(), dot);
        unlink(e->tmp);
        /* Say plainly when the folder is missing or unwritable, before GDAL
         * words it around the temporary name. */
        char dir[4096];
        size_t dl = slash ? (size_t)(slash - dest) : 0;
        if (!slash) snprintf(dir, sizeof dir, ".");
        else if (dl == 0) snprintf(dir, sizeof dir, "/");
        else snprintf(dir, sizeof dir, "%.*s", (int)dl, dest);
        if (access(dir, W_OK) != 0) {
            cm_status st = cm_fail(ctx, CM_IO, "%s: cannot write: %s", dest, strerror(errno));
            cm_export_abort(e);
            return st;
        }
        e->ds = GDALCreate(drv, e->tmp, 0, 0, 0, GDT_Unknown, NULL);
        if (!e->ds) {
            cm_status st = gdal_fail(ctx, "cannot write", dest);
            cm_export_abort(e);
            return st;
        }
    }
    *out = e;
    return CM_OK;
nomem:
    cm_export_abort(e);
    return cm_fail(ctx, CM_NOMEM, "out of memory");
}

void cm_export_abort(cm_export *e)
{
    if (!e) return;
    cm_gdal_err err;
    cm_gdal_begin(&err, NULL);
    if (e->ds) {
        if (e->in_txn) GDALDatasetRollbackTransaction(e->ds);
        GDALClose(e->ds);
    }
    if (e->tmp) {
        GDALDriverH drv = GDALGetDriverByName(e->driver);
            if (!drv || GDALDeleteDataset(drv, e->tmp) != CE_None) unlink(e->tmp);
            free(e->tmp);
    }
    for (int i = 0; i < e->nlayers && i < 8; i++) free(e->layer[i]);
    free(e->driver);
    free(e->dest);
    free(e);
    cm_gdal_end(&err);
}

/* Some drivers (GeoJSON) do not report a short write: a full disk leaves a
 * truncated file behind a success. Reading the file back and counting its
 * features catches that before it is renamed into place. */
static cm_status verify(cm_export *e, cm_ctx *ctx)
{
    CPLErrorReset();
    const char *const drivers[] = {e->driver, NULL};
    GDALDatasetH ds = GDALOpenEx(e->tmp, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    cm_status st = CM_OK;
    for (int i = 0; i < e->nlayers && i < 8 && !st; i++) {
        OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, e->layer[i]) : NULL;
        if (!l && ds && GDALDatasetGetLayerCount(ds) == 1) l = GDALDatasetGetLayer(ds, 0);
        if (!l || OGR_L_GetFeatureCount(l, TRUE) != e->nfeat[i])
            st = cm_fail(ctx, CM_IO, "%s: cannot write: the file reads back incomplete (disk full?)", e->dest);
    }
    if (ds) GDALClose(ds);
    return st;
}

static cm_status close_impl(cm_export *e, cm_ctx *ctx)
{
    cm_status st = CM_OK;
    CPLErrorReset();
    if (e->in_txn && GDALDatasetCommitTransaction(e->ds) != OGRERR_NONE) {
        st = gdal_fail(ctx, "commit failed", e->dest);
        cm_export_abort(e);
        return st;
    }
    e->in_txn = 0;
    GDALClose(e->ds); /* flushes; write errors are reported through CPL */
    e->ds = NULL;
    if (CPLGetLastErrorType() >= CE_Failure) {
        st = gdal_fail(ctx, "write failed", e->dest);
        cm_export_abort(e);
        return st;
    }
    if (e->tmp && (st = verify(e, ctx))) {
        cm_export_abort(e);
        return st;
    }
    if (e->tmp) {
        if (rename(e->tmp, e->dest) != 0) {
            st = cm_fail(ctx, CM_IO, "%s: cannot write (rename failed)", e->dest);
            cm_export_abort(e);
            return st;
        }
        free(e->tmp);
        e->tmp = NULL;
    }
    cm_export_abort(e);
    return st;
}

static OGRSpatialReferenceH wgs84(void)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRSetWellKnownGeogCS(srs, "WGS84");
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

/* desc: the layer's description where the format keeps one (NULL: none);
 * decimals: GeoJSON's coordinate precision (0: the driver's default, 7). */
static cm_status new_layer(cm_export *e, cm_ctx *ctx, const char *name, OGRwkbGeometryType gt, const char *desc,
                           int decimals, OGRLayerH *out)
{
    if (e->nlayers && cm_export_single_layer(e->driver))
        return cm_fail(ctx, CM_USAGE, "%s: %s holds one layer per file", e->dest, e->driver);
    char **opts = NULL;
    if (!strcmp(e->driver, "GeoJSON")) opts = CSLSetNameValue(opts, "RFC7946", "YES");
    if (desc && (!strcmp(e->driver, "GeoJSON") || !strcmp(e->driver, "GPKG")))
        opts = CSLSetNameValue(opts, "DESCRIPTION", desc);
    if (decimals > 0 && !strcmp(e->driver, "GeoJSON")) {
        char d[16];
        snprintf(d, sizeof d, "%d", decimals);
        opts = CSLSetNameValue(opts, "COORDINATE_PRECISION", d);
    }
    if (!strcmp(e->driver, "CSV")) opts = CSLSetNameValue(opts, "GEOMETRY", "AS_WKT");
    if (!strcmp(e->driver, "PostgreSQL")) opts = CSLSetNameValue(opts, "OVERWRITE", "YES");
    if (!strcmp(e->driver, "GPKG")) opts = CSLSetNameValue(opts, "OVERWRITE", "YES");
    OGRSpatialReferenceH srs = wgs84();
    CPLErrorReset();
    *out = GDALDatasetCreateLayer(e->ds, name, srs, gt, opts);
    OSRDestroySpatialReference(srs);
    CSLDestroy(opts);
    if (!*out) return gdal_fail(ctx, "cannot create layer", e->dest);
    if (e->nlayers < 8 && !(e->layer[e->nlayers] = strdup(name))) return cm_fail(ctx, CM_NOMEM, "out of memory");
    e->nlayers++;
    return CM_OK;
}

static cm_status add_field(cm_ctx *ctx, OGRLayerH l, const char *name, OGRFieldType t, OGRFieldSubType sub)
{
    OGRFieldDefnH fd = OGR_Fld_Create(name, t);
    OGR_Fld_SetSubType(fd, sub);
    OGRErr err = OGR_L_CreateField(l, fd, TRUE);
    OGR_Fld_Destroy(fd);
    return err == OGRERR_NONE ? CM_OK : gdal_fail(ctx, "cannot create field", name);
}

/* ---- points from JSON Lines ------------------------------------------------ */

typedef struct {
    char *key;
    int kind; /* 0 unknown/null only, 1 bool, 2 integer, 3 real, 4 string */
} colspec;

static int kind_of(const cm_json_member *m)
{
    switch (m->kind) {
    case CM_JSON_NULL: return 0;
    case CM_JSON_BOOL: return 1;
    case CM_JSON_NUM: return (m->num == floor(m->num) && fabs(m->num) < 9e15) ? 2 : 3;
    default: return 4;
    }
}

static cm_status set_date(OGRFeatureH f, int idx, cm_day d)
{
    if (d == CM_DAY_NONE) {
        OGR_F_SetFieldNull(f, idx);
        return CM_OK;
    }
    int y, m, dd;
    cm_day_to_ymd(d, &y, &m, &dd);
    OGR_F_SetFieldDateTime(f, idx, y, m, dd, 0, 0, 0, 0);
    return CM_OK;
}

static cm_status points_impl(cm_export *e, cm_ctx *ctx, const char *layer, const char *jsonl_path)
{
    cm_buf b = {0};
    cm_arena *a = cm_arena_new();
    colspec *cols = NULL;
    size_t ncols = 0;
    cm_status st = a ? cm_file_read(ctx, jsonl_path, 0, &b) : cm_fail(ctx, CM_NOMEM, "out of memory");
    if (st) goto done;
    /* Pass 1: the columns and their types, in first-seen order. */
    for (int pass = 1; pass <= 2 && !st; pass++) {
        OGRLayerH l = NULL;
        if (pass == 2) {
            if ((st = new_layer(e, ctx, layer, wkbPoint, NULL, 0, &l))) break;
            for (size_t c = 0; c < ncols && !st; c++) {
                static const OGRFieldType ft[] = {OFTString, OFTInteger, OFTInteger64, OFTReal, OFTString};
                st = add_field(ctx, l, cols[c].key, ft[cols[c].kind], cols[c].kind == 1 ? OFSTBoolean : OFSTNone);
            }
            if (st) break;
        }
        size_t i = 0, lineno = 0;
        while (i < b.n && !st) {
            const char *nl = memchr(b.p + i, '\n', b.n - i);
            size_t end = nl ? (size_t)(nl - b.p) : b.n;
            cm_str line = cm_str_trim((cm_str){b.p + i, end - i});
            i = end + 1;
            lineno++;
            if (!line.n) continue;
            cm_json_obj o;
            size_t off;
            cm_arena_reset(a);
            cm_status pst = cm_json_parse_object(line.p, line.n, a, &o, &off);
            if (pst) {
                st = pst == CM_NOMEM ? cm_fail(ctx, CM_NOMEM, "%s:%zu: out of memory", jsonl_path, lineno)
                                     : cm_fail(ctx, CM_PARSE, "%s:%zu: malformed JSON at column %zu", jsonl_path,
                                               lineno, off + 1);
                break;
            }
            if (pass == 1) {
                for (size_t k = 0; k < o.n; k++) {
                    size_t c = 0;
                    while (c < ncols && strcmp(cols[c].key, o.m[k].key)) c++;
                    if (c == ncols) {
                        colspec *nc = realloc(cols, (ncols + 1) * sizeof *nc);
                        if (!nc || !(nc[ncols].key = strdup(o.m[k].key))) {
                            if (nc) cols = nc;
                            st = cm_fail(ctx, CM_NOMEM, "out of memory");
                            break;
                        }
                        cols = nc;
                        cols[ncols++].kind = 0;
                    }
                    int k2 = kind_of(&o.m[k]);
                    if (k2 > cols[c].kind) cols[c].kind = (cols[c].kind == 1 && k2 != 1) ? 4 : k2;
                }
                continue;
            }
            double lon, lat;
            if (!cm_json_get_num(&o, "lon", &lon) || !cm_json_get_num(&o, "lat", &lat)) {
                cm_diag(ctx, "%s:%zu: no lon/lat, not exported", jsonl_path, lineno);
                continue;
            }
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
            for (size_t k = 0; k < o.n; k++) {
                int idx = OGR_F_GetFieldIndex(f, o.m[k].key);
                if (idx < 0) continue;
                const cm_json_member *m = &o.m[k];
                if (m->kind == CM_JSON_NULL) OGR_F_SetFieldNull(f, idx);
                else if (m->kind == CM_JSON_NUM || m->kind == CM_JSON_BOOL) {
                    if (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx)) == OFTString) {
                        char nb[64];
                        snprintf(nb, sizeof nb, "%.17g", m->num);
                        OGR_F_SetFieldString(f, idx, nb);
                    } else if (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx)) == OFTReal) {
                        OGR_F_SetFieldDouble(f, idx, m->num);
                    } else {
                        OGR_F_SetFieldInteger64(f, idx, (GIntBig)m->num);
                    }
                } else {
                    OGR_F_SetFieldString(f, idx, m->str);
                }
            }
            OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
            OGR_G_SetPoint_2D(g, 0, lon, lat);
            OGR_F_SetGeometryDirectly(f, g);
            CPLErrorReset();
            if (OGR_L_CreateFeature(l, f) != OGRERR_NONE) st = gdal_fail(ctx, "cannot write feature", e->dest);
            else if (e->nlayers <= 8) e->nfeat[e->nlayers - 1]++;
            OGR_F_Destroy(f);
        }
    }
done:
    for (size_t c = 0; c < ncols; c++) free(cols[c].key);
    free(cols);
    cm_arena_free(a);
    cm_buf_free(&b);
    return st;
}

/* ---- control periods ------------------------------------------------------ */

static cm_status json_array(cm_buf *b, const char **v, size_t n)
{
    cm_buf_clear(b);
    cm_status st = cm_buf_putc(b, '[');
    for (size_t i = 0; i < n && !st; i++) {
        if (i) st = cm_buf_putc(b, ',');
        if (!st) st = cm_buf_json_str(b, v[i], strlen(v[i]));
    }
    if (!st) st = cm_buf_putc(b, ']');
    return st;
}

/* ---- simplified district geometry (geo/cover.h) ------------------------------ */

typedef struct {
    cm_cover *cv;
    uint32_t *first; /* per feature (FID order of reading): its first cover polygon */
    size_t nfeat, fcap;
    double *xy;      /* scratch: one part's rings */
    uint32_t *ring;
    size_t xcap, rcap;
} simp;

static void simp_free(simp *sp)
{
    cm_cover_free(sp->cv);
    free(sp->first);
    free(sp->xy);
    free(sp->ring);
}

/* One feature's polygons into the cover, a part a cover polygon. */
static cm_status simp_add(simp *sp, OGRGeometryH g)
{
    if (!cm_grow((void **)&sp->first, &sp->fcap, sp->nfeat + 2, sizeof *sp->first)) return CM_NOMEM;
    sp->first[sp->nfeat] = (uint32_t)cm_cover_count(sp->cv);
    OGRGeometryH mg = OGR_G_ForceToMultiPolygon(OGR_G_Clone(g));
    cm_status st = CM_OK;
    for (int p = 0; p < OGR_G_GetGeometryCount(mg) && !st; p++) {
        OGRGeometryH poly = OGR_G_GetGeometryRef(mg, p);
        int nr = OGR_G_GetGeometryCount(poly);
        size_t np = 0;
        if (!cm_grow((void **)&sp->ring, &sp->rcap, (size_t)nr + 1, sizeof *sp->ring)) st = CM_NOMEM;
        for (int r = 0; r < nr && !st; r++) {
            OGRGeometryH ring = OGR_G_GetGeometryRef(poly, r);
            int n = OGR_G_GetPointCount(ring);
            if (!cm_grow((void **)&sp->xy, &sp->xcap, 2 * (np + (size_t)n), sizeof *sp->xy)) {
                st = CM_NOMEM;
                break;
            }
            sp->ring[r] = (uint32_t)np;
            for (int i = 0; i < n; i++, np++) sp->xy[2 * np] = OGR_G_GetX(ring, i), sp->xy[2 * np + 1] = OGR_G_GetY(ring, i);
        }
        if (!st) {
            sp->ring[nr] = (uint32_t)np;
            st = cm_cover_add(sp->cv, sp->xy, sp->ring, (uint32_t)nr);
        }
    }
    OGR_G_DestroyGeometry(mg);
    sp->first[++sp->nfeat] = (uint32_t)cm_cover_count(sp->cv);
    return st;
}

/* Cover polygon i as an OGR polygon (NULL when it has no ring left). */
static OGRGeometryH simp_polygon(const simp *sp, size_t i)
{
    const double *xy;
    const uint32_t *ring;
    uint32_t nr;
    cm_cover_get(sp->cv, i, &xy, &ring, &nr);
    if (!nr) return NULL;
    OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
    for (uint32_t r = 0; r < nr; r++) {
        OGRGeometryH lr = OGR_G_CreateGeometry(wkbLinearRing);
        OGR_G_SetPointCount(lr, (int)(ring[r + 1] - ring[r]));
        for (uint32_t k = ring[r]; k < ring[r + 1]; k++) OGR_G_SetPoint_2D(lr, (int)(k - ring[r]), xy[2 * k], xy[2 * k + 1]);
        OGR_G_AddGeometryDirectly(poly, lr);
    }
    return poly;
}

/* Feature f's simplified geometry (a MultiPolygon). */
static OGRGeometryH simp_feature(const simp *sp, size_t f)
{
    OGRGeometryH mg = OGR_G_CreateGeometry(wkbMultiPolygon);
    for (size_t i = sp->first[f]; i < sp->first[f + 1]; i++) {
        OGRGeometryH p = simp_polygon(sp, i);
        if (p) OGR_G_AddGeometryDirectly(mg, p);
    }
    return mg;
}

/* Decimal places that keep rounding under a tenth of the tolerance. */
static int simp_decimals(double tol_m)
{
    int d = (int)ceil(-log10(tol_m / 111320.0 / 10));
    return d < 1 ? 1 : d > 7 ? 7 : d;
}

/* Reads every district, simplifies the coverage, and keeps at full
 * resolution any part that came out invalid (GEOS), until none is. */
static cm_status simp_build(simp *sp, cm_ctx *ctx, OGRLayerH in, double tol_m, const char *path)
{
    if (!(sp->cv = cm_cover_new())) return cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_status st = CM_OK;
    OGR_L_ResetReading(in);
    OGRFeatureH fin;
    while (!st && (fin = OGR_L_GetNextFeature(in))) {
        OGRGeometryH g = OGR_F_GetGeometryRef(fin);
        if (!g || OGR_G_IsEmpty(g))
            st = cm_fail(ctx, CM_PARSE, "%s: feature %lld has no geometry (truncated or corrupt file)", path,
                         (long long)OGR_F_GetFID(fin));
        else if (simp_add(sp, g)) st = cm_fail(ctx, CM_NOMEM, "out of memory");
        OGR_F_Destroy(fin);
    }
    size_t bad = 1;
    for (int round = 0; !st && bad && round < 6; round++) {
        if (cm_cover_simplify(sp->cv, tol_m, simp_decimals(tol_m))) return cm_fail(ctx, CM_NOMEM, "out of memory");
        bad = 0;
        for (size_t i = 0; i < cm_cover_count(sp->cv); i++) {
            OGRGeometryH p = simp_polygon(sp, i);
            if (p && !OGR_G_IsValid(p)) cm_cover_keep(sp->cv, i), bad++;
            OGR_G_DestroyGeometry(p);
        }
    }
    CPLErrorReset(); /* IsValid reports through CPL as well */
    size_t before, after;
    if (!st) cm_cover_points(sp->cv, &before, &after);
    if (!st) cm_log(ctx, CM_LOG_INFO, "control: %zu points simplified to %zu (%.0f m)", before, after, tol_m);
    return st;
}

/* The profile's unit layer (its file name match, layer, code, name and
 * parent fields). */
static const cm_profile_layer *unit_layer(const cm_timeline *tl)
{
    const cm_profile *p = cm_timeline_profile(tl);
    return p ? cm_profile_layer_of(p, CM_ROLE_UNIT) : NULL;
}

static int field_index(OGRFeatureDefnH def, const char *name)
{
    return def && name && *name ? OGR_FD_GetFieldIndex(def, name) : -1;
}

static cm_status control_impl(cm_export *e, cm_ctx *ctx, const char *layer, const cm_timeline *tl,
                              const char *boundaries_dir, const cm_control_opts *opt)
{
    char path[2048];
    double tol = opt && opt->simplify_m > 0 ? opt->simplify_m : 0;
    const cm_profile_layer *ul = unit_layer(tl);
    if (!ul || !ul->present) return cm_fail(ctx, CM_USAGE, "the profile names no unit layer");
    cm_status st = cm_admfile_find(ctx, boundaries_dir, ul->match, path, sizeof path);
    if (st) return st;
    CPLErrorReset();
    GDALDatasetH src = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!src) return gdal_fail(ctx, "cannot open the unit boundaries", path);
    OGRLayerH in = ul->layer && *ul->layer ? GDALDatasetGetLayerByName(src, ul->layer) : GDALDatasetGetLayer(src, 0);
    OGRFeatureDefnH idef = in ? OGR_L_GetLayerDefn(in) : NULL;
    int ipc = field_index(idef, ul->code);
    int iname = field_index(idef, ul->nnames ? ul->name_field[0] : NULL);
    int iprov = field_index(idef, ul->parent);
    OGRLayerH l = NULL;
    cm_buf tmp = {0};
    simp sp = {0};
    char desc[256];
    if (tol > 0)
        snprintf(desc, sizeof desc,
                 "conflictmap control periods; district borders simplified to %g m (Douglas-Peucker, each shared "
                 "border once: neighbours still meet), coordinates rounded to 1e-%d degrees", tol, simp_decimals(tol));
    else
        snprintf(desc, sizeof desc, "conflictmap control periods; district borders at the boundary file's full resolution");
    if (ipc < 0) {
        st = cm_fail(ctx, CM_PARSE, "%s: no %s field", path, ul->code && *ul->code ? ul->code : "code");
        goto done;
    }
    if (tol > 0 && (st = simp_build(&sp, ctx, in, tol, path))) goto done;
    if ((st = new_layer(e, ctx, layer, wkbMultiPolygon, desc, tol > 0 ? simp_decimals(tol) : 0, &l))) goto done;
    static const struct {
        const char *name;
        OGRFieldType t;
    } fields[] = {{"pcode", OFTString},      {"name", OFTString},    {"province", OFTString},
                  {"controller", OFTString}, {"valid_from", OFTDate}, {"valid_to", OFTDate},
                  {"claims", OFTString},     {"sources", OFTString},  {"nsources", OFTInteger},
                  {"last_report", OFTDate},  {"decided_by", OFTString}, {"confidence", OFTReal},
                  {"support", OFTString}};
    for (size_t i = 0; i < sizeof fields / sizeof *fields && !st; i++)
        st = add_field(ctx, l, fields[i].name, fields[i].t,
                       (i == 6 || i == 7) ? OFSTJSON : OFSTNone);
    if (st) goto done;
    OGRFeatureDefnH odef = OGR_L_GetLayerDefn(l);
    OGR_L_ResetReading(in);
    OGRFeatureH fin;
    for (size_t nf = 0; !st && (fin = OGR_L_GetNextFeature(in)); nf++) {
        const char *pcode = OGR_F_GetFieldAsString(fin, ipc);
        cm_tl_period *ps = NULL;
        size_t np = 0;
        st = cm_timeline_periods(tl, ctx, pcode, &ps, &np);
        OGRGeometryH g = OGR_F_GetGeometryRef(fin);
        if (!st && (!g || OGR_G_IsEmpty(g))) /* a .shp cut short: never a layer with districts missing */
            st = cm_fail(ctx, CM_PARSE, "%s: feature %lld has no geometry (truncated or corrupt file)", path,
                         (long long)OGR_F_GetFID(fin));
        OGRGeometryH mg0 = NULL;
        if (!st && g) mg0 = tol > 0 && nf < sp.nfeat ? simp_feature(&sp, nf) : OGR_G_ForceToMultiPolygon(OGR_G_Clone(g));
        for (size_t k = 0; k < np && !st && g; k++) {
            OGRFeatureH f = OGR_F_Create(odef);
            OGR_F_SetFieldString(f, 0, pcode);
            OGR_F_SetFieldString(f, 1, iname >= 0 ? OGR_F_GetFieldAsString(fin, iname) : "");
            OGR_F_SetFieldString(f, 2, iprov >= 0 ? OGR_F_GetFieldAsString(fin, iprov) : "");
            OGR_F_SetFieldString(f, 3, cm_profile_ctrl_name(cm_timeline_profile(tl), ps[k].ctrl));
            set_date(f, 4, ps[k].from);
            set_date(f, 5, ps[k].to);
            if ((st = json_array(&tmp, ps[k].claims, ps[k].nclaims))) {
                OGR_F_Destroy(f); /* (a failed allocation leaked the feature) */
                break;
            }
            OGR_F_SetFieldString(f, 6, tmp.p);
            if ((st = json_array(&tmp, ps[k].sources, ps[k].nsources))) {
                OGR_F_Destroy(f);
                break;
            }
            OGR_F_SetFieldString(f, 7, tmp.p);
            OGR_F_SetFieldInteger(f, 8, (int)ps[k].nsources);
            set_date(f, 9, ps[k].last_report);
            OGR_F_SetFieldString(f, 10, ps[k].decided_by);
            OGR_F_SetFieldDouble(f, 11, floor(ps[k].confidence * 100 + 0.5) / 100);
            /* "own": evidence on this district; "inherited": a claim on a unit containing it */
            OGR_F_SetFieldString(f, 12, strcmp(ps[k].decided_by, pcode) ? "inherited" : "own");
            OGR_F_SetGeometry(f, mg0);
            CPLErrorReset();
            if (OGR_L_CreateFeature(l, f) != OGRERR_NONE) st = gdal_fail(ctx, "cannot write feature", e->dest);
            else if (e->nlayers <= 8) e->nfeat[e->nlayers - 1]++;
            OGR_F_Destroy(f);
        }
        if (mg0) OGR_G_DestroyGeometry(mg0);
        cm_tl_periods_free(ps, np);
        OGR_F_Destroy(fin);
    }
    if (st == CM_NOMEM) st = cm_fail(ctx, CM_NOMEM, "out of memory");
done:
    simp_free(&sp);
    cm_buf_free(&tmp);
    GDALClose(src);
    return st;
}

static cm_status control_stamp_impl(cm_stamp *s, cm_ctx *ctx, const cm_profile *p, const char *boundaries_dir)
{
    char path[2048];
    const cm_profile_layer *ul = cm_profile_layer_of(p, CM_ROLE_UNIT);
    if (!ul || !ul->present) return cm_fail(ctx, CM_USAGE, "the profile names no unit layer");
    cm_status st = cm_admfile_find(ctx, boundaries_dir, ul->match, path, sizeof path);
    if (st) return st;
    cm_stamp_str(s, ul->match);
    if ((st = cm_stamp_file(s, ctx, path))) return st;
    /* a shapefile's companions: attributes, index, CRS, encoding */
    char *dot = strrchr(path, '.');
    if (!dot || strcasecmp(dot, ".shp")) return CM_OK;
    static const char *const side[] = {".dbf", ".shx", ".prj", ".cpg"};
    for (size_t i = 0; i < sizeof side / sizeof *side && !st; i++) {
        strcpy(dot, side[i]);
        cm_stamp_str(s, side[i]);
        if (access(path, F_OK) == 0) st = cm_stamp_file(s, ctx, path);
    }
    return st;
}

cm_status cm_export_open(cm_ctx *ctx, const char *format, const char *dest, cm_export **out)
{
    cm_gdal_err err;
    cm_gdal_begin(&err, ctx);
    cur_err = &err;
    cm_status st = open_impl(ctx, format, dest, out);
    cur_err = NULL;
    cm_gdal_end(&err);
    return st;
}

cm_status cm_export_close(cm_export *e, cm_ctx *ctx)
{
    cm_gdal_err err;
    cm_gdal_begin(&err, ctx);
    cur_err = &err;
    cm_status st = close_impl(e, ctx);
    cur_err = NULL;
    cm_gdal_end(&err);
    return st;
}

cm_status cm_export_points_jsonl(cm_export *e, cm_ctx *ctx, const char *layer, const char *jsonl_path)
{
    cm_gdal_err err;
    cm_gdal_begin(&err, ctx);
    cur_err = &err;
    cm_status st = points_impl(e, ctx, layer, jsonl_path);
    cur_err = NULL;
    cm_gdal_end(&err);
    return st;
}

cm_status cm_export_control_stamp(cm_stamp *s, cm_ctx *ctx, const cm_profile *p, const char *boundaries_dir)
{
    return control_stamp_impl(s, ctx, p, boundaries_dir);
}

cm_status cm_export_control(cm_export *e, cm_ctx *ctx, const char *layer, const cm_timeline *tl, const char *boundaries_dir,
                            const cm_control_opts *opt)
{
    cm_gdal_err err;
    cm_gdal_begin(&err, ctx);
    cur_err = &err;
    cm_status st = control_impl(e, ctx, layer, tl, boundaries_dir, opt);
    cur_err = NULL;
    cm_gdal_end(&err);
    return st;
}

/* ---- one layer file, written when out of date ------------------------------- */

static cm_status layer_stamp(cm_ctx *ctx, const cm_layer_job *j, const char *format, cm_stamp *s)
{
    char num[64];
    cm_stamp_init(s, "conflictmap layer 1");
    cm_stamp_str(s, j->tool);
    cm_stamp_str(s, format);
    cm_stamp_str(s, j->layer);
    snprintf(num, sizeof num, "%.17g", j->control.simplify_m);
    cm_stamp_str(s, num);
    cm_status st = CM_OK;
    for (size_t i = 0; i < j->ninputs && !st; i++) st = cm_stamp_file(s, ctx, j->inputs[i]);
    cm_stamp_str(s, j->state ? "state" : "no state");
    if (!st && j->state) st = cm_stamp_file(s, ctx, j->state);
    if (!st && !strcmp(j->layer, "control")) {
        /* the profile names the sides the controllers are written by */
        snprintf(num, sizeof num, "profile %016llx", (unsigned long long)cm_profile_hash(j->profile));
        cm_stamp_str(s, num);
        st = cm_export_control_stamp(s, ctx, j->profile, j->boundaries);
    }
    return st;
}

/* Reads code -> parent of every feature of layer l in dir into h: the parent
 * field, else dflt ("" for none); a parent h does not hold yet gets dflt as
 * its own parent (a region the region layer lacks lies in the country). The
 * first code into first when it is non-NULL.
 * Errors name the file; CM_NOTFOUND when the folder has no such layer. */
static cm_status hier_layer(cm_ctx *ctx, const cm_profile_layer *l, const char *dir, const char *dflt, cm_hier *h,
                            char *first, size_t firstsz)
{
    char path[2048];
    cm_status st = cm_admfile_find(ctx, dir, l->match, path, sizeof path);
    if (st) return st;
    CPLErrorReset();
    GDALDatasetH src = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!src) return gdal_fail(ctx, "cannot open the boundaries", path);
    OGRLayerH in = l->layer && *l->layer ? GDALDatasetGetLayerByName(src, l->layer) : GDALDatasetGetLayer(src, 0);
    OGRFeatureDefnH def = in ? OGR_L_GetLayerDefn(in) : NULL;
    int ic = field_index(def, l->code), ip = field_index(def, l->parent);
    if (!in || ic < 0) st = cm_fail(ctx, CM_PARSE, "%s: no %s field", path, l->code && *l->code ? l->code : "code");
    if (!st) OGR_L_ResetReading(in);
    OGRFeatureH f;
    while (!st && (f = OGR_L_GetNextFeature(in))) {
        const char *code = OGR_F_GetFieldAsString(f, ic);
        if (first && !*first) snprintf(first, firstsz, "%s", code);
        const char *parent = ip >= 0 ? OGR_F_GetFieldAsString(f, ip) : dflt;
        if (*code) st = cm_hier_set(h, ctx, code, parent);
        if (!st && *parent && strcmp(parent, dflt) && !cm_hier_has(h, parent)) st = cm_hier_set(h, ctx, parent, dflt);
        OGR_F_Destroy(f);
    }
    GDALClose(src);
    return st;
}

/* Every unit's parent as the geomstore finds it (by containment where the
 * unit layer names no parent field). */
static cm_status hier_geomstore(cm_ctx *ctx, const cm_profile *p, const char *dir, cm_hier *h)
{
    cm_geomstore *gs = cm_geomstore_new();
    cm_status st = gs ? cm_geomstore_load_admin(gs, ctx, p, dir) : cm_fail(ctx, CM_NOMEM, "out of memory");
    for (int l = CM_GEOM_COUNTRY; l <= CM_GEOM_UNIT && !st; l++)
        for (size_t i = 0; i < cm_geomstore_count(gs, (cm_geom_level)l) && !st; i++) {
            const cm_geom_unit *u = cm_geomstore_get(gs, (cm_geom_level)l, i);
            st = cm_hier_set(h, ctx, u->pcode, u->parent);
        }
    cm_geomstore_free(gs);
    return st;
}

/* The country's code (its layer's code field, else the profile's ISO code),
 * the regions', then the units'; a region the units name that the region
 * layer lacks (or a profile without one) lies in the country. Where the unit
 * layer has no parent field but there are regions, the regions are found by
 * containment: the geomstore reads the layers. */
static cm_status hierarchy_impl(cm_ctx *ctx, const cm_profile *p, const char *dir, cm_hier *h)
{
    char country[64] = "";
    const cm_profile_layer *cl = cm_profile_layer_of(p, CM_ROLE_COUNTRY), *rl = cm_profile_layer_of(p, CM_ROLE_REGION);
    const cm_profile_layer *ul = cm_profile_layer_of(p, CM_ROLE_UNIT);
    if (!ul || !ul->present) return cm_fail(ctx, CM_USAGE, "the profile names no unit layer");
    if (rl && rl->present && !(ul->parent && *ul->parent)) return hier_geomstore(ctx, p, dir, h);
    cm_ctx *quiet = cm_ctx_new(); /* a country or region layer the folder lacks is no error */
    if (!quiet) return cm_fail(ctx, CM_NOMEM, "out of memory");
    if (cl && cl->present && cl->code && *cl->code && hier_layer(quiet, cl, dir, "", h, country, sizeof country))
        *country = 0;
    if (!*country) snprintf(country, sizeof country, "%s", cm_profile_country(p));
    cm_status st = cm_hier_set(h, ctx, country, NULL);
    if (!st && rl && rl->present && hier_layer(quiet, rl, dir, country, h, NULL, 0) == CM_NOMEM)
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_ctx_free(quiet);
    return st ? st : hier_layer(ctx, ul, dir, country, h, NULL, 0);
}

cm_status cm_export_hierarchy(cm_ctx *ctx, const cm_profile *p, const char *boundaries_dir, cm_hier **out)
{
    *out = NULL;
    cm_hier *h = cm_hier_new();
    if (!h) return cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_gdal_err err;
    cm_gdal_begin(&err, ctx);
    cur_err = &err;
    cm_status st = hierarchy_impl(ctx, p, boundaries_dir, h);
    cur_err = NULL;
    cm_gdal_end(&err);
    if (st) cm_hier_free(h);
    else *out = h;
    return st;
}

static cm_status layer_write(cm_ctx *ctx, const cm_layer_job *j, const char *format)
{
    cm_export *ex = NULL;
    cm_hier *h = NULL;
    cm_timeline *tl = NULL;
    cm_status st = cm_export_open(ctx, format, j->dest, &ex);
    if (!st && strcmp(j->layer, "control")) {
        st = j->ninputs ? cm_export_points_jsonl(ex, ctx, j->layer, j->inputs[0])
                        : cm_fail(ctx, CM_USAGE, "%s: no input for the %s layer", j->dest, j->layer);
    } else if (!st) {
        if (!(tl = cm_timeline_new(j->profile))) st = cm_fail(ctx, CM_NOMEM, "out of memory");
        if (!st) st = cm_export_hierarchy(ctx, j->profile, j->boundaries, &h);
        if (!st) cm_timeline_set_parents(tl, cm_hier_parent, h);
        for (size_t i = 0; i < j->ninputs && !st; i++) st = cm_timeline_load_events(tl, ctx, j->inputs[i]);
        if (!st && j->state) st = cm_timeline_load_state(tl, ctx, j->state, NULL, NULL);
        if (!st) st = cm_export_control(ex, ctx, "control", tl, j->boundaries, &j->control);
    }
    if (!st) {
        st = cm_export_close(ex, ctx);
        ex = NULL;
    }
    cm_export_abort(ex);
    cm_timeline_free(tl);
    cm_hier_free(h);
    return st;
}

cm_status cm_export_layer_file(cm_ctx *ctx, const cm_layer_job *j, bool *kept)
{
    const char *format = j->format ? j->format : cm_export_format_for(j->dest);
    if (!format) format = "GeoJSON";
    *kept = false;
    if (fmt_index(format) < 0)
        return cm_fail(ctx, CM_USAGE, "unknown format '%s' (GeoJSON, GPKG, FlatGeobuf, CSV, PostgreSQL)", format);
    bool stampable = strcmp(j->dest, "-") && strcmp(formats[fmt_index(format)].driver, "PostgreSQL");
    cm_stamp s;
    cm_status st = stampable ? layer_stamp(ctx, j, format, &s) : CM_OK;
    if (st) return st;
    if (stampable && cm_stamp_fresh(&s, j->dest)) {
        *kept = true;
        cm_log(ctx, CM_LOG_INFO, "%s: up to date, not rewritten", j->dest);
        return CM_OK;
    }
    st = layer_write(ctx, j, format);
    if (!st && stampable) st = cm_stamp_record(&s, ctx, j->dest);
    return st;
}
