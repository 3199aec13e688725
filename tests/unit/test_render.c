// labels: gdal proj cairo
/* Unit tests for src/map/render and src/map/mapfile.
 *
 * Probes the drawn pixels of the real map (Panjsher to the resistance, the
 * rest of the country to the Taliban: Bazarak's point is the resistance
 * colour, Kandahar city the Taliban colour, Tajikistan and Pakistan the
 * neighbour tone), checks the scale bar and north arrow against independent
 * computations, the SVG's district ids, that cached and uncached frames and
 * frames drawn by two threads at once agree, and compares a frame of
 * synthetic polygons with tests/golden/basic/expected.png (no text; per-channel
 * tolerance and a cap on changed pixels; CM_UPDATE_GOLDEN=1 rewrites it), and
 * a map of a profile with four sides (the fourth's fill and legend swatch). */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/file.h"
#include "core/str.h"
#include "geo/geomstore.h"
#include "geo/proj.h"
#include "model/hier.h"
#include "model/timeline.h"
#include "map/mapfile.h"
#include "map/markers.h"
#include "map/render.h"
#include "map/style.h"


static const char *envor(const char *k, const char *d)
{
    const char *e = getenv(k);
    return e && *e ? e : d;
}

static void die_ctx(cm_ctx *ctx, const char *what)
{
    fail_msg("%s: %s", what, cm_ctx_message(ctx));
}

/* ---- the real map ---------------------------------------------------------------- */

typedef struct {
    cm_ctx *ctx;
    cm_profile *prof; /* afghanistan */
    cm_controller taliban, government, resistance;
    cm_geomstore *gs;
    cm_timeline *tl;
    cm_mapctx *map;
    cm_controller *ctrl;
    unsigned char *changed;
    cm_day day;
    cm_style style;
} world;

static world W;

static int world_setup_impl(void);

static int world_setup(void **state)
{
    (void)state;
    int rc = world_setup_impl();
    if (rc) print_error("setup: %s\n", cm_ctx_message(W.ctx));
    return rc;
}

static int world_setup_impl(void)
{
    W.ctx = cm_ctx_new();
    if (cm_profile_load(W.ctx, "afghanistan", CM_SOURCE_DIR, &W.prof)) return -1;
    W.taliban = cm_profile_ctrl_parse(W.prof, "taliban", 7);
    W.government = cm_profile_ctrl_parse(W.prof, "government", 10);
    W.resistance = cm_profile_ctrl_parse(W.prof, "resistance", 10);
    W.gs = cm_geomstore_new();
    W.tl = cm_timeline_new(W.prof);
    cm_style_default(&W.style, W.prof);
    if (cm_geomstore_load_admin(W.gs, W.ctx, W.prof, envor("CONFLICTMAP_BOUNDARIES", "../shared/geodata/ocha-cod-ab-2018")))
        return -1;
    const double near[4] = {45, 14, 90, 54};
    if (cm_geomstore_load_countries(W.gs, W.ctx, W.prof,
                                    envor("CONFLICTMAP_COUNTRIES", "../shared/geodata/natural-earth/countries-50m.json"),
                                    near))
        return -1;
    char path[] = "/tmp/cm_state_XXXXXX";
    int fd = mkstemp(path);
    const char *csv = "pcode,controller,valid_from\nAF,taliban,2021-08-15\nAF08,resistance,2021-08-15\n";
    if (fd < 0 || write(fd, csv, strlen(csv)) != (ssize_t)strlen(csv)) return -1;
    close(fd);
    cm_status st = cm_timeline_load_state(W.tl, W.ctx, path, cm_geomstore_pcode_known, W.gs);
    unlink(path);
    if (st) return -1;
    cm_day_parse("2021-08-21", 10, &W.day);
    cm_map_opts o = {.width = 1600, .height = 1200, .labels = CM_LABELS_EN, .cache_layers = true,
                     .profile = W.prof};
    if (cm_mapctx_new(W.ctx, W.gs, &o, &W.map)) return -1;
    cm_timeline_set_parents(W.tl, cm_mapctx_parent, W.map);
    size_t n = cm_mapctx_district_count(W.map);
    W.ctrl = calloc(n, sizeof *W.ctrl);
    W.changed = calloc(n, 1);
    cm_map_state_from_timeline(W.map, W.tl, W.day, W.ctrl, W.changed);
    return 0;
}

static int world_teardown(void **state)
{
    (void)state;
    free(W.ctrl);
    free(W.changed);
    cm_mapctx_free(W.map);
    cm_timeline_free(W.tl);
    cm_geomstore_free(W.gs);
    cm_profile_free(W.prof);
    cm_ctx_free(W.ctx);
    cm_render_release_fonts();
    return 0;
}

static cairo_surface_t *draw(const cm_mapctx *m, const cm_frame *f, int w, int h)
{
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(sf);
    cm_ctx *ctx = cm_ctx_new();
    if (cm_map_render(m, ctx, cr, f)) die_ctx(ctx, "render");
    cm_ctx_free(ctx);
    cairo_destroy(cr);
    cairo_surface_flush(sf);
    return sf;
}

static uint32_t pixel(cairo_surface_t *sf, int x, int y)
{
    const unsigned char *d = cairo_image_surface_get_data(sf);
    int stride = cairo_image_surface_get_stride(sf);
    return *(const uint32_t *)(d + (size_t)y * (size_t)stride + (size_t)x * 4) & 0xffffff;
}

static int near_colour(uint32_t px, cm_rgba c, int tol)
{
    int r = (int)(px >> 16 & 255), g = (int)(px >> 8 & 255), b = (int)(px & 255);
    return abs(r - (int)lround(c.r * 255)) <= tol && abs(g - (int)lround(c.g * 255)) <= tol &&
           abs(b - (int)lround(c.b * 255)) <= tol;
}

static void expect_at(const cm_mapctx *m, cairo_surface_t *sf, double lon, double lat, cm_rgba c, const char *what)
{
    double x, y;
    assert_true(cm_mapctx_lonlat_to_px(m, lon, lat, &x, &y));
    assert_true(x >= 0 && y >= 0 && x < 1600 && y < 1200);
    uint32_t px = pixel(sf, (int)x, (int)y);
    if (!near_colour(px, c, 2))
        fail_msg("%s (%g, %g) at pixel %d,%d is #%06x, not #%02x%02x%02x", what, lon, lat, (int)x, (int)y, px,
                 (int)lround(c.r * 255), (int)lround(c.g * 255), (int)lround(c.b * 255));
}

/* The fills at four places. Province names are left out of this frame: the
 * "Panjsher" label sits, rightly, in the middle of Panjsher, which is where
 * Bazarak's point lies; the full map is probed where no name covers it. */
static void test_probe(void **state)
{
    (void)state;
    const cm_geom_unit *baz = cm_geomstore_find(W.gs, "AF0801");
    assert_non_null(baz);
    assert_string_equal(baz->name_en, "Bazarak");
    size_t n = cm_mapctx_district_count(W.map), nres = 0;
    for (size_t i = 0; i < n; i++) {
        const char *pc = cm_mapctx_district_pcode(W.map, i);
        cm_controller want = !strncmp(pc, "AF08", 4) ? W.resistance : W.taliban;
        assert_int_equal(W.ctrl[i], want);
        nres += want == W.resistance;
    }
    assert_int_equal(nres, 7);
    cm_frame f = {.day = W.day, .ctrl = W.ctrl, .changed = W.changed};
    cm_ctx *ctx = cm_ctx_new();
    cm_mapctx *plain = NULL;
    cm_map_opts o = {.width = 1600, .height = 1200, .labels = CM_LABELS_NONE, .profile = W.prof};
    if (cm_mapctx_new(ctx, W.gs, &o, &plain)) die_ctx(ctx, "map");
    cairo_surface_t *sf = draw(plain, &f, 1600, 1200);
    expect_at(plain, sf, baz->in_lon_deg, baz->in_lat_deg, cm_style_ctrl_fill(&W.style, W.resistance), "Bazarak");
    expect_at(plain, sf, 65.71, 31.61, cm_style_ctrl_fill(&W.style, W.taliban), "Kandahar city");
    expect_at(plain, sf, 70.3, 38.4, W.style.neighbour, "Tajikistan");
    expect_at(plain, sf, 67.5, 30.0, W.style.neighbour, "Pakistan (Balochistan)");
    if (getenv("CM_KEEP")) cairo_surface_write_to_png(sf, "test_render_probe.png");
    cairo_surface_destroy(sf);
    cm_mapctx_free(plain);
    /* the full map, names and all */
    sf = draw(W.map, &f, 1600, 1200);
    expect_at(W.map, sf, 65.71, 31.61, cm_style_ctrl_fill(&W.style, W.taliban), "Kandahar city");
    const cm_geom_unit *par = cm_geomstore_find(W.gs, "AF0807");
    assert_string_equal(par->name_en, "Paryan");
    expect_at(W.map, sf, par->in_lon_deg, par->in_lat_deg, cm_style_ctrl_fill(&W.style, W.resistance), "Paryan (Panjsher)");
    expect_at(W.map, sf, 70.3, 38.4, W.style.neighbour, "Tajikistan");
    expect_at(W.map, sf, 67.5, 30.0, W.style.neighbour, "Pakistan (Balochistan)");
    if (getenv("CM_KEEP")) cairo_surface_write_to_png(sf, "test_render_full.png");
    cairo_surface_destroy(sf);
    cm_ctx_free(ctx);
}

/* The scale bar's metres per pixel, against the geodesic between two
 * projected points near the centre; the north arrow against the convergence
 * of the Lambert conic, n (lon - lon0). */
static void test_scale_north(void **state)
{
    (void)state;
    double x0, y0, x1, y1;
    assert_true(cm_mapctx_lonlat_to_px(W.map, 67.2, 33.9, &x0, &y0));
    assert_true(cm_mapctx_lonlat_to_px(W.map, 68.2, 33.9, &x1, &y1));
    double ground = cm_geodesic_m(67.2, 33.9, 68.2, 33.9), px = hypot(x1 - x0, y1 - y0);
    double mpp = cm_mapctx_m_per_px(W.map);
    assert_true(fabs(ground / px / mpp - 1) < 0.005);
    assert_true(mpp > 700 && mpp < 1200); /* Afghanistan, ~1400 km, in ~1600 px */
    double p1 = 32 * M_PI / 180, p2 = 37 * M_PI / 180;
    double nn = log(cos(p1) / cos(p2)) / log(tan(M_PI / 4 + p2 / 2) / tan(M_PI / 4 + p1 / 2));
    double north = cm_mapctx_north_deg(W.map);
    /* the view's centre lies between 67.4 and 68 E */
    assert_true(north < -nn * (67.4 - 66) && north > -nn * (68 - 66));

    cm_ctx *ctx = cm_ctx_new();
    cm_mapctx *geo = NULL, *utm = NULL;
    cm_map_opts o = {.width = 800, .height = 600, .crs = "EPSG:4326", .labels = CM_LABELS_NONE, .no_text = true,
                     .profile = W.prof};
    if (cm_mapctx_new(ctx, W.gs, &o, &geo)) die_ctx(ctx, "4326");
    assert_true(fabs(cm_mapctx_north_deg(geo)) < 1e-6);
    o.crs = "32642"; /* UTM 42N, central meridian 69 E: west of it true north leans east */
    if (cm_mapctx_new(ctx, W.gs, &o, &utm)) die_ctx(ctx, "32642");
    assert_true(cm_mapctx_north_deg(utm) > 0.4 && cm_mapctx_north_deg(utm) < 1.2);
    cm_mapctx_free(geo);
    cm_mapctx_free(utm);
    o.crs = "EPSG:999999";
    cm_mapctx *bad = NULL;
    assert_int_equal(cm_mapctx_new(ctx, W.gs, &o, &bad), CM_PROJ);
    assert_null(bad);
    cm_ctx_free(ctx);
}

/* Even-odd test of frame point (x, y) against unit u projected to the frame. */
static int inside_px(const cm_mapctx *m, const cm_geom_unit *u, double x, double y)
{
    int in = 0;
    const cm_rings *r = &u->rings;
    for (uint32_t k = 0; k < r->nrings; k++) {
        uint32_t a = r->ring[k], b = r->ring[k + 1];
        double px, py, qx, qy;
        cm_mapctx_lonlat_to_px(m, r->xy[2 * (b - 1)], r->xy[2 * (b - 1) + 1], &qx, &qy);
        for (uint32_t i = a; i < b; i++) {
            cm_mapctx_lonlat_to_px(m, r->xy[2 * i], r->xy[2 * i + 1], &px, &py);
            if ((py > y) != (qy > y) && x < (qx - px) * (y - py) / (qy - py) + px) in = !in;
            qx = px, qy = py;
        }
    }
    return in;
}

/* Every province named, inside its province, no two names overlapping, and
 * none under the legend or the scale bar; likewise in Dari. */
static void check_labels(const cm_mapctx *m, int dari)
{
    size_t n = cm_mapctx_label_count(m), nprov = 0;
    double b[64][4];
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++) {
        const char *text;
        bool prov;
        assert_true(cm_mapctx_label(m, i, &text, b[i], &prov));
        for (size_t j = 0; j < i; j++) {
            int apart = b[i][0] + b[i][2] <= b[j][0] || b[j][0] + b[j][2] <= b[i][0] || b[i][1] + b[i][3] <= b[j][1] ||
                        b[j][1] + b[j][3] <= b[i][1];
            if (!apart) fail_msg("names %zu and %zu overlap", i, j);
        }
        if (!prov) continue;
        nprov++;
        const cm_geom_unit *u = NULL;
        for (size_t k = 0; k < cm_geomstore_count(W.gs, CM_GEOM_PROVINCE); k++) {
            const cm_geom_unit *p = cm_geomstore_get(W.gs, CM_GEOM_PROVINCE, k);
            if (!strcmp(dari ? p->name_da : p->name_en, text)) u = p;
        }
        if (!u) fail_msg("label '%s' names no province", text);
        if (!inside_px(m, u, b[i][0] + b[i][2] / 2, b[i][1] + b[i][3] / 2))
            fail_msg("the name of %s is not inside it", u->name_en);
        assert_true(b[i][0] >= 0 && b[i][1] >= 0 && b[i][0] + b[i][2] <= 1600 && b[i][1] + b[i][3] <= 1200);
    }
    assert_int_equal(nprov, dari ? nprov : 34);
    assert_true(nprov >= 31);
    assert_true(n > nprov); /* and some neighbouring countries */
}

static void test_labels(void **state)
{
    (void)state;
    check_labels(W.map, 0);
    cm_ctx *ctx = cm_ctx_new();
    cm_mapctx *d = NULL;
    cm_map_opts o = {.width = 1600, .height = 1200, .labels = CM_LABELS_DARI, .profile = W.prof, .labels_lang = "fa"};
    if (cm_mapctx_new(ctx, W.gs, &o, &d)) die_ctx(ctx, "dari");
    check_labels(d, 1);
    cm_mapctx_free(d);
    cm_ctx_free(ctx);
}

static void test_svg(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_mapctx *vm = NULL;
    cm_map_opts o = {.width = 1600, .height = 1200, .labels = CM_LABELS_EN, .vector = true, .profile = W.prof};
    if (cm_mapctx_new(ctx, W.gs, &o, &vm)) die_ctx(ctx, "vector map");
    char path[] = "/tmp/cm_render_XXXXXX.svg";
    int fd = mkstemps(path, 4);
    close(fd);
    cm_frame f = {.day = W.day, .ctrl = W.ctrl, .changed = W.changed};
    if (cm_map_write(vm, ctx, &f, path)) die_ctx(ctx, "svg");
    cm_buf b = {0};
    assert_int_equal(cm_file_read(ctx, path, 0, &b), CM_OK);
    size_t n = 0;
    for (const char *p = b.p; (p = strstr(p, "class=\"district\"")); p++) n++;
    assert_int_equal(n, 399);
    assert_non_null(strstr(b.p, "<path id=\"AF0801\" class=\"district\""));
    assert_null(strstr(b.p, "fill:rgb(0.392157%")); /* no mark left */
    assert_non_null(strstr(b.p, "</svg>"));
    cm_buf_free(&b);
    unlink(path);
    cm_mapctx_free(vm);
    cm_ctx_free(ctx);
}

/* Cached layers give the same picture as drawing everything. */
static void test_cached_equals_direct(void **state)
{
    (void)state;
    cm_frame f = {.day = W.day, .ctrl = W.ctrl, .changed = W.changed};
    cairo_surface_t *a = draw(W.map, &f, 1600, 1200);
    /* a translation by 0 is still identity; a scaled context disables the cache */
    cairo_surface_t *b = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1600, 1200);
    cairo_t *cr = cairo_create(b);
    cairo_scale(cr, 1.0000001, 1.0000001);
    cm_ctx *ctx = cm_ctx_new();
    assert_int_equal(cm_map_render(W.map, ctx, cr, &f), CM_OK);
    cairo_destroy(cr);
    cairo_surface_flush(b);
    size_t diff = 0;
    for (int y = 0; y < 1200; y++)
        for (int x = 0; x < 1600; x++) {
            uint32_t p = pixel(a, x, y), q = pixel(b, x, y);
            for (int s = 0; s < 24; s += 8)
                if (abs((int)(p >> s & 255) - (int)(q >> s & 255)) > 40) {
                    diff++;
                    break;
                }
        }
    /* anti-aliased edges composite a little differently */
    assert_true(diff < 1600 * 1200 / 200);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
    cm_ctx_free(ctx);
}

typedef struct {
    cm_frame f;
    cairo_surface_t *out;
} job;

static void *worker(void *p)
{
    job *j = p;
    j->out = draw(W.map, &j->f, 1600, 1200);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    size_t n = cm_mapctx_district_count(W.map);
    cm_controller *other = calloc(n, sizeof *other);
    for (size_t i = 0; i < n; i++) other[i] = (cm_controller)(i % CM_CTRL_COUNT);
    job jobs[4] = {{{.day = W.day, .ctrl = W.ctrl, .changed = W.changed}, NULL},
                   {{.day = W.day + 1, .ctrl = other}, NULL},
                   {{.day = W.day, .ctrl = W.ctrl, .changed = W.changed}, NULL},
                   {{.day = W.day + 1, .ctrl = other}, NULL}};
    pthread_t t[4];
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    cairo_surface_t *seq = draw(W.map, &jobs[1].f, 1600, 1200);
    size_t bytes = (size_t)cairo_image_surface_get_stride(seq) * 1200;
    assert_memory_equal(cairo_image_surface_get_data(jobs[0].out), cairo_image_surface_get_data(jobs[2].out), bytes);
    assert_memory_equal(cairo_image_surface_get_data(jobs[1].out), cairo_image_surface_get_data(seq), bytes);
    assert_memory_equal(cairo_image_surface_get_data(jobs[3].out), cairo_image_surface_get_data(seq), bytes);
    for (int i = 0; i < 4; i++) cairo_surface_destroy(jobs[i].out);
    cairo_surface_destroy(seq);
    free(other);
}

/* ---- golden image ------------------------------------------------------------------- */

static cm_geom_level level_of(const char *s)
{
    if (!strcmp(s, "country")) return CM_GEOM_COUNTRY;
    if (!strcmp(s, "province")) return CM_GEOM_PROVINCE;
    if (!strcmp(s, "district")) return CM_GEOM_DISTRICT;
    return CM_GEOM_NEIGHBOUR;
}

static void write_png(cairo_surface_t *sf, const char *path)
{
    cm_ctx *ctx = cm_ctx_new();
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(cm_png_write(ctx, sf, fp, path), CM_OK);
    fclose(fp);
    cm_ctx_free(ctx);
}

static void test_golden(void **state)
{
    (void)state;
    const char *src = envor("CM_SOURCE", ".");
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/tests/golden/basic", src);
    cm_ctx *ctx = cm_ctx_new();
    cm_geomstore *gs = cm_geomstore_new();
    cm_buf b = {0};
    snprintf(path, sizeof path, "%s/units.tsv", dir);
    assert_int_equal(cm_file_read(ctx, path, 0, &b), CM_OK);
    for (char *line = strtok(b.p, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#') continue;
        char *f[5] = {0};
        int k = 0;
        for (char *p = line; k < 5; k++) {
            f[k] = p;
            char *tab = strchr(p, '\t');
            if (!tab) break;
            *tab = 0;
            p = tab + 1;
        }
        assert_int_equal(k, 4);
        if (cm_geomstore_add_wkt(gs, ctx, level_of(f[0]), f[1], f[2], f[3], NULL, f[4])) die_ctx(ctx, "units.tsv");
    }
    cm_buf_free(&b);
    cm_timeline *tl = cm_timeline_new(W.prof);
    snprintf(path, sizeof path, "%s/state.csv", dir);
    if (cm_timeline_load_state(tl, ctx, path, cm_geomstore_pcode_known, gs)) die_ctx(ctx, "state.csv");
    cm_day day;
    cm_day_parse("2021-08-21", 10, &day);
    cm_markers *mk = NULL;
    snprintf(path, sizeof path, "%s/markers.jsonl", dir);
    if (cm_markers_load(ctx, path, day, &mk)) die_ctx(ctx, "markers.jsonl");
    assert_int_equal(cm_markers_count(mk), 8);

    cm_style big;
    cm_style_default(&big, W.prof);
    big.marker_size = 40; /* the frame is small; let the symbols show */
    cm_map_opts o = {.width = 480, .height = 360, .labels = CM_LABELS_NONE, .style = &big, .no_text = true,
                     .profile = W.prof};
    cm_mapctx *m = NULL;
    if (cm_mapctx_new(ctx, gs, &o, &m)) die_ctx(ctx, "golden map");
    cm_timeline_set_parents(tl, cm_mapctx_parent, m); /* the units' parents of units.tsv */
    size_t n = cm_mapctx_district_count(m);
    cm_controller ctrl[8];
    unsigned char changed[8];
    assert_int_equal(n, 5);
    cm_map_state_from_timeline(m, tl, day, ctrl, changed);
    const cm_controller want[5] = {W.taliban, W.government, CM_CTRL_CONTESTED, W.resistance, CM_CTRL_NONE};
    for (size_t i = 0; i < n; i++) assert_int_equal(ctrl[i], want[i]);
    assert_int_equal(changed[3], 1);
    assert_int_equal(changed[0] + changed[1] + changed[2] + changed[4], 0);
    cm_frame f = {.day = day, .ctrl = ctrl, .changed = changed, .markers = cm_markers_get(mk),
                  .nmarkers = cm_markers_count(mk)};
    cairo_surface_t *act = draw(m, &f, 480, 360);

    snprintf(path, sizeof path, "%s/expected.png", dir);
    if (getenv("CM_UPDATE_GOLDEN")) {
        write_png(act, path);
        print_message("golden: wrote %s\n", path);
    }
    cairo_surface_t *exp = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(exp)) fail_msg("cannot read %s (CM_UPDATE_GOLDEN=1 makes it)", path);
    assert_int_equal(cairo_image_surface_get_width(exp), 480);
    assert_int_equal(cairo_image_surface_get_height(exp), 360);
    /* per channel within 8 of 255; at most 0.5% of the pixels beyond that */
    cairo_surface_t *diff = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 480, 360);
    unsigned char *dd = cairo_image_surface_get_data(diff);
    int dstride = cairo_image_surface_get_stride(diff);
    size_t bad = 0;
    for (int y = 0; y < 360; y++)
        for (int x = 0; x < 480; x++) {
            uint32_t p = pixel(act, x, y), q = pixel(exp, x, y);
            int worst = 0;
            for (int s = 0; s < 24; s += 8) {
                int d = abs((int)(p >> s & 255) - (int)(q >> s & 255));
                if (d > worst) worst = d;
            }
            uint32_t *o2 = (uint32_t *)(dd + (size_t)y * (size_t)dstride) + x;
            *o2 = worst > 8 ? 0xff0000 : (q >> 2 & 0x3f3f3f) + 0xa0a0a0;
            bad += worst > 8;
        }
    cairo_surface_mark_dirty(diff);
    if (bad > 480 * 360 / 200) {
        char a[4200], d[4200];
        const char *bd = envor("CM_BUILD", ".");
        snprintf(a, sizeof a, "%s/golden-basic-actual.png", bd);
        snprintf(d, sizeof d, "%s/golden-basic-diff.png", bd);
        write_png(act, a);
        write_png(diff, d);
        fail_msg("golden basic: %zu pixels differ (cap %d); see %s and %s", bad, 480 * 360 / 200, a, d);
    }
    cairo_surface_destroy(diff);
    cairo_surface_destroy(exp);
    cairo_surface_destroy(act);
    cm_mapctx_free(m);
    cm_markers_free(mk);
    cm_timeline_free(tl);
    cm_geomstore_free(gs);
    cm_ctx_free(ctx);
}

/* ---- a profile of four sides ------------------------------------------------------- */

/* Four ground sides (the fourth, west, magenta) on the real boundaries; with
 * ground "no-ground" the fourth holds none. extra: more directives. */
static cm_profile *four_sides(const char *west_ground, const char *extra)
{
    char text[1200];
    snprintf(text, sizeof text,
             "profile\tfour\ncountry\tAF\tTestland\n"
             "layer\tcountry\tadm0\tcode=ADM0_PCODE\tname.en=ADM0_EN\n"
             "layer\tunit\tadm2\tcode=ADM2_PCODE\tparent=ADM1_PCODE\tname.en=ADM2_EN\n"
             "side\tnorth\t#c08040\tground\tNorth\nside\teast\t#4080c0\tground\tEast\n"
             "side\tsouth\t#40a060\tground\tSouth\nside\twest\t#ff00ff\t%s\tWest\n"
             "crs\t%s\nsubtitle\tTestland on %%s\nattribution\tData: made up\n%s",
             west_ground, cm_profile_crs(W.prof), extra);
    cm_profile *p = NULL;
    if (cm_profile_parse(W.ctx, "/tmp", "/tmp", text, strlen(text), &p)) die_ctx(W.ctx, "four sides");
    return p;
}

/* Pixels of exactly colour c. */
static size_t count_colour(cairo_surface_t *sf, int w, int h, cm_rgba c)
{
    size_t n = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) n += near_colour(pixel(sf, x, y), c, 0);
    return n;
}

static void test_four_sides(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_profile *p = four_sides("ground", "");
    cm_controller north = cm_profile_ctrl_parse(p, "north", 5), west = cm_profile_ctrl_parse(p, "west", 4);
    assert_int_equal(west, 4);
    cm_map_opts o = {.width = 1600, .height = 1200, .labels = CM_LABELS_NONE, .profile = p};
    cm_mapctx *m = NULL;
    if (cm_mapctx_new(ctx, W.gs, &o, &m)) die_ctx(ctx, "four-side map");
    cm_timeline *tl = cm_timeline_new(p);
    cm_timeline_set_parents(tl, cm_mapctx_parent, m);
    char path[] = "/tmp/cm_four_XXXXXX";
    int fd = mkstemp(path);
    const char *csv = "pcode,controller,valid_from\nAF,north,2022-03-01\nAF08,west,2022-03-02\n";
    assert_int_equal(write(fd, csv, strlen(csv)), (ssize_t)strlen(csv));
    close(fd);
    if (cm_timeline_load_state(tl, ctx, path, cm_mapctx_pcode_known, m)) die_ctx(ctx, "four-side state");
    unlink(path);
    size_t n = cm_mapctx_district_count(m);
    cm_controller *ctrl = calloc(n, sizeof *ctrl);
    cm_day day;
    cm_day_parse("2022-03-05", 10, &day);
    cm_map_state_from_timeline(m, tl, day, ctrl, NULL);
    cm_style st;
    cm_style_default(&st, p);
    cm_rgba magenta = cm_style_ctrl_fill(&st, west), ochre = cm_style_ctrl_fill(&st, north);
    assert_true(magenta.r == 1 && magenta.g == 0 && magenta.b == 1);
    cm_frame f = {.day = day, .ctrl = ctrl};
    cairo_surface_t *sf = draw(m, &f, 1600, 1200);
    const cm_geom_unit *baz = cm_geomstore_find(W.gs, "AF0801");
    expect_at(m, sf, baz->in_lon_deg, baz->in_lat_deg, magenta, "Bazarak, held by the fourth side");
    expect_at(m, sf, 65.71, 31.61, ochre, "Kandahar city, held by the first");
    if (getenv("CM_KEEP")) cairo_surface_write_to_png(sf, "test_render_four.png");
    cairo_surface_destroy(sf);
    /* a day before the fourth side holds anything: its colour is only the
     * legend's swatch */
    cm_map_state_from_timeline(m, tl, day - 4, ctrl, NULL);
    sf = draw(m, &f, 1600, 1200);
    size_t swatch = count_colour(sf, 1600, 1200, magenta);
    assert_true(swatch > 200 && swatch < 1000); /* 26 x 15 px, less its outline */
    cairo_surface_destroy(sf);
    cm_mapctx_free(m);
    cm_timeline_free(tl);
    cm_profile_free(p);
    /* the same side holding no ground: no controller, no legend row */
    p = four_sides("no-ground", "");
    o.profile = p;
    if (cm_mapctx_new(ctx, W.gs, &o, &m)) die_ctx(ctx, "three-side map");
    sf = draw(m, &f, 1600, 1200);
    assert_int_equal(count_colour(sf, 1600, 1200, magenta), 0);
    cairo_surface_destroy(sf);
    cm_mapctx_free(m);
    cm_profile_free(p);
    /* the profile's view is the default view: its centre in the middle of
     * the frame, Kandahar outside it */
    p = four_sides("ground", "view\t68\t34\t71\t37\n");
    o.profile = p;
    if (cm_mapctx_new(ctx, W.gs, &o, &m)) die_ctx(ctx, "map of the profile's view");
    double x, y;
    assert_true(cm_mapctx_lonlat_to_px(m, 69.5, 35.5, &x, &y));
    assert_true(fabs(x - 800) < 40 && y > 450 && y < 750);
    assert_true(cm_mapctx_lonlat_to_px(m, 65.71, 31.61, &x, &y));
    assert_true(x < 0 || y > 1200);
    cm_mapctx_free(m);
    cm_profile_free(p);
    free(ctrl);
    cm_ctx_free(ctx);
}

static void test_errors(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_mapctx *m = NULL;
    cm_map_opts o = {.width = 10, .height = 10, .labels = CM_LABELS_EN, .profile = W.prof};
    assert_int_equal(cm_mapctx_new(ctx, W.gs, &o, &m), CM_RANGE);
    const double bb[4] = {70, 35, 69, 36};
    cm_map_opts o2 = {.width = 800, .height = 600, .bbox = bb, .labels = CM_LABELS_EN, .profile = W.prof};
    assert_int_equal(cm_mapctx_new(ctx, W.gs, &o2, &m), CM_RANGE);
    cm_geomstore *empty = cm_geomstore_new();
    cm_map_opts o3 = {.width = 800, .height = 600, .labels = CM_LABELS_EN, .profile = W.prof};
    assert_int_equal(cm_mapctx_new(ctx, empty, &o3, &m), CM_NOTFOUND);
    assert_null(m);
    cm_geomstore_free(empty);
    /* unwritable output and an unknown format leave nothing behind */
    cm_frame f = {.day = W.day, .ctrl = W.ctrl, .changed = W.changed};
    cm_ctx_clear(ctx);
    assert_int_equal(cm_map_write(W.map, ctx, &f, "/nonexistent/dir/map.png"), CM_IO);
    assert_non_null(strstr(cm_ctx_message(ctx), "/nonexistent/dir/map.png"));
    cm_ctx_clear(ctx);
    assert_int_equal(cm_map_write(W.map, ctx, &f, "/tmp/map.jpg"), CM_USAGE);
    assert_false(cm_path_exists("/tmp/map.jpg"));
    cm_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probe),   cmocka_unit_test(test_scale_north), cmocka_unit_test(test_labels),
        cmocka_unit_test(test_svg),     cmocka_unit_test(test_cached_equals_direct),
        cmocka_unit_test(test_threads), cmocka_unit_test(test_golden),
        cmocka_unit_test(test_four_sides), cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, world_setup, world_teardown);
}
