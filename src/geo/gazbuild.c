/* gazbuild: sources -> gazetteer index (see gazbuild.h). OGR reads the
 * boundary layers and the countries; the GeoNames TSV and the curated tables
 * are plain text. The region polygons are kept (with their envelopes) for the
 * parents of units without a parent field, the unit polygons for the
 * point-in-polygon assignment of the GeoNames places. */
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
#include "core/profile.h"
#include "core/str.h"
#include "geo/gdalerr.h"
#include "text/gaz.h"
#include "geo/dynlib.h" /* last: GDAL and PROJ loaded on first use */

/* A region's or unit's polygon. */
typedef struct {
    char code[64], region[64]; /* its code; its region's code ("" when none) */
    OGRGeometryH geom;         /* WGS 84, (lon, lat) */
    OGREnvelope env;
    uint32_t entry;
} unitpoly;

typedef struct {
    cm_ctx *ctx;
    const cm_profile *prof;
    cm_gaz_builder *b;
    unitpoly *reg, *d;           /* regions (containment of units), units (of places) */
    size_t nreg, nd;
    uint32_t home;               /* entry of the profile's country, or CM_GAZ_NONE */
    char home_code[64];          /* its code (the profile's ISO code unless the layer names another) */
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

/* ---- boundary layers (the profile's) -------------------------------------------- */

/* The open layer of one role and the indices of its fields. */
typedef struct {
    const cm_profile_layer *pl;
    cm_role role;
    char path[4096];
    GDALDatasetH ds;
    OGRLayerH l;
    OGRCoordinateTransformationH ct;
    int i_code, i_parent;
    int i_name[CM_PROFILE_LANGS_MAX], i_alt[CM_PROFILE_LANGS_MAX];
} layer_in;

static void layer_close(layer_in *li)
{
    if (li->ct) OCTDestroyCoordinateTransformation(li->ct);
    if (li->ds) GDALClose(li->ds);
}

/* Finds, opens and checks the layer of li->role in dir. *absent is set (and
 * CM_OK returned) when the country layer's file is missing: the country then
 * comes from Natural Earth. */
static cm_status layer_open(build *bd, const char *dir, layer_in *li, bool *absent)
{
    const cm_profile_layer *pl = li->pl;
    bool country = li->role == CM_ROLE_COUNTRY;
    cm_ctx *quiet = cm_ctx_new(); /* a missing country layer is no error: ask without recording one */
    cm_status st = cm_admfile_find(country && quiet ? quiet : bd->ctx, dir, pl->match, li->path, sizeof li->path);
    cm_ctx_free(quiet);
    *absent = st == CM_NOTFOUND && country;
    if (st) return *absent ? CM_OK : st;
    if (!(li->ds = open_vector(bd, li->path, &st))) return st;
    li->l = *pl->layer ? GDALDatasetGetLayerByName(li->ds, pl->layer) : GDALDatasetGetLayer(li->ds, 0);
    if (!li->l) return cm_fail(bd->ctx, CM_NOTFOUND, "%s: no layer %s", li->path, pl->layer);
    li->ct = to_wgs84(bd, li->l, li->path, &st);
    if (st) return st;
    li->i_code = *pl->code ? field(bd, li->l, li->path, pl->code, !country, &st) : -1;
    li->i_parent = *pl->parent ? field(bd, li->l, li->path, pl->parent, true, &st) : -1;
    for (size_t k = 0; k < pl->nnames; k++) li->i_name[k] = field(bd, li->l, li->path, pl->name_field[k], k == 0, &st);
    for (size_t k = 0; k < pl->nalts; k++) li->i_alt[k] = field(bd, li->l, li->path, pl->alt_field[k], false, &st);
    return st;
}

static bool centre_remark(const char *s) { return contains_ci(s, "centre") || contains_ci(s, "center"); }

/* Whether one of the alternates in the canonical language says "Centre": the
 * boundary file's remark that the unit is its region's seat. */
static bool is_centre(const layer_in *li, OGRFeatureH f)
{
    const cm_profile_layer *pl = li->pl;
    for (size_t k = 0; k < pl->nalts; k++)
        if (!strcmp(pl->alt_lang[k], pl->name_lang[0]) && centre_remark(fstr(f, li->i_alt[k]))) return true;
    return false;
}

/* The names of one feature: the canonical one, the alternates in its language
 * (not the "Centre" remarks), then the names and alternates in the others. */
static cm_status feature_names(build *bd, const layer_in *li, OGRFeatureH f, uint32_t id, const char *primary)
{
    const cm_profile_layer *pl = li->pl;
    const char *lang0 = pl->name_lang[0], *canon = fstr(f, li->i_name[0]);
    const uint32_t ez = CM_GAZ_NAME_EZAFE;
    cm_status st = add_name(bd, id, primary, CM_GAZ_SRC_OCHA, ez | CM_GAZ_NAME_PRIMARY);
    if (!st && strcmp(canon, primary)) st = add_name(bd, id, canon, CM_GAZ_SRC_OCHA, ez);
    for (size_t k = 1; k < pl->nnames && !st; k++)
        if (!strcmp(pl->name_lang[k], lang0)) st = add_name(bd, id, fstr(f, li->i_name[k]), CM_GAZ_SRC_OCHA_ALT, ez);
    for (size_t k = 0; k < pl->nalts && !st; k++) {
        const char *alt = fstr(f, li->i_alt[k]);
        if (!strcmp(pl->alt_lang[k], lang0) && !centre_remark(alt)) st = add_name(bd, id, alt, CM_GAZ_SRC_OCHA_ALT, ez);
    }
    for (size_t k = 1; k < pl->nnames && !st; k++)
        if (strcmp(pl->name_lang[k], lang0)) st = add_name(bd, id, fstr(f, li->i_name[k]), CM_GAZ_SRC_OCHA_DARI, 0);
    for (size_t k = 0; k < pl->nalts && !st; k++)
        if (strcmp(pl->alt_lang[k], lang0)) st = add_name(bd, id, fstr(f, li->i_alt[k]), CM_GAZ_SRC_OCHA_DARI, 0);
    return st;
}

/* The region whose polygon holds (lon, lat), or NULL. */
static const unitpoly *region_at(const build *bd, double lon, double lat)
{
    OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(p, 0, lon, lat);
    const unitpoly *hit = NULL;
    for (size_t i = 0; i < bd->nreg && !hit; i++) {
        const OGREnvelope *e = &bd->reg[i].env;
        if (lon >= e->MinX && lon <= e->MaxX && lat >= e->MinY && lat <= e->MaxY && OGR_G_Contains(bd->reg[i].geom, p))
            hit = &bd->reg[i];
    }
    OGR_G_DestroyGeometry(p);
    return hit;
}

static const unitpoly *region_of(const build *bd, const char *code)
{
    for (size_t i = 0; i < bd->nreg; i++)
        if (!strcmp(bd->reg[i].code, code)) return &bd->reg[i];
    return NULL;
}

/* Keeps a region's or unit's polygon (takes gc). */
static cm_status keep_polygon(build *bd, cm_role role, const char *code, const char *region, OGRGeometryH gc,
                              uint32_t id)
{
    unitpoly **v = role == CM_ROLE_UNIT ? &bd->d : &bd->reg;
    size_t *n = role == CM_ROLE_UNIT ? &bd->nd : &bd->nreg;
    unitpoly *nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv) {
        OGR_G_DestroyGeometry(gc);
        return cm_fail(bd->ctx, CM_NOMEM, "out of memory");
    }
    *v = nv;
    unitpoly *u = &nv[(*n)++];
    snprintf(u->code, sizeof u->code, "%s", code);
    snprintf(u->region, sizeof u->region, "%s", region);
    u->geom = gc;
    OGR_G_GetEnvelope(gc, &u->env);
    u->entry = id;
    return CM_OK;
}

/* One feature of a boundary layer: its entry, its names, its polygon kept
 * (regions and units). gc (WGS 84) is taken. */
static cm_status feature_entry(build *bd, const layer_in *li, OGRFeatureH f, OGRGeometryH gc, double lon,
                               double lat)
{
    cm_role role = li->role;
    const char *home = bd->home_code, *code = role == CM_ROLE_COUNTRY && !*fstr(f, li->i_code) ? home : fstr(f, li->i_code);
    char parent[64] = "";
    if (role != CM_ROLE_COUNTRY) snprintf(parent, sizeof parent, "%s", fstr(f, li->i_parent));
    if (role == CM_ROLE_UNIT && !*parent) {
        const unitpoly *r = region_at(bd, lon, lat); /* containment: a point inside the unit */
        snprintf(parent, sizeof parent, "%s", r ? r->code : home);
    }
    if (role == CM_ROLE_REGION && !*parent) snprintf(parent, sizeof parent, "%s", home);
    const char *region = role == CM_ROLE_REGION ? code : role == CM_ROLE_UNIT && region_of(bd, parent) ? parent : "";
    bool have_region = cm_profile_layer_of(bd->prof, CM_ROLE_REGION)->present;
    cm_gaz_entry e = {
        .name = role == CM_ROLE_COUNTRY ? cm_profile_country_name(bd->prof) : fstr(f, li->i_name[0]),
        .pcode = code,
        .province = region,
        .parent = parent,
        .fcode = role == CM_ROLE_COUNTRY ? "PCLI" : role == CM_ROLE_REGION || !have_region ? "ADM1" : "ADM2",
        .country = cm_profile_country(bd->prof),
        .kind = role == CM_ROLE_COUNTRY ? CM_PLACE_COUNTRY : role == CM_ROLE_REGION ? CM_PLACE_PROVINCE : CM_PLACE_DISTRICT,
        .flags = (role == CM_ROLE_COUNTRY ? CM_GAZ_ENT_HOME : 0) | (is_centre(li, f) ? CM_GAZ_ENT_CAPITAL : 0),
        .lat = lat,
        .lon = lon,
    };
    uint32_t id;
    if (cm_gaz_builder_entry(bd->b, &e, &id)) {
        OGR_G_DestroyGeometry(gc);
        return cm_fail(bd->ctx, CM_NOMEM, "out of memory");
    }
    if (role == CM_ROLE_COUNTRY) {
        bd->home = id;
        if (code != bd->home_code) snprintf(bd->home_code, sizeof bd->home_code, "%s", code);
    }
    cm_status st = feature_names(bd, li, f, id, e.name);
    if (st || role == CM_ROLE_COUNTRY) {
        OGR_G_DestroyGeometry(gc);
        return st;
    }
    if (role == CM_ROLE_UNIT) bd->st.units++;
    else bd->st.regions++;
    return keep_polygon(bd, role, code, region, gc, id);
}

/* Reads the boundary layer of one role, as the profile describes it. */
static cm_status read_layer(build *bd, const char *dir, cm_role role)
{
    layer_in li = {.pl = cm_profile_layer_of(bd->prof, role), .role = role};
    if (!li.pl->present) return CM_OK; /* a profile without regions */
    bool absent;
    cm_status st = layer_open(bd, dir, &li, &absent);
    if (st || absent) goto done;
    OGR_L_ResetReading(li.l);
    OGRFeatureH f;
    long fid = 0;
    while (!st && (f = OGR_L_GetNextFeature(li.l)) != NULL) {
        fid++;
        const char *name = fstr(f, li.i_name[0]);
        OGRGeometryH g = OGR_F_GetGeometryRef(f), gc = NULL;
        double lon = 0, lat = 0;
        if (!*name || (role != CM_ROLE_COUNTRY && !*fstr(f, li.i_code)) || !g) {
            cm_diag(bd->ctx, "%s: feature %ld has no name, code or geometry; skipped", li.path, fid);
        } else {
            gc = OGR_G_Clone(g);
            if (li.ct && OGR_G_Transform(gc, li.ct) != OGRERR_NONE)
                st = cm_fail(bd->ctx, CM_GDAL, "%s: feature %ld: cannot transform to WGS 84", li.path, fid);
            else if (!inside_point(gc, &lon, &lat))
                cm_diag(bd->ctx, "%s: feature %ld (%s): no point inside; skipped", li.path, fid, name);
            else
                st = feature_entry(bd, &li, f, gc, lon, lat), gc = NULL; /* gc taken */
        }
        if (gc) OGR_G_DestroyGeometry(gc);
        OGR_F_Destroy(f);
    }
done:
    layer_close(&li);
    return st;
}

/* The unit holding (lon, lat), else the nearest one; NULL when none. */
static const unitpoly *locate(build *bd, double lon, double lat, bool *outside)
{
    *outside = false;
    OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(p, 0, lon, lat);
    const unitpoly *hit = NULL;
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
        if (strcmp(fld[8], cm_profile_country(bd->prof))) continue; /* the profile's country only */
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
        const unitpoly *d = locate(bd, lon, lat, &outside);
        if (!d) {
            cm_diag(bd->ctx, "%s:%zu: %s lies in no unit; skipped", path, line, fld[2]);
            continue;
        }
        if (outside) bd->st.places_outside++;
        const char *fc = fld[7];
        uint32_t flags = 0;
        if (!strcmp(fc, "PPLA") || !strcmp(fc, "PPLC")) flags |= CM_GAZ_ENT_CAPITAL;
        if (!strcmp(fc, "PPLC")) flags |= CM_GAZ_ENT_NATCAPITAL;
        cm_gaz_entry e = {
            .name = *fld[2] ? fld[2] : fld[1],
            .pcode = d->code,
            .province = d->region,
            .parent = d->code,
            .fcode = fc,
            .country = cm_profile_country(bd->prof),
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
        /* The seat of a region marks its unit as the capital unit. */
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
    int i_iso = field(bd, l, path, "iso_a2", false, &st); /* Natural Earth's shapefiles have it */
    if (i_iso < 0) i_iso = field(bd, l, path, "ISO_A2", false, &st);
    if (st) goto done;
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        char name[256];
        snprintf(name, sizeof name, "%s", fstr(f, i_name));
        /* The profile's own country, by name or ISO code. */
        bool home = !strcmp(name, cm_profile_country_name(bd->prof)) ||
                    !strcmp(fstr(f, i_iso), cm_profile_country(bd->prof));
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
        if (home && bd->home != CM_GAZ_NONE) continue; /* the boundary layer gave it */
        cm_gaz_entry e = {.name = name, .pcode = "", .province = "", .fcode = "PCLI", .country = "",
                          .kind = CM_PLACE_COUNTRY, .lat = lat, .lon = lon};
        if (home) e.pcode = bd->home_code, e.country = cm_profile_country(bd->prof), e.flags = CM_GAZ_ENT_HOME;
        uint32_t id;
        if (cm_gaz_builder_entry(bd->b, &e, &id)) {
            st = cm_fail(bd->ctx, CM_NOMEM, "out of memory");
            goto done;
        }
        if (home) bd->home = id;
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

/* A country: or city: target of a curated row: the entry of that name, or a
 * new one at (lat, lon) when has_pt. */
static cm_status named_target(build *bd, const char *path, size_t line, const char *target, bool has_pt,
                              double lat, double lon, uint32_t *id)
{
    bool city = target[1] == 'i';
    const char *tn = target + (city ? 5 : 8);
    *id = cm_gaz_builder_find(bd->b, NULL, tn);
    if (*id == CM_GAZ_NONE && !strcmp(tn, cm_profile_country_name(bd->prof))) *id = bd->home;
    if (*id != CM_GAZ_NONE) return CM_OK;
    if (!has_pt)
        return cm_fail(bd->ctx, CM_PARSE, "%s:%zu: %s is not in the sources; give its lat and lon on its first row",
                       path, line, target);
    cm_gaz_entry e = {.name = tn, .pcode = "", .province = "", .fcode = city ? "PPL" : "PCLI", .country = "",
                      .kind = city ? CM_PLACE_FOREIGN : CM_PLACE_COUNTRY, .lat = lat, .lon = lon};
    if (cm_gaz_builder_entry(bd->b, &e, id)) return cm_fail(bd->ctx, CM_NOMEM, "out of memory");
    if (city) bd->st.foreign_cities++;
    else bd->st.countries++;
    return add_name(bd, *id, tn, CM_GAZ_SRC_CURATED, CM_GAZ_NAME_PRIMARY);
}

/* The entry a curated row's target names: a unit or region code of the
 * profile, the country code, geonames:ID, country:NAME or city:NAME.
 * *id is CM_GAZ_NONE (and CM_OK returned) when the row is to be skipped. */
static cm_status curated_target(build *bd, const char *path, size_t line, const char *target, bool has_pt,
                                double lat, double lon, uint32_t *id, uint32_t *flags)
{
    *id = CM_GAZ_NONE;
    *flags = CM_GAZ_NAME_EZAFE;
    if (!strncmp(target, "country:", 8) || !strncmp(target, "city:", 5)) {
        *flags = 0;
        return named_target(bd, path, line, target, has_pt, lat, lon, id);
    }
    if (!strncmp(target, "geonames:", 9)) {
        unsigned long gid = strtoul(target + 9, NULL, 10);
        for (size_t i = 0; i < bd->ngn; i++)
            if (bd->gn_id[i] == gid) *id = bd->gn_entry[i];
        /* Without the GeoNames file the row has nothing to name. */
        if (*id == CM_GAZ_NONE) cm_diag(bd->ctx, "%s:%zu: GeoNames place %lu not loaded; row skipped", path, line, gid);
        return CM_OK;
    }
    if (strchr(target, ':'))
        return cm_fail(bd->ctx, CM_PARSE, "%s:%zu: target '%s' is none of CODE, geonames:ID, country:NAME, city:NAME",
                       path, line, target);
    *id = !strcmp(target, cm_profile_country(bd->prof)) ? bd->home : cm_gaz_builder_find(bd->b, target, NULL);
    if (*id == CM_GAZ_NONE)
        return cm_fail(bd->ctx, CM_PARSE, "%s:%zu: unknown P-code %s (no unit or region of profile %s, nor %s)", path,
                       line, target, cm_profile_name(bd->prof), cm_profile_country(bd->prof));
    return CM_OK;
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
        uint32_t id, flags;
        if ((st = curated_target(bd, path, line, f[1], has_pt, lat, lon, &id, &flags)) || id == CM_GAZ_NONE) continue;
        if ((st = add_name(bd, id, f[0], CM_GAZ_SRC_CURATED, flags))) break;
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
    {"person", CM_GAZ_WORD_PERSON},   {"before", CM_GAZ_WORD_BEFORE},
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

static void build_free(build *bd)
{
    for (size_t i = 0; i < bd->nd; i++) OGR_G_DestroyGeometry(bd->d[i].geom);
    for (size_t i = 0; i < bd->nreg; i++) OGR_G_DestroyGeometry(bd->reg[i].geom);
    free(bd->d);
    free(bd->reg);
    free(bd->gn_id);
    free(bd->gn_entry);
    cm_gaz_builder_free(bd->b);
}

cm_status cm_gazbuild_run(cm_ctx *ctx, const cm_gazbuild_opts *o, cm_gazbuild_stats *stats)
{
    build bd = {.ctx = ctx, .prof = o->profile, .home = CM_GAZ_NONE};
    cm_status st = CM_OK;
    if (!o->profile || !o->boundaries || !o->out)
        return cm_fail(ctx, CM_USAGE, "gazetteer build needs a profile, its boundaries and -o");
    snprintf(bd.home_code, sizeof bd.home_code, "%s", cm_profile_country(o->profile));
    cm_gdal_err gerr;
    cm_gdal_begin(&gerr, ctx); /* GDAL's reports to the ctx log, none on stderr */
    bd.b = cm_gaz_builder_new();
    if (!bd.b || cm_gaz_builder_profile(bd.b, o->profile)) {
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto done;
    }
    for (int r = CM_ROLE_COUNTRY; r < CM_ROLE_COUNT && !st; r++) st = read_layer(&bd, o->boundaries, (cm_role)r);
    if (st) goto done;
    cm_log(ctx, CM_LOG_DEBUG, "gazetteer: %zu regions, %zu units from %s", bd.st.regions, bd.st.units,
           o->boundaries);
    if (o->geonames && (st = read_geonames(&bd, o->geonames))) goto done;
    if (o->countries && (st = read_countries(&bd, o->countries))) goto done;
    if (o->exonyms && (st = read_curated(&bd, o->exonyms))) goto done;
    if (o->words && (st = read_words(&bd, o->words))) goto done;
    const char *ctxw = o->profile ? cm_profile_context_words(o->profile) : "";
    if (*ctxw && (st = read_words(&bd, ctxw))) goto done;
    bd.st.entries = cm_gaz_builder_entries(bd.b);
    bd.st.names = cm_gaz_builder_names(bd.b);
    st = cm_gaz_builder_write(ctx, bd.b, o->out);
done:
    cm_gdal_end(&gerr);
    build_free(&bd);
    if (stats) *stats = bd.st;
    return st;
}
