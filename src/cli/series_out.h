/* series_out: what `series` and `run` share — a map series with its viewer
 * (and an optional animation) into an output folder, from claims and/or a
 * state file and the map options. */
#ifndef CM_SERIES_OUT_H
#define CM_SERIES_OUT_H

#include "cli/mapcli.h"
#include "core/day.h"
#include "core/status.h"
#include "map/viewer.h"

typedef struct {
    const cm_mapcli *mo;   /* checked map options */
    const char *events;    /* claims (events.jsonl) or NULL */
    const char *state;     /* state file or NULL */
    const char *out;       /* DIR: DIR/maps/ and DIR/index.html */
    cm_day from, to;       /* CM_DAY_NONE: the first/last day of the claims */
    unsigned formats;      /* CM_SERIES_* */
    int jobs;              /* 0: cores */
    const char *animate;   /* APNG path or NULL */
    int frame_ms;
    int quiet;
    const char *places;    /* unused by the viewer yet; reserved */
    const char *title;     /* viewer title; NULL: a default */
    const char *gazetteer; /* index for the viewer's search (NULL: the default; none there: names of units only) */
    const cm_viewer_doc *docs; /* what the viewer links a claim's source to (url, title); may be NULL */
    size_t ndocs;
} cm_series_job;

/* "png,svg" -> CM_SERIES_PNG|CM_SERIES_SVG; CM_USAGE for anything else. */
cm_status cm_series_formats(cm_ctx *ctx, const char *list, unsigned *out) CM_WUR;

cm_status cm_series_out(cm_ctx *ctx, const cm_series_job *job) CM_WUR;

#endif
