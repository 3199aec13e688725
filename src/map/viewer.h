/* viewer: the self-contained, explorable index.html of a map series.
 *
 * Writes one HTML file that needs nothing else (no network, works from the
 * file system): a vector map of the districts (pan, zoom) coloured by the
 * selected day's control in the style's colours, the day's claim markers, a
 * date slider with play/pause and ←/→, hover (name in English and Dari,
 * controller, since when, last report), a district's history on click (every
 * period with its claims' quoted sentences, sources, asserted-by and
 * confidence), a place search over the gazetteer's keys, filters (side,
 * source, minimum confidence), the staleness fade as a toggle, and the view
 * in the URL (#YYYY-MM-DD/PCODE). The sides, their labels and the nouns of
 * units and regions are the profile's (core/profile.h), their colours the
 * style's. The page itself is src/map/viewer.html,
 * compiled in; this module writes the data it reads: the geometry
 * (viewgeo.h) and name table (viewnames.h) it is given, the claims, the
 * control as per-day change lists, each district's periods and report days.
 * The page is ASCII throughout (\u escapes in the JSON), which Chromium
 * parses faster. Owns nothing after it returns. libc only (+ model/timeline). */
#ifndef CM_VIEWER_H
#define CM_VIEWER_H

#include <stdbool.h>

#include "core/day.h"
#include "core/status.h"
#include "model/timeline.h"
#include "map/style.h"

/* What the page knows of a document beyond its id (the claims name it). */
typedef struct {
    const char *id;    /* the claims' "doc" */
    const char *url;   /* NULL when unknown */
    const char *title; /* NULL when unknown */
} cm_viewer_doc;

/* Grid coordinates of a claim's lon/lat in the geometry's units (viewgeo.h);
 * false when it cannot be placed. */
typedef bool (*cm_viewer_place_fn)(void *ud, double lon_deg, double lat_deg, long *x, long *y);

typedef struct {
    const char *title;          /* page title, e.g. "Afghanistan, control by day" */
    const cm_profile *profile;  /* the sides (ids, labels) and nouns; NULL: no sides */
    cm_day from, to;            /* the days of the series (inclusive) */
    const char *frames;         /* folder of the frames relative to the page ("maps"), or NULL */
    const char *ext;            /* frame extension (".png") */
    const char *events_jsonl;   /* claims (docs/events-schema.md), or NULL */
    const cm_timeline *tl;      /* control; NULL for none */
    const char *const *pcodes;  /* the districts, in the order of the geometry's "d" */
    size_t npcodes;
    const char *geometry_json;  /* cm_viewgeo_json */
    const char *names_json;     /* cm_viewnames_json, or NULL (the page then searches unit names only) */
    const cm_viewer_doc *docs;  /* may be NULL; a claim record's own "url" is used too */
    size_t ndocs;
    const cm_style *style;      /* colours and the staleness half-life; NULL: cm_style_default
                                   of the profile */
    bool staleness;             /* the fade is on when the page opens */
    cm_viewer_place_fn place;   /* claim markers; NULL: none */
    void *place_ud;
} cm_viewer;

/* Writes the page to path (atomically). Errors name the file (a malformed
 * events line by its line). */
cm_status cm_viewer_write(cm_ctx *ctx, const char *path, const cm_viewer *v) CM_WUR;

#endif
