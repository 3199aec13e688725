/* cmd_timeline: `conflictmap timeline EVENTS... [-o control.geojson]` — the
 * control periods per district, as a polygon layer. */
#include <stdlib.h>

#include "cli/cli.h"
#include "model/timeline.h"
#include "out/export.h"

int cm_cmd_timeline(int argc, char **argv)
{
    const char *out = "control.geojson", *format = NULL, *boundaries = NULL, *state = NULL;
    int quiet = 0;
    const cm_opt opts[] = {
        {"output", 'o', CM_OPT_STR, &out, "FILE", "the control layer (default control.geojson)"},
        {"format", 'f', CM_OPT_STR, &format, "F", "GeoJSON, GPKG, FlatGeobuf, CSV (default: by the extension)"},
        {"state", 0, CM_OPT_STR, &state, "FILE", "also a state file (pcode,controller,valid_from[,valid_to])"},
        {"boundaries", 0, CM_OPT_STR, &boundaries, "DIR", "folder with the OCHA adm2 shapefile"},
        {"quiet", 'q', CM_OPT_FLAG, &quiet, NULL, "no warnings"},
        CM_OPT_END,
    };
    const cm_cmd_spec spec = {
        "timeline", "EVENTS.jsonl... [-o control.geojson]",
        "Builds the periods of control of every district from extracted claims (and an optional\n"
        "state file): one polygon feature per period with pcode, name, controller, valid_from,\n"
        "valid_to (null while open), claims, sources, nsources, last_report, decided_by,\n"
        "confidence and support (own evidence or inherited from the province or country).",
        opts};
    int npos, done;
    char **pos;
    cm_ctx *ctx = cm_cli_start(&spec, argc, argv, &npos, &pos, &done);
    if (!ctx) return done;
    cm_status st = CM_OK;
    cm_timeline *tl = cm_timeline_new();
    cm_export *ex = NULL;
    if (!format) format = cm_export_format_for(out);
    if (!format) format = "GeoJSON";
    if (!tl) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    if (!st && npos == 0 && !state) st = cm_fail(ctx, CM_USAGE, "timeline: name an events file (or --state)");
    for (int i = 0; i < npos && !st; i++) st = cm_timeline_load_events(tl, ctx, pos[i]);
    if (!st && state) st = cm_timeline_load_state(tl, ctx, state, NULL, NULL);
    if (!st) st = cm_export_open(ctx, format, out, &ex);
    if (!st) st = cm_export_control(ex, ctx, "control", tl, cm_cli_boundaries(boundaries));
    if (!st) {
        st = cm_export_close(ex, ctx);
        ex = NULL;
    }
    cm_export_abort(ex);
    cm_timeline_free(tl);
    free(pos);
    int rc = cm_cli_finish(ctx, st);
    cm_ctx_free(ctx);
    return rc;
}
