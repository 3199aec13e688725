/* mapcli: the map options that render, series and run share — their option
 * table entries, their checks (usage errors before any data is read), and
 * what the library prepares the map from (map/mapsrc.h) made of them. */
#ifndef CM_MAPCLI_H
#define CM_MAPCLI_H

#include "cli/opts.h"
#include "map/mapsrc.h"
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

/* The library's description of the map (map/mapsrc.h) from checked options:
 * the data paths resolved (cm_cli_boundaries, cm_cli_countries, the cache).
 * src borrows from mo. */
void cm_mapcli_src(const cm_mapcli *mo, cm_mapsrc *src);

/* --formats of series and run: "png,svg" -> CM_SERIES_PNG|CM_SERIES_SVG
 * (map/series.h); CM_USAGE for anything else. */
cm_status cm_series_formats(cm_ctx *ctx, const char *list, unsigned *out) CM_WUR;

#endif
