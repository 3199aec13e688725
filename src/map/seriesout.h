/* seriesout: a map series with its viewer in an output folder — what `series`
 * and `run` (and any embedder) ask for in one call: the map prepared from its
 * sources (mapsrc.h), the timeline and markers from claims and/or a state
 * file, one frame per day (series.h) in DIR/maps/, the districts' outlines
 * beside them (maps/outlines.json), the viewer DIR/index.html (viewer.h) and
 * an optional animation.
 *
 * A series whose inputs are those of the last finished one — the stamp of
 * index.html (core/stamp.h) covers the claims, the state file, the style, the
 * countries, the gazetteer, the boundaries, the options and the tool — with
 * its frames in place is left alone without preparing the map.
 *
 * Depends on core/stamp, text/gaz (the viewer's place search), model/timeline
 * and the map modules. Progress goes to the job's callback; messages to the
 * ctx's log. */
#ifndef CM_SERIESOUT_H
#define CM_SERIESOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/day.h"
#include "core/status.h"
#include "map/mapsrc.h"
#include "map/viewer.h"

typedef struct {
    const cm_mapsrc *src;  /* the map's sources and frame options */
    bool staleness;        /* fade districts by the days since the last report */
    const char *events;    /* claims (events.jsonl) or NULL */
    const char *state;     /* state file or NULL */
    const char *out;       /* DIR: DIR/maps/ and DIR/index.html */
    cm_day from, to;       /* CM_DAY_NONE: the first/last day of the claims */
    unsigned formats;      /* CM_SERIES_* (series.h) */
    int jobs;              /* 0: cores */
    const char *animate;   /* APNG path or NULL */
    int frame_ms;
    const char *title;     /* viewer title; NULL: a default */
    const char *gazetteer; /* index for the viewer's search */
    bool gazetteer_optional; /* a missing index is no error: the viewer searches
                                the units' own names only */
    const cm_viewer_doc *docs; /* what the viewer links a claim's source to (url, title); may be NULL */
    size_t ndocs;
    const char *tool;      /* the tool's identity, stamped (a new build redraws); NULL: none */
    cm_progress_fn progress; /* frames drawn (series.h); may be NULL */
    void *progress_ud;
    void (*progress_total)(void *ud, int frames); /* told the frames to draw before
                                                      the first progress call; may be NULL */
} cm_series_job;

/* Writes the series of job into job->out. Errors name the file; CM_USAGE for
 * no dated claims without --from and --to, --to before --from, and --animate
 * without PNG frames. */
cm_status cm_series_out(cm_ctx *ctx, const cm_series_job *job) CM_WUR;

#endif
