/* viewer: the self-contained index.html of a map series.
 *
 * Writes one HTML file that needs nothing but the frames beside it (no
 * network, works from the file system): the daily maps, a date slider,
 * play/pause, previous/next, and beside the map the claims of the selected day
 * (place, actor, action, the quoted sentence, the source). Hovering a district
 * shows its controller, the date of the last report and the number of sources,
 * from the control periods embedded as data. Owns nothing after it returns.
 * libc only: the caller provides the district outlines in image pixels. */
#ifndef CM_VIEWER_H
#define CM_VIEWER_H

#include "core/day.h"
#include "core/status.h"
#include "model/timeline.h"

typedef struct {
    const char *title;          /* page title, e.g. "Afghanistan, control by day" */
    cm_day from, to;            /* the days of the series (inclusive) */
    const char *frames;         /* folder of the frames relative to the page, e.g. "maps" */
    const char *ext;            /* frame extension, e.g. ".png" */
    const char *events_jsonl;   /* claims (docs/events-schema.md), or NULL */
    const cm_timeline *tl;      /* control, for hover; NULL for none */
    const char *const *pcodes;  /* the districts whose periods the page carries */
    size_t npcodes;
    /* District outlines in frame pixels for hover, as a JSON value
     * {"w":W,"h":H,"d":[{"p":"AF0907","n":"Andarab","r":[[x,y,x,y,...],...]},...]},
     * or NULL (no hover). */
    const char *districts_json;
} cm_viewer;

/* Writes the page to path (atomically). Errors name the file. */
cm_status cm_viewer_write(cm_ctx *ctx, const char *path, const cm_viewer *v) CM_WUR;

#endif
