/* status: the error and diagnostics state every library call reports into.
 *
 * Owns cm_status (the one error enum), cm_ctx (one per thread: first error with
 * function and line, a diagnostics counter, a log callback). libc only; never
 * includes GDAL, PROJ or Cairo. The CLI is the only code that prints: the library
 * hands messages to the log callback. */
#ifndef CM_STATUS_H
#define CM_STATUS_H

#include <stdarg.h>
#include <stddef.h>

typedef enum {
    CM_OK = 0,
    CM_NOMEM,     /* allocation failed */
    CM_IO,        /* open/read/write/rename failed */
    CM_PARSE,     /* malformed input data (file and line/offset in the message) */
    CM_NOTFOUND,  /* a named thing (pcode, file, layer, field) does not exist */
    CM_RANGE,     /* a value out of its domain or a configured limit */
    CM_USAGE,     /* bad command-line use or option value (exit 2) */
    CM_GDAL,      /* GDAL/OGR reported an error */
    CM_PROJ,      /* PROJ reported an error */
    CM_CAIRO,     /* Cairo/Pango reported an error */
    CM_CANCELLED  /* a progress callback asked to stop */
} cm_status;

#if defined(__GNUC__)
#define CM_WUR __attribute__((warn_unused_result))
#define CM_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CM_WUR
#define CM_PRINTF(a, b)
#endif

/* Severity of a log line handed to the callback. */
typedef enum { CM_LOG_DEBUG, CM_LOG_INFO, CM_LOG_WARN, CM_LOG_ERROR } cm_log_level;

typedef void (*cm_log_fn)(cm_log_level level, const char *msg, void *ud);

/* Progress: done in [0,1]; returning 0 cancels the work (CM_CANCELLED). */
typedef int (*cm_progress_fn)(double done, const char *msg, void *ud);

typedef struct cm_ctx cm_ctx;

/* New context with no error and no log callback (diagnostics are then dropped).
 * Returns NULL on allocation failure. Not thread-safe: one per thread. */
cm_ctx *cm_ctx_new(void);
void cm_ctx_free(cm_ctx *ctx); /* NULL is a no-op */

void cm_ctx_set_log(cm_ctx *ctx, cm_log_fn fn, void *ud);

/* Records an error (the first one wins; later ones go to the log at DEBUG) and
 * returns st, so that `return cm_fail(ctx, CM_IO, "open %s", path);` reads well.
 * The message should name the file and the line or byte offset for data errors. */
cm_status cm_fail_at(cm_ctx *ctx, cm_status st, const char *func, int line,
                     const char *fmt, ...) CM_PRINTF(5, 6);
#define cm_fail(ctx, st, ...) cm_fail_at((ctx), (st), __func__, __LINE__, __VA_ARGS__)

/* The recorded status (CM_OK when none) and message ("" when none). The message
 * is borrowed until the next cm_ctx_clear or cm_ctx_free. */
cm_status cm_ctx_status(const cm_ctx *ctx);
const char *cm_ctx_message(const cm_ctx *ctx);
const char *cm_ctx_where(const cm_ctx *ctx); /* "func:line" of the first failure */
void cm_ctx_clear(cm_ctx *ctx);

/* Diagnostics: bad data that is not an error (an unresolved name, an undated
 * claim). Counted, and handed to the log callback at WARN. */
void cm_diag(cm_ctx *ctx, const char *fmt, ...) CM_PRINTF(2, 3);
size_t cm_ctx_diag_count(const cm_ctx *ctx);

/* Log at any level through the callback (no-op without one). */
void cm_log(cm_ctx *ctx, cm_log_level level, const char *fmt, ...) CM_PRINTF(3, 4);

/* "io", "parse", ... for messages and tests. */
const char *cm_status_name(cm_status st);

#endif
