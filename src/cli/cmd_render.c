/* cmd_render: `conflictmap render` — one control map for one date.
 *
 * Prepares the map (map/mapsrc.h: from the cache, or the boundaries and
 * countries), builds the timeline from --state and --events, and writes the
 * day's map (mapfile.h). Usage errors (exit 2) are caught here before any
 * data is read; data and I/O errors come back from the library as one line
 * (exit 1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/mapcli.h"
#include "map/mapfile.h"
#include "map/mapsrc.h"
#include "map/markers.h"
#include "model/timeline.h"

int cm_cmd_render(int argc, char **argv)
{
    cm_day day = CM_DAY_NONE;
    const char *state = NULL, *events = NULL, *outp = "map.png";
    cm_mapcli mo = CM_MAPCLI_DEFAULTS;
    int quiet = 0;
    const cm_opt opts[] = {
        {"date", 0, CM_OPT_DAY, &day, "YYYY-MM-DD", "the day to draw (required; also the title)"},
        {"state", 0, CM_OPT_STR, &state, "FILE", "control facts: CSV or JSON Lines of pcode,controller,valid_from[,valid_to]"},
        {"events", 0, CM_OPT_STR, &events, "FILE", "JSON Lines of lon,lat,action,label markers, or extracted claims"},
        {"output", 'o', CM_OPT_STR, &outp, "FILE", "map.png, map.svg or map.pdf (default map.png; - for PNG on stdout)"},
        CM_MAPCLI_OPTS(mo),
        {"quiet", 'q', CM_OPT_FLAG, &quiet, NULL, "no warnings on stderr"},
        CM_OPT_END};
    const cm_cmd_spec spec = {
        "render", "--date YYYY-MM-DD [--state FILE] [--events FILE] [-o map.png|map.svg|map.pdf] [options]",
        "Draws the profile's units (districts) coloured by who controls them on one date: region "
        "(province) names, neighbouring countries, legend, scale bar, north arrow, event markers, and "
        "units that changed hands since the day before outlined.",
        opts};
    int npos, done;
    char **pos;
    cm_ctx *ctx = cm_cli_start(&spec, argc, argv, &npos, &pos, &done);
    if (!ctx) return done;
    cm_status st = CM_OK;
    cm_timeline *tl = NULL;
    cm_markers *mk = NULL;
    cm_mapctx *map = NULL;
    cm_mapfmt fmt;

    /* usage errors first, before any data is read */
    if (npos) {
        st = cm_fail(ctx, CM_USAGE, "render: unexpected argument '%s'", pos[0]);
        goto done;
    }
    if (day == CM_DAY_NONE) {
        st = cm_fail(ctx, CM_USAGE, "render: --date YYYY-MM-DD is required");
        goto done;
    }
    if ((st = cm_mapcli_check(ctx, "render", &mo))) goto done;
    if (!cm_mapfmt_for(outp, &fmt)) {
        st = cm_fail(ctx, CM_USAGE, "render: -o %s: unknown map format (use .png, .svg or .pdf)", outp);
        goto done;
    }
    if (!(tl = cm_timeline_new(cm_cli_profile()))) {
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto done;
    }
    cm_mapsrc src;
    cm_mapcli_src(&mo, &src);
    if ((st = cm_mapsrc_prepare(ctx, &src, state, events, tl, fmt != CM_MAPFMT_PNG, false, &map, NULL))) goto done;
    if (events && (st = cm_markers_load(ctx, events, day, &mk))) goto done;
    st = cm_map_write_day(map, ctx, tl, mk, day, mo.staleness, outp);
done:
    cm_mapctx_free(map);
    cm_markers_free(mk);
    cm_timeline_free(tl);
    free(pos);
    cm_render_release_fonts();
    int rc = cm_cli_finish(ctx, st);
    cm_ctx_free(ctx);
    return rc;
}
