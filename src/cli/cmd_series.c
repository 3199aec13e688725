/* cmd_series: `conflictmap series --from D --to D [--events FILE] [--out DIR]`
 * — one map per day, the viewer beside them, and optionally an animation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/mapcli.h"
#include "cli/progress.h"
#include "map/seriesout.h"

int cm_cmd_series(int argc, char **argv)
{
    cm_day from = CM_DAY_NONE, to = CM_DAY_NONE;
    const char *events = NULL, *state = NULL, *out = "output", *formats = "png", *animate = NULL;
    int jobs = 0, frame_ms = 500, quiet = 0;
    cm_mapcli mo = CM_MAPCLI_DEFAULTS;
    const cm_opt opts[] = {
        {"from", 0, CM_OPT_DAY, &from, "YYYY-MM-DD", "first day (default: the first claim's day)"},
        {"to", 0, CM_OPT_DAY, &to, "YYYY-MM-DD", "last day (default: the last claim's day)"},
        {"events", 0, CM_OPT_STR, &events, "FILE", "extracted claims (events.jsonl): control and markers"},
        {"state", 0, CM_OPT_STR, &state, "FILE", "control facts: CSV or JSON Lines of pcode,controller,valid_from[,valid_to]"},
        {"out", 'o', CM_OPT_STR, &out, "DIR", "output folder: DIR/maps/YYYY-MM-DD.* and DIR/index.html (default output)"},
        {"jobs", 'j', CM_OPT_INT, &jobs, "N", "frames drawn in parallel (default: the number of cores)"},
        {"formats", 0, CM_OPT_STR, &formats, "LIST", "frame formats: png, svg, pdf, comma-separated (default png)"},
        {"format", 'f', CM_OPT_STR, &formats, "LIST", "the same as --formats"},
        {"animate", 0, CM_OPT_STR, &animate, "FILE.png", "also an animated PNG (APNG) of the series"},
        {"frame-ms", 0, CM_OPT_INT, &frame_ms, "MS", "animation frame time (default 500)"},
        CM_MAPCLI_OPTS(mo),
        {"quiet", 'q', CM_OPT_FLAG, &quiet, NULL, "no progress bar, no warnings"},
        CM_OPT_END};
    const cm_cmd_spec spec = {
        "series", "--from D --to D [--events FILE] [--out DIR] [-j N] [--formats png,svg,pdf] [options]",
        "Draws one map per day into DIR/maps/ and writes the viewer DIR/index.html. Days whose\n"
        "control and markers equal the day before reuse its picture; a re-run redraws only the\n"
        "days that changed since the last run. A progress bar shows on a terminal.",
        opts};
    int npos, done;
    char **pos;
    cm_ctx *ctx = cm_cli_start(&spec, argc, argv, &npos, &pos, &done);
    if (!ctx) return done;
    cm_status st = CM_OK;
    unsigned fmts = 0;
    if (npos) st = cm_fail(ctx, CM_USAGE, "series: unexpected argument '%s'", pos[0]);
    if (!st) st = cm_series_formats(ctx, formats, &fmts);
    if (!st && !events && !state) st = cm_fail(ctx, CM_USAGE, "series: give --events or --state");
    if (!st && jobs < 0) st = cm_fail(ctx, CM_USAGE, "series: --jobs wants a positive number");
    if (!st && (frame_ms < 1 || frame_ms > 65535)) st = cm_fail(ctx, CM_USAGE, "series: --frame-ms wants 1..65535");
    if (!st) st = cm_mapcli_check(ctx, "series", &mo);
    if (!st) {
        cm_mapsrc src;
        cm_mapcli_src(&mo, &src);
        cm_progress bar;
        cm_progress_init(&bar, quiet, 0, "frames");
        cm_series_job job = {.src = &src, .staleness = mo.staleness, .events = events, .state = state, .out = out,
                             .from = from, .to = to, .formats = fmts, .jobs = jobs, .animate = animate,
                             .frame_ms = frame_ms, .gazetteer = cm_cli_gazetteer(NULL), .gazetteer_optional = true,
                             .tool = cm_cli_tool_id(), .progress = cm_progress_cb, .progress_ud = &bar,
                             .progress_total = cm_progress_total};
        st = cm_series_out(ctx, &job);
        cm_progress_end(&bar);
    }
    free(pos);
    cm_render_release_fonts();
    int rc = cm_cli_finish(ctx, st);
    cm_ctx_free(ctx);
    return rc;
}
