/* series: one map per day over a date range, drawn in parallel, redrawn only
 * where something changed.
 *
 * For each day the frame's content is the control of every district (the
 * timeline's rule), the districts that changed hands since the day before, the
 * markers of that day and the title. A day whose content but for the title
 * equals the day before reuses that day's picture: only the title band is
 * drawn anew before encoding. Every frame's content is hashed (with a
 * fingerprint of the options and style) and listed in DIR/.series-manifest;
 * a re-run skips frames whose file exists with the same hash, so it draws only
 * what changed since the last run. Frames are written through cm_out, and the
 * manifest after every batch, so a run killed at any point leaves complete
 * files only, and the next run finishes the folder as an uninterrupted run
 * would have written it (leftover temporary files are removed).
 *
 * Days are grouped into runs of days whose content differs only in the title;
 * threads take whole runs in date order from a shared counter (so the work is
 * shared by what it costs), each with its own cm_ctx and surfaces over the
 * shared, immutable cm_mapctx. PNG frames are encoded in bands of rows, each
 * compressed on its own, and a thread compresses again only the bands whose
 * pixels differ from its last frame: a file's bytes depend on its pixels
 * alone, whatever -j or the order of drawing. */
#ifndef CM_SERIES_H
#define CM_SERIES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/day.h"
#include "core/status.h"
#include "model/timeline.h"
#include "map/markers.h"
#include "map/render.h"

enum { CM_SERIES_PNG = 1, CM_SERIES_SVG = 2, CM_SERIES_PDF = 4 };

typedef struct {
    const cm_mapctx *map;       /* prepared map (render.h) */
    const cm_timeline *tl;      /* control */
    const cm_markers *markers;  /* all markers with their days, or NULL */
    cm_day from, to;            /* inclusive */
    const char *dir;            /* frames go to dir/YYYY-MM-DD.png|svg|pdf (created if missing) */
    unsigned formats;           /* CM_SERIES_* bits; 0 = PNG */
    int jobs;                   /* threads; <= 0: the number of cores */
    const char *fingerprint;    /* anything else the pictures depend on (options, style); may be NULL */
    bool staleness;             /* fade districts by the days since the last report */
    cm_progress_fn progress;    /* called from the calling thread; may be NULL */
    void *progress_ud;
} cm_series_opts;

typedef struct {
    size_t frames;  /* files the series consists of */
    size_t drawn;   /* drawn in full */
    size_t reused;  /* drawn from the previous day's picture (title only) */
    size_t kept;    /* left as they were: same content as the last run */
} cm_series_stats;

/* Draws the series. Errors name the file (CM_IO, CM_CAIRO); CM_CANCELLED when
 * the progress callback returned 0 (files written so far stay, and are in the
 * manifest). stats may be NULL. */
cm_status cm_series_run(cm_ctx *ctx, const cm_series_opts *o, cm_series_stats *stats) CM_WUR;

/* The animation of frames already written: an animated PNG (APNG) of the
 * series' PNG frames, frame_ms milliseconds each, at path (atomically). */
cm_status cm_series_animate(cm_ctx *ctx, const cm_series_opts *o, const char *path, int frame_ms) CM_WUR;

#endif
