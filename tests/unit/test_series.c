// labels: cairo
/* Unit tests for src/map/series: title-only reuse gives the same pixels as a
 * whole frame, re-runs keep unchanged frames, an interrupted run is finished
 * to the same bytes, staleness fades, and the APNG animation is well formed. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/file.h"
#include "geo/geomstore.h"
#include "map/render.h"
#include "map/series.h"

static cm_geomstore *gs;
static cm_mapctx *map;
static cm_ctx *ctx;
static cm_profile *prof; /* afghanistan: taliban 1, resistance 3 */
static char dir[64];
enum { TALIBAN = 1, RESISTANCE = 3 };

/* A timeline of the profile, with the hierarchy of the map's units. */
static cm_timeline *new_tl(void)
{
    cm_timeline *tl = cm_timeline_new(prof);
    assert_non_null(tl);
    cm_timeline_set_parents(tl, cm_mapctx_parent, map);
    return tl;
}

static cm_day D(const char *s)
{
    cm_day d;
    if (!cm_day_parse(s, strlen(s), &d)) abort();
    return d;
}

static int setup(void **state)
{
    (void)state;
    ctx = cm_ctx_new();
    if (cm_profile_load(ctx, "afghanistan", CM_SOURCE_DIR, &prof)) return -1;
    gs = cm_geomstore_new();
    static const char *units[][5] = {
        {"AF", "", "Testland", "POLYGON ((66 33, 70 33, 70 36, 66 36, 66 33))"},
        {"AF01", "AF", "West", "POLYGON ((66 33, 68 33, 68 36, 66 36, 66 33))"},
        {"AF02", "AF", "East", "POLYGON ((68 33, 70 33, 70 36, 68 36, 68 33))"},
        {"AF0101", "AF01", "One", "POLYGON ((66 33, 68 33, 68 34.5, 66 34.5, 66 33))"},
        {"AF0102", "AF01", "Two", "POLYGON ((66 34.5, 68 34.5, 68 36, 66 36, 66 34.5))"},
        {"AF0201", "AF02", "Three", "POLYGON ((68 33, 70 33, 70 36, 68 36, 68 33))"},
    };
    for (size_t i = 0; i < 6; i++) {
        cm_geom_level lv = i == 0 ? CM_GEOM_COUNTRY : i < 3 ? CM_GEOM_PROVINCE : CM_GEOM_DISTRICT;
        if (cm_geomstore_add_wkt(gs, ctx, lv, units[i][0], units[i][1], units[i][2], NULL, units[i][3])) return -1;
    }
    cm_map_opts o = {.width = 480, .height = 360, .labels = CM_LABELS_EN, .cache_layers = true, .profile = prof};
    if (cm_mapctx_new(ctx, gs, &o, &map)) return -1;
    snprintf(dir, sizeof dir, "/tmp/cmseriesXXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) return -1;
    cm_mapctx_free(map);
    cm_geomstore_free(gs);
    cm_profile_free(prof);
    cm_ctx_free(ctx);
    cm_render_release_fonts();
    return 0;
}

static cairo_surface_t *draw(const cm_frame *f)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 480, 360);
    cairo_t *cr = cairo_create(s);
    assert_int_equal(cm_map_render(map, ctx, cr, f), CM_OK);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

static int same_pixels(cairo_surface_t *a, cairo_surface_t *b)
{
    int h = cairo_image_surface_get_height(a), stride = cairo_image_surface_get_stride(a);
    return !memcmp(cairo_image_surface_get_data(a), cairo_image_surface_get_data(b), (size_t)(h * stride));
}

static void test_title_reuse(void **state)
{
    (void)state;
    cm_controller ctrl[3] = {TALIBAN, RESISTANCE, CM_CTRL_CONTESTED};
    cm_frame a = {.day = D("2021-08-20"), .ctrl = ctrl};
    cm_frame b = {.day = D("2021-09-30"), .ctrl = ctrl};
    cairo_surface_t *sa = draw(&a), *sb = draw(&b);
    assert_false(same_pixels(sa, sb)); /* the titles differ */
    cairo_t *cr = cairo_create(sa);
    assert_int_equal(cm_map_render_title(map, ctx, cr, b.day), CM_OK);
    cairo_destroy(cr);
    cairo_surface_flush(sa);
    assert_true(same_pixels(sa, sb)); /* title redrawn = whole frame */
    cairo_surface_destroy(sa);
    cairo_surface_destroy(sb);
}

static void test_staleness(void **state)
{
    (void)state;
    cm_timeline *tl = new_tl();
    cm_tl_fact f = {.pcode = "AF01", .ctrl = TALIBAN, .from = D("2021-08-01"), .to = CM_DAY_NONE};
    assert_int_equal(cm_timeline_add(tl, ctx, &f), CM_OK);
    float fade[3];
    cm_map_staleness_from_timeline(map, tl, D("2021-08-01"), fade);
    assert_true(fade[0] == 0.0f);
    cm_map_staleness_from_timeline(map, tl, D("2021-08-15"), fade); /* one half-life (14 days) */
    assert_true(fade[0] > 0.49f && fade[0] < 0.51f);
    assert_true(fade[2] == 0.0f); /* never reported: no information already */
    cm_map_staleness_from_timeline(map, tl, D("2022-08-01"), fade);
    assert_true(fade[0] <= 0.75f);
    cm_timeline_free(tl);
}

static cm_buf slurp(const char *name)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    cm_buf b = {0};
    if (cm_file_read(ctx, p, 0, &b)) fail_msg("cannot read %s", p);
    return b;
}

static void test_series_runs(void **state)
{
    (void)state;
    cm_timeline *tl = new_tl();
    cm_tl_fact f = {.pcode = "AF", .ctrl = TALIBAN, .from = D("2021-08-15"), .to = CM_DAY_NONE};
    assert_int_equal(cm_timeline_add(tl, ctx, &f), CM_OK);
    f = (cm_tl_fact){.pcode = "AF0201", .ctrl = RESISTANCE, .from = D("2021-08-18"), .to = CM_DAY_NONE};
    assert_int_equal(cm_timeline_add(tl, ctx, &f), CM_OK);
    char out[128];
    snprintf(out, sizeof out, "%s/maps", dir);
    cm_series_opts o = {.map = map, .tl = tl, .from = D("2021-08-14"), .to = D("2021-08-23"), .dir = out,
                        .formats = CM_SERIES_PNG | CM_SERIES_SVG, .jobs = 2, .fingerprint = "test"};
    cm_series_stats s;
    assert_int_equal(cm_series_run(ctx, &o, &s), CM_OK);
    assert_int_equal(s.frames, 20);
    assert_int_equal(s.kept, 0);
    /* PNG: days 14, 15 (change), 16 (changed-outline gone), 18 (change), 19 drawn per run of days;
     * the others reuse; SVG always drawn. */
    assert_true(s.reused >= 3);
    assert_int_equal(s.drawn + s.reused, 20);
    cm_buf first = slurp("maps/2021-08-20.png");
    cm_buf first_svg = slurp("maps/2021-08-21.svg");
    /* A re-run with nothing changed keeps every frame. */
    assert_int_equal(cm_series_run(ctx, &o, &s), CM_OK);
    assert_int_equal(s.kept, 20);
    assert_int_equal(s.drawn + s.reused, 0);
    /* An interrupted run: frames missing, the manifest stale, a temporary
     * file left behind. The next run finishes to the same bytes. */
    char p[256];
    snprintf(p, sizeof p, "%s/2021-08-20.png", out);
    unlink(p);
    snprintf(p, sizeof p, "%s/2021-08-21.svg", out);
    unlink(p);
    snprintf(p, sizeof p, "%s/2021-08-22.png.tmp123abcdef", out);
    FILE *fp = fopen(p, "w");
    fputs("partial", fp);
    fclose(fp);
    o.jobs = 1;
    assert_int_equal(cm_series_run(ctx, &o, &s), CM_OK);
    assert_int_equal(s.kept, 18);
    assert_false(cm_path_exists(p));
    cm_buf again = slurp("maps/2021-08-20.png"), again_svg = slurp("maps/2021-08-21.svg");
    assert_int_equal(again.n, first.n);
    assert_memory_equal(again.p, first.p, first.n);
    assert_int_equal(again_svg.n, first_svg.n);
    assert_memory_equal(again_svg.p, first_svg.p, first_svg.n);
    cm_buf_free(&again);
    cm_buf_free(&again_svg);
    cm_buf_free(&first_svg);
    /* New facts redraw only the days they change. */
    f = (cm_tl_fact){.pcode = "AF0101", .ctrl = CM_CTRL_CONTESTED, .from = D("2021-08-22"), .to = CM_DAY_NONE};
    assert_int_equal(cm_timeline_add(tl, ctx, &f), CM_OK);
    assert_int_equal(cm_series_run(ctx, &o, &s), CM_OK);
    assert_int_equal(s.kept, 16);
    assert_int_equal(s.drawn + s.reused, 4);
    /* The animation: one APNG frame per day. */
    char apng[160];
    snprintf(apng, sizeof apng, "%s/anim.png", dir);
    assert_int_equal(cm_series_animate(ctx, &o, apng, 250), CM_OK);
    cm_buf a = slurp("anim.png");
    assert_memory_equal(a.p, "\x89PNG\r\n\x1a\n", 8);
    const char *actl = memmem(a.p, a.n, "acTL", 4);
    assert_non_null(actl);
    assert_int_equal((unsigned char)actl[7], 10); /* num_frames */
    size_t nfctl = 0;
    for (const char *q = a.p; (q = memmem(q, a.n - (size_t)(q - a.p), "fcTL", 4)); q += 4) nfctl++;
    assert_int_equal(nfctl, 10);
    cm_buf_free(&a);
    cm_buf_free(&first);
    /* Errors. */
    o.to = D("2021-08-01");
    assert_int_equal(cm_series_run(ctx, &o, &s), CM_USAGE);
    cm_ctx_clear(ctx);
    o.to = D("2021-08-23");
    o.dir = "/nonexistent/dir/maps";
    assert_int_equal(cm_series_run(ctx, &o, &s), CM_IO);
    assert_non_null(strstr(cm_ctx_message(ctx), "/nonexistent/dir/maps"));
    cm_ctx_clear(ctx);
    cm_timeline_free(tl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_reuse),
        cmocka_unit_test(test_staleness),
        cmocka_unit_test(test_series_runs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
