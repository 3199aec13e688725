/* progress: the progress bar on stderr — only when stderr is a terminal and
 * --quiet is not given: days done, rate and time left. */
#ifndef CM_PROGRESS_H
#define CM_PROGRESS_H

#include <stdbool.h>

typedef struct {
    bool on;          /* drawing at all */
    double t0;        /* start, seconds */
    double last;      /* last redraw */
    int total;        /* units of work (days x formats) */
    const char *what; /* "frames" */
} cm_progress;

void cm_progress_init(cm_progress *p, bool quiet, int total, const char *what);
/* Sets the total (ud is the cm_progress) when the work knows it only once
 * started (map/seriesout.h's progress_total); the clock starts again. */
void cm_progress_total(void *ud, int total);
/* A cm_progress_fn (status.h): ud is the cm_progress. Never cancels. At done
 * 1 the bar is drawn full, then its line cleared (cm_progress_end). */
int cm_progress_cb(double done, const char *msg, void *ud);
/* Clears the bar's line. */
void cm_progress_end(cm_progress *p);

#endif
