/* bench_frames: conflictmap's per-frame cost inside one process, as a series
 * pays it: the boundaries are read and the map prepared once (timed apart),
 * then FRAMES days are drawn and encoded. MODE png draws into an image
 * surface with the static layers cached and encodes with cm_png_write; MODE
 * svg writes each frame as an SVG file through cm_map_write. Prints the
 * phases in ms and the process's peak RSS. Built and run by bench/render/run;
 * not part of the test suite. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/profile.h"
#include "geo/geomstore.h"
#include "model/timeline.h"
#include "map/mapfile.h"
#include "map/render.h"

#ifndef CM_BENCH_SRC
#define CM_BENCH_SRC "." /* the source tree: its profiles/ */
#endif

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
    if (argc < 7 || (strcmp(argv[6], "png") && strcmp(argv[6], "svg"))) {
        fprintf(stderr, "usage: bench_frames BOUNDARIES COUNTRIES STATE OUTDIR FRAMES png|svg\n");
        return 2;
    }
    int frames = atoi(argv[5]), W = 1600, H = 1200;
    int svg = !strcmp(argv[6], "svg");
    cm_ctx *ctx = cm_ctx_new();
    cm_status st;
    double t0 = now_ms();
    cm_geomstore *gs = cm_geomstore_new();
    const char *pa = getenv("CONFLICTMAP_PROFILE");
    cm_profile *prof = NULL;
    if ((st = cm_profile_load(ctx, pa && *pa ? pa : "afghanistan", CM_BENCH_SRC, &prof))) die(ctx, st);
    if ((st = cm_geomstore_load_admin(gs, ctx, prof, argv[1]))) die(ctx, st);
    const double near[4] = {45.5, 14.4, 89.9, 53.5};
    if ((st = cm_geomstore_load_countries(gs, ctx, prof, argv[2], near))) die(ctx, st);
    cm_timeline *tl = cm_timeline_new(prof);
    if ((st = cm_timeline_load_state(tl, ctx, argv[3], cm_geomstore_pcode_known, gs))) die(ctx, st);
    double t1 = now_ms();
    cm_map_opts o = {.width = W, .height = H, .labels = CM_LABELS_EN, .vector = svg, .cache_layers = !svg,
                     .profile = prof};
    cm_mapctx *m = NULL;
    if ((st = cm_mapctx_new(ctx, gs, &o, &m))) die(ctx, st);
    cm_timeline_set_parents(tl, cm_mapctx_parent, m);
    cm_geomstore_free(gs); /* the map keeps what it needs */
    double t2 = now_ms();
    size_t nd = cm_mapctx_district_count(m);
    cm_controller *ctrl = calloc(nd, sizeof *ctrl);
    unsigned char *ch = calloc(nd, 1);
    cm_day day0;
    cm_day_parse("2021-08-01", 10, &day0);
    double draw = 0, enc = 0;
    char path[4096];
    for (int i = 0; i < frames; i++) {
        cm_map_state_from_timeline(m, tl, day0 + i, ctrl, ch);
        cm_frame f = {.day = day0 + i, .ctrl = ctrl, .changed = ch};
        snprintf(path, sizeof path, "%s/frame-%03d.%s", argv[4], i, svg ? "svg" : "png");
        double a = now_ms(), b = a;
        if (svg) {
            if ((st = cm_map_write(m, ctx, &f, path))) die(ctx, st);
        } else {
            cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
            cairo_t *cr = cairo_create(sf);
            if ((st = cm_map_render(m, ctx, cr, &f))) die(ctx, st);
            cairo_destroy(cr);
            b = now_ms();
            FILE *fp = fopen(path, "wb");
            if (!fp || (st = cm_png_write(ctx, sf, fp, path))) die(ctx, st);
            fclose(fp);
            cairo_surface_destroy(sf);
        }
        double c = now_ms();
        draw += (svg ? c : b) - a;
        enc += svg ? 0 : c - b;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("mode %s\nload_ms %.1f\nprepare_ms %.1f\nframes %d\n", svg ? "svg" : "png", t1 - t0, t2 - t1, frames);
    if (!svg) printf("draw_ms_per_frame %.1f\npng_encode_ms_per_frame %.1f\n", draw / frames, enc / frames);
    printf("frame_ms %.1f\npeak_rss_mb %.1f\n", (draw + enc) / frames, ru.ru_maxrss / 1024.0);
    free(ctrl);
    free(ch);
    cm_mapctx_free(m);
    cm_timeline_free(tl);
    cm_profile_free(prof);
    cm_ctx_free(ctx);
    cm_render_release_fonts();
    return 0;
}
