/* series_out: map + timeline + markers -> frames, viewer, animation. */
#include "cli/series_out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/progress.h"
#include "out/markers.h"
#include "out/series.h"
#include "out/viewer.h"

cm_status cm_series_formats(cm_ctx *ctx, const char *list, unsigned *out)
{
    *out = 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 3 && !memcmp(p, "png", 3)) *out |= CM_SERIES_PNG;
        else if (n == 3 && !memcmp(p, "svg", 3)) *out |= CM_SERIES_SVG;
        else if (n == 3 && !memcmp(p, "pdf", 3)) *out |= CM_SERIES_PDF;
        else return cm_fail(ctx, CM_USAGE, "--format wants png, svg or pdf (comma-separated), not '%.*s'", (int)n, p);
        p += n + (e != NULL);
    }
    if (!*out) return cm_fail(ctx, CM_USAGE, "--format: no format given");
    return CM_OK;
}

cm_status cm_series_out(cm_ctx *ctx, const cm_series_job *job)
{
    cm_timeline *tl = cm_timeline_new();
    cm_markers *mk = NULL;
    cm_mapctx *map = NULL;
    cm_buf outlines = {0};
    const char **pcodes = NULL;
    char maps[4096], page[4096];
    cm_status st = tl ? CM_OK : cm_fail(ctx, CM_NOMEM, "out of memory");
    if (!st) st = cm_mapcli_prepare(ctx, job->mo, job->state, job->events, tl,
                                    !(job->formats & CM_SERIES_PNG), true, &map);
    cm_day from = job->from, to = job->to, first, last;
    if (!st && (from == CM_DAY_NONE || to == CM_DAY_NONE)) {
        if (!cm_timeline_span(tl, &first, &last))
            st = cm_fail(ctx, CM_USAGE, "no dated claims: give --from and --to");
        if (from == CM_DAY_NONE) from = first;
        if (to == CM_DAY_NONE) to = last;
    }
    if (!st && to < from) st = cm_fail(ctx, CM_USAGE, "--to is before --from");
    if (!st && job->events) st = cm_markers_load(ctx, job->events, CM_DAY_NONE, &mk);
    if (!st && mkdir(job->out, 0755) != 0 && errno != EEXIST)
        st = cm_fail(ctx, CM_IO, "%s: cannot create the folder: %s", job->out, strerror(errno));
    snprintf(maps, sizeof maps, "%s/maps", job->out);
    snprintf(page, sizeof page, "%s/index.html", job->out);
    /* Everything the pictures depend on besides the content. */
    char fp[512];
    const cm_mapcli *mo = job->mo;
    snprintf(fp, sizeof fp, "%dx%d|%s|%s|%s|%s|%d", mo->width, mo->height, mo->crs ? mo->crs : "",
             mo->bbox_s ? mo->bbox_s : "", mo->labels_s, mo->style_s ? mo->style_s : "", mo->staleness);
    cm_progress bar;
    int per = !!(job->formats & CM_SERIES_PNG) + !!(job->formats & CM_SERIES_SVG) + !!(job->formats & CM_SERIES_PDF);
    cm_progress_init(&bar, job->quiet, (int)(to - from + 1) * per, "frames");
    cm_series_opts so = {.map = map, .tl = tl, .markers = mk, .from = from, .to = to, .dir = maps,
                         .formats = job->formats, .jobs = job->jobs, .fingerprint = fp,
                         .staleness = mo->staleness, .progress = cm_progress_cb, .progress_ud = &bar};
    cm_series_stats stats = {0};
    if (!st) {
        st = cm_series_run(ctx, &so, &stats);
        cm_progress_end(&bar);
    }
    if (!st) {
        size_t nd = cm_mapctx_district_count(map);
        pcodes = calloc(nd ? nd : 1, sizeof *pcodes);
        if (!pcodes || cm_mapctx_outlines_json(map, &outlines)) st = cm_fail(ctx, CM_NOMEM, "out of memory");
        for (size_t i = 0; !st && i < nd; i++) pcodes[i] = cm_mapctx_district_pcode(map, i);
        cm_viewer v = {.title = job->title ? job->title : "Afghanistan: control by district, day by day",
                       .from = from, .to = to, .frames = "maps",
                       .ext = job->formats & CM_SERIES_PNG ? ".png" : job->formats & CM_SERIES_SVG ? ".svg" : ".pdf",
                       .events_jsonl = job->events, .tl = tl, .pcodes = pcodes, .npcodes = nd,
                       .districts_json = outlines.p};
        if (!st) st = cm_viewer_write(ctx, page, &v);
    }
    if (!st && job->animate) {
        if (!(job->formats & CM_SERIES_PNG)) st = cm_fail(ctx, CM_USAGE, "--animate needs png frames");
        else st = cm_series_animate(ctx, &so, job->animate, job->frame_ms);
    }
    if (!st)
        cm_log(ctx, CM_LOG_INFO, "%s: %zu frames (%zu drawn, %zu from the day before, %zu unchanged since the last run)",
               maps, stats.frames, stats.drawn, stats.reused, stats.kept);
    free(pcodes);
    cm_buf_free(&outlines);
    cm_markers_free(mk);
    cm_mapctx_free(map);
    cm_timeline_free(tl);
    return st;
}
