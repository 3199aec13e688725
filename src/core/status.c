/* status: first-error recording and diagnostics for cm_ctx. libc only. */
#include "core/status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cm_ctx {
    cm_status st;        /* first recorded error, CM_OK if none */
    char msg[1024];      /* its message */
    char where[128];     /* "func:line" */
    size_t ndiag;        /* diagnostics so far */
    cm_log_fn log;       /* may be NULL */
    void *log_ud;
};

cm_ctx *cm_ctx_new(void) { return calloc(1, sizeof(cm_ctx)); }

void cm_ctx_free(cm_ctx *ctx) { free(ctx); }

void cm_ctx_set_log(cm_ctx *ctx, cm_log_fn fn, void *ud)
{
    ctx->log = fn;
    ctx->log_ud = ud;
}

static void vlog(cm_ctx *ctx, cm_log_level level, const char *fmt, va_list ap)
{
    if (!ctx || !ctx->log) return;
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    ctx->log(level, buf, ctx->log_ud);
}

cm_status cm_fail_at(cm_ctx *ctx, cm_status st, const char *func, int line,
                     const char *fmt, ...)
{
    if (!ctx) return st;
    va_list ap;
    va_start(ap, fmt);
    if (ctx->st == CM_OK) {
        ctx->st = st;
        vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
        /* One line, always: foreign libraries' messages may hold line ends. */
        for (char *c = ctx->msg; *c; c++)
            if (*c == '\n' || *c == '\r' || *c == '\t') *c = ' ';
        size_t n = strlen(ctx->msg);
        while (n && ctx->msg[n - 1] == ' ') ctx->msg[--n] = 0;
        snprintf(ctx->where, sizeof ctx->where, "%s:%d", func, line);
    } else {
        vlog(ctx, CM_LOG_DEBUG, fmt, ap);
    }
    va_end(ap);
    return st;
}

cm_status cm_ctx_status(const cm_ctx *ctx) { return ctx ? ctx->st : CM_OK; }
const char *cm_ctx_message(const cm_ctx *ctx) { return ctx ? ctx->msg : ""; }
const char *cm_ctx_where(const cm_ctx *ctx) { return ctx ? ctx->where : ""; }

void cm_ctx_clear(cm_ctx *ctx)
{
    ctx->st = CM_OK;
    ctx->msg[0] = 0;
    ctx->where[0] = 0;
}

void cm_diag(cm_ctx *ctx, const char *fmt, ...)
{
    if (!ctx) return;
    ctx->ndiag++;
    va_list ap;
    va_start(ap, fmt);
    vlog(ctx, CM_LOG_WARN, fmt, ap);
    va_end(ap);
}

size_t cm_ctx_diag_count(const cm_ctx *ctx) { return ctx ? ctx->ndiag : 0; }

void cm_log(cm_ctx *ctx, cm_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(ctx, level, fmt, ap);
    va_end(ap);
}

const char *cm_status_name(cm_status st)
{
    static const char *names[] = {"ok", "nomem", "io", "parse", "notfound", "range",
                                  "usage", "gdal", "proj", "cairo", "cancelled"};
    return (unsigned)st < sizeof names / sizeof *names ? names[st] : "unknown";
}
