// labels: gdal proj
/* Unit tests for src/map/viewgeo: shared borders become one arc, used by the
 * two districts in opposite directions; rings are made of arc references;
 * claims are placed on the same grid. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "geo/geomstore.h"
#include "map/viewgeo.h"

static void test_shared_border(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_geomstore *gs = cm_geomstore_new();
    /* Two squares of 0.2 degrees sharing the edge lon 66.2; a third district
     * with a hole-free square off to the side. */
    assert_int_equal(cm_geomstore_add_wkt(gs, ctx, CM_GEOM_PROVINCE, "AF01", "AF", "One", NULL,
                                          "POLYGON((66 34,66.4 34,66.4 34.2,66 34.2,66 34))"), CM_OK);
    assert_int_equal(cm_geomstore_add_wkt(gs, ctx, CM_GEOM_DISTRICT, "AF0101", "AF01", "West", NULL,
                                          "POLYGON((66 34,66.2 34,66.2 34.2,66 34.2,66 34))"), CM_OK);
    assert_int_equal(cm_geomstore_add_wkt(gs, ctx, CM_GEOM_DISTRICT, "AF0102", "AF01", "East", "شرق",
                                          "POLYGON((66.2 34,66.4 34,66.4 34.2,66.2 34.2,66.2 34))"), CM_OK);
    cm_viewgeo *vg = NULL;
    /* the afghanistan profile's CRS, the default when no --crs is given */
    cm_viewgeo_opts go = {.default_crs = "+proj=lcc +lat_1=32 +lat_2=37 +lat_0=34 +lon_0=66 +datum=WGS84 +units=m "
                                         "+no_defs +type=crs"};
    assert_int_equal(cm_viewgeo_new(ctx, gs, &go, &vg), CM_OK);
    size_t narcs, npts;
    cm_viewgeo_counts(vg, &narcs, &npts);
    assert_int_equal(narcs, 3); /* the shared edge once, and each square's outer run */
    const char *j = cm_viewgeo_json(vg);
    /* Each district's ring: its outer run and the shared arc, which the two use in opposite directions. */
    const char *w = strstr(j, "\"p\":\"AF0101\""), *e = strstr(j, "\"p\":\"AF0102\"");
    assert_non_null(w);
    assert_non_null(e);
    assert_non_null(strstr(e, "\"da\":\"شرق\""));
    /* Arc 0 is the shared edge: West runs it forward, East backward (~0 = -1);
     * arcs 1 and 2 are the outer runs (West's backward: ~1 = -2). */
    assert_non_null(strstr(w, "\"r\":[[0,-2]]"));
    assert_non_null(strstr(e, "\"r\":[[2,-1]]"));
    assert_non_null(strstr(j, "\"arcs\":[[738,889,-1,-887],")); /* 25 m units, y down */
    /* The grid: (0,0) at the top-left corner of the districts; a claim at
     * the shared edge lies between the two. */
    long x, y, x0, y0;
    assert_true(cm_viewgeo_project(vg, ctx, 66, 34.2, &x0, &y0));
    assert_true(cm_viewgeo_project(vg, ctx, 66.2, 34.1, &x, &y));
    assert_true(x > x0 && y > y0);
    assert_true(labs(x0) < 80 && labs(y0) < 80); /* a corner of the extent, within the curvature of the LCC */
    assert_false(cm_viewgeo_project(vg, ctx, strtod("nan", NULL), 34, &x, &y));
    cm_viewgeo_free(vg);
    cm_geomstore_free(gs);
    cm_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_shared_border)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
