/* progress: a one-line bar redrawn at most ten times a second. */
#define _POSIX_C_SOURCE 200809L
#include "cli/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void cm_progress_init(cm_progress *p, bool quiet, int total, const char *what)
{
    *p = (cm_progress){.on = !quiet && isatty(STDERR_FILENO), .t0 = now_s(), .total = total, .what = what};
}

void cm_progress_total(void *ud, int total)
{
    cm_progress *p = ud;
    p->total = total;
    p->t0 = now_s();
}

int cm_progress_cb(double done, const char *msg, void *ud)
{
    (void)msg;
    cm_progress *p = ud;
    if (!p->on) return 1;
    double t = now_s();
    if (t - p->last < 0.1 && done < 1) return 1;
    p->last = t;
    int n = (int)(done * p->total + 0.5), w = 30, fill = (int)(done * w);
    double el = t - p->t0, rate = el > 0 ? n / el : 0, left = rate > 0 ? (p->total - n) / rate : 0;
    char bar[31];
    for (int i = 0; i < w; i++) bar[i] = i < fill ? '#' : '.';
    bar[w] = 0;
    fprintf(stderr, "\r[%s] %d/%d %s  %.1f/s  %02d:%02d left ", bar, n, p->total, p->what, rate,
            (int)left / 60, (int)left % 60);
    fflush(stderr);
    if (done >= 1) cm_progress_end(p);
    return 1;
}

void cm_progress_end(cm_progress *p)
{
    if (p->on) fprintf(stderr, "\r%*s\r", 78, "");
    p->on = false;
}
