/* proj: the one place that talks to PROJ. Parses the --crs forms, builds the
 * normalised WGS 84 -> CRS operation, and runs array transforms with
 * proj_trans_generic (one call per array, not one per point). PROJ's own log
 * is silenced: its messages reach the user only through cm_fail. */
#define _POSIX_C_SOURCE 200809L
#include "geo/proj.h"

#include <ctype.h>
#include <geodesic.h>
#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "geo/dynlib.h" /* last: GDAL and PROJ loaded on first use */

struct cm_proj {
    PJ_CONTEXT *pc;
    PJ *op;         /* normalised WGS 84 lon/lat (degrees) -> target x,y */
    bool geographic;
    char *name;
};

static void log_quiet(void *ud, int level, const char *msg)
{
    (void)ud;
    (void)level;
    (void)msg;
}

static const char *perr(PJ_CONTEXT *pc)
{
    int e = proj_context_errno(pc);
    const char *s = e ? proj_context_errno_string(pc, e) : NULL;
    if (!s || !*s || !strncmp(s, "Unknown error", 13))
        s = "not a coordinate reference system PROJ knows (an EPSG code, PROJ string or WKT)";
    return s;
}

static bool all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return false;
    return true;
}

/* PROJ object for the user's text; NULL when it is not a CRS. */
static PJ *make_crs(PJ_CONTEXT *pc, const char *crs)
{
    char buf[64];
    const char *def = crs;
    if (all_digits(crs) && strlen(crs) < 20) {
        snprintf(buf, sizeof buf, "EPSG:%s", crs);
        def = buf;
    }
    PJ *p = proj_create(pc, def);
    if (p && proj_is_crs(p)) return p;
    proj_destroy(p);
    /* "+proj=utm +zone=42" alone is a conversion; as a CRS it needs +type=crs. */
    if (crs[0] == '+' || !strncmp(crs, "proj=", 5)) {
        size_t n = strlen(crs);
        char *s = malloc(n + 16);
        if (!s) return NULL;
        memcpy(s, crs, n);
        memcpy(s + n, " +type=crs", 11);
        p = proj_create(pc, s);
        free(s);
        if (p && proj_is_crs(p)) return p;
        proj_destroy(p);
    }
    return NULL;
}

/* A PROJ string on WGS 84 with no datum shift needs no database: the
 * operation is deg->rad and the projection itself. createOperations would
 * consult proj.db (~30 ms of SQLite per process) to learn exactly that. NULL
 * when crs is anything else or PROJ rejects it (the general path then reports
 * the error). */
static PJ *fast_pipeline(PJ_CONTEXT *pc, const char *crs)
{
    if (crs[0] != '+' || (!strstr(crs, "+datum=WGS84") && !strstr(crs, "+ellps=WGS84"))) return NULL;
    static const char *const no[] = {"towgs84", "nadgrids", "geoidgrids", "+init", "+axis", "+proj=longlat",
                                     "+proj=latlong", "+proj=lonlat", "+proj=latlon", "+proj=pipeline"};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strstr(crs, no[i])) return NULL;
    size_t n = strlen(crs);
    char *s = malloc(n + 96);
    if (!s) return NULL;
    size_t k = (size_t)snprintf(s, n + 96, "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step");
    /* copy the tokens but those that only make sense for a CRS */
    for (const char *p = crs; *p;) {
        while (*p == ' ') p++;
        const char *e = p;
        while (*e && *e != ' ') e++;
        size_t t = (size_t)(e - p);
        bool skip = (t == 9 && !strncmp(p, "+type=crs", 9)) ||
                    (t == 8 && !strncmp(p, "+no_defs", 8)) || (t == 7 && !strncmp(p, "+wktext", 7));
        if (t && !skip) {
            s[k++] = ' ';
            memcpy(s + k, p, t);
            k += t;
        }
        p = e;
    }
    s[k] = 0;
    PJ *op = proj_create(pc, s);
    free(s);
    if (op && proj_is_crs(op)) {
        proj_destroy(op);
        return NULL;
    }
    return op;
}

/* The value of token key ("+lat_1=") in a PROJ string into *v; false when
 * it is absent or not a number. */
static bool proj_param(const char *crs, const char *key, double *v)
{
    size_t n = strlen(key);
    for (const char *p = crs; (p = strstr(p, key)); p += n) {
        if (p != crs && p[-1] != ' ') continue;
        char *end;
        *v = strtod(p + n, &end);
        return end != p + n && (*end == 0 || *end == ' ') && isfinite(*v);
    }
    return false;
}

/* "32° and 37° N, 66° E (WGS 84)" for a Lambert conformal conic PROJ string
 * on WGS 84 with both standard parallels and a central meridian (what the
 * map's attribution says); NULL for anything else. malloc'd. */
static char *lcc_name(const char *crs)
{
    double a, b, lon;
    if (crs[0] != '+' || !strstr(crs, "+proj=lcc") || !strstr(crs, "+datum=WGS84") ||
        !proj_param(crs, "+lat_1=", &a) || !proj_param(crs, "+lat_2=", &b) || !proj_param(crs, "+lon_0=", &lon))
        return NULL;
    char buf[160];
    const char *deg = "\xc2\xb0";
    if ((a >= 0) == (b >= 0))
        snprintf(buf, sizeof buf, "Lambert conformal conic, %g%s and %g%s %c, %g%s %c (WGS 84)", fabs(a), deg,
                 fabs(b), deg, a >= 0 ? 'N' : 'S', fabs(lon), deg, lon >= 0 ? 'E' : 'W');
    else
        snprintf(buf, sizeof buf, "Lambert conformal conic, %g%s %c and %g%s %c, %g%s %c (WGS 84)", fabs(a), deg,
                 a >= 0 ? 'N' : 'S', fabs(b), deg, b >= 0 ? 'N' : 'S', fabs(lon), deg, lon >= 0 ? 'E' : 'W');
    return strdup(buf);
}

cm_status cm_proj_new(cm_ctx *ctx, const char *crs, cm_proj **out)
{
    *out = NULL;
    if (!crs || !*crs) crs = CM_PROJ_DEFAULT;
    cm_proj *p = calloc(1, sizeof *p);
    if (!p) return cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_status st = CM_OK;
    PJ *src = NULL, *dst = NULL, *raw = NULL;
    char *lcc = lcc_name(crs);
    p->pc = proj_context_create();
    if (!p->pc) {
        st = cm_fail(ctx, CM_NOMEM, "out of memory (PROJ context)");
        goto done;
    }
    proj_log_func(p->pc, NULL, log_quiet);
    proj_context_set_enable_network(p->pc, 0);
    p->op = fast_pipeline(p->pc, crs);
    if (p->op) {
        p->geographic = false;
        p->name = strdup(lcc ? lcc : crs);
        if (!p->name) st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto done;
    }
    dst = make_crs(p->pc, crs);
    if (!dst) {
        st = cm_fail(ctx, CM_PROJ, "unknown CRS '%s': %s", crs, perr(p->pc));
        goto done;
    }
    src = proj_create(p->pc, "EPSG:4326");
    if (!src) {
        st = cm_fail(ctx, CM_PROJ, "EPSG:4326: %s (is PROJ's proj.db installed?)", perr(p->pc));
        goto done;
    }
    raw = proj_create_crs_to_crs_from_pj(p->pc, src, dst, NULL, NULL);
    if (!raw) {
        st = cm_fail(ctx, CM_PROJ, "CRS '%s': no transformation from WGS 84: %s", crs, perr(p->pc));
        goto done;
    }
    p->op = proj_normalize_for_visualization(p->pc, raw);
    if (!p->op) {
        st = cm_fail(ctx, CM_PROJ, "CRS '%s': %s", crs, perr(p->pc));
        goto done;
    }
    PJ_TYPE t = proj_get_type(dst);
    p->geographic = t == PJ_TYPE_GEOGRAPHIC_CRS || t == PJ_TYPE_GEOGRAPHIC_2D_CRS ||
                    t == PJ_TYPE_GEOGRAPHIC_3D_CRS;
    const char *nm = proj_get_name(dst);
    if (!nm || !*nm || !strcmp(nm, "unknown") || !strcmp(nm, "unnamed")) nm = crs;
    if (lcc) nm = lcc;
    p->name = strdup(nm);
    if (!p->name) st = cm_fail(ctx, CM_NOMEM, "out of memory");
done:
    free(lcc);
    proj_destroy(raw);
    proj_destroy(src);
    proj_destroy(dst);
    if (st) {
        cm_proj_free(p);
        return st;
    }
    *out = p;
    return CM_OK;
}

void cm_proj_free(cm_proj *p)
{
    if (!p) return;
    proj_destroy(p->op);
    if (p->pc) proj_context_destroy(p->pc);
    free(p->name);
    free(p);
}

static cm_status trans(cm_proj *p, cm_ctx *ctx, PJ_DIRECTION dir, double *xy, size_t n,
                       size_t *nfailed)
{
    if (nfailed) *nfailed = 0;
    if (n == 0) return CM_OK;
    size_t stride = 2 * sizeof(double);
    proj_errno_reset(p->op);
    proj_trans_generic(p->op, dir, xy, stride, n, xy + 1, stride, n, NULL, 0, 0, NULL, 0, 0);
    /* A point outside the domain comes back as HUGE_VAL (or, with some
     * operations, not finite); make both coordinates HUGE_VAL and count it. */
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        double *q = xy + 2 * i;
        if (!isfinite(q[0]) || !isfinite(q[1]) || q[0] == HUGE_VAL || q[1] == HUGE_VAL) {
            q[0] = q[1] = HUGE_VAL;
            bad++;
        }
    }
    if (nfailed) *nfailed = bad;
    (void)ctx;
    return CM_OK;
}

cm_status cm_proj_fwd(cm_proj *p, cm_ctx *ctx, double *xy, size_t n, size_t *nfailed)
{
    return trans(p, ctx, PJ_FWD, xy, n, nfailed);
}

cm_status cm_proj_inv(cm_proj *p, cm_ctx *ctx, double *xy, size_t n, size_t *nfailed)
{
    return trans(p, ctx, PJ_INV, xy, n, nfailed);
}

bool cm_proj_is_geographic(const cm_proj *p) { return p->geographic; }

const char *cm_proj_name(const cm_proj *p) { return p->name; }

double cm_geodesic_m(double lon1, double lat1, double lon2, double lat2)
{
    struct geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    double s12 = 0;
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, NULL, NULL);
    return s12;
}
