/* mapcli: the map options that render, series and run share — their option
 * table entries, their checks (usage errors before any data is read) and the
 * preparation of the map from them. */
#ifndef CM_MAPCLI_H
#define CM_MAPCLI_H

#include "cli/opts.h"
#include "model/timeline.h"
#include "map/render.h"
#include "map/style.h"

typedef struct {
    int width, height;          /* frame size (default 1600x1200) */
    const char *crs, *bbox_s, *labels_s, *style_s, *boundaries, *countries;
    int staleness;              /* --staleness */
    /* filled by cm_mapcli_check */
    double bbox[4];
    cm_label_lang labels;
    cm_style style;
} cm_mapcli;

#define CM_MAPCLI_DEFAULTS {.width = 1600, .height = 1200}

/* The option table entries for mo (13 entries). */
#define CM_MAPCLI_OPTS(mo)                                                                                   \
    {"width", 0, CM_OPT_INT, &(mo).width, "N", "width: pixels for PNG, points for SVG/PDF (default 1600)"},    \
    {"height", 0, CM_OPT_INT, &(mo).height, "N", "height (default 1200)"},                                    \
    {"crs", 0, CM_OPT_STR, &(mo).crs, "CRS", "EPSG code, PROJ string or WKT (default: the profile's)"}, \
    {"bbox", 0, CM_OPT_STR, &(mo).bbox_s, "W,S,E,N", "view in degrees, e.g. 68.5,34.8,70.5,36.5 (default: the profile's view, else the country)"}, \
    {"labels", 0, CM_OPT_STR, &(mo).labels_s, "LANG|none", "region names in a language of the profile's name fields (default: its first; dari = fa)"}, \
    {"style", 0, CM_OPT_STR, &(mo).style_s, "FILE", "colours, widths and fonts (docs/style.md)"},             \
    {"staleness", 0, CM_OPT_FLAG, &(mo).staleness, NULL, "fade districts by the days since the last report on them"}, \
    {"boundaries", 0, CM_OPT_STR, &(mo).boundaries, "DIR", "the profile's boundary layers (default: the profile's `boundaries`)"}, \
    {"countries", 0, CM_OPT_STR, &(mo).countries, "FILE", "Natural Earth countries (default shapefiles/countries.json)"}

/* Checks the values (CM_USAGE naming cmd) against the loaded profile
 * (cm_cli_profile: --labels takes its name languages; the sides' colours) and
 * loads the style file (CM_PARSE naming it). Sets labels_s to the language
 * chosen. */
cm_status cm_mapcli_check(cm_ctx *ctx, const char *cmd, cm_mapcli *mo) CM_WUR;

/* Reads the boundaries and the neighbours near the view, prepares the map,
 * gives tl the map's hierarchy (cm_mapctx_parent) and loads --state (pcodes
 * checked against the boundaries) and --events (claims) into tl when given.
 * tl must not outlive the map. vector: for SVG/PDF frames; cache: cache the
 * static layers (series). */
cm_status cm_mapcli_prepare(cm_ctx *ctx, const cm_mapcli *mo, const char *state, const char *events,
                            cm_timeline *tl, bool vector, bool cache, cm_mapctx **map) CM_WUR;
/* The same, and hands the boundaries read over in *gs (the caller frees it;
 * the series' viewer draws them). */
cm_status cm_mapcli_prepare_keep(cm_ctx *ctx, const cm_mapcli *mo, const char *state, const char *events,
                                 cm_timeline *tl, bool vector, bool cache, cm_mapctx **map,
                                 cm_geomstore **gs) CM_WUR;

#endif
