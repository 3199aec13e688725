// labels: gdal
/* Unit tests for src/geo/geomstore: the OCHA folder read through the
 * Afghanistan profile (counts, fields, points inside), a made-up profile
 * without regions (tests/cases/toyland: parents by containment, names per
 * language) and one with regions but no parent field, the Natural Earth
 * countries (TopoJSON decoded here, compared with OGR's own reading; the
 * profile's country skipped), WKT units, and the errors for a missing folder,
 * a missing or truncated .shp, a missing .dbf and a layer without its code. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/profile.h"
#include "core/status.h"
#include "geo/geomstore.h"

static const char *src_dir(void)
{
    const char *s = getenv("CM_SOURCE");
    return s && *s ? s : ".";
}

static cm_profile *AFG; /* the shipped profile */

static int setup(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_status st = cm_profile_load(ctx, "afghanistan", src_dir(), &AFG);
    if (st) fprintf(stderr, "%s\n", cm_ctx_message(ctx));
    cm_ctx_free(ctx);
    return st ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    cm_profile_free(AFG);
    return 0;
}

static const char *bdir(void)
{
    const char *e = getenv("CONFLICTMAP_BOUNDARIES");
    return e ? e : "../shared/geodata/ocha-cod-ab-2018";
}

static const char *cfile(void)
{
    const char *e = getenv("CONFLICTMAP_COUNTRIES");
    return e ? e : "../shared/geodata/natural-earth/countries-50m.json";
}

/* Even-odd point-in-polygon over all rings of a unit. */
static int inside(const cm_geom_unit *u, double x, double y)
{
    int in = 0;
    const cm_rings *r = &u->rings;
    for (uint32_t k = 0; k < r->nrings; k++) {
        uint32_t a = r->ring[k], b = r->ring[k + 1];
        for (uint32_t i = a, j = b - 1; i < b; j = i++) {
            const double *p = r->xy + 2 * i, *q = r->xy + 2 * j;
            if ((p[1] > y) != (q[1] > y) && x < (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]) + p[0]) in = !in;
        }
    }
    return in;
}

static void test_admin(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_geomstore *gs = cm_geomstore_new();
    cm_status st = cm_geomstore_load_admin(gs, ctx, AFG, bdir());
    if (st) fail_msg("%s", cm_ctx_message(ctx));
    assert_int_equal(cm_geomstore_count(gs, CM_GEOM_COUNTRY), 1);
    assert_int_equal(cm_geomstore_count(gs, CM_GEOM_PROVINCE), 34);
    assert_int_equal(cm_geomstore_count(gs, CM_GEOM_DISTRICT), 399);
    assert_string_equal(cm_geomstore_get(gs, CM_GEOM_COUNTRY, 0)->pcode, "AF");
    const cm_geom_unit *b = cm_geomstore_find(gs, "AF0801");
    assert_non_null(b);
    assert_string_equal(b->name_en, "Bazarak");
    assert_string_equal(b->parent, "AF08");
    assert_true(strlen(b->name_da) > 0);
    const cm_geom_unit *p = cm_geomstore_find(gs, "AF08");
    assert_non_null(p);
    assert_string_equal(p->name_en, "Panjsher");
    assert_string_equal(p->name_da, "\xd9\xbe\xd9\x86\xd8\xac\xd8\xb4\xdb\x8c\xd8\xb1"); /* پنجشیر */
    assert_string_equal(cm_geom_unit_name(p, "fa"), p->name_da);
    assert_string_equal(cm_geom_unit_name(p, "en"), "Panjsher");
    assert_string_equal(cm_geom_unit_name(p, "de"), "");
    assert_int_equal(p->nnames, 2);
    assert_string_equal(p->parent, "AF");
    assert_string_equal(cm_geomstore_get(gs, CM_GEOM_COUNTRY, 0)->parent, "");
    /* every unit's point lies inside it */
    for (int l = CM_GEOM_COUNTRY; l <= CM_GEOM_DISTRICT; l++)
        for (size_t i = 0; i < cm_geomstore_count(gs, (cm_geom_level)l); i++) {
            const cm_geom_unit *u = cm_geomstore_get(gs, (cm_geom_level)l, i);
            assert_true(u->rings.nrings > 0);
            if (!inside(u, u->in_lon_deg, u->in_lat_deg)) fail_msg("point of %s not inside", u->pcode);
            assert_true(u->bbox[0] >= 60 && u->bbox[2] <= 75.1 && u->bbox[1] >= 29 && u->bbox[3] <= 38.6);
        }
    assert_true(cm_geomstore_pcode_known("AF", gs));
    assert_true(cm_geomstore_pcode_known("AF0801", gs));
    assert_false(cm_geomstore_pcode_known("AF9999", gs));
    assert_false(cm_geomstore_pcode_known("", gs));
    cm_geomstore_free(gs);
    cm_ctx_free(ctx);
}

/* The project's own copy (./setup puts it in shapefiles/) is found the same way. */
static void test_setup_copy(void **state)
{
    (void)state;
    const char *src = getenv("CM_SOURCE");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/shapefiles", src ? src : ".");
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/afg_admbnda_adm2_agcho_20180522.shp", dir);
    if (access(probe, R_OK) != 0) skip();
    cm_ctx *ctx = cm_ctx_new();
    cm_geomstore *gs = cm_geomstore_new();
    assert_int_equal(cm_geomstore_load_admin(gs, ctx, AFG, dir), CM_OK);
    assert_int_equal(cm_geomstore_count(gs, CM_GEOM_DISTRICT), 399);
    cm_geomstore_free(gs);
    cm_ctx_free(ctx);
}

static void test_countries(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_geomstore *gs = cm_geomstore_new();
    const double near[4] = {55, 25, 80, 45};
    cm_status st = cm_geomstore_load_countries(gs, ctx, AFG, cfile(), near);
    if (st) fail_msg("%s", cm_ctx_message(ctx));
    size_t n = cm_geomstore_count(gs, CM_GEOM_NEIGHBOUR);
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        const cm_geom_unit *u = cm_geomstore_get(gs, CM_GEOM_NEIGHBOUR, i);
        assert_string_not_equal(u->name_en, "Afghanistan");
        if (!strcmp(u->name_en, "Pakistan") || !strcmp(u->name_en, "Iran") || !strcmp(u->name_en, "Tajikistan") ||
            !strcmp(u->name_en, "Turkmenistan") || !strcmp(u->name_en, "Uzbekistan") || !strcmp(u->name_en, "China"))
            seen++;
        assert_false(!strcmp(u->name_en, "Brazil"));
    }
    assert_int_equal(seen, 6);

    /* the same countries, point for point, as OGR reads them */
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(cfile(), GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "countries");
    OGRFeatureH f;
    int compared = 0;
    while ((f = OGR_L_GetNextFeature(l))) {
        const char *name = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "name"));
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (!strcmp(name, "Pakistan") || !strcmp(name, "Tajikistan")) {
            const cm_geom_unit *u = NULL;
            for (size_t i = 0; i < n; i++)
                if (!strcmp(cm_geomstore_get(gs, CM_GEOM_NEIGHBOUR, i)->name_en, name))
                    u = cm_geomstore_get(gs, CM_GEOM_NEIGHBOUR, i);
            assert_non_null(u);
            OGREnvelope env;
            OGR_G_GetEnvelope(g, &env);
            assert_true(fabs(env.MinX - u->bbox[0]) < 1e-9 && fabs(env.MaxX - u->bbox[2]) < 1e-9);
            assert_true(fabs(env.MinY - u->bbox[1]) < 1e-9 && fabs(env.MaxY - u->bbox[3]) < 1e-9);
            /* a closed ring repeats its first point; ours does not */
            size_t pts = 0;
            int parts = wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiPolygon ? OGR_G_GetGeometryCount(g) : 1;
            for (int pi = 0; pi < parts; pi++) {
                OGRGeometryH poly = parts > 1 || wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiPolygon
                                        ? OGR_G_GetGeometryRef(g, pi) : g;
                for (int r = 0; r < OGR_G_GetGeometryCount(poly); r++)
                    pts += (size_t)OGR_G_GetPointCount(OGR_G_GetGeometryRef(poly, r)) - 1;
            }
            assert_int_equal(pts, u->rings.npts);
            compared++;
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    assert_int_equal(compared, 2);
    cm_geomstore_free(gs);
    cm_ctx_free(ctx);
}

static void test_wkt(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_geomstore *gs = cm_geomstore_new();
    assert_int_equal(cm_geomstore_add_wkt(gs, ctx, CM_GEOM_DISTRICT, "AF9901", "AF99", "Square", NULL,
                                          "POLYGON ((66 34, 67 34, 67 35, 66 35, 66 34), (66.4 34.4, 66.6 34.4, 66.6 34.6, 66.4 34.6, 66.4 34.4))"),
                     CM_OK);
    const cm_geom_unit *u = cm_geomstore_find(gs, "AF9901");
    assert_non_null(u);
    assert_int_equal(u->rings.nrings, 2);
    assert_int_equal(u->rings.npts, 8);
    assert_true(inside(u, u->in_lon_deg, u->in_lat_deg));
    assert_false(inside(u, 66.5, 34.5)); /* the hole */
    assert_string_equal(u->name_da, "");
    assert_int_equal(cm_geomstore_add_wkt(gs, ctx, CM_GEOM_DISTRICT, "AF9902", "AF99", "Bad", NULL, "POLYGON ((66 34, 67"),
                     CM_PARSE);
    assert_int_equal(cm_geomstore_count(gs, CM_GEOM_DISTRICT), 1);
    cm_geomstore_free(gs);
    cm_ctx_free(ctx);
}

/* A temporary folder with copies (or symlinks) of the OCHA files. */
static void make_dir(char *dir, size_t n, int copy_adm2_shp_bytes, int with_dbf, int adm1_as_adm2)
{
    snprintf(dir, n, "/tmp/cm_gs_XXXXXX");
    assert_non_null(mkdtemp(dir));
    static const char *lv[3] = {"adm0", "adm1", "adm2"};
    static const char *ext[5] = {"shp", "shx", "dbf", "prj", "cpg"};
    for (int l = 0; l < 3; l++)
        for (int e = 0; e < 5; e++) {
            const char *srcl = (l == 2 && adm1_as_adm2) ? "adm1" : lv[l];
            char src[4096], dst[4096];
            snprintf(src, sizeof src, "%s/afg_admbnda_%s_agcho_20180522.%s", bdir(), srcl, ext[e]);
            snprintf(dst, sizeof dst, "%s/afg_admbnda_%s_agcho_20180522.%s", dir, lv[l], ext[e]);
            if (l == 2 && e == 2 && !with_dbf) continue;
            if (l == 2 && e == 0 && copy_adm2_shp_bytes > 0) {
                FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
                assert_non_null(in);
                assert_non_null(out);
                char *buf = malloc((size_t)copy_adm2_shp_bytes);
                size_t got = fread(buf, 1, (size_t)copy_adm2_shp_bytes, in);
                fwrite(buf, 1, got, out);
                free(buf);
                fclose(in);
                fclose(out);
                continue;
            }
            assert_int_equal(symlink(src, dst), 0);
        }
}

static void rm_dir(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void expect_error(const char *dir, cm_status want, const char *needle)
{
    cm_ctx *ctx = cm_ctx_new();
    cm_geomstore *gs = cm_geomstore_new();
    cm_status st = cm_geomstore_load_admin(gs, ctx, AFG, dir);
    if (st != want || !strstr(cm_ctx_message(ctx), needle))
        fail_msg("got %s '%s', wanted %s with '%s'", cm_status_name(st), cm_ctx_message(ctx), cm_status_name(want),
                 needle);
    assert_null(strchr(cm_ctx_message(ctx), '\n'));
    /* nothing of a failed load is kept */
    assert_int_equal(cm_geomstore_count(gs, CM_GEOM_DISTRICT), 0);
    assert_int_equal(cm_geomstore_count(gs, CM_GEOM_PROVINCE), 0);
    assert_int_equal(cm_geomstore_count(gs, CM_GEOM_COUNTRY), 0);
    cm_geomstore_free(gs);
    cm_ctx_free(ctx);
}

static void test_errors(void **state)
{
    (void)state;
    char dir[64];
    expect_error("/nonexistent/boundaries", CM_NOTFOUND, "/nonexistent/boundaries: boundaries folder not found");

    make_dir(dir, sizeof dir, 0, 0, 0); /* no adm2 .dbf */
    expect_error(dir, CM_NOTFOUND, "adm2_agcho_20180522.dbf: missing");
    rm_dir(dir);

    make_dir(dir, sizeof dir, 2000000, 1, 0); /* adm2 .shp cut at 2 MB */
    expect_error(dir, CM_PARSE, "truncated");
    rm_dir(dir);

    make_dir(dir, sizeof dir, 60, 1, 0); /* not even a header */
    expect_error(dir, CM_PARSE, "truncated");
    rm_dir(dir);

    make_dir(dir, sizeof dir, 0, 1, 1); /* adm1 data under the adm2 name: no ADM2_PCODE */
    expect_error(dir, CM_NOTFOUND, "has no field ADM2_PCODE");
    rm_dir(dir);

    /* a folder without the adm2 layer at all */
    make_dir(dir, sizeof dir, 0, 1, 0);
    char p[256];
    snprintf(p, sizeof p, "%s/afg_admbnda_adm2_agcho_20180522.shp", dir);
    assert_int_equal(unlink(p), 0);
    expect_error(dir, CM_NOTFOUND, "no adm2 shapefile");
    rm_dir(dir);

    cm_ctx *ctx = cm_ctx_new();
    cm_geomstore *gs = cm_geomstore_new();
    assert_int_equal(cm_geomstore_load_countries(gs, ctx, AFG, "/nonexistent/countries.json", NULL), CM_NOTFOUND);
    cm_geomstore_free(gs);
    cm_ctx_free(ctx);
}

/* A profile read from text, its paths relative to tests/cases/toyland. */
static cm_profile *toy_profile(cm_ctx *ctx, const char *text)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/cases/toyland", src_dir());
    cm_profile *p = NULL;
    if (!text) {
        if (cm_profile_load(ctx, dir, src_dir(), &p)) fail_msg("%s", cm_ctx_message(ctx));
        return p;
    }
    if (cm_profile_parse(ctx, dir, src_dir(), text, strlen(text), &p)) fail_msg("%s", cm_ctx_message(ctx));
    return p;
}

/* Toyland: a country and two units, no region layer, no parent field. */
static void test_profile_without_regions(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_profile *p = toy_profile(ctx, NULL);
    cm_geomstore *gs = cm_geomstore_new();
    if (cm_geomstore_load_admin(gs, ctx, p, NULL)) fail_msg("%s", cm_ctx_message(ctx)); /* the profile's folder */
    assert_int_equal(cm_geomstore_count(gs, CM_GEOM_COUNTRY), 1);
    assert_int_equal(cm_geomstore_count(gs, CM_GEOM_REGION), 0);
    assert_int_equal(cm_geomstore_count(gs, CM_GEOM_UNIT), 2);
    const cm_geom_unit *c = cm_geomstore_get(gs, CM_GEOM_COUNTRY, 0);
    assert_string_equal(c->pcode, "XT"); /* no code field: the profile's ISO code */
    assert_string_equal(c->name_en, "Toyland Republic");
    const cm_geom_unit *w = cm_geomstore_find(gs, "W7"), *e = cm_geomstore_find(gs, "Q3");
    assert_non_null(w);
    assert_non_null(e);
    assert_string_equal(w->parent, "XT"); /* by containment: no region, so the country */
    assert_string_equal(e->parent, "XT");
    assert_string_equal(w->name_en, "Westmark");
    assert_string_equal(w->name_local, "Marche de l'Ouest");
    assert_string_equal(cm_geom_unit_name(e, "fr"), "Marche de l'Est");
    assert_true(inside(w, w->in_lon_deg, w->in_lat_deg) && w->in_lon_deg < 11);
    assert_true(cm_geomstore_locate(gs, CM_GEOM_UNIT, 11.5, 40.5) == e);
    cm_geomstore_free(gs);
    cm_profile_free(p);
    cm_ctx_free(ctx);
}

/* Regions without a parent field in the unit layer: each unit's parent is
 * the region holding its point, whatever the codes look like; the country's
 * code comes from nowhere but the profile. */
static void test_parents_by_containment(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_profile *p = toy_profile(ctx, "profile\ttoyregions\ncountry\tXT\tToyland\nboundaries\tboundaries\n"
                                     "layer\tcountry\ttoy_country\tname.en=NAME_EN\n"
                                     "layer\tregion\ttoy_regions\tcode=RCODE\tname.en=RNAME\n"
                                     "layer\tunit\ttoy_units\tcode=CODE\tname.en=NAME_EN\n"
                                     "side\tblue\t#3060c0\tground\tBlue\n");
    cm_geomstore *gs = cm_geomstore_new();
    if (cm_geomstore_load_admin(gs, ctx, p, NULL)) fail_msg("%s", cm_ctx_message(ctx));
    assert_int_equal(cm_geomstore_count(gs, CM_GEOM_REGION), 2);
    assert_string_equal(cm_geomstore_find(gs, "W7")->parent, "LOWER");
    assert_string_equal(cm_geomstore_find(gs, "Q3")->parent, "UPPER");
    assert_string_equal(cm_geomstore_find(gs, "UPPER")->parent, "XT");
    assert_string_equal(cm_geomstore_find(gs, "Q3")->name_local, ""); /* one language only */
    cm_geomstore_free(gs);
    /* A parent field the layer lacks is an error naming it. */
    cm_profile_free(p);
    p = toy_profile(ctx, "profile\ttoybad\ncountry\tXT\tToyland\nboundaries\tboundaries\n"
                         "layer\tcountry\ttoy_country\tname.en=NAME_EN\n"
                         "layer\tunit\ttoy_units\tcode=CODE\tparent=PARENT\tname.en=NAME_EN\n"
                         "side\tblue\t#3060c0\tground\tBlue\n");
    gs = cm_geomstore_new();
    assert_int_equal(cm_geomstore_load_admin(gs, ctx, p, NULL), CM_NOTFOUND);
    assert_non_null(strstr(cm_ctx_message(ctx), "has no field PARENT"));
    assert_int_equal(cm_geomstore_count(gs, CM_GEOM_COUNTRY), 0); /* nothing kept */
    cm_geomstore_free(gs);
    cm_profile_free(p);
    cm_ctx_free(ctx);
}

/* The neighbours leave out the profile's own country, whichever it is. */
static void test_countries_skip_profile(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_profile *p = toy_profile(ctx, "profile\tpak\ncountry\tPK\tPakistan\n"
                                     "layer\tcountry\tx\tname.en=N\nlayer\tunit\ty\tcode=C\tname.en=N\n"
                                     "side\tblue\t#3060c0\tground\tBlue\n");
    cm_geomstore *gs = cm_geomstore_new();
    const double near[4] = {55, 25, 80, 45};
    if (cm_geomstore_load_countries(gs, ctx, p, cfile(), near)) fail_msg("%s", cm_ctx_message(ctx));
    int afg = 0;
    for (size_t i = 0; i < cm_geomstore_count(gs, CM_GEOM_NEIGHBOUR); i++) {
        const cm_geom_unit *u = cm_geomstore_get(gs, CM_GEOM_NEIGHBOUR, i);
        assert_string_not_equal(u->name_en, "Pakistan");
        afg += !strcmp(u->name_en, "Afghanistan");
    }
    assert_int_equal(afg, 1);
    cm_geomstore_free(gs);
    cm_profile_free(p);
    cm_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_admin),     cmocka_unit_test(test_setup_copy), cmocka_unit_test(test_countries),
        cmocka_unit_test(test_wkt),       cmocka_unit_test(test_errors),
        cmocka_unit_test(test_profile_without_regions), cmocka_unit_test(test_parents_by_containment),
        cmocka_unit_test(test_countries_skip_profile),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
