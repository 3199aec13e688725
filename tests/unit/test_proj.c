// labels: proj
/* Unit tests for src/geo/proj: the forms --crs accepts (EPSG code with and
 * without prefix, PROJ string, WKT), axis order, round trips, points outside
 * a projection's domain, unknown CRSs, and the geodesic distance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "core/status.h"
#include "geo/proj.h"

/* lon 69, lat 34.5 in UTM 42N (central meridian 69): cs2cs gives 500000, 3817597.248 */
static void check_utm(const char *crs)
{
    cm_ctx *ctx = cm_ctx_new();
    cm_proj *p = NULL;
    cm_status st = cm_proj_new(ctx, crs, &p);
    if (st) fail_msg("%s: %s", crs, cm_ctx_message(ctx));
    double xy[2] = {69, 34.5};
    size_t bad = 9;
    assert_int_equal(cm_proj_fwd(p, ctx, xy, 1, &bad), CM_OK);
    assert_int_equal(bad, 0);
    assert_true(fabs(xy[0] - 500000) < 0.01);
    assert_true(fabs(xy[1] - 3817597.248) < 0.01);
    assert_false(cm_proj_is_geographic(p));
    cm_proj_free(p);
    cm_ctx_free(ctx);
}

static void test_forms(void **state)
{
    (void)state;
    check_utm("EPSG:32642");
    check_utm("32642");
    check_utm("+proj=utm +zone=42 +datum=WGS84 +units=m");
    check_utm("PROJCS[\"WGS 84 / UTM zone 42N\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,"
              "298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],"
              "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],"
              "PARAMETER[\"central_meridian\",69],PARAMETER[\"scale_factor\",0.9996],"
              "PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1],"
              "AXIS[\"Easting\",EAST],AXIS[\"Northing\",NORTH]]");
}

static void test_default_lcc(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_proj *p = NULL;
    /* the afghanistan profile's CRS, named for the map's attribution */
    assert_int_equal(cm_proj_new(ctx, "+proj=lcc +lat_1=32 +lat_2=37 +lat_0=34 +lon_0=66 +datum=WGS84 +units=m "
                                      "+no_defs +type=crs", &p), CM_OK);
    assert_string_equal(cm_proj_name(p), "Lambert conformal conic, 32\xc2\xb0 and 37\xc2\xb0 N, 66\xc2\xb0 E (WGS 84)");
    /* the origin of the projection maps to 0,0; a round trip returns */
    double xy[6] = {66, 34, 69.55, 35.32, 61.2, 29.5};
    double orig[6];
    memcpy(orig, xy, sizeof xy);
    assert_int_equal(cm_proj_fwd(p, ctx, xy, 3, NULL), CM_OK);
    assert_true(fabs(xy[0]) < 1e-6 && fabs(xy[1]) < 1e-6);
    assert_true(xy[2] > 300000 && xy[3] > 100000); /* east and north of the origin */
    assert_true(xy[4] < 0 && xy[5] < 0);
    assert_int_equal(cm_proj_inv(p, ctx, xy, 3, NULL), CM_OK);
    for (int i = 0; i < 6; i++) assert_true(fabs(xy[i] - orig[i]) < 1e-9);
    /* true scale on the standard parallels: 1 km east-west along 37 N is 1 km of map */
    double a[4] = {66, 37, 66 + 1 / (111.32 * cos(37 * 3.14159265358979 / 180)), 37};
    double ground = cm_geodesic_m(a[0], a[1], a[2], a[3]);
    assert_int_equal(cm_proj_fwd(p, ctx, a, 2, NULL), CM_OK);
    double map = hypot(a[2] - a[0], a[3] - a[1]);
    assert_true(fabs(map / ground - 1) < 1e-4);
    cm_proj_free(p);
    /* southern parallels and a western meridian are named so too */
    assert_int_equal(cm_proj_new(ctx, "+proj=lcc +lat_1=-10 +lat_2=5.5 +lon_0=-60 +datum=WGS84", &p), CM_OK);
    assert_string_equal(cm_proj_name(p), "Lambert conformal conic, 10\xc2\xb0 S and 5.5\xc2\xb0 N, 60\xc2\xb0 W (WGS 84)");
    cm_proj_free(p);
    /* without a CRS: the fallback, projected and conformal (Mercator) */
    assert_int_equal(cm_proj_new(ctx, NULL, &p), CM_OK);
    assert_false(cm_proj_is_geographic(p));
    assert_string_equal(cm_proj_name(p), CM_PROJ_DEFAULT);
    double z[2] = {0, 0};
    assert_int_equal(cm_proj_fwd(p, ctx, z, 1, NULL), CM_OK);
    assert_true(fabs(z[0]) < 1e-6 && fabs(z[1]) < 1e-6);
    cm_proj_free(p);
    cm_ctx_free(ctx);
}

static void test_geographic(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_proj *p = NULL;
    assert_int_equal(cm_proj_new(ctx, "EPSG:4326", &p), CM_OK);
    assert_true(cm_proj_is_geographic(p));
    double xy[2] = {69.1, 34.5};
    assert_int_equal(cm_proj_fwd(p, ctx, xy, 1, NULL), CM_OK);
    /* normalised for visualisation: lon first although EPSG:4326 says lat first */
    assert_true(fabs(xy[0] - 69.1) < 1e-12 && fabs(xy[1] - 34.5) < 1e-12);
    cm_proj_free(p);
    cm_ctx_free(ctx);
}

static void test_outside_domain(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_proj *p = NULL;
    assert_int_equal(cm_proj_new(ctx, "+proj=ortho +lat_0=34 +lon_0=66 +datum=WGS84", &p), CM_OK);
    double xy[4] = {66, 34, -114, -34}; /* the antipode is on the far side of the globe */
    size_t bad = 0;
    assert_int_equal(cm_proj_fwd(p, ctx, xy, 2, &bad), CM_OK);
    assert_int_equal(bad, 1);
    assert_true(fabs(xy[0]) < 1e-6);
    assert_true(xy[2] == HUGE_VAL && xy[3] == HUGE_VAL);
    cm_proj_free(p);
    cm_ctx_free(ctx);
}

static void test_unknown(void **state)
{
    (void)state;
    const char *bad[] = {"EPSG:999999", "999999", "nonsense", "+proj=nonexistent +datum=WGS84", "PROJCS[\"x\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cm_ctx *ctx = cm_ctx_new();
        cm_proj *p = (cm_proj *)1;
        assert_int_equal(cm_proj_new(ctx, bad[i], &p), CM_PROJ);
        assert_null(p);
        assert_non_null(strstr(cm_ctx_message(ctx), "unknown CRS"));
        assert_null(strchr(cm_ctx_message(ctx), '\n'));
        cm_ctx_free(ctx);
    }
}

static void test_geodesic(void **state)
{
    (void)state;
    /* one degree of latitude near 34 N is 110.9 km on WGS 84 */
    double d = cm_geodesic_m(69, 34, 69, 35);
    assert_true(fabs(d - 110941) < 30);
    assert_true(cm_geodesic_m(69, 34, 69, 34) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),          cmocka_unit_test(test_default_lcc),
        cmocka_unit_test(test_geographic),     cmocka_unit_test(test_outside_domain),
        cmocka_unit_test(test_unknown),        cmocka_unit_test(test_geodesic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
