/* bench_frames: times the phases of `conflictmap render` inside one process —
 * loading the boundaries, preparing the map (projection, simplification,
 * label placement) and per-frame drawing and encoding — so that series
 * rendering's per-frame cost can be read apart from start-up. Built and run
 * by bench/render/run; not part of the test suite. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "geo/geomstore.h"
#include "model/timeline.h"
#include "out/mapfile.h"
#include "out/render.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void die(cm_ctx *ctx, cm_status st)
{
    fprintf(stderr, "bench_frames: %s (%s)\n", cm_ctx_message(ctx), cm_status_name(st));
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: bench_frames BOUNDARIES COUNTRIES STATE OUTDIR FRAMES [W H]\n");
        return 2;
    }
    int frames = atoi(argv[5]), W = argc > 7 ? atoi(argv[6]) : 1600, H = argc > 7 ? atoi(argv[7]) : 1200;
    cm_ctx *ctx = cm_ctx_new();
    cm_status st;
    double t0 = now_ms();
    cm_geomstore *gs = cm_geomstore_new();
    if ((st = cm_geomstore_load_admin(gs, ctx, argv[1]))) die(ctx, st);
    double t1 = now_ms();
    const double near[4] = {45.5, 14.4, 89.9, 53.5};
    if ((st = cm_geomstore_load_countries(gs, ctx, argv[2], near))) die(ctx, st);
    double t2 = now_ms();
    cm_timeline *tl = cm_timeline_new();
    if ((st = cm_timeline_load_state(tl, ctx, argv[3], cm_geomstore_pcode_known, gs))) die(ctx, st);
    cm_map_opts o = {W, H, NULL, NULL, CM_LABELS_EN, NULL, false, false, true};
    cm_mapctx *m = NULL;
    if ((st = cm_mapctx_new(ctx, gs, &o, &m))) die(ctx, st);
    double t3 = now_ms();
    o.vector = true;
    cm_mapctx *mv = NULL;
    if ((st = cm_mapctx_new(ctx, gs, &o, &mv))) die(ctx, st);
    double t4 = now_ms();
    size_t nd = cm_mapctx_district_count(m);
    cm_controller *ctrl = calloc(nd, sizeof *ctrl);
    unsigned char *ch = calloc(nd, 1);
    cm_day day0;
    cm_day_parse("2021-08-01", 10, &day0);
    double draw = 0, png = 0, svg = 0;
    char path[4096];
    for (int i = 0; i < frames; i++) {
        cm_map_state_from_timeline(m, tl, day0 + i, ctrl, ch);
        cm_frame f = {day0 + i, ctrl, ch, NULL, 0, false};
        double a = now_ms();
        cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
        cairo_t *cr = cairo_create(sf);
        if ((st = cm_map_render(m, ctx, cr, &f))) die(ctx, st);
        cairo_destroy(cr);
        cairo_surface_flush(sf);
        double b = now_ms();
        snprintf(path, sizeof path, "%s/frame-%03d.png", argv[4], i);
        FILE *fp = fopen(path, "wb");
        if (!fp || (st = cm_png_write(ctx, sf, fp, path))) die(ctx, st);
        fclose(fp);
        cairo_surface_destroy(sf);
        double c = now_ms();
        snprintf(path, sizeof path, "%s/frame-%03d.svg", argv[4], i);
        if ((st = cm_map_write(mv, ctx, &f, path))) die(ctx, st);
        double d = now_ms();
        draw += b - a;
        png += c - b;
        svg += d - c;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("load_admin_ms %.1f\nload_countries_ms %.1f\nprepare_png_ms %.1f\nprepare_svg_ms %.1f\n",
           t1 - t0, t2 - t1, t3 - t2, t4 - t3);
    printf("frames %d\ndraw_ms_per_frame %.1f\npng_encode_ms_per_frame %.1f\npng_frame_ms %.1f\nsvg_frame_ms %.1f\n",
           frames, draw / frames, png / frames, (draw + png) / frames, svg / frames);
    printf("peak_rss_mb %.1f\n", ru.ru_maxrss / 1024.0);
    free(ctrl);
    free(ch);
    cm_mapctx_free(m);
    cm_mapctx_free(mv);
    cm_timeline_free(tl);
    cm_geomstore_free(gs);
    cm_ctx_free(ctx);
    return 0;
}
