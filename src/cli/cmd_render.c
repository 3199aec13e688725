/* cmd_render: `conflictmap render` — one control map for one date.
 *
 * Reads the boundaries and countries, builds the timeline from --state and
 * --events, prepares the map (render.h) and writes it (mapfile.h). Usage
 * errors (exit 2) are caught here before any data is read; data and I/O
 * errors come back from the library as one line (exit 1). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "geo/geomstore.h"
#include "model/timeline.h"
#include "out/mapfile.h"
#include "out/markers.h"
#include "out/render.h"
#include "out/style.h"

/* Fontconfig 2.14 loses a few hundred bytes while parsing its configuration
 * (FcInitLoadConfigAndFonts, reached through Pango); nothing here can free
 * them. LeakSanitizer reads this hook in sanitized builds; elsewhere it is an
 * unused function. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }
const char *__lsan_default_options(void);
__attribute__((used)) const char *__lsan_default_options(void) { return "print_suppressions=0"; }

static cm_status parse_bbox(cm_ctx *ctx, const char *s, double bb[4])
{
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        char *end;
        bb[i] = strtod(p, &end);
        if (end == p || !isfinite(bb[i]) || (i < 3 ? *end != ',' : *end != 0))
            return cm_fail(ctx, CM_USAGE,
                           "render: --bbox wants min_lon,min_lat,max_lon,max_lat in degrees, not '%s'", s);
        p = end + 1;
    }
    if (!(bb[0] < bb[2] && bb[1] < bb[3] && bb[0] >= -180 && bb[2] <= 180 && bb[1] >= -90 && bb[3] <= 90))
        return cm_fail(ctx, CM_USAGE,
                       "render: --bbox %s is not min_lon,min_lat,max_lon,max_lat (degrees, min < max)", s);
    return CM_OK;
}

int cm_cmd_render(int argc, char **argv)
{
    cm_day day = CM_DAY_NONE;
    const char *state = NULL, *events = NULL, *outp = "map.png", *crs = NULL, *bbox_s = NULL;
    const char *labels_s = "en", *style_s = NULL, *bound_s = NULL, *countries_s = NULL;
    int width = 1600, height = 1200, quiet = 0;
    const cm_opt opts[] = {
        {"date", 0, CM_OPT_DAY, &day, "YYYY-MM-DD", "the day to draw (required; also the title)"},
        {"state", 0, CM_OPT_STR, &state, "FILE", "control facts: CSV or JSON Lines of pcode,controller,valid_from[,valid_to]"},
        {"events", 0, CM_OPT_STR, &events, "FILE", "JSON Lines of lon,lat,action,label markers, or extracted claims"},
        {"output", 'o', CM_OPT_STR, &outp, "FILE", "map.png, map.svg or map.pdf (default map.png; - for PNG on stdout)"},
        {"width", 0, CM_OPT_INT, &width, "N", "width: pixels for PNG, points for SVG/PDF (default 1600)"},
        {"height", 0, CM_OPT_INT, &height, "N", "height (default 1200)"},
        {"crs", 0, CM_OPT_STR, &crs, "CRS", "EPSG code, PROJ string or WKT (default: Lambert conformal conic 32/37 N)"},
        {"bbox", 0, CM_OPT_STR, &bbox_s, "W,S,E,N", "view in degrees, e.g. 68.5,34.8,70.5,36.5 (default: Afghanistan)"},
        {"labels", 0, CM_OPT_STR, &labels_s, "en|dari|none", "province names in English or Dari (default en)"},
        {"style", 0, CM_OPT_STR, &style_s, "FILE", "colours, widths and fonts (docs/style.md)"},
        {"boundaries", 0, CM_OPT_STR, &bound_s, "DIR", "OCHA adm0/adm1/adm2 shapefiles (default shapefiles/)"},
        {"countries", 0, CM_OPT_STR, &countries_s, "FILE", "Natural Earth countries (default shapefiles/countries.json)"},
        {"quiet", 'q', CM_OPT_FLAG, &quiet, NULL, "no warnings on stderr"},
        CM_OPT_END};
    const cm_cmd_spec spec = {
        "render", "--date YYYY-MM-DD [--state FILE] [--events FILE] [-o map.png|map.svg|map.pdf] [options]",
        "Draws Afghanistan's districts coloured by who controls them on one date: province names, "
        "neighbouring countries, legend, scale bar, north arrow, event markers, and districts that "
        "changed hands since the day before outlined.",
        opts};
    cm_ctx *ctx = cm_cli_ctx(0);
    int npos = 0, done = 0;
    char **pos = NULL;
    if (!cm_cli_parse(ctx, &spec, argc, argv, &npos, &pos, &done)) {
        cm_ctx_free(ctx);
        return done;
    }
    cm_ctx_free(ctx);
    ctx = cm_cli_ctx(quiet);
    cm_status st = CM_OK;
    cm_geomstore *gs = NULL;
    cm_timeline *tl = NULL;
    cm_markers *mk = NULL;
    cm_mapctx *map = NULL;
    cm_controller *ctrl = NULL;
    unsigned char *changed = NULL;
    double bb[4];
    cm_style style;
    cm_label_lang labels = CM_LABELS_EN;
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
    if (width < 16 || height < 16 || width > 20000 || height > 20000) {
        st = cm_fail(ctx, CM_USAGE, "render: --width and --height want 16..20000, not %dx%d", width, height);
        goto done;
    }
    if (bbox_s && (st = parse_bbox(ctx, bbox_s, bb))) goto done;
    if (!strcmp(labels_s, "en")) labels = CM_LABELS_EN;
    else if (!strcmp(labels_s, "dari") || !strcmp(labels_s, "da")) labels = CM_LABELS_DARI;
    else if (!strcmp(labels_s, "none")) labels = CM_LABELS_NONE;
    else {
        st = cm_fail(ctx, CM_USAGE, "render: --labels wants en, dari or none, not '%s'", labels_s);
        goto done;
    }
    if (!cm_mapfmt_for(outp, &fmt)) {
        st = cm_fail(ctx, CM_USAGE, "render: -o %s: unknown map format (use .png, .svg or .pdf)", outp);
        goto done;
    }

    cm_style_default(&style);
    if (style_s && (st = cm_style_load(&style, ctx, style_s))) goto done;
    gs = cm_geomstore_new();
    tl = cm_timeline_new();
    if (!gs || !tl) {
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto done;
    }
    if ((st = cm_geomstore_load_admin(gs, ctx, cm_cli_boundaries(bound_s)))) goto done;
    /* Only countries near the view: the rest would be projected for nothing. */
    double near[4] = {60.5 - 15, 29.4 - 15, 74.9 + 15, 38.5 + 15};
    if (bbox_s) {
        double mx = fmax(10, bb[2] - bb[0]), my = fmax(10, bb[3] - bb[1]);
        near[0] = fmax(-180, bb[0] - mx), near[1] = fmax(-90, bb[1] - my);
        near[2] = fmin(180, bb[2] + mx), near[3] = fmin(90, bb[3] + my);
    }
    if ((st = cm_geomstore_load_countries(gs, ctx, cm_cli_countries(countries_s), near))) goto done;
    if (state && (st = cm_timeline_load_state(tl, ctx, state, cm_geomstore_pcode_known, gs))) goto done;
    if (events) {
        if ((st = cm_timeline_load_events(tl, ctx, events))) goto done;
        if ((st = cm_markers_load(ctx, events, day, &mk))) goto done;
    }

    cm_map_opts mo = {width, height, crs, bbox_s ? bb : NULL, labels, &style, false, fmt != CM_MAPFMT_PNG, false};
    if ((st = cm_mapctx_new(ctx, gs, &mo, &map))) goto done;
    cm_geomstore_free(gs); /* the map keeps its own copy */
    gs = NULL;
    size_t nd = cm_mapctx_district_count(map);
    ctrl = calloc(nd, sizeof *ctrl);
    changed = calloc(nd, 1);
    if (!ctrl || !changed) {
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto done;
    }
    cm_map_state_from_timeline(map, tl, day, ctrl, changed);
    cm_frame fr = {day, ctrl, changed, cm_markers_get(mk), cm_markers_count(mk), false, NULL};
    st = cm_map_write(map, ctx, &fr, outp);
done:
    free(ctrl);
    free(changed);
    cm_mapctx_free(map);
    cm_markers_free(mk);
    cm_timeline_free(tl);
    cm_geomstore_free(gs);
    free(pos);
    cm_render_release_fonts();
    int rc = cm_cli_finish(ctx, st);
    cm_ctx_free(ctx);
    return rc;
}
