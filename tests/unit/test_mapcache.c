// labels: proj cairo
/* Unit tests for src/map/mapcache: the prepared-geometry cache.
 *
 * A map of synthetic units (two provinces of two districts each, a country
 * outline and a neighbour, names placed with the real fonts) is prepared,
 * stored and read back: the map read draws the same pixels and encodes to the
 * same bytes as the one prepared; a flipped byte (checksum), a truncated file
 * and a file of another key are misses, and the store after a miss makes the
 * next read a hit again; touching a source file, changing the CRS or the size
 * changes the key. The boundaries "folder" holds files these tests write: the
 * key only looks at their identity. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/file.h"
#include "core/str.h"
#include "geo/geomstore.h"
#include "map/mapcache.h"
#include "map/render.h"

typedef struct {
    char dir[256], bnd[300], ctr[300], cache[300];
    cm_ctx *ctx;
    cm_profile *prof; /* afghanistan */
    cm_geomstore *gs;
    cm_map_opts o;
    cm_mapcache_src src;
} fix;

static void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void add(fix *f, cm_geom_level lv, const char *pc, const char *parent, const char *name, double x0,
                double y0, double x1, double y1)
{
    char wkt[256];
    snprintf(wkt, sizeof wkt, "POLYGON((%g %g,%g %g,%g %g,%g %g,%g %g))", x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
    assert_int_equal(cm_geomstore_add_wkt(f->gs, f->ctx, lv, pc, parent, name, NULL, wkt), CM_OK);
}

static int setup(void **state)
{
    fix *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/cm-mapcache-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->bnd, sizeof f->bnd, "%s/bnd", f->dir);
    snprintf(f->ctr, sizeof f->ctr, "%s/countries.json", f->dir);
    snprintf(f->cache, sizeof f->cache, "%s/cache", f->dir);
    assert_int_equal(mkdir(f->bnd, 0777), 0);
    char p[400];
    snprintf(p, sizeof p, "%s/x_adm2.shp", f->bnd);
    put_file(p, "districts");
    snprintf(p, sizeof p, "%s/x_adm2.dbf", f->bnd);
    put_file(p, "names");
    put_file(f->ctr, "{}");
    f->ctx = cm_ctx_new();
    f->gs = cm_geomstore_new();
    add(f, CM_GEOM_COUNTRY, "AF", NULL, "Afghanistan", 62, 30, 72, 38);
    add(f, CM_GEOM_PROVINCE, "AF01", "AF", "Westprovince", 62, 30, 67, 38);
    add(f, CM_GEOM_PROVINCE, "AF02", "AF", "Eastprovince", 67, 30, 72, 38);
    add(f, CM_GEOM_DISTRICT, "AF0101", "AF01", "One", 62, 30, 67, 34);
    add(f, CM_GEOM_DISTRICT, "AF0102", "AF01", "Two", 62, 34, 67, 38);
    add(f, CM_GEOM_DISTRICT, "AF0201", "AF02", "Three", 67, 30, 72, 34);
    add(f, CM_GEOM_DISTRICT, "AF0202", "AF02", "Four", 67, 34, 72, 38);
    add(f, CM_GEOM_NEIGHBOUR, "IR", NULL, "Iran", 50, 25, 62, 40);
    assert_int_equal(cm_profile_load(f->ctx, "afghanistan", CM_SOURCE_DIR, &f->prof), CM_OK);
    f->o = (cm_map_opts){.width = 800, .height = 600, .labels = CM_LABELS_EN, .profile = f->prof};
    f->src = (cm_mapcache_src){f->bnd, f->ctr, NULL, false};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fix *f = *state;
    cm_geomstore_free(f->gs);
    cm_profile_free(f->prof);
    cm_ctx_free(f->ctx);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    cm_render_release_fonts();
    free(f);
    return 0;
}

/* The frame's pixels (RGB24), Panjsher-style: one district per controller. */
static unsigned char *draw(cm_ctx *ctx, const cm_mapctx *m, size_t *n)
{
    int W, H;
    cm_mapctx_size(m, &W, &H);
    cm_controller ctrl[4] = {1, 2, 3, CM_CTRL_CONTESTED}; /* taliban, government, resistance */
    assert_int_equal(cm_mapctx_district_count(m), 4);
    cm_day day = 0;
    assert_true(cm_day_parse("2021-08-21", 10, &day));
    cm_frame fr = {.day = day, .ctrl = ctrl};
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    cairo_t *cr = cairo_create(sf);
    assert_int_equal(cm_map_render(m, ctx, cr, &fr), CM_OK);
    cairo_destroy(cr);
    cairo_surface_flush(sf);
    *n = (size_t)cairo_image_surface_get_stride(sf) * H;
    unsigned char *px = malloc(*n);
    memcpy(px, cairo_image_surface_get_data(sf), *n);
    cairo_surface_destroy(sf);
    return px;
}

static void test_round_trip(void **state)
{
    fix *f = *state;
    cm_mapctx *m = NULL, *back = NULL;
    cm_buf key = {0}, a = {0}, b = {0};
    assert_int_equal(cm_mapcache_key(f->ctx, &f->src, &f->o, &key), CM_OK);
    assert_null(cm_mapcache_load(f->ctx, f->cache, &key, &f->o)); /* cold: a miss */
    assert_int_equal(cm_mapctx_new(f->ctx, f->gs, &f->o, &m), CM_OK);
    assert_true(cm_mapctx_label_count(m) >= 2); /* the province names were placed */
    assert_true(cm_mapcache_store(f->ctx, f->cache, &key, m));
    back = cm_mapcache_load(f->ctx, f->cache, &key, &f->o);
    assert_non_null(back);
    /* the same state: same bytes when written again, same labels, same pixels */
    assert_int_equal(cm_mapcache_encode(m, &key, &a), CM_OK);
    assert_int_equal(cm_mapcache_encode(back, &key, &b), CM_OK);
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.p, b.p, a.n);
    assert_int_equal(cm_mapctx_label_count(back), cm_mapctx_label_count(m));
    const char *t1, *t2;
    double b1[4], b2[4];
    bool p1, p2;
    assert_true(cm_mapctx_label(m, 0, &t1, b1, &p1));
    assert_true(cm_mapctx_label(back, 0, &t2, b2, &p2));
    assert_string_equal(t1, t2);
    assert_memory_equal(b1, b2, sizeof b1);
    size_t n1, n2;
    unsigned char *x1 = draw(f->ctx, m, &n1), *x2 = draw(f->ctx, back, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(x1, x2, n1);
    /* what needs PROJ still works on a map read back (made on first use) */
    double px, py, qx, qy;
    assert_true(cm_mapctx_lonlat_to_px(m, 66, 34, &px, &py));
    assert_true(cm_mapctx_lonlat_to_px(back, 66, 34, &qx, &qy));
    assert_true(px == qx && py == qy);
    assert_true(cm_mapctx_pcode_known("AF02", back) && cm_mapctx_pcode_known("AF0201", back) &&
                cm_mapctx_pcode_known("AF", back) && !cm_mapctx_pcode_known("AF03", back));
    /* and the hierarchy, for the timeline, with no boundaries read */
    assert_string_equal(cm_mapctx_parent(back, "AF0201"), "AF02");
    assert_string_equal(cm_mapctx_parent(back, "AF01"), "AF");
    assert_null(cm_mapctx_parent(back, "AF"));
    assert_null(cm_mapctx_parent(back, "AF03"));
    assert_int_equal(cm_ctx_status(f->ctx), CM_OK); /* the miss was not an error */
    free(x1);
    free(x2);
    cm_buf_free(&a);
    cm_buf_free(&b);
    cm_buf_free(&key);
    cm_mapctx_free(m);
    cm_mapctx_free(back);
}

static void test_damage_is_a_miss_then_rebuilt(void **state)
{
    fix *f = *state;
    cm_mapctx *m = NULL, *back;
    cm_buf key = {0}, file = {0};
    assert_int_equal(cm_mapcache_key(f->ctx, &f->src, &f->o, &key), CM_OK);
    assert_int_equal(cm_mapctx_new(f->ctx, f->gs, &f->o, &m), CM_OK);
    assert_true(cm_mapcache_store(f->ctx, f->cache, &key, m));
    char *path = cm_mapcache_path(f->cache, &key);
    assert_int_equal(cm_file_read(f->ctx, path, 0, &file), CM_OK);
    /* a flipped byte near the end: the checksum refuses it */
    file.p[file.n - 20] ^= 0x40;
    assert_int_equal(cm_file_write(f->ctx, path, file.p, file.n), CM_OK);
    assert_null(cm_mapcache_load(f->ctx, f->cache, &key, &f->o));
    cm_mapctx *d = NULL;
    cm_ctx *c2 = cm_ctx_new();
    assert_int_equal(cm_mapcache_decode(c2, file.p, file.n, &key, &f->o, &d), CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(c2), "checksum"));
    cm_ctx_clear(c2);
    /* truncated */
    file.p[file.n - 20] ^= 0x40;
    assert_int_equal(cm_mapcache_decode(c2, file.p, file.n - 8, &key, &f->o, &d), CM_PARSE);
    assert_null(d);
    cm_ctx_clear(c2);
    /* sound, but for another frame size: stale */
    cm_map_opts big = f->o;
    big.width = 1000;
    assert_int_equal(cm_mapcache_decode(c2, file.p, file.n, &key, &big, &d), CM_NOTFOUND);
    cm_ctx_free(c2);
    /* the caller's store after the miss makes it good again */
    assert_true(cm_mapcache_store(f->ctx, f->cache, &key, m));
    back = cm_mapcache_load(f->ctx, f->cache, &key, &f->o);
    assert_non_null(back);
    assert_int_equal(cm_ctx_status(f->ctx), CM_OK);
    cm_mapctx_free(back);
    cm_mapctx_free(m);
    free(path);
    cm_buf_free(&file);
    cm_buf_free(&key);
}

static void test_sources_and_options_invalidate(void **state)
{
    fix *f = *state;
    cm_mapctx *m = NULL;
    cm_buf k0 = {0}, k1 = {0}, file = {0};
    assert_int_equal(cm_mapcache_key(f->ctx, &f->src, &f->o, &k0), CM_OK);
    assert_int_equal(cm_mapctx_new(f->ctx, f->gs, &f->o, &m), CM_OK);
    assert_true(cm_mapcache_store(f->ctx, f->cache, &k0, m));
    /* the same sources and options: the same key */
    assert_int_equal(cm_mapcache_key(f->ctx, &f->src, &f->o, &k1), CM_OK);
    assert_int_equal(k0.n, k1.n);
    assert_memory_equal(k0.p, k1.p, k0.n);
    /* a shapefile rewritten (same size, another mtime): another key, a miss */
    char shp[400];
    snprintf(shp, sizeof shp, "%s/x_adm2.shp", f->bnd);
    struct timespec ts[2] = {{.tv_sec = 1000000000}, {.tv_sec = 1000000000}};
    assert_int_equal(utimensat(0, shp, ts, 0), 0);
    assert_int_equal(cm_mapcache_key(f->ctx, &f->src, &f->o, &k1), CM_OK);
    assert_false(k0.n == k1.n && !memcmp(k0.p, k1.p, k0.n));
    assert_null(cm_mapcache_load(f->ctx, f->cache, &k1, &f->o));
    /* the old file under the new key's name is refused for its key */
    char *p0 = cm_mapcache_path(f->cache, &k0);
    assert_int_equal(cm_file_read(f->ctx, p0, 0, &file), CM_OK);
    cm_mapctx *d = NULL;
    cm_ctx *c2 = cm_ctx_new();
    assert_int_equal(cm_mapcache_decode(c2, file.p, file.n, &k1, &f->o, &d), CM_NOTFOUND);
    cm_ctx_free(c2);
    /* a file added to the folder, another CRS, another size: each another key */
    cm_buf k2 = {0};
    char extra[400];
    snprintf(extra, sizeof extra, "%s/x_adm1.shp", f->bnd);
    put_file(extra, "provinces");
    assert_int_equal(cm_mapcache_key(f->ctx, &f->src, &f->o, &k2), CM_OK);
    assert_false(k2.n == k1.n && !memcmp(k2.p, k1.p, k1.n));
    cm_map_opts o2 = f->o;
    o2.crs = "EPSG:32642";
    assert_int_equal(cm_mapcache_key(f->ctx, &f->src, &o2, &k1), CM_OK);
    assert_false(k2.n == k1.n && !memcmp(k2.p, k1.p, k1.n));
    assert_non_null(strstr(k1.p, "crs EPSG:32642"));
    o2 = f->o;
    o2.height = 601;
    assert_int_equal(cm_mapcache_key(f->ctx, &f->src, &o2, &k1), CM_OK);
    assert_non_null(strstr(k1.p, "size 800 601"));
    /* the profile's CRS when none is given; the profile itself is in the key */
    assert_int_equal(cm_mapcache_key(f->ctx, &f->src, &f->o, &k1), CM_OK);
    assert_non_null(strstr(k1.p, "crs +proj=lcc"));
    assert_non_null(strstr(k1.p, "profile afghanistan "));
    static const char other[] = "profile\tother\ncountry\tAF\tX\nlayer\tcountry\tadm0\tname.en=N\n"
                                "layer\tunit\tadm2\tcode=C\tname.en=N\nside\ta\t#102030\tground\tA\n";
    cm_profile *op = NULL;
    assert_int_equal(cm_profile_parse(f->ctx, "/tmp", "/tmp", other, sizeof other - 1, &op), CM_OK);
    o2 = f->o;
    o2.profile = op;
    cm_buf k3 = {0};
    assert_int_equal(cm_mapcache_key(f->ctx, &f->src, &o2, &k3), CM_OK);
    assert_false(k3.n == k1.n && !memcmp(k3.p, k1.p, k1.n));
    assert_non_null(strstr(k3.p, "crs (default)"));
    cm_buf_free(&k3);
    cm_profile_free(op);
    /* a missing source: no key (the caller prepares without the cache) */
    cm_mapcache_src gone = {"/nonexistent/boundaries", f->ctr, NULL, false};
    cm_ctx *c3 = cm_ctx_new();
    assert_int_equal(cm_mapcache_key(c3, &gone, &f->o, &k1), CM_IO);
    cm_ctx_free(c3);
    /* an unwritable cache folder is not an error */
    assert_false(cm_mapcache_store(f->ctx, "/nonexistent/cache", &k0, m));
    assert_int_equal(cm_ctx_status(f->ctx), CM_OK);
    free(p0);
    cm_buf_free(&file);
    cm_buf_free(&k0);
    cm_buf_free(&k1);
    cm_buf_free(&k2);
    cm_mapctx_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damage_is_a_miss_then_rebuilt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sources_and_options_invalidate, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
