/* mapsrc: a prepared map from its sources — the boundaries and the neighbouring
 * countries near the view — through the prepared-map cache, and the timeline
 * of the facts the map is coloured by.
 *
 * cm_mapsrc_prepare reads the cache file of the map's key when the cache holds
 * it (no OGR, no PROJ: mapcache.h); otherwise it reads the boundaries (OGR)
 * and the countries within a margin of the view, prepares the map (render.h)
 * and stores it in the cache for the next process. A cache that cannot be read
 * or written is not an error. Then it loads the state file (P-codes checked
 * against the map's units) and the claims into the timeline when given.
 *
 * `render`, `series` and `run` (their options: cli/mapcli.h) and the embedding
 * API prepare their maps here. Depends on geo/geomstore, model/timeline,
 * map/render and map/mapcache. Each call uses only its arguments. */
#ifndef CM_MAPSRC_H
#define CM_MAPSRC_H

#include <stdbool.h>

#include "core/status.h"
#include "geo/geomstore.h"
#include "map/render.h"
#include "map/style.h"
#include "model/timeline.h"

typedef struct {
    int width, height;       /* frame size: px for PNG, pt for SVG/PDF */
    const char *crs;         /* NULL: CM_PROJ_DEFAULT (geo/proj.h) */
    const double *bbox;      /* view {min_lon, min_lat, max_lon, max_lat}; NULL: the default */
    cm_label_lang labels;
    const cm_style *style;   /* NULL: cm_style_default */
    const char *style_path;  /* the file the style was read from (stamps); NULL: none */
    const char *boundaries;  /* folder of the adm0/adm1/adm2 layers */
    const char *countries;   /* Natural Earth countries */
    const char *cache;       /* the prepared-map cache folder; NULL: no cache */
    const struct cm_profile *profile; /* the layers, fields and default view; NULL: none */
    const char *labels_lang; /* region names' language (cm_map_opts.labels_lang); NULL: by labels */
} cm_mapsrc;

/* Prepares the map of src (above) for raster frames, or for vector ones (SVG,
 * PDF: less simplified), cache_layers as cm_map_opts says; then loads state
 * (may be NULL) and events (may be NULL) into tl. With keep non-NULL the
 * boundaries are read (not the cache) and handed over in *keep (the caller
 * frees it; the series' viewer draws them). Errors name the file (CM_IO,
 * CM_GDAL, CM_PARSE), CM_PROJ for a CRS or view it cannot show, CM_NOMEM; on
 * error nothing is handed over. */
cm_status cm_mapsrc_prepare(cm_ctx *ctx, const cm_mapsrc *src, const char *state, const char *events,
                            cm_timeline *tl, bool vector, bool cache_layers, cm_mapctx **map,
                            cm_geomstore **keep) CM_WUR;

#endif
