/* cmd_timeline: `conflictmap timeline EVENTS... [-o control.geojson]` — the
 * control periods per district, as a polygon layer, written only when its
 * inputs changed since the last write. */
#include <stdlib.h>

#include "cli/cli.h"
#include "model/timeline.h"
#include "map/export.h"

int cm_cmd_timeline(int argc, char **argv)
{
    const char *out = "control.geojson", *format = NULL, *boundaries = NULL, *state = NULL;
    double simplify = 0;
    int quiet = 0;
    const cm_opt opts[] = {
        {"output", 'o', CM_OPT_STR, &out, "FILE", "the control layer (default control.geojson)"},
        {"format", 'f', CM_OPT_STR, &format, "F", "GeoJSON, GPKG, FlatGeobuf, CSV (default: by the extension)"},
        {"state", 0, CM_OPT_STR, &state, "FILE", "also a state file (pcode,controller,valid_from[,valid_to])"},
        {"boundaries", 0, CM_OPT_STR, &boundaries, "DIR", "the profile's boundary layers (default: the profile's)"},
        {"simplify", 0, CM_OPT_DOUBLE, &simplify, "METRES",
         "lighter geometry for web maps: borders simplified to METRES, shared borders kept (default: full)"},
        {"quiet", 'q', CM_OPT_FLAG, &quiet, NULL, "no warnings"},
        CM_OPT_END,
    };
    const cm_cmd_spec spec = {
        "timeline", "EVENTS.jsonl... [-o control.geojson] [--simplify METRES]",
        "Builds the periods of control of every district from extracted claims (and an optional\n"
        "state file): one polygon feature per period with pcode, name, controller, valid_from,\n"
        "valid_to (null while open), claims, sources, nsources, last_report, decided_by,\n"
        "confidence and support (own evidence or inherited from the province or country).\n"
        "An output whose inputs, options and tool are those of its last write is left alone.",
        opts};
    int npos, done;
    char **pos;
    cm_ctx *ctx = cm_cli_start(&spec, argc, argv, &npos, &pos, &done);
    if (!ctx) return done;
    cm_status st = CM_OK;
    bool kept = false;
    if (npos == 0 && !state) st = cm_fail(ctx, CM_USAGE, "timeline: name an events file (or --state)");
    if (!st && (simplify < 0 || simplify > 100000))
        st = cm_fail(ctx, CM_USAGE, "timeline: --simplify wants metres, 0..100000");
    if (!st) {
        cm_layer_job job = {.format = format, .dest = out, .layer = "control", .inputs = (const char *const *)pos,
                            .ninputs = (size_t)npos, .state = state, .boundaries = cm_cli_boundaries(boundaries),
                            .profile = cm_cli_profile(),
                            .control = {.simplify_m = simplify}, .tool = cm_cli_tool_id()};
        st = cm_export_layer_file(ctx, &job, &kept);
    }
    free(pos);
    int rc = cm_cli_finish(ctx, st);
    cm_ctx_free(ctx);
    return rc;
}
