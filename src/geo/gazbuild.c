/* gazbuild: sources -> gazetteer index (see gazbuild.h). OGR reads the
 * boundaries and the countries; the GeoNames TSV and the curated tables are
 * plain text. The district polygons are kept (with their envelopes) only for
 * the point-in-polygon assignment of the GeoNames places. */
#include "geo/gazbuild.h"
#include "geo/admfile.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "core/file.h"
#include "core/str.h"
#include "geo/gdalerr.h"
#include "text/gaz.h"
#include "geo/dynlib.h" /* last: GDAL and PROJ loaded on first use */

typedef struct {
    char pcode[16], province[16];
    OGRGeometryH geom; /* WGS 84, (lon, lat) */
    OGREnvelope env;
    uint32_t entry;
} district;

typedef struct {
    cm_ctx *ctx;
    cm_gaz_builder *b;
    district *d;
    size_t nd;
    uint32_t afghanistan;        /* entry of the country, or CM_GAZ_NONE */
    uint32_t *gn_id, *gn_entry;  /* GeoNames id -> entry, for curated rows */
    size_t ngn;
    cm_gazbuild_stats st;
} build;

/* ---- helpers ------------------------------------------------------------------ */

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c | 0x20) : c; }

static bool contains_ci(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && lower(s[i]) == lower(needle[i])) i++;
        if (i == n) return true;
    }
    return false;
}

/* Trims ASCII white space in place; returns s. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = 0;
    return s;
}

/* Adds a name, and when it holds a bracketed part, the part outside and the
 * part inside as names of their own: "خنج (حصه اول)" is "خنج" and "حصه اول". */
static cm_status add_name(build *bd, uint32_t entry, const char *name, cm_gaz_source src, uint32_t flags)
{
    if (!name || !*name) return CM_OK;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", name);
    char *open = strchr(buf, '(');
    cm_status st;
    if (!open) {
        char *t = trim(buf);
        if (!*t) return CM_OK;
        if ((st = cm_gaz_builder_name(bd->b, entry, t, src, flags)))
            return cm_fail(bd->ctx, st, "out of memory");
        return CM_OK;
    }
    *open = 0;
    char *inner = open + 1, *close = strchr(inner, ')');
    if (close) *close = 0;
    char *outer = trim(buf);
    inner = trim(inner);
    if (*outer && (st = cm_gaz_builder_name(bd->b, entry, outer, src, flags)))
        return cm_fail(bd->ctx, st, "out of memory");
    if (*inner && (st = cm_gaz_builder_name(bd->b, entry, inner, src, flags)))
        return cm_fail(bd->ctx, st, "out of memory");
    return CM_OK;
}

/* A transformation from the layer's CRS to WGS 84 (lon, lat), or NULL when the
 * layer is already in WGS 84 or says nothing. *st is set on failure. */
static OGRCoordinateTransformationH to_wgs84(build *bd, OGRLayerH l, const char *path, cm_status *st)
{
    *st = CM_OK;
    OGRSpatialReferenceH src = OGR_L_GetSpatialRef(l);
    size_t plen = strlen(path);
    if (!src && plen > 4 && !strcasecmp(path + plen - 4, ".shp")) {
        /* No .prj: degrees are taken as WGS 84 with a warning, anything
         * beyond degrees is refused (as geomstore does; docs/reliability.md).
         * GeoJSON and TopoJSON are WGS 84 by definition. */
        OGREnvelope env;
        if (OGR_L_GetExtent(l, &env, 1) == OGRERR_NONE &&
            (env.MinX < -180 || env.MaxX > 180 || env.MinY < -90 || env.MaxY > 90))
            *st = cm_fail(bd->ctx, CM_PARSE, "%s: no CRS (.prj missing?) and coordinates beyond degrees: add its .prj",
                          path);
        else
            cm_log(bd->ctx, CM_LOG_WARN, "%s: no CRS (.prj missing?): coordinates taken as WGS 84 degrees", path);
        return NULL;
    }
    if (!src) return NULL;
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OGRCoordinateTransformationH ct = NULL;
    if (!wgs || OSRSetWellKnownGeogCS(wgs, "WGS84") != OGRERR_NONE) {
        *st = cm_fail(bd->ctx, CM_GDAL, "%s: cannot set up WGS 84", path);
        goto done;
    }
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    if (OSRIsSame(src, wgs)) goto done;
    OGRSpatialReferenceH src2 = OSRClone(src);
    OSRSetAxisMappingStrategy(src2, OAMS_TRADITIONAL_GIS_ORDER);
    ct = OCTNewCoordinateTransformation(src2, wgs);
    OSRDestroySpatialReference(src2);
    if (!ct) *st = cm_fail(bd->ctx, CM_GDAL, "%s: cannot transform its CRS to WGS 84: %s", path, CPLGetLastErrorMsg());
done:
    OSRDestroySpatialReference(wgs);
    return ct;
}

/* A point inside the geometry (GEOS point-on-surface; the centroid when GDAL
 * was built without GEOS). */
static bool inside_point(OGRGeometryH g, double *lon, double *lat)
{
    /* For a multipolygon, a point inside its largest part: a country split at
     * the antimeridian (Russia) would otherwise get a point off its land. */
    if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiPolygon && OGR_G_GetGeometryCount(g) > 1) {
        OGRGeometryH best = NULL;
        double area = -1;
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            OGRGeometryH part = OGR_G_GetGeometryRef(g, i);
            double a = OGR_G_Area(part);
            if (a > area) area = a, best = part;
        }
        if (best) g = best;
    }
    OGRGeometryH p = OGR_G_PointOnSurface(g);
    if (!p) p = OGR_G_CreateGeometry(wkbPoint), OGR_G_Centroid(g, p);
    if (!p) return false;
    bool ok = !OGR_G_IsEmpty(p);
    if (ok) {
        *lon = OGR_G_GetX(p, 0);
        *lat = OGR_G_GetY(p, 0);
    }
    OGR_G_DestroyGeometry(p);
    return ok && isfinite(*lon) && isfinite(*lat);
}

static GDALDatasetH open_vector(build *bd, const char *path, cm_status *st)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    *st = ds ? CM_OK : cm_fail(bd->ctx, CM_GDAL, "%s: cannot open as a vector layer: %s", path, CPLGetLastErrorMsg());
    return ds;
}

/* Field index or -1; when required and missing, records CM_NOTFOUND. */
static int field(build *bd, OGRLayerH l, const char *path, const char *name, bool required, cm_status *st)
{
    int i = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), name);
    if (i < 0 && required && !*st) *st = cm_fail(bd->ctx, CM_NOTFOUND, "%s: no field %s", path, name);
    return i;
}

static const char *fstr(OGRFeatureH f, int i)
{
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i)) return "";
    return OGR_F_GetFieldAsString(f, i);
}

/* ---- OCHA boundaries ----------------------------------------------------------- */

/* Reads one admin level (0, 1, 2). */
static cm_status read_admin(build *bd, const char *dir, int level)
{
    char tag[8];
    snprintf(tag, sizeof tag, "adm%d", level);
    char path[4096];
    cm_ctx *quiet = cm_ctx_new(); /* a missing adm0 is no error: ask without recording one */
    cm_status fst = cm_admfile_find(level == 0 ? quiet : bd->ctx, dir, tag, path, sizeof path);
    cm_ctx_free(quiet);
    if (fst) return level == 0 && fst == CM_NOTFOUND ? CM_OK : fst; /* adm0: the country comes from Natural Earth */
    cm_status st = CM_OK;
    OGRCoordinateTransformationH ct = NULL;
    GDALDatasetH ds = open_vector(bd, path, &st);
    if (!ds) goto done;
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    if (!l) {
        st = cm_fail(bd->ctx, CM_NOTFOUND, "%s: no layer", path);
        goto done;
    }
    ct = to_wgs84(bd, l, path, &st);
    if (st) goto done;
    char f_en[16], f_da[16], f_pc[16], f_alt[4][16];
    snprintf(f_en, sizeof f_en, "ADM%d_EN", level);
    snprintf(f_da, sizeof f_da, "ADM%d_DA", level);
    snprintf(f_pc, sizeof f_pc, "ADM%d_PCODE", level);
    snprintf(f_alt[0], 16, "ADM%dALT1EN", level);
    snprintf(f_alt[1], 16, "ADM%dALT2EN", level);
    snprintf(f_alt[2], 16, "ADM%dALT1DA", level);
    snprintf(f_alt[3], 16, "ADM%dALT2DA", level);
    int i_en = field(bd, l, path, f_en, true, &st), i_da = field(bd, l, path, f_da, false, &st);
    int i_pc = field(bd, l, path, f_pc, true, &st);
    int i_alt[4];
    for (int k = 0; k < 4; k++) i_alt[k] = field(bd, l, path, f_alt[k], false, &st);
    int i_p1 = level == 2 ? field(bd, l, path, "ADM1_PCODE", true, &st) : -1;
    if (st) goto done;

    OGR_L_ResetReading(l);
    OGRFeatureH f;
    long fid = 0;
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        fid++;
        char en[256], pcode[16], prov[16];
        snprintf(en, sizeof en, "%s", fstr(f, i_en));
        snprintf(pcode, sizeof pcode, "%s", fstr(f, i_pc));
        snprintf(prov, sizeof prov, "%s", level == 2 ? fstr(f, i_p1) : level == 1 ? pcode : "");
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        double lon = 0, lat = 0;
        if (!*en || !*pcode || !g) {
            cm_diag(bd->ctx, "%s: feature %ld has no name, P-code or geometry; skipped", path, fid);
            OGR_F_Destroy(f);
            continue;
        }
        OGRGeometryH gc = OGR_G_Clone(g);
        if (ct && OGR_G_Transform(gc, ct) != OGRERR_NONE) {
            OGR_G_DestroyGeometry(gc);
            OGR_F_Destroy(f);
            st = cm_fail(bd->ctx, CM_GDAL, "%s: feature %ld: cannot transform to WGS 84", path, fid);
            goto done;
        }
        if (!inside_point(gc, &lon, &lat)) {
            cm_diag(bd->ctx, "%s: feature %ld (%s): no point inside; skipped", path, fid, en);
            OGR_G_DestroyGeometry(gc);
            OGR_F_Destroy(f);
            continue;
        }
        bool centre = false;
        for (int k = 0; k < 2; k++)
            if (contains_ci(fstr(f, i_alt[k]), "centre") || contains_ci(fstr(f, i_alt[k]), "center"))
                centre = true;
        cm_gaz_entry e = {
            .name = level == 0 ? "Afghanistan" : en,
            .pcode = level == 0 ? "AF" : pcode,
            .province = prov,
            .fcode = level == 0 ? "PCLI" : level == 1 ? "ADM1" : "ADM2",
            .country = "AF",
            .kind = level == 0 ? CM_PLACE_COUNTRY : level == 1 ? CM_PLACE_PROVINCE : CM_PLACE_DISTRICT,
            .flags = (level == 0 ? CM_GAZ_ENT_AFGHANISTAN : 0) | (centre ? CM_GAZ_ENT_CAPITAL : 0),
            .lat = lat,
            .lon = lon,
        };
        uint32_t id;
        if (cm_gaz_builder_entry(bd->b, &e, &id)) {
            OGR_G_DestroyGeometry(gc);
            OGR_F_Destroy(f);
            st = cm_fail(bd->ctx, CM_NOMEM, "out of memory");
            goto done;
        }
        if (level == 0) bd->afghanistan = id;
        /* Names: English (canonical), alternates (not the "Centre" remarks), Dari. */
        const uint32_t ez = CM_GAZ_NAME_EZAFE;
        st = add_name(bd, id, level == 0 ? "Afghanistan" : en, CM_GAZ_SRC_OCHA, ez | CM_GAZ_NAME_PRIMARY);
        if (!st && level == 0 && strcmp(en, "Afghanistan")) st = add_name(bd, id, en, CM_GAZ_SRC_OCHA, ez);
        for (int k = 0; k < 2 && !st; k++) {
            const char *alt = fstr(f, i_alt[k]);
            if (contains_ci(alt, "centre") || contains_ci(alt, "center")) continue;
            st = add_name(bd, id, alt, CM_GAZ_SRC_OCHA_ALT, ez);
        }
        if (!st) st = add_name(bd, id, fstr(f, i_da), CM_GAZ_SRC_OCHA_DARI, 0);
        for (int k = 2; k < 4 && !st; k++) st = add_name(bd, id, fstr(f, i_alt[k]), CM_GAZ_SRC_OCHA_DARI, 0);
        OGR_F_Destroy(f);
        if (st) {
            OGR_G_DestroyGeometry(gc);
            goto done;
        }
        if (level == 2) {
            district *nd = realloc(bd->d, (bd->nd + 1) * sizeof *nd);
            if (!nd) {
                OGR_G_DestroyGeometry(gc);
                st = cm_fail(bd->ctx, CM_NOMEM, "out of memory");
                goto done;
            }
            bd->d = nd;
            district *d = &bd->d[bd->nd++];
            snprintf(d->pcode, sizeof d->pcode, "%s", pcode);
            snprintf(d->province, sizeof d->province, "%s", prov);
            d->geom = gc;
            OGR_G_GetEnvelope(gc, &d->env);
            d->entry = id;
            bd->st.districts++;
        } else {
            OGR_G_DestroyGeometry(gc);
            if (level == 1) bd->st.provinces++;
        }
    }
done:
    if (ct) OCTDestroyCoordinateTransformation(ct);
    if (ds) GDALClose(ds);
    return st;
}

/* The district holding (lon, lat), else the nearest one; NULL when none. */
static const district *locate(build *bd, double lon, double lat, bool *outside)
{
    *outside = false;
    OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(p, 0, lon, lat);
    const district *hit = NULL;
    for (size_t i = 0; i < bd->nd && !hit; i++) {
        const OGREnvelope *e = &bd->d[i].env;
        if (lon < e->MinX || lon > e->MaxX || lat < e->MinY || lat > e->MaxY) continue;
        if (OGR_G_Contains(bd->d[i].geom, p)) hit = &bd->d[i];
    }
    if (!hit) {
        double best = HUGE_VAL;
        for (size_t i = 0; i < bd->nd; i++) {
            double dist = OGR_G_Distance(bd->d[i].geom, p);
            if (dist >= 0 && dist < best) best = dist, hit = &bd->d[i];
        }
        *outside = hit != NULL;
    }
    OGR_G_DestroyGeometry(p);
    return hit;
}

/* The next line of text[*p..end), NUL-terminated in place (without its line
 * end); NULL at the end. */
static char *next_line(char **p, char *end)
{
    if (*p >= end) return NULL;
    char *line = *p, *nl = memchr(line, '\n', (size_t)(end - line));
    char *le = nl ? nl : end;
    if (le > line && le[-1] == '\r') le[-1] = 0;
    *le = 0;
    *p = le + 1;
    return line;
}

/* ---- GeoNames ------------------------------------------------------------------ */

/* An alternate name worth indexing: not an airport code ("KBL", "OAKB"), not a
 * machine transliteration GeoNames stores in lower case ("mzar shryf"), not a
 * link. */
static bool usable_alt(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 120) return false;
    if (strstr(s, "http") || strchr(s, '/')) return false;
    bool ascii = true, any_upper = false, any_lower = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) ascii = false;
        else if (c >= 'a' && c <= 'z') any_lower = true;
        else if (c >= 'A' && c <= 'Z') any_upper = true;
        else if (c >= '0' && c <= '9') return false;
    }
    if (ascii && any_upper && !any_lower && n <= 4) return false; /* KBL, OAKB */
    if (ascii && any_lower && !any_upper) return false;          /* mzar shryf */
    return true;
}

static bool latin_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80) return false;
    return true;
}

static cm_status read_geonames(build *bd, const char *path)
{
    cm_buf text = {0};
    cm_status st = cm_file_read(bd->ctx, path, 0, &text);
    if (st) return st;
    char *p = text.p, *end = text.p + text.n, *row;
    size_t line = 0;
    while ((row = next_line(&p, end)) != NULL) {
        line++;
        char *fld[20];
        int nf = 0;
        char *q = row;
        fld[nf++] = q;
        for (; *q; q++)
            if (*q == '\t') {
                *q = 0;
                if (nf < 20) fld[nf++] = q + 1;
            }
        if (nf == 1 && !*fld[0]) continue; /* blank line */
        if (nf < 15) {
            st = cm_fail(bd->ctx, CM_PARSE, "%s:%zu: %d columns, GeoNames rows have 19", path, line, nf);
            break;
        }
        if (strcmp(fld[6], "P")) continue; /* populated places only */
        if (strcmp(fld[8], "AF")) continue;
        char *e1, *e2;
        double lat = strtod(fld[4], &e1), lon = strtod(fld[5], &e2);
        if (*e1 || *e2 || !isfinite(lat) || !isfinite(lon) || fabs(lat) > 90 || fabs(lon) > 180) {
            st = cm_fail(bd->ctx, CM_PARSE, "%s:%zu: bad coordinates '%s' '%s'", path, line, fld[4], fld[5]);
            break;
        }
        unsigned long gid = strtoul(fld[0], &e1, 10);
        unsigned long long pop = strtoull(fld[14], &e2, 10);
        if (*e1 || !gid) {
            st = cm_fail(bd->ctx, CM_PARSE, "%s:%zu: bad GeoNames id '%s'", path, line, fld[0]);
            break;
        }
        bool outside;
        const district *d = locate(bd, lon, lat, &outside);
        if (!d) {
            cm_diag(bd->ctx, "%s:%zu: %s lies in no district; skipped", path, line, fld[2]);
            continue;
        }
        if (outside) bd->st.places_outside++;
        const char *fc = fld[7];
        uint32_t flags = 0;
        if (!strcmp(fc, "PPLA") || !strcmp(fc, "PPLC")) flags |= CM_GAZ_ENT_CAPITAL;
        if (!strcmp(fc, "PPLC")) flags |= CM_GAZ_ENT_NATCAPITAL;
        cm_gaz_entry e = {
            .name = *fld[2] ? fld[2] : fld[1],
            .pcode = d->pcode,
            .province = d->province,
            .fcode = fc,
            .country = "AF",
            .kind = CM_PLACE_PPL,
            .flags = flags,
            .lat = lat,
            .lon = lon,
            .population = pop > UINT32_MAX ? UINT32_MAX : (uint32_t)pop,
            .geonameid = (uint32_t)gid,
        };
        uint32_t id;
        if (cm_gaz_builder_entry(bd->b, &e, &id)) {
            st = cm_fail(bd->ctx, CM_NOMEM, "out of memory");
            break;
        }
        /* The seat of a province marks its district as the capital district. */
        if (flags & CM_GAZ_ENT_CAPITAL) cm_gaz_builder_add_flags(bd->b, d->entry, CM_GAZ_ENT_CAPITAL);
        uint32_t *ni = realloc(bd->gn_id, (bd->ngn + 1) * sizeof *ni);
        if (ni) bd->gn_id = ni;
        uint32_t *ne = realloc(bd->gn_entry, (bd->ngn + 1) * sizeof *ne);
        if (ne) bd->gn_entry = ne;
        if (!ni || !ne) {
            st = cm_fail(bd->ctx, CM_NOMEM, "out of memory");
            break;
        }
        bd->gn_id[bd->ngn] = (uint32_t)gid;
        bd->gn_entry[bd->ngn++] = id;
        bd->st.places++;
        const uint32_t ez = CM_GAZ_NAME_EZAFE;
        st = add_name(bd, id, e.name, CM_GAZ_SRC_GEONAMES, ez | CM_GAZ_NAME_PRIMARY);
        if (!st) st = add_name(bd, id, fld[1], CM_GAZ_SRC_GEONAMES, ez);
        /* Alternate names, comma-separated. */
        char *a = fld[3];
        while (!st && a && *a) {
            char *comma = strchr(a, ',');
            if (comma) *comma = 0;
            char *t = trim(a);
            if (usable_alt(t)) st = add_name(bd, id, t, CM_GAZ_SRC_GEONAMES_ALT, latin_ascii(t) ? ez : 0);
            a = comma ? comma + 1 : NULL;
        }
        if (st) break;
    }
    cm_buf_free(&text);
    return st;
}

/* ---- Natural Earth ---------------------------------------------------------------- */

static cm_status read_countries(build *bd, const char *path)
{
    cm_status st = CM_OK;
    OGRCoordinateTransformationH ct = NULL;
    GDALDatasetH ds = open_vector(bd, path, &st);
    if (!ds) return st;
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "countries");
    if (!l) l = GDALDatasetGetLayer(ds, 0);
    if (!l) {
        st = cm_fail(bd->ctx, CM_NOTFOUND, "%s: no layer", path);
        goto done;
    }
    ct = to_wgs84(bd, l, path, &st);
    if (st) goto done;
    int i_name = field(bd, l, path, "name", false, &st);
    if (i_name < 0) i_name = field(bd, l, path, "NAME", true, &st);
    if (st) goto done;
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        char name[256];
        snprintf(name, sizeof name, "%s", fstr(f, i_name));
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        double lon = 0, lat = 0;
        bool ok = *name && g;
        if (ok) {
            OGRGeometryH gc = OGR_G_Clone(g);
            ok = (!ct || OGR_G_Transform(gc, ct) == OGRERR_NONE) && inside_point(gc, &lon, &lat);
            OGR_G_DestroyGeometry(gc);
        }
        OGR_F_Destroy(f);
        if (!ok) continue;
        if (!strcmp(name, "Afghanistan") && bd->afghanistan != CM_GAZ_NONE) continue;
        cm_gaz_entry e = {.name = name, .pcode = "", .province = "", .fcode = "PCLI", .country = "",
                          .kind = CM_PLACE_COUNTRY, .lat = lat, .lon = lon};
        bool afg = !strcmp(name, "Afghanistan");
        if (afg) e.pcode = "AF", e.country = "AF", e.flags = CM_GAZ_ENT_AFGHANISTAN;
        uint32_t id;
        if (cm_gaz_builder_entry(bd->b, &e, &id)) {
            st = cm_fail(bd->ctx, CM_NOMEM, "out of memory");
            goto done;
        }
        if (afg) bd->afghanistan = id;
        if ((st = add_name(bd, id, name, CM_GAZ_SRC_NE, CM_GAZ_NAME_PRIMARY))) goto done;
        bd->st.countries++;
    }
done:
    if (ct) OCTDestroyCoordinateTransformation(ct);
    GDALClose(ds);
    return st;
}

/* ---- curated tables ------------------------------------------------------------------ */

/* Splits line at tabs into at most max fields; returns the count. */
static int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *q = line; *q; q++)
        if (*q == '\t' && n < max) {
            *q = 0;
            f[n++] = q + 1;
        }
    for (int i = 0; i < n; i++) f[i] = trim(f[i]);
    return n;
}

static bool is_pcode(const char *s)
{
    if (s[0] != 'A' || s[1] != 'F') return false;
    size_t n = strlen(s);
    if (n != 2 && n != 4 && n != 6) return false;
    for (size_t i = 2; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static cm_status read_curated(build *bd, const char *path)
{
    cm_buf text = {0};
    cm_status st = cm_file_read(bd->ctx, path, 0, &text);
    if (st) return st;
    char *p = text.p, *end = text.p + text.n, *row;
    size_t line = 0;
    while (!st && (row = next_line(&p, end)) != NULL) {
        line++;
        if (!*trim(row) || row[0] == '#') continue;
        char *f[8];
        int nf = split_tabs(row, f, 8);
        if (nf < 3 || !*f[0] || !*f[1]) {
            st = cm_fail(bd->ctx, CM_PARSE, "%s:%zu: want name<TAB>target<TAB>reason[<TAB>lat<TAB>lon]", path, line);
            break;
        }
        const char *name = f[0], *target = f[1];
        bool has_pt = nf >= 5 && *f[3] && *f[4];
        double lat = 0, lon = 0;
        if (has_pt) {
            char *e1, *e2;
            lat = strtod(f[3], &e1);
            lon = strtod(f[4], &e2);
            if (*e1 || *e2 || fabs(lat) > 90 || fabs(lon) > 180) {
                st = cm_fail(bd->ctx, CM_PARSE, "%s:%zu: bad coordinates '%s' '%s'", path, line, f[3], f[4]);
                break;
            }
        }
        uint32_t id = CM_GAZ_NONE, flags = 0;
        if (is_pcode(target)) {
            id = cm_gaz_builder_find(bd->b, target, NULL);
            if (!strcmp(target, "AF")) id = bd->afghanistan;
            flags = CM_GAZ_NAME_EZAFE;
            if (id == CM_GAZ_NONE) {
                st = cm_fail(bd->ctx, CM_PARSE, "%s:%zu: unknown P-code %s", path, line, target);
                break;
            }
        } else if (!strncmp(target, "geonames:", 9)) {
            unsigned long gid = strtoul(target + 9, NULL, 10);
            for (size_t i = 0; i < bd->ngn; i++)
                if (bd->gn_id[i] == gid) id = bd->gn_entry[i];
            flags = CM_GAZ_NAME_EZAFE;
            if (id == CM_GAZ_NONE) {
                /* Without the GeoNames file the row has nothing to name. */
                cm_diag(bd->ctx, "%s:%zu: GeoNames place %lu not loaded; row skipped", path, line, gid);
                continue;
            }
        } else if (!strncmp(target, "country:", 8) || !strncmp(target, "city:", 5)) {
            bool city = target[1] == 'i';
            const char *tn = target + (city ? 5 : 8);
            id = cm_gaz_builder_find(bd->b, NULL, tn);
            if (id == CM_GAZ_NONE && !strcmp(tn, "Afghanistan")) id = bd->afghanistan;
            if (id == CM_GAZ_NONE) {
                if (!has_pt) {
                    st = cm_fail(bd->ctx, CM_PARSE, "%s:%zu: %s is not in the sources; give its lat and lon on "
                                 "its first row", path, line, target);
                    break;
                }
                cm_gaz_entry e = {.name = tn, .pcode = "", .province = "", .fcode = city ? "PPL" : "PCLI",
                                  .country = "", .kind = city ? CM_PLACE_FOREIGN : CM_PLACE_COUNTRY,
                                  .lat = lat, .lon = lon};
                if (cm_gaz_builder_entry(bd->b, &e, &id)) {
                    st = cm_fail(bd->ctx, CM_NOMEM, "out of memory");
                    break;
                }
                if ((st = add_name(bd, id, tn, CM_GAZ_SRC_CURATED, CM_GAZ_NAME_PRIMARY))) break;
                if (city) bd->st.foreign_cities++;
                else bd->st.countries++;
            }
        } else {
            st = cm_fail(bd->ctx, CM_PARSE, "%s:%zu: target '%s' is none of AFnn[nn], geonames:ID, "
                         "country:NAME, city:NAME", path, line, target);
            break;
        }
        if ((st = add_name(bd, id, name, CM_GAZ_SRC_CURATED, flags))) break;
        bd->st.curated_names++;
    }
    cm_buf_free(&text);
    return st;
}

static const struct {
    const char *role;
    uint32_t flag;
} roles[] = {
    {"common", CM_GAZ_WORD_COMMON},   {"province", CM_GAZ_CTX_PROVINCE}, {"district", CM_GAZ_CTX_DISTRICT},
    {"city", CM_GAZ_CTX_CITY},        {"valley", CM_GAZ_CTX_VALLEY},     {"airport", CM_GAZ_CTX_AIRPORT},
    {"country", CM_GAZ_CTX_COUNTRY},  {"capital", CM_GAZ_CTX_CAPITAL},   {"list", CM_GAZ_WORD_LIST},
    {"person", CM_GAZ_WORD_PERSON},
};

static cm_status read_words(build *bd, const char *path)
{
    cm_buf text = {0};
    cm_status st = cm_file_read(bd->ctx, path, 0, &text);
    if (st) return st;
    char *p = text.p, *end = text.p + text.n, *row;
    size_t line = 0;
    while (!st && (row = next_line(&p, end)) != NULL) {
        line++;
        if (!*trim(row) || row[0] == '#') continue;
        char *f[4];
        int nf = split_tabs(row, f, 4);
        if (nf < 3 || !*f[0]) {
            st = cm_fail(bd->ctx, CM_PARSE, "%s:%zu: want word<TAB>lang<TAB>role[,role]", path, line);
            break;
        }
        uint32_t flags = 0;
        char *r = f[2];
        while (r && *r) {
            char *comma = strchr(r, ',');
            if (comma) *comma = 0;
            r = trim(r);
            size_t k = 0;
            for (; k < sizeof roles / sizeof *roles; k++)
                if (!strcmp(roles[k].role, r)) break;
            if (k == sizeof roles / sizeof *roles) {
                st = cm_fail(bd->ctx, CM_PARSE, "%s:%zu: unknown role '%s'", path, line, r);
                break;
            }
            flags |= roles[k].flag;
            r = comma ? comma + 1 : NULL;
        }
        if (st) break;
        if (cm_gaz_builder_word(bd->b, f[0], flags)) {
            st = cm_fail(bd->ctx, CM_NOMEM, "out of memory");
            break;
        }
        bd->st.words++;
    }
    cm_buf_free(&text);
    return st;
}

/* ---- the build ------------------------------------------------------------------------ */

cm_status cm_gazbuild_run(cm_ctx *ctx, const cm_gazbuild_opts *o, cm_gazbuild_stats *stats)
{
    build bd = {.ctx = ctx, .afghanistan = CM_GAZ_NONE};
    cm_status st = CM_OK;
    if (!o->boundaries || !o->out) return cm_fail(ctx, CM_USAGE, "gazetteer build needs --boundaries and -o");
    cm_gdal_err gerr;
    cm_gdal_begin(&gerr, ctx); /* GDAL's reports to the ctx log, none on stderr */
    bd.b = cm_gaz_builder_new();
    if (!bd.b) {
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto done;
    }
    for (int level = 0; level <= 2 && !st; level++) st = read_admin(&bd, o->boundaries, level);
    if (st) goto done;
    cm_log(ctx, CM_LOG_DEBUG, "gazetteer: %zu provinces, %zu districts from %s", bd.st.provinces,
           bd.st.districts, o->boundaries);
    if (o->geonames && (st = read_geonames(&bd, o->geonames))) goto done;
    if (o->countries && (st = read_countries(&bd, o->countries))) goto done;
    if (o->curated) {
        char path[4096];
        snprintf(path, sizeof path, "%s/curated.tsv", o->curated);
        if (!cm_path_exists(path)) {
            st = cm_fail(ctx, CM_IO, "%s: no curated.tsv in this folder", o->curated);
            goto done;
        }
        if (!o->no_curated_names && (st = read_curated(&bd, path))) goto done;
        snprintf(path, sizeof path, "%s/words.tsv", o->curated);
        if (cm_path_exists(path) && (st = read_words(&bd, path))) goto done;
    }
    bd.st.entries = cm_gaz_builder_entries(bd.b);
    bd.st.names = cm_gaz_builder_names(bd.b);
    st = cm_gaz_builder_write(ctx, bd.b, o->out);
done:
    cm_gdal_end(&gerr);
    for (size_t i = 0; i < bd.nd; i++) OGR_G_DestroyGeometry(bd.d[i].geom);
    free(bd.d);
    free(bd.gn_id);
    free(bd.gn_entry);
    cm_gaz_builder_free(bd.b);
    if (stats) *stats = bd.st;
    return st;
}
